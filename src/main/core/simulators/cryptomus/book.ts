// A simulated order book at one depth scale: levels on the scale's grid around the last price.
// Each refresh moves it a little and returns what changed, with "0" for levels that went away,
// exactly the partial `depth_update` the real server sends after its full reload.
import Big from 'big.js';
import type { BookLevel } from '../../../../shared/model';

const LEVELS = 15;

export class SimBook {
  private bids = new Map<string, string>();
  private asks = new Map<string, string>();

  constructor(
    private readonly scale: Big,
    private readonly digits: number,
    private readonly random: () => number,
    /** A typical level's size in base units (the market's volume decides it). */
    private readonly levelSize = 1.5,
  ) {}

  get empty(): boolean {
    return this.bids.size === 0 && this.asks.size === 0;
  }

  /** Full book, best first. */
  snapshot(): { bids: BookLevel[]; asks: BookLevel[] } {
    const order = (m: Map<string, string>, dir: 1 | -1) =>
      [...m.entries()].sort((a, b) => new Big(a[0]).cmp(b[0]) * dir) as BookLevel[];
    return { bids: order(this.bids, -1), asks: order(this.asks, 1) };
  }

  /** Re-centres on `last`; returns the changed levels (amount "0" for removed ones). */
  refresh(last: string): { bids: BookLevel[]; asks: BookLevel[] } {
    const price = new Big(last);
    const below = price.div(this.scale).round(0, Big.roundDown).times(this.scale);
    const firstBid = below.eq(price) ? below.minus(this.scale) : below;
    const firstAsk = firstBid.plus(this.scale).lte(price) ? firstBid.plus(this.scale.times(2)) : firstBid.plus(this.scale);
    const bidPrices: string[] = [];
    const askPrices: string[] = [];
    for (let k = 0; k < LEVELS; k++) {
      const b = firstBid.minus(this.scale.times(k));
      if (b.gt(0)) bidPrices.push(b.toFixed(this.digits));
      askPrices.push(firstAsk.plus(this.scale.times(k)).toFixed(this.digits));
    }
    return { bids: this.update(this.bids, bidPrices), asks: this.update(this.asks, askPrices) };
  }

  private update(side: Map<string, string>, prices: string[]): BookLevel[] {
    const changes: BookLevel[] = [];
    const keep = new Set(prices);
    for (const p of [...side.keys()]) {
      if (!keep.has(p)) {
        side.delete(p);
        changes.push([p, '0']);
      }
    }
    for (const p of prices) {
      const had = side.get(p);
      if (had !== undefined && this.random() < 0.75) continue; // most levels stay as they are
      const amount = (0.000001 + this.random() ** 1.5 * 2.5 * this.levelSize).toFixed(6);
      side.set(p, amount);
      changes.push([p, amount]);
    }
    return changes;
  }
}
