import { describe, expect, it } from 'vitest';
import { newIndicator, type IndicatorSpec } from '../../../../shared/chart-settings';
import { computeIndicator, type PlotCandle } from './indicators';

const DAY = 86_400_000;
const candlesOf = (closes: readonly number[], start = 0, step = 60_000): PlotCandle[] =>
  closes.map((close, i) => ({ time: start + i * step, high: close, low: close, close, volume: 1 }));
const spec = (kind: IndicatorSpec['kind'], params: Record<string, number>): IndicatorSpec => ({ ...newIndicator(kind, 'x'), params });
const rounded = (values: (number | null)[], digits: number) => values.map((v) => (v === null ? null : Number(v.toFixed(digits))));

// The 14-period RSI worked example of StockCharts ("Relative Strength Index (RSI)", ChartSchool):
// Wilder's smoothing, first value on the 15th close.
const RSI_CLOSES = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116,
  46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
const RSI_EXPECTED = [70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3, 33.08, 37.77];

describe('indicators (trading-signals) against known values', () => {
  it('SMA: the mean of the last n closes, nothing before n candles', () => {
    const [line] = computeIndicator(spec('sma', { period: 3 }), candlesOf([1, 2, 3, 4, 5, 6]));
    expect(line!.values).toEqual([null, null, 2, 3, 4, 5]);
  });

  it("EMA: seeded with the first close (as Pine's ta.ema), smoothed with 2/(n+1), shown from the n-th candle", () => {
    // n = 3, k = 0.5: 2 → 3 → 4.5 → 6.25 → 5.125.
    const [line] = computeIndicator(spec('ema', { period: 3 }), candlesOf([2, 4, 6, 8, 4]));
    expect(line!.values.slice(2)).toEqual([4.5, 6.25, 5.125]);
    expect(line!.values.slice(0, 2)).toEqual([null, null]);
  });

  it('RSI: the StockCharts worked example, to two decimals', () => {
    const [line] = computeIndicator(spec('rsi', { period: 14 }), candlesOf(RSI_CLOSES));
    expect(line!.values.slice(0, 14)).toEqual(Array(14).fill(null));
    expect(rounded(line!.values.slice(14), 2)).toEqual(RSI_EXPECTED);
  });

  it('Bollinger bands: middle = SMA, bands = ± k population standard deviations', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population deviation exactly 2.
    const lines = computeIndicator(spec('bbands', { period: 8, deviation: 2 }), candlesOf([2, 4, 4, 4, 5, 5, 7, 9]));
    const at = (part: string) => lines.find((l) => l.part === part)!.values;
    expect([at('upper')[7], at('middle')[7], at('lower')[7]]).toEqual([9, 5, 1]);
    expect(at('middle')[6]).toBeNull();
  });

  it('MACD on a steady ramp: EMA lags by (n−1)/2, so MACD(12,26,9) is 25/2 − 11/2 = 7 and the histogram 0', () => {
    const ramp = Array.from({ length: 600 }, (_, i) => 100 + i);
    const lines = computeIndicator(spec('macd', { fast: 12, slow: 26, signal: 9 }), candlesOf(ramp));
    const at = (part: string) => lines.find((l) => l.part === part)!.values;
    expect(at('macd')[599]).toBeCloseTo(7, 6);
    expect(at('signal')[599]).toBeCloseTo(7, 6);
    expect(at('histogram')[599]).toBeCloseTo(0, 6);
    expect(at('macd')[10]).toBeNull();
  });

  it('VWAP: typical price weighted by volume, starting again each day', () => {
    const candles: PlotCandle[] = [
      { time: 0, high: 12, low: 8, close: 10, volume: 1 }, // typical 10
      { time: 60_000, high: 22, low: 18, close: 20, volume: 3 }, // typical 20 → (10 + 60) / 4 = 17.5
      { time: DAY, high: 31, low: 29, close: 30, volume: 2 }, // a new day: 30
    ];
    const [line] = computeIndicator(spec('vwap', {}), candles);
    expect(line!.values).toEqual([10, 17.5, 30]);
  });

  it('volume MA averages the volumes, not the prices', () => {
    const candles = [5, 7, 9].map((volume, i) => ({ time: i, high: 100, low: 100, close: 100, volume }));
    expect(computeIndicator(spec('volma', { period: 3 }), candles)[0]!.values).toEqual([null, null, 7]);
  });
});
