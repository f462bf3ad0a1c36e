// The price path is a pure function of (seed, market, venue, time): what makes the demo's venues and
// intervals agree, and lets a chart ask for any page of the past.
import { describe, expect, it } from 'vitest';
import { LISTED_AT_MS, PricePath } from './price-path';
import { RandomWalkMarket } from './random-walk';

const BTC = { base: 'BTC', quote: 'USDT', price: '67250.00', pricePrecision: 2, dailyVolume: 2_400 };
const T = Date.UTC(2026, 4, 20, 9, 41, 17);

describe('the price path', () => {
  it('is the same for two instances (two simulators) and differs by venue only by a few basis points', () => {
    const a = new PricePath(BTC, 'coinking');
    const b = new PricePath(BTC, 'coinking');
    const c = new PricePath(BTC, 'cryptomus');
    for (let k = 0; k < 50; k++) {
      const t = T + k * 7_777_000;
      expect(a.priceAt(t)).toBe(b.priceAt(t));
      expect(Math.abs(a.priceAt(t) / c.priceAt(t) - 1)).toBeLessThan(0.0015);
    }
    expect(new PricePath(BTC, 'coinking', 99).priceAt(T)).not.toBe(a.priceAt(T)); // another world
  });

  it('never rewrites a finished candle, whenever it is asked, and answers in any order', () => {
    const path = new PricePath(BTC, 'itick');
    const open = Math.floor(T / 3_600_000) * 3600 - 3600;
    const early = path.candle(3600, open, T);
    const farLater = new PricePath(BTC, 'itick');
    farLater.candle(86_400, open - 40 * 86_400, T + 30 * 86_400_000); // warm other days first
    expect(farLater.candle(3600, open, T + 30 * 86_400_000)).toEqual(early);
    expect(path.candle(3600, LISTED_AT_MS / 1000 - 3600, T)).toBeNull(); // before the listing
    expect(path.candle(60, Math.floor(T / 60_000) * 60 + 60, T)).toBeNull(); // not yet open
  });

  it('grows the forming candle only outwards: its high never falls, its low never rises, its volume never shrinks', () => {
    const path = new PricePath(BTC, 'coinking');
    const open = Math.floor(T / 60_000) * 60;
    let before = path.candle(60, open, open * 1000)!;
    for (let ms = open * 1000 + 250; ms < (open + 60) * 1000; ms += 250) {
      const now = path.candle(60, open, ms)!;
      expect(now.open).toBe(before.open);
      expect(now.high).toBeGreaterThanOrEqual(before.high);
      expect(now.low).toBeLessThanOrEqual(before.low);
      expect(now.volume).toBeGreaterThanOrEqual(before.volume);
      expect(now.close).toBeCloseTo(path.priceAt(ms), 6);
      before = now;
    }
    expect(before.volume).toBeGreaterThan(0);
  });

  it('hands out as trades the volume the candles count', () => {
    let now = T;
    const walk = new RandomWalkMarket(BTC, { venue: 'coinking', now: () => now });
    let traded = 0;
    for (let i = 0; i < 2_000; i++) {
      now += 300 + ((i * 7919) % 900);
      traded += Number(walk.step().amount);
    }
    const candles = walk.path.window(T, now)!;
    expect(Math.abs(traded - candles.volume)).toBeLessThan(0.001);
  });
});
