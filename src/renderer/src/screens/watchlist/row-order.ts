// The order a watchlist's rows are shown in: the list's own order, or sorted by one column.
import Big from 'big.js';
import type { MarketId, Ticker } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';
import type { WatchlistSort, WatchlistSortColumn } from '../../../../shared/settings';

/** Columns whose value moves with every price, so a sort by them is redone as prices move. */
export const LIVE_COLUMNS: ReadonlySet<WatchlistSortColumn> = new Set(['last', 'change', 'high', 'low', 'volume', 'updated']);

/** A header click: ascending, then descending, then back to the list's own order (null). */
export function nextSort(current: WatchlistSort | null, column: WatchlistSortColumn): WatchlistSort | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}

type Key = Big | string | number | null;

function keyOf(id: MarketId, ticker: Ticker | undefined, column: WatchlistSortColumn): Key {
  if (column === 'market') {
    const ref = parseMarketId(id);
    return ref ? `${ref.base}/${ref.quote} ${ref.exchange}` : id;
  }
  if (column === 'updated') return ticker?.updatedAt ?? null;
  const value = { last: ticker?.last, change: ticker?.changePct24h, high: ticker?.high24h, low: ticker?.low24h, volume: ticker?.volume24h }[column];
  if (value === null || value === undefined) return null;
  try {
    return new Big(value);
  } catch {
    return null; // not a number: sorted with the unknowns
  }
}

function compareKeys(a: Key, b: Key): number {
  if (a instanceof Big && b instanceof Big) return a.cmp(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The markets in the order to show them. Markets without a value for the column (no price yet)
 * go last in either direction; equal values keep the list's own order, so rows never swap at random.
 */
export function orderRows(markets: readonly MarketId[], tickers: ReadonlyMap<MarketId, Ticker>, sort: WatchlistSort | null): MarketId[] {
  if (!sort) return [...markets];
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = markets.map((id, index) => ({ id, index, key: keyOf(id, tickers.get(id), sort.column) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
    return sign * compareKeys(a.key, b.key) || a.index - b.index;
  });
  return keyed.map((k) => k.id);
}
