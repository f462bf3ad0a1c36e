// The chart's indicators, computed with trading-signals over the candle series (one value per
// candle, null before an indicator has enough candles). Numbers here are for drawing only: the
// candles' decimal strings are read as floats at this last step, like the candles themselves.
import { BollingerBands, EMA, MACD, RSI, SMA, VWAP } from 'trading-signals';
import type { IndicatorKind, IndicatorSpec } from '../../../../shared/chart-settings';
import { OSCILLATORS } from '../../../../shared/chart-settings';

/** A candle as numbers, for drawing. */
export interface PlotCandle {
  time: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export type Line = (number | null)[];

/** One drawn line of an indicator (Bollinger bands have three, MACD has its line, signal and histogram). */
export interface IndicatorLine {
  /** 'upper', 'middle', 'lower', 'macd', 'signal', 'histogram', or 'value' for single-line indicators. */
  part: string;
  values: Line;
}

/** Where an indicator is drawn: over the candles, over the volume, or in its own pane below. */
export function paneOf(kind: IndicatorKind): 'price' | 'volume' | 'oscillator' {
  if (OSCILLATORS.includes(kind)) return 'oscillator';
  return kind === 'volma' ? 'volume' : 'price';
}

function single(values: readonly number[], indicator: { add(v: number): number | null; isStable: boolean }): Line {
  return values.map((v) => {
    const r = indicator.add(v);
    return indicator.isStable && r !== null && Number.isFinite(r) ? r : null;
  });
}

/** The day (UTC) a candle opens in: the session a VWAP is anchored to. */
const dayOf = (ms: number) => Math.floor(ms / 86_400_000);

/** The lines of one indicator over the series (oldest first). */
export function computeIndicator(spec: IndicatorSpec, candles: readonly PlotCandle[]): IndicatorLine[] {
  const p = spec.params;
  const closes = candles.map((c) => c.close);
  switch (spec.kind) {
    case 'sma':
      return [{ part: 'value', values: single(closes, new SMA(p.period!)) }];
    case 'ema':
      return [{ part: 'value', values: single(closes, new EMA(p.period!)) }];
    case 'volma':
      return [{ part: 'value', values: single(candles.map((c) => c.volume), new SMA(p.period!)) }];
    case 'rsi':
      return [{ part: 'value', values: single(closes, new RSI(p.period!)) }];
    case 'bbands': {
      const bb = new BollingerBands(p.period!, p.deviation!);
      const upper: Line = [];
      const middle: Line = [];
      const lower: Line = [];
      for (const close of closes) {
        const r = bb.add(close);
        upper.push(r ? r.upper : null);
        middle.push(r ? r.middle : null);
        lower.push(r ? r.lower : null);
      }
      return [
        { part: 'upper', values: upper },
        { part: 'middle', values: middle },
        { part: 'lower', values: lower },
      ];
    }
    case 'macd': {
      const macd = new MACD(new EMA(p.fast!), new EMA(p.slow!), new EMA(p.signal!));
      const line: Line = [];
      const signal: Line = [];
      const histogram: Line = [];
      for (const close of closes) {
        const r = macd.add(close);
        line.push(r ? r.macd : null);
        signal.push(r ? r.signal : null);
        histogram.push(r ? r.histogram : null);
      }
      return [
        { part: 'macd', values: line },
        { part: 'signal', values: signal },
        { part: 'histogram', values: histogram },
      ];
    }
    case 'vwap': {
      // Anchored to the session, as traders read it: it starts again with each day (UTC).
      let vwap = new VWAP();
      let day: number | null = null;
      const values: Line = candles.map((c) => {
        if (day !== dayOf(c.time)) {
          vwap = new VWAP();
          day = dayOf(c.time);
        }
        const r = vwap.add({ high: c.high, low: c.low, close: c.close, volume: c.volume });
        return r !== null && Number.isFinite(r) ? r : null;
      });
      return [{ part: 'value', values }];
    }
  }
}
