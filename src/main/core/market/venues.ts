// "Same pair, every venue": one base/quote on each exchange that lists it, with each venue's top of
// book measured against the best. One comparison at a time; while it is open, every venue's market
// is followed (tickers) and focused on the venue's adapter (its book), the market view's own
// exchange excepted, where the market view's focus wins.
import Big from 'big.js';
import type { VenueComparison, VenueQuote } from '../../../shared/contract';
import type { CandleInterval, ExchangeId, MarketId, MarketInfo, MarketRef, Ticker } from '../../../shared/model';
import { EXCHANGES, marketId, parseMarketId } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import type { BookUpdate, ExchangeAdapter, Focus } from '../exchange-adapter';
import type { Logger } from '../log';
import { compareDecimal } from './decimal';
import { OrderBook } from './order-book';

/**
 * Other spellings of one asset across venues (Kraken-style XBT is BTC). USD and USDT are different
 * assets (USDT trades around, not at, one dollar), so they are never merged, nor USDC with either.
 */
export const ASSET_ALIASES: Readonly<Record<string, string>> = { XBT: 'BTC' };

export function normalAsset(asset: string): string {
  const a = asset.trim().toUpperCase();
  return ASSET_ALIASES[a] ?? a;
}

/** Same base and same quote once both are normalised. */
export function samePair(a: { base: string; quote: string }, b: { base: string; quote: string }): boolean {
  return normalAsset(a.base) === normalAsset(b.base) && normalAsset(a.quote) === normalAsset(b.quote);
}

/** The venue market listing this pair in one exchange's catalog, if any (bounded: the first match). */
export function venueIn(catalog: readonly MarketInfo[], pair: { base: string; quote: string }): MarketId | null {
  for (const m of catalog) if (samePair(m, pair) && parseMarketId(m.market)) return m.market;
  return null;
}

/** What one venue has now: its ticker from the board and the top of its book. */
export interface VenueInput {
  market: MarketId;
  ticker: Ticker | null;
  top: { bid: string | null; ask: string | null; at: number } | null;
}

const bp = (value: Big, base: string) => value.div(base).times(10_000).round(2).toFixed(2);

/**
 * The rows: spreads, and each venue's bid and ask against the best bid and best ask of the fresh
 * venues (a stale venue is shown, measured against the best, and never is the best itself).
 */
export function compareVenues(inputs: readonly VenueInput[]): VenueQuote[] {
  let bestBid: string | null = null;
  let bestAsk: string | null = null;
  for (const v of inputs) {
    if (!v.ticker || v.ticker.stale || !v.top) continue;
    if (v.top.bid !== null && (bestBid === null || compareDecimal(v.top.bid, bestBid) > 0)) bestBid = v.top.bid;
    if (v.top.ask !== null && (bestAsk === null || compareDecimal(v.top.ask, bestAsk) < 0)) bestAsk = v.top.ask;
  }
  return inputs.map((v) => {
    const ref = parseMarketId(v.market)!;
    const bid = v.top?.bid ?? null;
    const ask = v.top?.ask ?? null;
    const stale = !v.ticker || v.ticker.stale;
    let spread: string | null = null;
    let spreadBp: string | null = null;
    if (bid !== null && ask !== null) {
      const width = new Big(ask).minus(bid);
      const mid = new Big(ask).plus(bid).div(2);
      spread = width.toFixed();
      spreadBp = mid.eq(0) ? null : bp(width, mid.toFixed());
    }
    const times = [v.ticker?.updatedAt ?? null, v.top?.at ?? null].filter((t): t is number => t !== null && t > 0);
    return {
      market: v.market,
      exchange: ref.exchange,
      last: v.ticker?.last ?? null,
      bid,
      ask,
      spread,
      spreadBp,
      volume24h: v.ticker?.volume24h ?? null,
      bidVsBestBp: bid !== null && bestBid !== null && !new Big(bestBid).eq(0) ? bp(new Big(bid).minus(bestBid), bestBid) : null,
      askVsBestBp: ask !== null && bestAsk !== null && !new Big(bestAsk).eq(0) ? bp(new Big(ask).minus(bestAsk), bestAsk) : null,
      // Ties are all best ("67000.0" and "67000.00" too).
      bestBid: !stale && bid !== null && bestBid !== null && compareDecimal(bid, bestBid) === 0,
      bestAsk: !stale && ask !== null && bestAsk !== null && compareDecimal(ask, bestAsk) === 0,
      asOf: times.length > 0 ? Math.max(...times) : null,
      stale,
    };
  });
}

/** How long a venue's catalog may take to answer before the comparison opens without that venue. */
export const CATALOG_WAIT_MS = 5_000;
/** The candle interval a side focus asks for: the comparison reads only the book. */
const SIDE_INTERVAL: CandleInterval = '1m';
/** The source name under which the compared markets are followed. */
export const FOLLOW_SOURCE = 'venues';

export interface VenueComparisonsDeps {
  adapters: Map<ExchangeId, ExchangeAdapter>;
  clock: Clock;
  log: Logger;
  /** The tickers of the compared markets (the board's). */
  ticker(market: MarketId): Ticker | null;
  /** The market open in the market view, whose adapter focus the comparison leaves alone. */
  focusedMarket(): MarketId | null;
  /** That market's book, which got its snapshot before the comparison may have opened. */
  focusedBook(): OrderBook | null;
  follow(markets: MarketId[]): void;
}

