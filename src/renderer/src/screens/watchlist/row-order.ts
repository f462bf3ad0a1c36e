// The order a watchlist's rows are shown in: the list's own order, or sorted by one column.
import type { MarketId, Ticker } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';
import type { WatchlistSort, WatchlistSortColumn } from '../../../../shared/settings';
import { decimalKey, sortByKey, type SortKey } from '../../composables/column-sort';

export { nextSort } from '../../composables/column-sort';

/** Columns whose value moves with every price, so a sort by them is redone as prices move. */
export const LIVE_COLUMNS: ReadonlySet<WatchlistSortColumn> = new Set(['last', 'change', 'high', 'low', 'volume', 'updated']);

function keyOf(id: MarketId, ticker: Ticker | undefined, column: WatchlistSortColumn): SortKey {
  if (column === 'market') {
    const ref = parseMarketId(id);
    return ref ? `${ref.base}/${ref.quote} ${ref.exchange}` : id;
  }
  if (column === 'updated') return ticker?.updatedAt ?? null;
  return decimalKey({ last: ticker?.last, change: ticker?.changePct24h, high: ticker?.high24h, low: ticker?.low24h, volume: ticker?.volume24h }[column]);
}

/**
 * The markets in the order to show them. Markets without a value for the column (no price yet)
 * go last in either direction; equal values keep the list's own order.
 */
export function orderRows(markets: readonly MarketId[], tickers: ReadonlyMap<MarketId, Ticker>, sort: WatchlistSort | null): MarketId[] {
  if (!sort) return [...markets];
  return sortByKey(markets, (id) => keyOf(id, tickers.get(id), sort.column), sort.direction);
}
