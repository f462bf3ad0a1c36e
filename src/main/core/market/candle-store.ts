// Where locally built candles are kept so history grows across sessions. The memory store serves
// tests and runs without a database; the SQLite store (store/sqlite/candles.ts) implements the same interface.
import type { Candle, CandleInterval, MarketId } from '../../../shared/model';
import { CandleSeries } from './candles';

export interface CandleStore {
  /** Candles with open time before `before` (ms), oldest first, at most `limit` (the newest ones). */
  load(market: MarketId, interval: CandleInterval, before: number, limit: number): Candle[];
  /** Inserts or replaces by open time. */
  save(market: MarketId, interval: CandleInterval, candles: Candle[]): void;
}

export class MemoryCandleStore implements CandleStore {
  private readonly series = new Map<string, CandleSeries>();

  constructor(private readonly maxPerSeries = 10_000) {}

  load(market: MarketId, interval: CandleInterval, before: number, limit: number): Candle[] {
    const all = this.series.get(`${market}|${interval}`)?.all() ?? [];
    const older = all.filter((c) => c.time < before);
    return older.slice(Math.max(0, older.length - limit));
  }

  save(market: MarketId, interval: CandleInterval, candles: Candle[]): void {
    const key = `${market}|${interval}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new CandleSeries(interval, this.maxPerSeries)));
    s.upsert(candles);
  }
}
