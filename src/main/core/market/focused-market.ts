// The market open in the market view ("focus"), owned here and nowhere else: MarketFocus decides
// which market is open, at which interval and depth step, and tells the adapters, which only serve
// it. FocusedMarket holds that market's order book, trade tape and candle series, and what changed
// since the last frame. Bounded: the tape keeps the newest trades, the series its newest candles.
import type { FocusFrame, FocusSnapshot } from '../../../shared/contract';
import type { Candle, CandleInterval, ExchangeId, MarketId, MarketRef, Trade } from '../../../shared/model';
import { marketId } from '../../../shared/model';
import type { BookUpdate, ExchangeAdapter, Focus } from '../exchange-adapter';
import { CandleSeries } from './candles';
import { OrderBook } from './order-book';

export const TAPE_LENGTH = 200;
export const BOOK_DEPTH = 50;
/** Markets whose depth step the user chose are remembered for the session, up to this many. */
export const MAX_DEPTH_CHOICES = 256;

export class FocusedMarket {
  readonly book: OrderBook;
  readonly series: CandleSeries;
  /** Newest first. */
  private tape: Trade[] = [];
  private readonly tapeIds = new Set<string>();
  private bookChanged = false;
  private freshTrades: Trade[] = [];
  private readonly changedCandles = new Map<number, Candle>();

  constructor(
    readonly market: MarketId,
    readonly interval: CandleInterval,
  ) {
    this.book = new OrderBook(market);
    this.series = new CandleSeries(interval);
  }

  /**
   * The same market at another candle interval: the book and the tape carry over (the exchange
   * need not resend a depth snapshot just because the chart's interval changed); candles start anew.
   */
  withInterval(interval: CandleInterval): FocusedMarket {
    const next = new FocusedMarket(this.market, interval);
    next.book.bids = this.book.bids;
    next.book.asks = this.book.asks;
    next.book.synced = this.book.synced;
    next.book.updatedAt = this.book.updatedAt;
    next.tape = this.tape;
    for (const id of this.tapeIds) next.tapeIds.add(id);
    return next;
  }

  applyBook(update: BookUpdate, now: number): void {
    if (this.book.apply(update, now)) this.bookChanged = true;
  }

  /** Adds trades to the tape, skipping ones already there (gap fills repeat trades). */
  addTrades(trades: Trade[]): void {
    const fresh = trades.filter((t) => t.id === null || !this.tapeIds.has(t.id));
    if (fresh.length === 0) return;
    for (const t of fresh) if (t.id !== null) this.tapeIds.add(t.id);
    this.tape = [...fresh, ...this.tape].sort((a, b) => b.time - a.time);
    if (this.tape.length > TAPE_LENGTH) {
      for (const t of this.tape.splice(TAPE_LENGTH)) if (t.id !== null) this.tapeIds.delete(t.id);
    }
    this.freshTrades.push(...fresh);
  }

  upsertCandles(candles: Candle[]): void {
    for (const c of this.series.upsert(candles)) this.changedCandles.set(c.time, c);
  }

  /** The exchange link dropped: the book must be rebuilt from a snapshot. */
  linkLost(): void {
    this.book.reset();
    this.bookChanged = true;
  }

  takeFrame(): FocusFrame | null {
    if (!this.bookChanged && this.freshTrades.length === 0 && this.changedCandles.size === 0) return null;
    const frame: FocusFrame = {
      market: this.market,
      interval: this.interval,
      book: this.bookChanged ? this.book.view(BOOK_DEPTH) : null,
      trades: this.freshTrades.sort((a, b) => b.time - a.time),
      candles: [...this.changedCandles.values()].sort((a, b) => a.time - b.time),
    };
    this.bookChanged = false;
    this.freshTrades = [];
    this.changedCandles.clear();
    return frame;
  }

  snapshot(): FocusSnapshot {
    return {
      market: this.market,
      interval: this.interval,
      candles: this.series.all(),
      book: this.book.synced ? this.book.view(BOOK_DEPTH) : null,
      trades: this.tape.slice(),
    };
  }
}

/** One depth step of a market, as the picker shows it. */
export interface DepthStep {
  scale: string;
  index: number;
  selected: boolean;
}

/**
 * The one owner of the market view: the focused market (with its interval) and the depth step
 * chosen per market. Adapters are told what to follow through `focus()` and keep no choice of their own.
 */
export class MarketFocus {
  current: FocusedMarket | null = null;
  /** The depth step the user chose per market; absent: the finest (the exchange's first). */
  private readonly depthChoice = new Map<MarketId, number>();

  constructor(
    private readonly adapters: ReadonlyMap<ExchangeId, ExchangeAdapter>,
    /** What an adapter the market view does not use follows instead (the venue comparison's side focus). */
    private readonly sideFocus: (exchange: ExchangeId) => Focus | null = () => null,
  ) {}

  /**
   * Opens `ref` at `interval` on its adapter; every other adapter lets its focus go. The same
   * market at another interval keeps its book and tape. Candle history is the caller's to load.
   */
  open(ref: MarketRef, interval: CandleInterval, adapter: ExchangeAdapter): FocusedMarket {
    const id = marketId(ref);
    const prev = this.current;
    const next = prev && prev.market === id ? prev.withInterval(interval) : new FocusedMarket(id, interval);
    this.current = next; // first: the side focus asks which market the view holds
    for (const other of this.adapters.values()) if (other !== adapter) other.focus(this.sideFocus(other.exchange));
    adapter.focus({ market: ref, interval, depthScale: this.depthChoice.get(id) ?? null });
    return next;
  }

  close(): void {
    this.current = null;
    for (const adapter of this.adapters.values()) adapter.focus(this.sideFocus(adapter.exchange));
  }

  /** The market's depth steps, finest first, with the chosen one marked; none where the exchange has one step. */
  async depthSteps(ref: MarketRef, adapter: ExchangeAdapter): Promise<DepthStep[]> {
    if (!adapter.depthScales) return [];
    const list = await adapter.depthScales(ref);
    const chosen = this.depthChoice.get(marketId(ref)) ?? list[0]?.index;
    return list.map((s) => ({ scale: s.scale, index: s.index, selected: s.index === chosen }));
  }

  /**
   * Chooses the market's depth step and, when it is the one open, has its adapter follow it.
   * Throws RangeError for an index the exchange does not offer (or an exchange with one step).
   */
  async chooseDepthStep(ref: MarketRef, index: number, adapter: ExchangeAdapter): Promise<DepthStep[]> {
    const list = adapter.depthScales ? await adapter.depthScales(ref) : [];
    if (!list.some((s) => s.index === index)) throw new RangeError(`${marketId(ref)} has no depth step ${String(index)}`);
    const id = marketId(ref);
    this.depthChoice.delete(id);
    if (this.depthChoice.size >= MAX_DEPTH_CHOICES) this.depthChoice.delete(this.depthChoice.keys().next().value!);
    this.depthChoice.set(id, index);
    const open = this.current;
    if (open?.market === id) adapter.focus({ market: ref, interval: open.interval, depthScale: index });
    return this.depthSteps(ref, adapter);
  }
}
