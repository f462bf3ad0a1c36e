// Candle series: exchange candles upserted by open time, or candles built here from trades for
// exchanges that have none (Cryptomus). Bounded, so a long session never grows memory.
import Big from 'big.js';
import type { Candle, CandleInterval, Trade } from '../../../shared/model';
import { INTERVAL_MS } from '../../../shared/model';
import { compareDecimal } from './decimal';

export const MAX_CANDLES = 2_000;

export class CandleSeries {
  /** Oldest first. */
  private readonly candles: Candle[] = [];

  constructor(
    readonly interval: CandleInterval,
    private readonly max = MAX_CANDLES,
  ) {}

  get length(): number {
    return this.candles.length;
  }

  all(): Candle[] {
    return this.candles.slice();
  }

  last(): Candle | undefined {
    return this.candles[this.candles.length - 1];
  }

  /** Inserts or replaces candles by open time; returns the candles that changed. */
  upsert(incoming: Candle[]): Candle[] {
    const changed: Candle[] = [];
    for (const c of incoming) {
      const list = this.candles;
      const tail = list[list.length - 1];
      if (!tail || c.time > tail.time) list.push(c);
      else if (c.time === tail.time) list[list.length - 1] = c;
      else {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (list[mid]!.time < c.time) lo = mid + 1;
          else hi = mid;
        }
        if (list[lo]?.time === c.time) list[lo] = c;
        else list.splice(lo, 0, c);
      }
      changed.push(c);
    }
    if (this.candles.length > this.max) this.candles.splice(0, this.candles.length - this.max);
    return changed;
  }

  /** Folds one trade into its candle (building candles locally); returns that candle. */
  addTrade(trade: Pick<Trade, 'price' | 'amount' | 'time'>): Candle {
    const size = INTERVAL_MS[this.interval];
    const time = Math.floor(trade.time / size) * size;
    const tail = this.candles[this.candles.length - 1];
    if (tail && tail.time === time) {
      const next: Candle = {
        time,
        open: tail.open,
        high: compareDecimal(trade.price, tail.high) > 0 ? trade.price : tail.high,
        low: compareDecimal(trade.price, tail.low) < 0 ? trade.price : tail.low,
        close: trade.price,
        volume: new Big(tail.volume).plus(trade.amount).toString(),
      };
      this.candles[this.candles.length - 1] = next;
      return next;
    }
    if (tail && time < tail.time) {
      // A late trade for an older candle: fold it in where it belongs.
      const old = this.candles.find((c) => c.time === time);
      const base: Candle = old ?? { time, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: '0' };
      const merged: Candle = {
        ...base,
        high: compareDecimal(trade.price, base.high) > 0 ? trade.price : base.high,
        low: compareDecimal(trade.price, base.low) < 0 ? trade.price : base.low,
        volume: new Big(base.volume).plus(trade.amount).toString(),
      };
      this.upsert([merged]);
      return merged;
    }
    const fresh: Candle = { time, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: new Big(trade.amount).toString() };
    this.upsert([fresh]);
    return fresh;
  }
}
