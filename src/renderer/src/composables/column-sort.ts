// Sorting a table by a clicked header: the one rule for every sortable table (watchlist, orders).
import Big from 'big.js';

export type SortDirection = 'asc' | 'desc';
export interface ColumnSort<C extends string> {
  column: C;
  direction: SortDirection;
}

/** A header click: ascending, then descending, then back to the table's own order (null). */
export function nextSort<C extends string>(current: ColumnSort<C> | null, column: C): ColumnSort<C> | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}

export type SortKey = Big | string | number | null;

/** A decimal string as a sort key; null when there is none (or it is not a number). */
export function decimalKey(value: string | null | undefined): Big | null {
  if (value === null || value === undefined) return null;
  try {
    return new Big(value);
  } catch {
    return null;
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a instanceof Big && b instanceof Big) return a.cmp(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * `items` ordered by `key` in `direction`. Items without a key go last either way; equal keys keep
 * their own order, so rows never swap at random.
 */
export function sortByKey<T>(items: readonly T[], key: (item: T) => SortKey, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = items.map((item, index) => ({ item, index, key: key(item) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
    return sign * compareKeys(a.key, b.key) || a.index - b.index;
  });
  return keyed.map((k) => k.item);
}
