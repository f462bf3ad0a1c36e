import { describe, expect, it } from 'vitest';
import { CandleSeries } from './candles';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('CandleSeries', () => {
  it('builds 1m candles from trades: open, high, low, close and volume in decimals', () => {
    const s = new CandleSeries('1m');
    s.addTrade({ price: '100.10', amount: '0.1', time: T0 + 1_000 });
    s.addTrade({ price: '101.00', amount: '0.2', time: T0 + 20_000 });
    s.addTrade({ price: '99.90', amount: '0.3', time: T0 + 40_000 });
    s.addTrade({ price: '100.50', amount: '0.4', time: T0 + 59_999 });
    s.addTrade({ price: '100.70', amount: '1', time: T0 + 60_000 });
    expect(s.all()).toEqual([
      { time: T0, open: '100.10', high: '101.00', low: '99.90', close: '100.50', volume: '1' },
      { time: T0 + 60_000, open: '100.70', high: '100.70', low: '100.70', close: '100.70', volume: '1' },
    ]);
  });

  it('folds a late trade into its own older candle without moving the close', () => {
    const s = new CandleSeries('1m');
    s.addTrade({ price: '10', amount: '1', time: T0 });
    s.addTrade({ price: '11', amount: '1', time: T0 + 60_000 });
    s.addTrade({ price: '12', amount: '2', time: T0 + 30_000 });
    expect(s.all()[0]).toEqual({ time: T0, open: '10', high: '12', low: '10', close: '10', volume: '3' });
  });

  it('upserts exchange candles by time and stays bounded', () => {
    const s = new CandleSeries('1m', 3);
    const c = (i: number, close: string) => ({ time: T0 + i * 60_000, open: '1', high: '2', low: '0.5', close, volume: '1' });
    s.upsert([c(2, '1'), c(0, '1'), c(1, '1')]);
    s.upsert([c(2, '1.5')]);
    expect(s.all().map((x) => [x.time - T0, x.close])).toEqual([[0, '1'], [60_000, '1'], [120_000, '1.5']]);
    s.upsert([c(3, '1'), c(4, '1')]);
    expect(s.length).toBe(3);
    expect(s.all()[0]!.time).toBe(T0 + 120_000);
  });
});
