// The simulator's order book and what each depth subscriber was last sent. Diffs follow the ViaBTC
// server: changed levels, "0" for a level that left the book, and NOTHING for a level merely pushed
// below the subscriber's limit (the client must cut its book back to the limit itself).
import type { BookLevel } from '../../../../shared/model';

interface Row {
  price: string;
  p: number;
  amount: string;
}

type SideName = 'bids' | 'asks';

const LEVELS_PER_SIDE = 150;

export class SimDepthBook {
  /** Highest first. */
  private readonly bids: Row[] = [];
  /** Lowest first. */
  private readonly asks: Row[] = [];

  constructor(
    private readonly pricePrecision: number,
    private readonly random: () => number,
    /** A typical level's size in base units (the market's volume decides it: BTC and DOGE differ). */
    private readonly levelSize = 5,
  ) {}

  private side(name: SideName): Row[] {
    return name === 'bids' ? this.bids : this.asks;
  }

  /** Index of price `p` in a side, or -(insertion point) - 1. */
  private find(name: SideName, p: number): number {
    const rows = this.side(name);
    const order = name === 'bids' ? -1 : 1;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = (rows[mid]!.p - p) * order;
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  /** Sets a level; null deletes it. */
  set(name: SideName, price: string, amount: string | null): void {
    const p = Number(price);
    const i = this.find(name, p);
    const rows = this.side(name);
    if (amount === null) {
      if (i >= 0) rows.splice(i, 1);
    } else if (i >= 0) {
      rows[i] = { price, p, amount };
    } else {
      rows.splice(-i - 1, 0, { price, p, amount });
    }
  }

  has(name: SideName, price: string): boolean {
    return this.find(name, Number(price)) >= 0;
  }

  top(name: SideName, limit: number): BookLevel[] {
    return this.side(name)
      .slice(0, limit)
      .map((r) => [r.price, r.amount]);
  }

  private levelPrice(name: SideName, last: number, k: number): string | null {
    const tick = 10 ** -this.pricePrecision;
    const step = Math.max(1, Math.round((last * 0.0001) / tick));
    const ticks = Math.round(last / tick) + (name === 'bids' ? -k * step : k * step);
    return ticks > 0 ? (ticks * tick).toFixed(this.pricePrecision) : null;
  }

  private randomAmount(): string {
    return (0.0001 + this.random() ** 1.5 * 2.5 * this.levelSize).toFixed(4);
  }

  /** Fills both sides around `last`. */
  seed(last: number): void {
    for (const name of ['bids', 'asks'] as const) {
      for (let k = 1; k <= LEVELS_PER_SIDE; k++) {
        const price = this.levelPrice(name, last, k);
        if (price && this.random() < 0.8) this.set(name, price, this.randomAmount());
      }
    }
  }

  /** One random change near the top: a new level, a new amount, or a level taken away. */
  churn(last: number): void {
    const name: SideName = this.random() < 0.5 ? 'bids' : 'asks';
    const k = 1 + Math.floor(this.random() ** 2 * LEVELS_PER_SIDE);
    const price = this.levelPrice(name, last, k);
    if (!price) return;
    if (this.has(name, price) && this.random() < 0.35) this.set(name, price, null);
    else this.set(name, price, this.randomAmount());
  }

  /** A trade takes `amount` from the best level of the side it hit (a buy lifts the ask). */
  take(name: SideName, amount: number): void {
    const top = this.side(name)[0];
    if (!top) return;
    const left = Number(top.amount) - amount;
    if (left < 0.0001) this.set(name, top.price, null);
    else this.set(name, top.price, left.toFixed(4));
  }

  /** After a trade at `last`: levels it crossed are gone; the sides are topped up again. */
  settle(last: number): void {
    while (this.bids.length && this.bids[0]!.p >= last) this.bids.shift();
    while (this.asks.length && this.asks[0]!.p <= last) this.asks.shift();
    for (const name of ['bids', 'asks'] as const) {
      const rows = this.side(name);
      for (let k = 1; rows.length < LEVELS_PER_SIDE / 2 && k <= LEVELS_PER_SIDE * 2; k++) {
        const price = this.levelPrice(name, last, k);
        if (price && !this.has(name, price)) this.set(name, price, this.randomAmount());
      }
    }
  }
}

/** One depth subscription: its market and limit, and the book it was last sent. */
export class DepthView {
  private sent: Record<SideName, Map<string, string>> = { bids: new Map(), asks: new Map() };

  constructor(
    readonly market: string,
    readonly limit: number,
    readonly interval: string,
  ) {}

  /** The whole book down to the limit (a `clean: true` push or a query). */
  snapshot(book: SimDepthBook): { asks: BookLevel[]; bids: BookLevel[] } {
    const asks = book.top('asks', this.limit);
    const bids = book.top('bids', this.limit);
    this.sent = { bids: new Map(bids), asks: new Map(asks) };
    return { asks, bids };
  }

  /** What changed since the last push; a side that did not change is absent; null if nothing did. */
  diff(book: SimDepthBook): { asks?: BookLevel[]; bids?: BookLevel[] } | null {
    const out: { asks?: BookLevel[]; bids?: BookLevel[] } = {};
    for (const name of ['asks', 'bids'] as const) {
      const now = book.top(name, this.limit);
      const before = this.sent[name];
      const changes: BookLevel[] = [];
      const inView = new Set<string>();
      for (const [price, amount] of now) {
        inView.add(price);
        if (before.get(price) !== amount) changes.push([price, amount]);
      }
      for (const price of before.keys()) {
        // Pushed below the limit but still in the book: not sent, as the real server does.
        if (!inView.has(price) && !book.has(name, price)) changes.push([price, '0']);
      }
      this.sent[name] = new Map(now);
      if (changes.length) out[name] = changes;
    }
    return out.asks || out.bids ? out : null;
  }
}
