// One market's order book, kept as two sorted arrays of decimal-string levels (best first).
// Snapshots replace it; deltas update or delete levels; a limit cuts it back after each update.
import type { BookLevel, MarketId, OrderBookView } from '../../../shared/model';
import type { BookUpdate } from '../exchange';
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

function applyLevels(side: BookLevel[], levels: BookLevel[], order: 1 | -1): void {
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
}

function sorted(levels: BookLevel[], order: 1 | -1): BookLevel[] {
  return levels.filter(([, amount]) => !isZeroDecimal(amount)).sort((a, b) => compareDecimal(a[0], b[0]) * order);
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
      this.bids = sorted(update.bids, -1);
      this.asks = sorted(update.asks, 1);
      this.synced = true;
    } else {
      if (!this.synced) return false;
      applyLevels(this.bids, update.bids, -1);
      applyLevels(this.asks, update.asks, 1);
    }
    if (update.limit !== undefined) {
      if (this.bids.length > update.limit) this.bids.length = update.limit;
      if (this.asks.length > update.limit) this.asks.length = update.limit;
    }
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
