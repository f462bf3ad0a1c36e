// One market's order book, kept as two sorted arrays of decimal-string levels (best first).
// Snapshots replace it; deltas update or delete levels; a limit (and MAX_BOOK_LEVELS, whatever the
// feed sends) cuts it back after each update.
import type { BookLevel, MarketId, OrderBookView } from '../../../shared/model';
import type { BookUpdate } from '../exchange-adapter';
import { compareDecimal, isZeroDecimal } from './decimal';

/** Index of `price` in `side`, or -(insertion point) - 1, for a side sorted by `order`. */
function search(side: BookLevel[], price: string, order: 1 | -1): number {
  // The searched price's shape is fixed: work it out once, not in every comparison.
  const length = price.length;
  const dot = price.indexOf('.');
  let lo = 0;
  let hi = side.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = side[mid]![0];
    let c: number;
    if (p === price) return mid;
    if (p.length === length && p.indexOf('.') === dot) c = p < price ? -1 : 1;
    else c = compareDecimal(p, price);
    c *= order;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/**
 * Levels kept per side. The UI shows 50; a hostile or buggy feed can send 200,000 in one frame, and
 * every level beyond this would cost memory and time on every later update. Deeper levels are dropped.
 */
export const MAX_BOOK_LEVELS = 1000;

/** Deltas with more levels than this are merged in one pass instead of spliced in one by one. */
const MERGE_FROM = 32;

function applyLevels(side: BookLevel[], levels: BookLevel[], order: 1 | -1): BookLevel[] {
  if (levels.length > MERGE_FROM) return mergeLevels(side, levels, order);
  // Hot path (every depth update): plain indexed loops, no iterator or destructuring.
  for (let k = 0; k < levels.length; k++) {
    const level = levels[k]!;
    const price = level[0];
    const i = search(side, price, order);
    if (isZeroDecimal(level[1])) {
      if (i >= 0) side.splice(i, 1);
    } else if (i >= 0) {
      side[i] = level;
    } else {
      side.splice(-i - 1, 0, level);
    }
  }
  return side;
}

/**
 * A large delta: sorted once (the last level for a price wins, as applied in order), then merged with
 * the side in one pass, O(n + m log m) instead of m splices of O(n) each.
 */
function mergeLevels(side: BookLevel[], levels: BookLevel[], order: 1 | -1): BookLevel[] {
  const byPrice = new Map<string, BookLevel>();
  for (let k = 0; k < levels.length; k++) byPrice.set(levels[k]![0], levels[k]!);
  const delta = [...byPrice.values()].sort((a, b) => compareDecimal(a[0], b[0]) * order);
  const out: BookLevel[] = [];
  let i = 0;
  let j = 0;
  while (i < side.length || j < delta.length) {
    if (j >= delta.length) out.push(side[i++]!);
    else if (i >= side.length) {
      const d = delta[j++]!;
      if (!isZeroDecimal(d[1])) out.push(d);
    } else {
      const c = compareDecimal(side[i]![0], delta[j]![0]) * order;
      if (c < 0) out.push(side[i++]!);
      else {
        const d = delta[j++]!;
        if (c === 0) i++; // replaced or deleted
        if (!isZeroDecimal(d[1])) out.push(d);
      }
    }
  }
  return out;
}

/**
 * The best `cap` non-zero levels of a snapshot, best first: a selection in O(n) on average
 * (quickselect), whatever order the frame lists them in, then a sort of only what is kept.
 */
function bestLevels(levels: BookLevel[], order: 1 | -1, cap: number): BookLevel[] {
  const cmp = (a: BookLevel, b: BookLevel) => compareDecimal(a[0], b[0]) * order;
  const live: BookLevel[] = [];
  for (let k = 0; k < levels.length; k++) if (!isZeroDecimal(levels[k]![1])) live.push(levels[k]!);
  if (live.length > cap) {
    select(live, cap, cmp);
    live.length = cap;
  }
  return dedupe(live.sort(cmp));
}

/** Reorders `a` so that its first `k` entries are the k smallest by `cmp` (in no order). */
function select(a: BookLevel[], k: number, cmp: (x: BookLevel, y: BookLevel) => number): void {
  let lo = 0;
  let hi = a.length - 1;
  let seed = 0x2545f491;
  while (lo < hi) {
    seed = (seed * 1103515245 + 12345) >>> 0; // a pseudo-random pivot: no input order is the worst case
    const pivot = a[lo + (seed % (hi - lo + 1))]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (cmp(a[i]!, pivot) < 0) i++;
      while (cmp(a[j]!, pivot) > 0) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

/** One level per price (a frame that repeats a price keeps its first). */
function dedupe(sorted: BookLevel[]): BookLevel[] {
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (w > 0 && compareDecimal(sorted[w - 1]![0], sorted[r]![0]) === 0) continue;
    sorted[w++] = sorted[r]!;
  }
  sorted.length = w;
  return sorted;
}

export class OrderBook {
  /** Highest price first. */
  bids: BookLevel[] = [];
  /** Lowest price first. */
  asks: BookLevel[] = [];
  /** False until a snapshot arrives: deltas before it are dropped, never applied to nothing. */
  synced = false;
  updatedAt = 0;

  constructor(readonly market: MarketId) {}

  /** Applies one update; returns false when a delta had to be dropped for want of a snapshot. */
  apply(update: BookUpdate, now: number): boolean {
    if (update.kind === 'reset') {
      this.reset();
      this.updatedAt = now;
      return true;
    }
    if (update.kind === 'snapshot') {
      this.bids = bestLevels(update.bids, -1, MAX_BOOK_LEVELS);
      this.asks = bestLevels(update.asks, 1, MAX_BOOK_LEVELS);
      this.synced = true;
    } else {
      if (!this.synced) return false;
      this.bids = applyLevels(this.bids, update.bids, -1);
      this.asks = applyLevels(this.asks, update.asks, 1);
    }
    const limit = Math.min(update.limit ?? MAX_BOOK_LEVELS, MAX_BOOK_LEVELS);
    if (this.bids.length > limit) this.bids.length = limit;
    if (this.asks.length > limit) this.asks.length = limit;
    this.updatedAt = now;
    return true;
  }

  /** Forget the book (after a disconnect): the next update must be a snapshot. */
  reset(): void {
    this.bids = [];
    this.asks = [];
    this.synced = false;
  }

  view(depth = 50): OrderBookView {
    return {
      market: this.market,
      bids: this.bids.slice(0, depth),
      asks: this.asks.slice(0, depth),
      updatedAt: this.updatedAt,
    };
  }
}
