import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../shared/model';
import { ManualClock } from '../connection/clock';
import { MemoryCandleStore } from '../market/candle-store';
import { LocalCandles } from './candles';

const M = 'cryptomus:BTC/USDT' as const;
const T = Date.UTC(2025, 0, 1, 10, 0, 0);

function setup() {
  const out: Candle[][] = [];
  const c = new LocalCandles(new MemoryCandleStore(), new ManualClock(T), (_m, _i, candles) => out.push(candles));
  c.setFocus({ market: M, interval: '1m' });
  const last = () => out.at(-1)!.at(-1)!;
  return { c, last };
}

describe('Cryptomus local candles', () => {
  it('folds a batch in timestamp order, whatever the array order: open is the earliest trade, close the latest', () => {
    const { c, last } = setup();
    c.addTrades(M, [
      { price: '103', amount: '1', time: T + 30_000 },
      { price: '100', amount: '1', time: T + 1_000 },
      { price: '101', amount: '1', time: T + 10_000 },
    ]);
    expect(last()).toMatchObject({ time: T, open: '100', close: '103', high: '103', low: '100', volume: '3' });
  });

  it('drops trades the server sends again (on a resubscribe), but keeps new equal trades of a later message', () => {
    const { c, last } = setup();
    const batch = [
      { price: '100', amount: '1', time: T + 1_000 },
      { price: '101', amount: '2', time: T + 2_000 },
      { price: '101', amount: '2', time: T + 2_000 },
    ];
    c.addTrades(M, batch);
    c.addTrades(M, [...batch].reverse()); // replayed after a reconnect
    expect(last()).toMatchObject({ open: '100', close: '101', volume: '5' });
    c.addTrades(M, [
      ...batch,
      { price: '101', amount: '2', time: T + 2_000 }, // a third one at the same second: new
      { price: '99', amount: '1', time: T + 3_000 },
    ]);
    expect(last()).toMatchObject({ open: '100', close: '99', low: '99', volume: '8' });
  });
});
