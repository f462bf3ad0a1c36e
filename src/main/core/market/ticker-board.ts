// The live tickers of every watched market, and which of them changed since the last frame.
// Updates are cheap (a field write and a set insert); the UI sees them once per frame.
import Big from 'big.js';
import type { ExchangeId, MarketId, Ticker } from '../../../shared/model';
import { parseMarketId } from '../../../shared/model';

export type TickerPatch = Partial<Pick<Ticker, 'last' | 'open24h' | 'high24h' | 'low24h' | 'volume24h' | 'notice'>>;

export interface TickerBoardOptions {
  /** How long a market may stay silent before it is shown as stale, per exchange. */
  staleAfterMs: Record<ExchangeId, number>;
}

function emptyTicker(market: MarketId): Ticker {
  return {
    market,
    last: null,
    open24h: null,
    high24h: null,
    low24h: null,
    volume24h: null,
    changePct24h: null,
    updatedAt: null,
    stale: true,
    notice: null,
  };
}

/** (last - open) / open, as a percentage with two decimals; null while either is unknown or open is 0. */
export function changePercent(last: string | null, open: string | null): string | null {
  if (last === null || open === null) return null;
  const o = new Big(open);
  if (o.eq(0)) return null;
  return new Big(last).minus(o).div(o).times(100).toFixed(2);
}

export class TickerBoard {
  private readonly tickers = new Map<MarketId, Ticker>();
  private readonly exchangeOf = new Map<MarketId, ExchangeId>();
  private readonly linkUp = new Map<ExchangeId, boolean>();
  private readonly changed = new Set<MarketId>();

  constructor(private readonly options: TickerBoardOptions) {}

  /** Makes the board follow exactly these markets. */
  follow(markets: Iterable<MarketId>): void {
    const wanted = new Set(markets);
    for (const id of this.tickers.keys()) {
      if (!wanted.has(id)) {
        this.tickers.delete(id);
        this.exchangeOf.delete(id);
        this.changed.delete(id);
      }
    }
    for (const id of wanted) {
      if (this.tickers.has(id)) continue;
      const ref = parseMarketId(id);
      if (!ref) continue;
      this.tickers.set(id, emptyTicker(id));
      this.exchangeOf.set(id, ref.exchange);
      this.changed.add(id);
    }
  }

  update(market: MarketId, patch: TickerPatch, now: number): void {
    const t = this.tickers.get(market);
    if (!t) return; // a push for a market nobody watches any more
    if (patch.last === undefined && patch.open24h === undefined && patch.high24h === undefined && patch.notice !== undefined) {
      // A notice alone is news about the market, not fresh prices: it must not make a row look live.
      if (t.notice !== patch.notice) {
        t.notice = patch.notice;
        this.changed.add(market);
      }
      return;
    }
    let moved = false;
    for (const key of Object.keys(patch) as (keyof TickerPatch)[]) {
      const value = patch[key];
      if (value !== undefined && t[key] !== value) {
        t[key] = value;
        moved = true;
      }
    }
    if (moved && (patch.last !== undefined || patch.open24h !== undefined)) {
      t.changePct24h = changePercent(t.last, t.open24h);
    }
    t.updatedAt = now;
    const stale = !this.isLinkUp(market);
    if (moved || t.stale !== stale) {
      t.stale = stale;
      this.changed.add(market);
    }
  }

  /** The exchange's link went up or down: its markets are stale while it is down. */
  setLinkUp(exchange: ExchangeId, up: boolean, now: number): void {
    if (this.linkUp.get(exchange) === up) return;
    this.linkUp.set(exchange, up);
    if (!up) {
      for (const [id, ex] of this.exchangeOf) if (ex === exchange) this.markStale(id, true);
    } else {
      this.sweep(now);
    }
  }

  /** Re-judges staleness from the age of each market's last update. */
  sweep(now: number): void {
    for (const [id, t] of this.tickers) {
      const exchange = this.exchangeOf.get(id)!;
      const fresh =
        this.linkUp.get(exchange) === true && t.updatedAt !== null && now - t.updatedAt <= this.options.staleAfterMs[exchange];
      this.markStale(id, !fresh);
    }
  }

  /** The tickers changed since the last call, as copies the caller may keep. */
  takeChanges(): Ticker[] {
    const out: Ticker[] = [];
    for (const id of this.changed) {
      const t = this.tickers.get(id);
      if (t) out.push({ ...t });
    }
    this.changed.clear();
    return out;
  }

  snapshot(): Ticker[] {
    return [...this.tickers.values()].map((t) => ({ ...t }));
  }

  private isLinkUp(market: MarketId): boolean {
    return this.linkUp.get(this.exchangeOf.get(market)!) === true;
  }

  private markStale(id: MarketId, stale: boolean): void {
    const t = this.tickers.get(id);
    if (!t || t.stale === stale) return;
    t.stale = stale;
    this.changed.add(id);
  }
}
