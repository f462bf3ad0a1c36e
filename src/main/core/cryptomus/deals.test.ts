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
      filledValue: String(Number(filled) * Number(over.price ?? '60000')),
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
  it('matches after the I/O turn: twin fills on opposite sides, delivered half-and-half, are held, not crossed', async () => {
    const out: Deal[] = [];
    const r = new DealResolver((d) => out.push(...d), true);
    const buy = (filled: string) => order('updated', filled, { id: 'OB', side: 'buy', quantity: '0.01' });
    const sell = (filled: string) => order('updated', filled, { id: 'OS', side: 'sell', quantity: '0.01' });
    r.order(buy('0'));
    r.order(sell('0'));
    // One burst in the worst order: the buy's fill beside the sell's step alone would pair wrongly.
    r.push(fill({ transactionId: 'TB', dealId: 'DB' }));
    r.order(sell('0.01'));
    r.push(fill({ transactionId: 'TS', dealId: 'DS' }));
    r.order(buy('0.01'));
    expect(out).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual([]); // two fills, two steps, all alike: only the history can tell
    expect(r.pendingCount).toBe(2);
    r.history([fill({ transactionId: 'TB', dealId: 'DB', side: 'buy', orderId: 'OB' }), fill({ transactionId: 'TS', dealId: 'DS', side: 'sell', orderId: 'OS' })]);
    expect(out.map((d) => [d.id, d.side])).toEqual([
      ['TB', 'buy'],
      ['TS', 'sell'],
    ]);
  });

  it('takes the side from the order_update that grew the order by the fill, in either order', () => {
    const { out, r } = setup();
    r.order(order('created', '0'));
    r.push(fill()); // the deal first: held
    expect(out).toEqual([]);
    r.order(order('updated', '0.01'));
    expect(out.map((d) => [d.id, d.side, d.orderId])).toEqual([['T1', 'sell', 'O1']]);

    r.order(order('finished', '0.03')); // the order first this time: 0.02 more
    r.push(fill({ transactionId: 'T2', dealId: 'D9', amount: '0.02', value: '1200' }));
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

  it('does not match a fill to an update of another market, or of the same quantity at another value', () => {
    const { out, r } = setup();
    r.order(order('updated', '0.01', { market: 'cryptomus:ETH/USDT' }));
    r.order(order('updated', '0.01', { id: 'O4', price: '59000' })); // 0.01 more, but 590 of value, not 600
    r.push(fill());
    expect(out).toEqual([]);
    expect(r.pendingCount).toBe(1);
  });

  it('tells same-size fills of opposite orders apart by their value', () => {
    const { out, r } = setup();
    r.push(fill({ transactionId: 'TA', dealId: 'DA', price: '60000', value: '600' }));
    r.push(fill({ transactionId: 'TB', dealId: 'DB', price: '60100', value: '601' }));
    r.order(order('updated', '0.01', { id: 'OB', side: 'sell', price: '60100' }));
    r.order(order('updated', '0.01', { id: 'OA', side: 'buy', price: '60000' }));
    expect(out.map((d) => [d.id, d.side, d.orderId]).sort()).toEqual([
      ['TA', 'buy', 'OA'],
      ['TB', 'sell', 'OB'],
    ]);
  });

  it('never pairs two same-size same-value fills of opposite orders: both wait for the history', () => {
    const { out, r } = setup();
    r.push(fill({ transactionId: 'TA', dealId: 'DA' }));
    r.push(fill({ transactionId: 'TB', dealId: 'DB' }));
    r.order(order('updated', '0.01', { id: 'OB', side: 'sell' }));
    r.order(order('updated', '0.01', { id: 'OA', side: 'buy' }));
    expect(out).toEqual([]);
    expect(r.pendingCount).toBe(2);
    r.history([
      fill({ transactionId: 'TA', dealId: 'DA', side: 'buy', orderId: 'OA' }),
      fill({ transactionId: 'TB', dealId: 'DB', side: 'sell', orderId: 'OB' }),
    ]);
    expect(out.map((d) => [d.id, d.side, d.orderId]).sort()).toEqual([
      ['TA', 'buy', 'OA'],
      ['TB', 'sell', 'OB'],
    ]);
    expect(r.pendingCount).toBe(0);
  });
});
