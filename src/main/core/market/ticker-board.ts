// The live tickers of every watched market, and which of them changed since the last frame.
// Updates are cheap (a field write and a set insert); the UI sees them once per frame.
import type { ExchangeId, MarketId, Ticker } from '../../../shared/model';
import { parseMarketId } from '../../../shared/model';
import { changePercent } from './decimal';

export type TickerPatch = Partial<Pick<Ticker, 'last' | 'open24h' | 'high24h' | 'low24h' | 'volume24h' | 'notice'>>;

export interface TickerBoardOptions {
  /**
   * How long a market may stay silent before it is shown as stale, per exchange; null for an
   * exchange that pushes only on change (ViaBTC's CoinKing): there a quiet market on a live link is
   * not stale, and only the link (its heartbeats, judged by the connection) can make it so.
   */
  staleAfterMs: Record<ExchangeId, number | null>;
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
    // Hot path (every price message): plain field checks; the 24 h change, which needs decimal
    // division, is worked out once per frame in takeChanges, not per message.
    let moved = false;
    if (patch.last !== undefined && patch.last !== t.last) {
      t.last = patch.last;
      moved = true;
    }
    if (patch.open24h !== undefined && patch.open24h !== t.open24h) {
      t.open24h = patch.open24h;
      moved = true;
    }
    if (patch.high24h !== undefined && patch.high24h !== t.high24h) {
      t.high24h = patch.high24h;
      moved = true;
    }
    if (patch.low24h !== undefined && patch.low24h !== t.low24h) {
      t.low24h = patch.low24h;
      moved = true;
    }
    if (patch.volume24h !== undefined && patch.volume24h !== t.volume24h) {
      t.volume24h = patch.volume24h;
      moved = true;
    }
    if (patch.notice !== undefined && patch.notice !== t.notice) {
      t.notice = patch.notice;
      moved = true;
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

  /**
   * Re-judges staleness: the one place a market's freshness is decided. A market is fresh while its
   * exchange's link is live (the connection's verdict from heartbeats and traffic) and it has had
   * data, and, where the exchange streams at a rhythm, its last update is recent enough.
   */
  sweep(now: number): void {
    for (const [id, t] of this.tickers) {
      const exchange = this.exchangeOf.get(id)!;
      const limit = this.options.staleAfterMs[exchange];
      const fresh = this.linkUp.get(exchange) === true && t.updatedAt !== null && (limit === null || now - t.updatedAt <= limit);
      this.markStale(id, !fresh);
    }
  }

  /** The tickers changed since the last call, as copies the caller may keep. */
  takeChanges(): Ticker[] {
    const out: Ticker[] = [];
    for (const id of this.changed) {
      const t = this.tickers.get(id);
      if (!t) continue;
      t.changePct24h = changePercent(t.last, t.open24h);
      out.push({ ...t });
    }
    this.changed.clear();
    return out;
  }

  /** The ticker of one followed market (a copy), or null when the board does not follow it. */
  get(market: MarketId): Ticker | null {
    const t = this.tickers.get(market);
    return t ? { ...t, changePct24h: changePercent(t.last, t.open24h) } : null;
  }

  snapshot(): Ticker[] {
    return [...this.tickers.values()].map((t) => ({ ...t, changePct24h: changePercent(t.last, t.open24h) }));
  }

  /** One followed market's ticker as it stands (null when not followed). */
  ticker(market: MarketId): Ticker | null {
    const t = this.tickers.get(market);
    return t ? { ...t } : null;
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
