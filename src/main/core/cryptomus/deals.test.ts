import { describe, expect, it } from 'vitest';
import type { Deal } from '../../../shared/model';
import { DealResolver } from './deals';
import type { Fill, OrderEvent } from './wire';

const T = 1_750_000_000_000;

function fill(over: Partial<Fill> = {}): Fill {
  return {
    transactionId: 'T1',
    dealId: 'D1',
    market: 'cryptomus:BTC/USDT',
    side: null,
    orderId: null,
    price: '60000',
    amount: '0.01',
    value: '600',
    fee: '0.6',
    feeAsset: 'USDT',
    role: 'taker',
    time: T,
    ...over,
  };
}

function order(type: OrderEvent['type'], filled: string, over: Partial<OrderEvent['order']> = {}): OrderEvent {
  return {
    type,
    order: {
      id: 'O1',
      market: 'cryptomus:BTC/USDT',
      side: 'sell',
      type: 'limit',
      price: '60000',
      quantity: '0.03',
      filledQuantity: filled,
      createdAt: T - 5_000,
      updatedAt: T,
      state: null,
      ...over,
    },
  };
}

function setup() {
  const out: Deal[] = [];
  return { out, r: new DealResolver((d) => out.push(...d)) };
}

describe('DealResolver', () => {
  it('takes the side from the order_update that grew the order by the fill, in either order', () => {
    const { out, r } = setup();
    r.order(order('created', '0'));
    r.push(fill()); // the deal first: held
    expect(out).toEqual([]);
    r.order(order('updated', '0.01'));
    expect(out.map((d) => [d.id, d.side, d.orderId])).toEqual([['T1', 'sell', 'O1']]);

    r.order(order('finished', '0.03')); // the order first this time: 0.02 more
    r.push(fill({ transactionId: 'T2', dealId: 'D9', amount: '0.02' }));
    expect(out.map((d) => [d.id, d.side])).toEqual([
      ['T1', 'sell'],
      ['T2', 'sell'],
    ]);
  });

  it('remembers a deal id once its order is known', () => {
    const { out, r } = setup();
    r.order(order('created', '0'));
    r.order(order('updated', '0.01'));
    r.push(fill());
    r.push(fill({ transactionId: 'T2', amount: '0.005' })); // same deal id, no matching update
    expect(out.map((d) => [d.id, d.side])).toEqual([
      ['T1', 'sell'],
      ['T2', 'sell'],
    ]);
  });

  it('never guesses: an unexplained fill waits for the order history, which names it the same', () => {
    const { out, r } = setup();
    r.push(fill({ amount: '0.7', dealId: 'D2', transactionId: 'T7' }));
    r.order(order('updated', '0.01', { id: 'O3' })); // another amount: no match
    expect(out).toEqual([]);
    expect(r.pendingCount).toBe(1);
    r.history([fill({ amount: '0.7', dealId: 'D2', transactionId: 'T7', side: 'buy', orderId: 'O2' })]);
    expect(out.map((d) => [d.id, d.side, d.orderId])).toEqual([['T7', 'buy', 'O2']]);
    expect(r.pendingCount).toBe(0);
  });

  it('resolves a held fill of the same deal from a history order', () => {
    const { out, r } = setup();
    r.push(fill({ transactionId: 'T8', dealId: 'D5' }));
    r.history([fill({ transactionId: 'T9', dealId: 'D5', side: 'buy', orderId: 'O5' })]);
    expect(out.map((d) => [d.id, d.side, d.orderId]).sort()).toEqual([
      ['T8', 'buy', 'O5'],
      ['T9', 'buy', 'O5'],
    ]);
  });

  it('does not match a fill to an update of another market or a distant time', () => {
    const { out, r } = setup();
    r.order(order('updated', '0.01', { market: 'cryptomus:ETH/USDT' }));
    r.order(order('updated', '0.01', { id: 'O4', updatedAt: T - 60_000 }));
    r.push(fill());
    expect(out).toEqual([]);
  });
});
