// The live portfolio: balances from the account, prices from the ticker board, P&L from the deal
// history. It follows the markets that price its holdings, pushes `portfolio.changed` at most once a
// second when something moved, and records the total value every minute (and once at start, as soon
// as the holdings are priced) into the value history for the chart. Each point is recorded in the
// chosen quote and in every other portfolio quote (PORTFOLIO_QUOTES), converted at that moment's
// prices: an old point re-expressed with today's price would draw a false history.
import type { ExchangeId, MarketId } from '../../../shared/model';
import type { Ticker } from '../../../shared/model';
import { PNL_METHODS, PORTFOLIO_QUOTES, type PnlMethod, type PortfolioView, type ValuePoint } from '../../../shared/portfolio';
import type { CoreContext } from '../core-context';

/** What the valuation uses of the core, and nothing more. */
export type ValuationContext = Pick<
  CoreContext,
  'log' | 'clock' | 'bus' | 'emit' | 'board' | 'account' | 'deals' | 'statuses' | 'adapters' | 'follow' | 'addFrameSource' | 'onStop'
>;
import type { ValueHistory } from '../store/ports';
import { memoryStores } from '../store/ports';
import { PnlBook } from './pnl';
import { plain, portfolioMarkets, portfolioView, pricingRoute, Pricer } from './valuation';

export interface PortfolioOptions {
  /** Where value points go (the SQLite store in the app; memory by default). */
  values?: ValueHistory;
  /** The quote currency setting at start (settings.quoteCurrency); `settings.changed` updates it. */
  quoteCurrency?: () => string;
  /** The P&L method setting at start (settings.pnlMethod); `settings.changed` updates it. */
  pnlMethod?: () => PnlMethod;
  /** Least time between two `portfolio.changed` pushes (default 1 s). */
  pushIntervalMs?: number;
  /** Time between value points (default 1 min). */
  pointIntervalMs?: number;
  /** The first point waits for every holding to be priced, but no longer than this after start (default 30 s). */
  firstPointGraceMs?: number;
}

export const DEFAULT_QUOTE = 'USDT';
/** The source name under which the portfolio's markets are followed. */
export const FOLLOW_SOURCE = 'portfolio';
/** A market list that failed to load is asked for again after this long. */
const LIST_RETRY_MS = 60_000;
/** How often the first value point is tried until the holdings are there and priced. */
const FIRST_POINT_RETRY_MS = 1000;
const QUOTE = /^[A-Z0-9]{1,20}$/;

/** A chart needs no more points than it has pixels: 90 days of minute points would be 130 000. */
export const MAX_HISTORY_POINTS = 1000;

/** At most `max` points: [from, to) cut into `max` equal slices, each keeping its last point (oldest first). */
export function downsample(points: ValuePoint[], from: number, to: number, max: number): ValuePoint[] {
  if (points.length <= max) return points;
  const width = (to - from) / max;
  const out: ValuePoint[] = [];
  let slice = -1;
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    const s = Math.min(max - 1, Math.floor((p.time - from) / width));
    if (s === slice) out[out.length - 1] = p;
    else {
      out.push(p);
      slice = s;
    }
  }
  return out;
}

export function validQuote(value: unknown): string | null {
  return typeof value === 'string' && QUOTE.test(value) ? value : null;
}

function validMethod(value: unknown): PnlMethod | null {
  return PNL_METHODS.includes(value as PnlMethod) ? (value as PnlMethod) : null;
}

/** The quotes a value point is recorded in besides `quote`. */
function otherQuotes(quote: string): string[] {
  return PORTFOLIO_QUOTES.filter((q) => q !== quote);
}

/**
 * The total `value` (in `quote`) in every other portfolio quote, at the prices of this moment. A quote
 * nothing prices now gets no point (a gap, not a guess).
 */
export function valueInQuotes(value: string, quote: string, tickers: Iterable<Ticker>): { quote: string; value: string }[] {
  const pricer = new Pricer(tickers);
  const out = [{ quote, value }];
  for (const other of otherQuotes(quote)) {
    const rate = pricer.price(quote, other);
    if (rate) out.push({ quote: other, value: plain(rate.times(value), 8) });
  }
  return out;
}

export class PortfolioService {
  private readonly values: ValueHistory;
  private readonly pnl: PnlBook;
  private readonly pushIntervalMs: number;
  private readonly pointIntervalMs: number;
  private readonly graceMs: number;
  private quoteOverride: string | null = null;
  private method: PnlMethod;
  private dirty = true;
  private lastPushed: string | null = null;
  private lastPushAt = -Infinity;
  private startedAt: number | null = null;
  private nextPointCheck = -Infinity;
  private firstPointDone = false;
  private readonly lists = new Map<ExchangeId, ReadonlySet<MarketId>>();
  private readonly listFailedAt = new Map<ExchangeId, number>();
  private readonly listLoading = new Set<ExchangeId>();
  private followed = '';

