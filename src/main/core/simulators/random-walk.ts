// A simulated market at one venue: trades that follow the demo world's price path (price-path.ts),
// with the 24 h figures, today's figures and candles all read from that same path, as of the last
// trade. Prices are decimal strings at the market's own precision.
import Big from 'big.js';
import { DEMO_WORLD_SEED, PricePath, type Ohlcv } from './price-path';

export { DEMO_WORLD_SEED, type Ohlcv } from './price-path';

export interface SimMarketSpec {
  base: string;
  quote: string;
  /** The price the market's walk wanders around (it reverts to it over weeks). */
  price: string;
  /** Digits after the decimal point for prices. */
  pricePrecision: number;
  /** Typical 24 h volume in base units at a large venue (each venue trades a share of it). */
  dailyVolume?: number;
}

export const DEMO_MARKETS: SimMarketSpec[] = [
  { base: 'BTC', quote: 'USDT', price: '67250.00', pricePrecision: 2, dailyVolume: 2_400 },
  { base: 'ETH', quote: 'USDT', price: '3480.50', pricePrecision: 2, dailyVolume: 26_000 },
  { base: 'SOL', quote: 'USDT', price: '152.340', pricePrecision: 3, dailyVolume: 210_000 },
  { base: 'XRP', quote: 'USDT', price: '0.61240', pricePrecision: 5, dailyVolume: 48_000_000 },
  { base: 'DOGE', quote: 'USDT', price: '0.153210', pricePrecision: 6, dailyVolume: 260_000_000 },
  { base: 'LTC', quote: 'USDT', price: '81.27', pricePrecision: 2, dailyVolume: 95_000 },
  { base: 'BNB', quote: 'USDT', price: '598.4', pricePrecision: 1, dailyVolume: 30_000 },
  { base: 'ADA', quote: 'USDT', price: '0.45120', pricePrecision: 5, dailyVolume: 52_000_000 },
  { base: 'ETH', quote: 'BTC', price: '0.051750', pricePrecision: 6, dailyVolume: 3_500 },
  { base: 'TRX', quote: 'USDT', price: '0.12040', pricePrecision: 5, dailyVolume: 130_000_000 },
];

/** A small seeded generator (mulberry32), so a simulator run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Amounts are printed with 4 decimals; a trade is never smaller than that. */
const LOT = 0.0001;

export interface WalkOptions {
  /** Which venue (its offset and volume share): "coinking", "cryptomus", "itick". */
  venue: string;
  /** The world's seed: simulators with the same one show the same market. */
  seed?: number;
  /** Market time, ms (the simulator's clock). */
  now: () => number;
}

export class RandomWalkMarket {
  readonly path: PricePath;
  /** Market time of the last trade (ms): what the figures are "as of". */
  lastAt: number;
  last: Big;
  /** Volume that accrued on the path but was not yet handed out as trades (may be negative). */
  private carry = 0;
  private readonly now: () => number;

  constructor(
    readonly spec: SimMarketSpec,
    options: WalkOptions,
  ) {
    this.path = new PricePath(spec, options.venue, options.seed ?? DEMO_WORLD_SEED);
    this.now = options.now;
    this.lastAt = this.now();
    this.last = new Big(this.round(this.path.priceAt(this.lastAt)));
  }

  private round(p: number): string {
    const tick = 10 ** -this.spec.pricePrecision;
    return Math.max(p, tick).toFixed(this.spec.pricePrecision);
  }

  /** One trade now: the price the path has reached, and the volume that traded since the last one. */
  step(): { price: string; amount: string; side: 'buy' | 'sell' } {
    const at = Math.max(this.now(), this.lastAt);
    const accrued = at > this.lastAt ? (this.path.window(this.lastAt, at)?.volume ?? 0) : 0;
    let amount = Math.floor((accrued + this.carry) / LOT) * LOT;
    if (amount < LOT) amount = LOT;
    this.carry += accrued - amount;
    const price = new Big(this.round(this.path.priceAt(at)));
    // A buy prints at the ask, a sell at the bid.
    const side = this.path.side(at) > 0 ? 'buy' : 'sell';
    this.last = price;
    this.lastAt = at;
    return { price: price.toFixed(this.spec.pricePrecision), amount: amount.toFixed(4), side };
  }

  price(): string {
    return this.last.toFixed(this.spec.pricePrecision);
  }

  /** What traded in [fromMs, lastAt], rounded as the wire shows it (`volume` in base, `deal` in quote). */
  private figures(fromMs: number): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    const w = this.path.window(fromMs, this.lastAt);
    const last = this.price();
    if (!w) return { open: last, last, high: last, low: last, volume: '0.0000', deal: '0.00' };
    // Rounding is monotone, so the rounded last price stays within the rounded high and low.
    const hi = new Big(this.round(w.high));
    const lo = new Big(this.round(w.low));
    return {
      open: this.round(w.open),
      last,
      high: (hi.lt(this.last) ? this.last : hi).toFixed(this.spec.pricePrecision),
      low: (lo.gt(this.last) ? this.last : lo).toFixed(this.spec.pricePrecision),
      volume: w.volume.toFixed(4),
      deal: w.amount.toFixed(2),
    };
  }

  /** The last `periodS` seconds (24 h by default), as ViaBTC's state and every ticker report it. */
  state(periodS = 86_400): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    return this.figures(this.lastAt - periodS * 1000);
  }

  /** Since 00:00 UTC of the last trade's day. */
  today(): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    return this.figures(Math.floor(this.lastAt / 86_400_000) * 86_400_000);
  }

  /** The candle of `intervalS` seconds opening at `openS`, as of the last trade (null: none yet). */
  candle(intervalS: number, openS: number): Ohlcv | null {
    return this.path.candle(intervalS, openS, this.lastAt);
  }

  /** Candles opening in [startS, endS], oldest first, at most `max` (the newest). */
  candles(intervalS: number, startS: number, endS: number, max: number): { time: number; candle: Ohlcv }[] {
    const newest = Math.min(Math.floor(endS / intervalS), Math.floor(this.lastAt / 1000 / intervalS)) * intervalS;
    const oldest = Math.max(Math.ceil(startS / intervalS) * intervalS, newest - (max - 1) * intervalS);
    const out: { time: number; candle: Ohlcv }[] = [];
    for (let t = oldest; t <= newest; t += intervalS) {
      const candle = this.candle(intervalS, t);
      if (candle) out.push({ time: t, candle });
    }
    return out;
  }
}
