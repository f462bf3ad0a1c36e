// The market open in the market view: its order book, trade tape and candle series, and what
// changed since the last frame. Bounded: the tape keeps the newest trades, the series its newest candles.
import type { FocusFrame, FocusSnapshot } from '../../../shared/contract';
import type { Candle, CandleInterval, MarketId, Trade } from '../../../shared/model';
import type { BookUpdate } from '../exchange';
import { CandleSeries } from './candles';
import { OrderBook } from './order-book';

export const TAPE_LENGTH = 200;
export const BOOK_DEPTH = 50;

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
