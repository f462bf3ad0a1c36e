import { describe, expect, it } from 'vitest';
import type { BookLevel } from '../../../shared/model';
import { compareDecimal, isZeroDecimal } from './decimal';
import { OrderBook } from './order-book';

describe('decimal ordering', () => {
  it('orders decimal strings exactly, without floats', () => {
    expect(compareDecimal('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimal('0.10', '0.1')).toBe(0);
    expect(compareDecimal('007.5', '7.50')).toBe(0);
    expect(compareDecimal('0.000000000000000001', '0.000000000000000002')).toBeLessThan(0);
    expect(compareDecimal('90071992547409931', '90071992547409930')).toBeGreaterThan(0); // past float precision
    expect(compareDecimal('1.05', '1.1')).toBeLessThan(0);
    // the same-shape fast path: equal length, dot in the same place
    expect(compareDecimal('05.10', '10.00')).toBeLessThan(0);
    expect(compareDecimal('99.99', '10.00')).toBeGreaterThan(0);
    expect(compareDecimal('12345', '12346')).toBeLessThan(0);
    expect(compareDecimal('1.50', '1.5')).toBe(0); // different shapes fall back to the exact path
    expect(isZeroDecimal('0')).toBe(true);
    expect(isZeroDecimal('0.0000')).toBe(true);
    expect(isZeroDecimal('0.0001')).toBe(false);
  });
});

describe('OrderBook', () => {
  it('drops deltas until a snapshot arrives', () => {
    const book = new OrderBook('coinking:BTC/USDT');
    expect(book.apply({ kind: 'delta', bids: [['1', '1']], asks: [] }, 1)).toBe(false);
    expect(book.bids).toEqual([]);
    book.apply({ kind: 'snapshot', bids: [['1', '1']], asks: [['2', '1']] }, 2);
    expect(book.apply({ kind: 'delta', bids: [['1.5', '2']], asks: [] }, 3)).toBe(true);
    expect(book.bids).toEqual([
      ['1.5', '2'],
      ['1', '1'],
    ]);
  });

  it('empties on a reset and waits for a snapshot again', () => {
    const book = new OrderBook('coinking:BTC/USDT');
    book.apply({ kind: 'snapshot', bids: [['1', '1']], asks: [['2', '1']] }, 1);
    expect(book.apply({ kind: 'reset', bids: [], asks: [] }, 2)).toBe(true);
    expect(book.bids).toEqual([]);
    expect(book.apply({ kind: 'delta', bids: [['1', '3']], asks: [] }, 3)).toBe(false);
  });

  it('keeps sides sorted best first, updates, deletes on "0", and cuts to the limit', () => {
    const book = new OrderBook('coinking:BTC/USDT');
    book.apply({ kind: 'snapshot', bids: [['99', '1'], ['100', '2'], ['98', '0']], asks: [['102', '1'], ['101', '3']] }, 1);
    expect(book.bids).toEqual([['100', '2'], ['99', '1']]);
    expect(book.asks).toEqual([['101', '3'], ['102', '1']]);
    book.apply({ kind: 'delta', bids: [['100', '0'], ['99.5', '4'], ['99', '7']], asks: [['100.5', '1']], limit: 2 }, 2);
    expect(book.bids).toEqual([['99.5', '4'], ['99', '7']]);
    expect(book.asks).toEqual([['100.5', '1'], ['101', '3']]);
  });

  it('matches a naive model under 10,000 random deltas', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const book = new OrderBook('coinking:BTC/USDT');
    const model = { bids: new Map<string, string>(), asks: new Map<string, string>() };
    book.apply({ kind: 'snapshot', bids: [], asks: [] }, 0);
    const level = (base: number): BookLevel => [(base + Math.floor(rnd() * 200) / 100).toFixed(2), rnd() < 0.3 ? '0' : (rnd() * 10).toFixed(3)];
    for (let i = 0; i < 10_000; i++) {
      const bids = [level(90), level(90)];
      const asks = [level(100), level(100)];
      book.apply({ kind: 'delta', bids, asks }, i);
      for (const [p, a] of bids) if (a === '0') model.bids.delete(p); else model.bids.set(p, a);
      for (const [p, a] of asks) if (a === '0') model.asks.delete(p); else model.asks.set(p, a);
    }
    const expectSide = (m: Map<string, string>, dir: number) => [...m.entries()].sort((a, b) => (Number(a[0]) - Number(b[0])) * dir);
    expect(book.bids).toEqual(expectSide(model.bids, -1));
    expect(book.asks).toEqual(expectSide(model.asks, 1));
  });
});

describe('padDecimal', () => {
  it('restores trailing zeros without ever rounding', async () => {
    const { padDecimal } = await import('./decimal');
    expect(padDecimal('67250', 2)).toBe('67250.00');
    expect(padDecimal('67250.1', 2)).toBe('67250.10');
    expect(padDecimal('0.123456', 2)).toBe('0.123456');
    expect(padDecimal('5', 0)).toBe('5');
  });
});

describe('trimDecimal', () => {
  it('drops only insignificant zeros', async () => {
    const { trimDecimal } = await import('./decimal');
    expect(trimDecimal('1.1219150000000000')).toBe('1.121915');
    expect(trimDecimal('5.000')).toBe('5');
    expect(trimDecimal('500')).toBe('500');
    expect(trimDecimal('0.0')).toBe('0');
  });
});

describe('OrderBook under hostile sizes', () => {
  const lvl = (p: number, a = '1'): BookLevel => [p.toFixed(2), a];

  it(`keeps at most MAX_BOOK_LEVELS per side of a 200,000-level snapshot, the best ones, whatever their order`, async () => {
    const { MAX_BOOK_LEVELS } = await import('./order-book');
    const book = new OrderBook('cryptomus:BTC/USDT');
    // Worst first: every level would be a new best for a naive bounded insert.
    const bids = Array.from({ length: 100_000 }, (_, i) => lvl(10_000 + i));
    const asks = Array.from({ length: 100_000 }, (_, i) => lvl(300_000 - i));
    book.apply({ kind: 'snapshot', bids, asks }, 1);
    expect(book.bids).toHaveLength(MAX_BOOK_LEVELS);
    expect(book.asks).toHaveLength(MAX_BOOK_LEVELS);
    expect(book.bids[0]![0]).toBe('109999.00');
    expect(book.bids.at(-1)![0]).toBe((109_999 - MAX_BOOK_LEVELS + 1).toFixed(2));
    expect(book.asks[0]![0]).toBe('200001.00');
  });

  it('stays bounded under 2,000 deltas of 500 new levels each', async () => {
    const { MAX_BOOK_LEVELS } = await import('./order-book');
    const book = new OrderBook('cryptomus:BTC/USDT');
    book.apply({ kind: 'snapshot', bids: [], asks: [] }, 0);
    for (let d = 0; d < 2000; d++) {
      const bids = Array.from({ length: 250 }, (_, i) => lvl(600_000 - d * 250 - i));
      const asks = Array.from({ length: 250 }, (_, i) => lvl(700_000 + d * 250 + i));
      book.apply({ kind: 'delta', bids, asks }, d);
      expect(book.bids.length).toBeLessThanOrEqual(MAX_BOOK_LEVELS);
      expect(book.asks.length).toBeLessThanOrEqual(MAX_BOOK_LEVELS);
    }
    expect(book.bids[0]![0]).toBe('600000.00');
    expect(book.asks[0]![0]).toBe('700000.00');
  });

  it('merges large deltas exactly as level-by-level application would (naive model, 500 random deltas of 100)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const book = new OrderBook('coinking:BTC/USDT');
    const model = { bids: new Map<string, string>(), asks: new Map<string, string>() };
    book.apply({ kind: 'snapshot', bids: [], asks: [] }, 0);
    const level = (base: number): BookLevel => [(base + Math.floor(rnd() * 300) / 100).toFixed(2), rnd() < 0.3 ? '0' : (rnd() * 10).toFixed(3)];
    for (let i = 0; i < 500; i++) {
      const bids = Array.from({ length: 100 }, () => level(90));
      const asks = Array.from({ length: 100 }, () => level(100));
      book.apply({ kind: 'delta', bids, asks }, i);
      for (const [p, a] of bids) if (a === '0') model.bids.delete(p); else model.bids.set(p, a);
      for (const [p, a] of asks) if (a === '0') model.asks.delete(p); else model.asks.set(p, a);
    }
    const expectSide = (m: Map<string, string>, dir: number) => [...m.entries()].sort((a, b) => (Number(a[0]) - Number(b[0])) * dir);
    expect(book.bids).toEqual(expectSide(model.bids, -1));
    expect(book.asks).toEqual(expectSide(model.asks, 1));
  });
});
