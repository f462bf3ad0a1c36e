import { describe, expect, it } from 'vitest';
import type { MarketId, Ticker } from '../../../../shared/model';
import { nextSort, orderRows } from './row-order';

function ticker(market: MarketId, fields: Partial<Ticker>): Ticker {
  return { market, last: null, open24h: null, high24h: null, low24h: null, volume24h: null, changePct24h: null, updatedAt: null, stale: false, notice: null, ...fields };
}

const A = 'coinking:BTC/USDT';
const B = 'itick:ETH/USDT';
const C = 'cryptomus:SOL/USDT';
const D = 'coinking:ADA/USDT';

describe('watchlist row order', () => {
  const tickers = new Map<MarketId, Ticker>([
    [A, ticker(A, { last: '107152.55', changePct24h: '-1.20', volume24h: '900' })],
    [B, ticker(B, { last: '3999.9', changePct24h: '2.05', volume24h: '12000.5' })],
    [C, ticker(C, { last: '150.001', changePct24h: '-1.20', volume24h: '9' })],
    // D has no price yet
  ]);
  const list = [A, B, C, D] as MarketId[];

  it('sorts by decimal value (not text), unknowns last in both directions, ties in list order', () => {
    expect(orderRows(list, tickers, { column: 'change', direction: 'asc' })).toEqual([A, C, B, D]);
    expect(orderRows(list, tickers, { column: 'change', direction: 'desc' })).toEqual([B, A, C, D]);
    expect(orderRows(list, tickers, { column: 'last', direction: 'asc' })).toEqual([C, B, A, D]);
    expect(orderRows(list, tickers, { column: 'volume', direction: 'desc' })).toEqual([B, A, C, D]);
    expect(orderRows(list, tickers, { column: 'market', direction: 'asc' })).toEqual([D, A, B, C]);
    expect(orderRows(list, tickers, null)).toEqual(list);
  });

  it('cycles a header: ascending, descending, the list order; another column starts ascending', () => {
    const asc = nextSort(null, 'change');
    expect(asc).toEqual({ column: 'change', direction: 'asc' });
    const desc = nextSort(asc, 'change');
    expect(desc).toEqual({ column: 'change', direction: 'desc' });
    expect(nextSort(desc, 'change')).toBeNull();
    expect(nextSort(desc, 'last')).toEqual({ column: 'last', direction: 'asc' });
  });
});
