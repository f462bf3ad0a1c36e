// Cryptomus has no candles of its own: they are built here from the trade stream at every interval,
// and kept in the candle store so that history grows across sessions. A market's series resumes
// from the newest stored candle, so a restart within a candle does not lose its open or volume.
// Writes are batched (a flush every few seconds, and before history is read) to spare the database.
import type { Candle, CandleInterval, MarketId, Trade } from '../../../shared/model';
import { CANDLE_INTERVALS } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import type { CandleStore } from '../market/candle-store';
import { CandleSeries } from '../market/candles';

/** Candles kept in memory per series: enough for a trade that arrives a little late. */
const RECENT = 8;
export const CANDLE_FLUSH_MS = 5_000;

export interface CandleFocus {
  market: MarketId;
  interval: CandleInterval;
}

export class LocalCandles {
  private readonly series = new Map<string, CandleSeries>();
  /** Series key → changed candles by open time, not yet saved. */
  private readonly dirty = new Map<string, Map<number, Candle>>();
  private focus: CandleFocus | null = null;
  private timer: TimerHandle | null = null;
  /**
   * Per market: the newest trade time folded, and the trades folded at that time (price|amount →
   * count). Trades carry no id, and the server sends recent trades again on every subscribe: one
   * older than the mark, or one more of a kind already counted at the mark, is a replay.
   */
  private readonly marks = new Map<MarketId, { time: number; seen: Map<string, number> }>();

  constructor(
    private readonly store: CandleStore,
    private readonly clock: Clock,
    private readonly emit: (market: MarketId, interval: CandleInterval, candles: Candle[]) => void,
  ) {}

  setFocus(focus: CandleFocus | null): void {
    this.focus = focus;
  }

  /** Folds trades into every interval's candle; the focused series is emitted at once. */
  addTrades(market: MarketId, batch: Pick<Trade, 'price' | 'amount' | 'time'>[]): void {
    const trades = this.fresh(market, batch);
    if (trades.length === 0) return;
    for (const interval of CANDLE_INTERVALS) {
      const key = `${market}|${interval}`;
      const series = this.seriesFor(key, market, interval);
      let changed = this.dirty.get(key);
      if (!changed) this.dirty.set(key, (changed = new Map()));
      const emitted = new Map<number, Candle>();
      for (const t of trades) {
        // Older than anything in memory: folding it would overwrite a stored candle with a partial one.
        const first = series.all()[0];
        if (first && t.time < first.time) continue;
        const candle = series.addTrade(t);
        changed.set(candle.time, candle);
        emitted.set(candle.time, candle);
      }
      if (this.focus?.market === market && this.focus.interval === interval && emitted.size) {
        this.emit(market, interval, [...emitted.values()].sort((a, b) => a.time - b.time));
      }
    }
    this.schedule();
  }

  /** The batch in time order (open is the first trade, close the last), replays dropped. */
  private fresh(market: MarketId, batch: Pick<Trade, 'price' | 'amount' | 'time'>[]): Pick<Trade, 'price' | 'amount' | 'time'>[] {
    if (batch.length === 0) return batch;
    const sorted = [...batch].sort((a, b) => a.time - b.time); // stable: same-time trades keep their order
    let mark = this.marks.get(market);
    // Counts within this batch at the mark's time: a batch may carry several equal trades.
    const inBatch = new Map<string, number>();
    const out: Pick<Trade, 'price' | 'amount' | 'time'>[] = [];
    for (const t of sorted) {
      if (mark && t.time < mark.time) continue;
      const key = `${t.price}|${t.amount}`;
      if (mark && t.time === mark.time) {
        const n = (inBatch.get(key) ?? 0) + 1;
        inBatch.set(key, n);
        if (n <= (mark.seen.get(key) ?? 0)) continue;
      }
      if (!mark || t.time > mark.time) {
        mark = { time: t.time, seen: new Map() };
        this.marks.set(market, mark);
        inBatch.clear();
        inBatch.set(key, 1);
      }
      mark.seen.set(key, (mark.seen.get(key) ?? 0) + 1);
      out.push(t);
    }
    return out;
  }

  /** Stored candles before `endTime`, oldest first, including the ones still forming. */
  history(market: MarketId, interval: CandleInterval, endTime: number, limit: number): Candle[] {
    this.flush();
    return this.store.load(market, interval, endTime, limit);
  }

  /** Forgets the in-memory series of markets no longer followed (their candles are saved first). */
  retain(markets: Set<MarketId>): void {
    this.flush();
    for (const key of this.series.keys()) {
      if (!markets.has(key.slice(0, key.lastIndexOf('|')) as MarketId)) this.series.delete(key);
    }
    for (const m of this.marks.keys()) if (!markets.has(m)) this.marks.delete(m);
  }

  flush(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const [key, candles] of this.dirty) {
      const cut = key.lastIndexOf('|');
      try {
        this.store.save(key.slice(0, cut) as MarketId, key.slice(cut + 1) as CandleInterval, [...candles.values()]);
      } catch {
        continue; // the store refused (disk full): kept, and tried again at the next flush
      }
      this.dirty.delete(key);
    }
    if (this.dirty.size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, CANDLE_FLUSH_MS);
  }

  private seriesFor(key: string, market: MarketId, interval: CandleInterval): CandleSeries {
    let s = this.series.get(key);
    if (!s) {
      s = new CandleSeries(interval, RECENT);
      s.upsert(this.store.load(market, interval, Number.MAX_SAFE_INTEGER, 1));
      this.series.set(key, s);
    }
    return s;
  }
}