interface Open {
  market: MarketId;
  base: string;
  quote: string;
  /** Venue market per exchange, in exchange order. */
  venues: MarketId[];
  books: Map<MarketId, OrderBook>;
}

/** The one open comparison, its books, and the side focus it holds on the venues' adapters. */
export class VenueComparisons {
  private current: Open | null = null;
  private opening = 0;
  private lastSent = '';

  constructor(private readonly deps: VenueComparisonsDeps) {}

  /**
   * Finds the pair on every venue and starts following it there; replaces any open comparison.
   * Null when a later open or a close came first (that one stands).
   */
  async open(ref: MarketRef): Promise<VenueComparison | null> {
    const ticket = ++this.opening;
    const asked = marketId(ref);
    const found = await Promise.all(
      EXCHANGES.map(async (exchange): Promise<MarketId | null> => {
        if (exchange === ref.exchange) return asked;
        const adapter = this.deps.adapters.get(exchange);
        if (!adapter) return null;
        try {
          return venueIn(await this.catalog(adapter), ref);
        } catch (error) {
          this.deps.log.warn(`${exchange}: market list for the venue comparison failed: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        }
      }),
    );
    if (ticket !== this.opening) return null;
    const venues = found.filter((m): m is MarketId => m !== null);
    const previous = this.current;
    this.current = { market: asked, base: ref.base, quote: ref.quote, venues, books: new Map(venues.map((m) => [m, new OrderBook(m)])) };
    this.lastSent = '';
    this.deps.follow(venues);
    this.refocus(previous);
    const snapshot = this.snapshot()!;
    this.lastSent = JSON.stringify(snapshot.rows);
    return snapshot;
  }

  close(): void {
    this.opening++;
    const previous = this.current;
    this.current = null;
    this.lastSent = '';
    if (!previous) return;
    this.deps.follow([]);
    this.refocus(previous);
  }

  /** The focus this comparison holds on an exchange the market view does not use (null: none). */
  focusFor(exchange: ExchangeId): Focus | null {
    const venue = this.current?.venues.find((m) => parseMarketId(m)!.exchange === exchange);
    if (!venue) return null;
    const focused = this.deps.focusedMarket();
    if (focused && parseMarketId(focused)!.exchange === exchange) return null;
    return { market: parseMarketId(venue)!, interval: SIDE_INTERVAL };
  }

  /** Whether a book update is for a compared market (the engine routes it here too). */
  has(market: MarketId): boolean {
    return this.current?.books.has(market) ?? false;
  }

  applyBook(market: MarketId, update: BookUpdate): boolean {
    const book = this.current?.books.get(market);
    if (!book) return false;
    return book.apply(update, this.deps.clock.now());
  }

  /** The exchange's link dropped: its book must be rebuilt from a snapshot. */
  linkLost(exchange: ExchangeId): void {
    for (const [market, book] of this.current?.books ?? []) if (parseMarketId(market)!.exchange === exchange) book.reset();
  }

  snapshot(): VenueComparison | null {
    const open = this.current;
    if (!open) return null;
    const focused = this.deps.focusedMarket();
    const inputs = open.venues.map((market): VenueInput => {
      const book = open.books.get(market)!;
      const exchange = parseMarketId(market)!.exchange;
      // The market view holds this exchange's one focus on another market: no book flows for ours.
      if (focused && focused !== market && parseMarketId(focused)!.exchange === exchange && book.synced) book.reset();
      // The market view's own book of this very market is the one the engine keeps for it (its
      // updates are not applied twice); a market the view left waits for its side focus's snapshot.
      if (focused === market && book.synced) book.reset();
      const source = focused === market ? (this.deps.focusedBook() ?? book) : book;
      const top = source.synced ? { bid: source.bids[0]?.[0] ?? null, ask: source.asks[0]?.[0] ?? null, at: source.updatedAt } : null;
      return { market, ticker: this.deps.ticker(market), top };
    });
    return { market: open.market, base: open.base, quote: open.quote, rows: compareVenues(inputs), at: this.deps.clock.now() };
  }

  /** The comparison when any row changed since the last one sent (run once per frame). */
  takeFrame(): VenueComparison | null {
    const snapshot = this.snapshot();
    if (!snapshot) return null;
    const key = JSON.stringify(snapshot.rows);
    if (key === this.lastSent) return null;
    this.lastSent = key;
    return snapshot;
  }

  private catalog(adapter: ExchangeAdapter): Promise<MarketInfo[]> {
    let timer: TimerHandle | null = null;
    const late = new Promise<never>((_, reject) => {
      timer = this.deps.clock.setTimeout(() => reject(new Error(`no answer within ${CATALOG_WAIT_MS / 1000} s`)), CATALOG_WAIT_MS);
    });
    return Promise.race([adapter.markets(), late]).finally(() => this.deps.clock.clearTimeout(timer));
  }

  /** Moves the side focus of every adapter the old or new comparison touches. */
  private refocus(previous: Open | null): void {
    const touched = new Set<ExchangeId>();
    for (const m of [...(previous?.venues ?? []), ...(this.current?.venues ?? [])]) touched.add(parseMarketId(m)!.exchange);
    const focused = this.deps.focusedMarket();
    for (const exchange of touched) {
      if (focused && parseMarketId(focused)!.exchange === exchange) continue; // the market view's
      this.deps.adapters.get(exchange)?.focus(this.focusFor(exchange));
    }
  }
}
