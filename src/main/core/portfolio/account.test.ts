import { describe, expect, it } from 'vitest';
import type { Balance, Order } from '../../../shared/model';
import { Account } from './account';

const bal = (asset: string, available: string, locked: string): Balance => ({ exchange: 'cryptomus', asset, available, locked });
const order = (id: string, filled: string, market: Order['market'] = 'cryptomus:BTC/USDT'): Order => ({
  exchange: 'cryptomus',
  id,
  market,
  side: 'buy',
  type: 'limit',
  price: '100',
  amount: '1',
  filled,
  status: 'open',
  createdAt: 1,
  updatedAt: 1,
});

describe('Account reconciliation', () => {
  it('counts no correction when the exchange agrees (at the precision it reports)', () => {
    const a = new Account();
    a.setBalances('cryptomus', [bal('USDT', '100.5', '0.123456789')], true);
    a.setOrders('cryptomus', [order('o1', '0.5')], true);
    expect(a.reconcile('cryptomus', { balances: [bal('USDT', '100.50000000', '0.12345679')], orders: [order('o1', '0.5000')] }, 1000)).toEqual([]);
    expect(a.snapshot().reconciliation).toEqual([{ exchange: 'cryptomus', account: 'main', at: 1000, corrections: 0 }]);
  });

  it('counts, describes and adopts every difference', () => {
    const a = new Account();
    a.setBalances('cryptomus', [bal('ETH', '2.7', '1.5'), bal('SOL', '1', '0')], true);
    a.setOrders('cryptomus', [order('gone', '0'), order('o2', '0.1')], true);
    const found = a.reconcile('cryptomus', { balances: [bal('ETH', '2.7', '0')], orders: [order('o2', '0.3'), order('new', '0')] }, 2000);
    expect(found).toHaveLength(5); // ETH held, SOL gone, o2 filled, "new" missing, "gone" still listed
    expect(found.join('\n')).toMatch(/balance ETH: live 2\.7\/1\.5 held, exchange 2\.7\/0 held/);
    const s = a.snapshot();
    expect(s.balances).toEqual([{ ...bal('ETH', '2.7', '0'), account: 'main' }]);
    expect(s.orders.map((o) => [o.id, o.filled]).sort()).toEqual([
      ['new', '0'],
      ['o2', '0.3'],
    ]);
    expect(s.reconciliation).toEqual([{ exchange: 'cryptomus', account: 'main', at: 2000, corrections: 5 }]);
    a.checked('cryptomus', null, 2); // stored deals the history corrected
    expect(a.snapshot().reconciliation[0]!.corrections).toBe(7);
  });

  it('a scoped check leaves the orders of other markets alone', () => {
    const a = new Account();
    a.setOrders('cryptomus', [order('btc', '0'), order('eth', '0', 'cryptomus:ETH/USDT')], true);
    expect(a.reconcile('cryptomus', { balances: null, orders: [], orderMarkets: ['cryptomus:ETH/USDT'] }, 3000)).toHaveLength(1);
    expect(a.snapshot().orders.map((o) => o.id)).toEqual(['btc']);
  });
});

describe('Account with several accounts per exchange', () => {
  it('keeps each account apart: a snapshot of one never touches the other, and each record carries its label', () => {
    const a = new Account();
    a.setBalances('cryptomus', [bal('USDT', '100', '0')], true);
    a.setBalances('cryptomus', [bal('USDT', '20', '1')], true, 'sub');
    a.setBalances('cryptomus', [bal('BTC', '1', '0')], true); // replaces the main account's only
    a.setOrders('cryptomus', [order('o1', '0')], true, 'sub');
    a.setOrders('cryptomus', [], true);
    const s = a.snapshot();
    expect(s.balances.map((b) => [b.account, b.asset, b.available])).toEqual([
      ['main', 'BTC', '1'],
      ['sub', 'USDT', '20'],
    ]);
    expect(s.orders.map((o) => [o.account, o.id])).toEqual([['sub', 'o1']]);
    // Reconciling the sub-account compares and counts against its own live state only.
    expect(a.reconcile('cryptomus', { balances: [bal('USDT', '20', '1')], orders: null }, 5, 'sub')).toEqual([]);
    expect(a.snapshot().reconciliation).toEqual([{ exchange: 'cryptomus', account: 'sub', at: 5, corrections: 0 }]);
    a.forget('cryptomus', 'sub');
    expect(a.snapshot().balances.map((b) => b.account)).toEqual(['main']);
    expect(a.snapshot().orders).toEqual([]);
    expect(a.snapshot().reconciliation).toEqual([]);
  });
});
