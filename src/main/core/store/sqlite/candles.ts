// Locally built candles in SQLite, keyed by (market, interval, open time) and upserted, so a
// candle still forming is simply replaced. Each series is trimmed to its newest `maxPerSeries`.
import type Database from 'better-sqlite3';
import type { Candle, CandleInterval, MarketId } from '../../../../shared/model';
import type { CandleStore } from '../../market/candle-store';
import { candleOfRow, UnreadableRows } from './rows';

/** How many saved candles of a series between two trims. */
const TRIM_EVERY = 1000;

export class SqliteCandleStore implements CandleStore {
  private readonly upsert: Database.Statement;
  private readonly newest: Database.Statement<[string, string, number, number], Record<string, unknown>>;
  private readonly trimStatement: Database.Statement<[string, string, string, string, number]>;
  private readonly sinceTrim = new Map<string, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly maxPerSeries = 100_000,
    private readonly unreadable: UnreadableRows = new UnreadableRows({ warn: () => {} }),
  ) {
    this.upsert = db.prepare(
      `INSERT INTO candles (market, interval, time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (market, interval, time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
    );
    this.newest = db.prepare(
      'SELECT time, open, high, low, close, volume FROM candles WHERE market = ? AND interval = ? AND time < ? ORDER BY time DESC LIMIT ?',
    );
    this.trimStatement = db.prepare(
      `DELETE FROM candles WHERE market = ? AND interval = ? AND time < (
         SELECT time FROM candles WHERE market = ? AND interval = ? ORDER BY time DESC LIMIT 1 OFFSET ?)`,
    );
  }

  load(market: MarketId, interval: CandleInterval, before: number, limit: number): Candle[] {
    if (limit <= 0) return [];
    const candles: Candle[] = [];
    for (const r of this.newest.all(market, interval, before, Math.floor(limit))) {
      const candle = this.unreadable.read('candles', `${market} ${interval}@${String(r.time)}`, () => candleOfRow(r));
      if (candle) candles.push(candle);
    }
    return candles.reverse();
  }

  save(market: MarketId, interval: CandleInterval, candles: Candle[]): void {
    if (candles.length === 0) return;
    this.db.transaction(() => {
      for (const c of candles) this.upsert.run(market, interval, c.time, c.open, c.high, c.low, c.close, c.volume);
    })();
    const key = `${market}|${interval}`;
    const n = (this.sinceTrim.get(key) ?? 0) + candles.length;
    if (n < TRIM_EVERY) {
      this.sinceTrim.set(key, n);
      return;
    }
    this.sinceTrim.set(key, 0);
    this.trim(market, interval);
  }

  /** Drops the series' candles older than its newest `maxPerSeries`. */
  trim(market: MarketId, interval: CandleInterval): void {
    this.trimStatement.run(market, interval, market, interval, this.maxPerSeries - 1);
  }
}