  constructor(
    private readonly ctx: ValuationContext,
    private readonly options: PortfolioOptions = {},
  ) {
    this.values = options.values ?? memoryStores().values;
    this.method = validMethod(options.pnlMethod?.()) ?? 'average';
    this.pnl = new PnlBook(ctx.deals, this.method);
    this.pushIntervalMs = options.pushIntervalMs ?? 1000;
    this.pointIntervalMs = options.pointIntervalMs ?? 60_000;
    this.graceMs = options.firstPointGraceMs ?? 30_000;

    const markDirty = () => void (this.dirty = true);
    const unsubscribe = [
      ctx.bus.on('tickers.changed', markDirty),
      ctx.bus.on('account.changed', () => {
        markDirty();
        this.refreshFollow();
      }),
      ctx.bus.on('deals.added', (deals) => {
        this.pnl.add(deals);
        markDirty();
        this.refreshFollow();
      }),
      ctx.bus.on('deals.corrected', (deals) => {
        this.pnl.corrected(deals);
        markDirty();
      }),
      ctx.bus.on('settings.changed', (settings) => {
        const method = validMethod(settings.pnlMethod);
        if (method && method !== this.method) {
          this.method = method;
          this.pnl.setMethod(method);
          markDirty();
        }
        const quote = validQuote(settings.quoteCurrency);
        if (quote && quote !== this.quote()) {
          this.quoteOverride = quote;
          markDirty();
          this.refreshFollow();
        }
      }),
    ];
    ctx.addFrameSource((now) => this.tick(now));
    ctx.onStop(() => unsubscribe.forEach((off) => off()));
  }

  quote(): string {
    return this.quoteOverride ?? validQuote(this.options.quoteCurrency?.()) ?? DEFAULT_QUOTE;
  }

  view(now = this.ctx.clock.now()): PortfolioView {
    return portfolioView({
      balances: this.ctx.account.snapshot().balances,
      tickers: this.ctx.board.snapshot(),
      positions: this.pnl.all(),
      quote: this.quote(),
      pnlMethod: this.method,
      now,
    });
  }

  /** The value points in [from, to), at most MAX_HISTORY_POINTS: long ranges keep the last point of each slice. */
  history(from: number, to: number): ValuePoint[] {
    return downsample(this.values.range(this.quote(), from, to), from, to, MAX_HISTORY_POINTS);
  }

  /** Once per frame: a push when due and changed, and a value point when due. */
  private tick(now: number): void {
    if (this.startedAt === null) {
      this.startedAt = now;
      this.refreshFollow();
    }
    let view: PortfolioView | null = null;
    if (this.dirty && now - this.lastPushAt >= this.pushIntervalMs) {
      this.dirty = false;
      view = this.view(now);
      const { at: _at, ...content } = view;
      const key = JSON.stringify(content);
      if (key !== this.lastPushed) {
        this.lastPushed = key;
        this.lastPushAt = now;
        this.ctx.emit('portfolio.changed', view);
      }
    }
    if (now >= this.nextPointCheck) {
      view ??= this.view(now);
      const recorded = this.recordPoint(view, now);
      // Until the first point is in, look again every second; then every interval.
      this.nextPointCheck = now + (recorded || this.firstPointDone ? this.pointIntervalMs : FIRST_POINT_RETRY_MS);
      if (recorded) this.firstPointDone = true;
    }
  }

  /** Records the total; false when there is nothing to record yet. */
  private recordPoint(view: PortfolioView, now: number): boolean {
    // Nothing held (or no account connected): no point.
    if (view.holdings.length === 0) return false;
    // An exchange still connecting or reconnecting has not delivered its balances or prices: a point
    // now would draw a false cliff (and another when it arrives). Wait for it.
    for (const status of this.ctx.statuses.values()) if (status.state === 'connecting' || status.state === 'backing_off') return false;
    if (!this.firstPointDone) {
      // The first point: a total missing prices that are still on their way would draw a false dip.
      const priced = view.holdings.every((h) => h.price !== null);
      if (!priced && now - this.startedAt! < this.graceMs) return false;
    }
    try {
      for (const point of valueInQuotes(view.total, view.quote, this.ctx.board.snapshot())) this.values.add({ time: now, ...point });
    } catch (error) {
      this.ctx.log.error(`portfolio: could not record the value: ${error instanceof Error ? error.message : String(error)}`);
    }
    return true;
  }

  /** Follows the markets the holdings and positions need, loading exchanges' market lists as it goes. */
  private refreshFollow(): void {
    const balances = this.ctx.account.snapshot().balances;
    for (const exchange of new Set(balances.map((b) => b.exchange))) this.loadList(exchange);
    const quote = this.quote();
    const markets = new Set(portfolioMarkets(balances, this.pnl.all(), this.lists, quote));
    // What converts the total into the other quotes, for the value history.
    for (const exchange of new Set(balances.map((b) => b.exchange))) {
      for (const other of otherQuotes(quote)) for (const m of pricingRoute(this.lists, exchange, quote, other)) markets.add(m);
    }
    const sorted = [...markets].sort();
    const key = sorted.join(',');
    if (key === this.followed) return;
    this.followed = key;
    this.ctx.follow(FOLLOW_SOURCE, sorted);
  }

  private loadList(exchange: ExchangeId): void {
    if (this.lists.has(exchange) || this.listLoading.has(exchange)) return;
    const failed = this.listFailedAt.get(exchange);
    if (failed !== undefined && this.ctx.clock.monotonic() - failed < LIST_RETRY_MS) return;
    const adapter = this.ctx.adapters.get(exchange);
    if (!adapter) return;
    this.listLoading.add(exchange);
    adapter
      .markets()
      .then((infos) => {
        this.lists.set(exchange, new Set(infos.map((i) => i.market)));
        this.listFailedAt.delete(exchange);
      })
      .catch((error: unknown) => {
        this.listFailedAt.set(exchange, this.ctx.clock.monotonic());
        this.ctx.log.warn(`portfolio: ${exchange} market list unavailable, pricing by direct markets: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.listLoading.delete(exchange);
        this.refreshFollow();
      });
  }
}
