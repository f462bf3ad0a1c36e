// Order book arithmetic for drawing: cumulative depth, spread and mid. Floats are fine here: these
// numbers only place bars and lines; every price and amount shown is the exchange's own string.
import type { BookLevel, OrderBookView } from '../../../../shared/model';

export interface LadderRow {
  price: string;
  amount: string;
  /** Cumulative amount from the best level to this one. */
  total: number;
  /** total / the larger side's total over the rows shown, 0…1. */
  share: number;
}

export interface Ladder {
  asks: LadderRow[];
  bids: LadderRow[];
  spread: number | null;
  /** Spread in basis points of the mid price. */
  spreadBps: number | null;
  mid: number | null;
}

function cumulate(levels: readonly BookLevel[], limit: number): LadderRow[] {
  let total = 0;
  return levels.slice(0, limit).map(([price, amount]) => {
    total += Number(amount);
    return { price, amount, total, share: 0 };
  });
}

/** Best `limit` levels per side, best first. */
export function ladder(book: OrderBookView | null, limit: number): Ladder {
  const asks = cumulate(book?.asks ?? [], limit);
  const bids = cumulate(book?.bids ?? [], limit);
  const max = Math.max(asks[asks.length - 1]?.total ?? 0, bids[bids.length - 1]?.total ?? 0) || 1;
  for (const r of asks) r.share = r.total / max;
  for (const r of bids) r.share = r.total / max;
  const bestAsk = asks[0] ? Number(asks[0].price) : null;
  const bestBid = bids[0] ? Number(bids[0].price) : null;
  const spread = bestAsk !== null && bestBid !== null ? bestAsk - bestBid : null;
  const mid = bestAsk !== null && bestBid !== null ? (bestAsk + bestBid) / 2 : (bestAsk ?? bestBid);
  return { asks, bids, spread, spreadBps: spread !== null && mid ? (spread / mid) * 10_000 : null, mid };
}

/** Points for a depth chart: [price, cumulative amount], bids from far to near, asks near to far. */
export function depthPoints(book: OrderBookView | null): { bids: [number, number][]; asks: [number, number][] } {
  const side = (levels: readonly BookLevel[]) => {
    let total = 0;
    return levels.map(([p, a]): [number, number] => [Number(p), (total += Number(a))]);
  };
  return { bids: side(book?.bids ?? []).reverse(), asks: side(book?.asks ?? []) };
}
