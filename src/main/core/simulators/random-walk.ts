// A market that drifts like a real one: small random moves, with a 24 h window of open/high/low and
// volume, priced in decimal strings at the market's own precision.
import Big from 'big.js';

export interface SimMarketSpec {
  base: string;
  quote: string;
  price: string;
  /** Digits after the decimal point for prices. */
  pricePrecision: number;
}

export const DEMO_MARKETS: SimMarketSpec[] = [
  { base: 'BTC', quote: 'USDT', price: '67250.00', pricePrecision: 2 },
  { base: 'ETH', quote: 'USDT', price: '3480.50', pricePrecision: 2 },
  { base: 'SOL', quote: 'USDT', price: '152.340', pricePrecision: 3 },
  { base: 'XRP', quote: 'USDT', price: '0.61240', pricePrecision: 5 },
  { base: 'DOGE', quote: 'USDT', price: '0.153210', pricePrecision: 6 },
  { base: 'LTC', quote: 'USDT', price: '81.27', pricePrecision: 2 },
  { base: 'BNB', quote: 'USDT', price: '598.4', pricePrecision: 1 },
  { base: 'ADA', quote: 'USDT', price: '0.45120', pricePrecision: 5 },
  { base: 'ETH', quote: 'BTC', price: '0.051750', pricePrecision: 6 },
  { base: 'TRX', quote: 'USDT', price: '0.12040', pricePrecision: 5 },
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

export class RandomWalkMarket {
  last: Big;
  open: Big;
  high: Big;
  low: Big;
  volume = new Big(0);
  deal = new Big(0);

  constructor(
    readonly spec: SimMarketSpec,
    private readonly random: () => number,
  ) {
    this.last = new Big(spec.price);
    // Start as if the market had already traded for a day, a little away from the current price.
    this.open = this.last.times(1 + (random() - 0.5) * 0.06);
    this.high = this.last.gt(this.open) ? this.last.times(1.01) : this.open.times(1.01);
    this.low = this.last.lt(this.open) ? this.last.times(0.99) : this.open.times(0.99);
    this.volume = new Big(Math.round(1000 + random() * 100000));
    this.deal = this.volume.times(this.last);
  }

  /** One trade: the price moves by up to ±0.15 % and some volume changes hands. */
  step(): { price: string; amount: string; side: 'buy' | 'sell' } {
    const move = (this.random() - 0.5) * 0.003;
    const next = this.last.times(1 + move);
    const tick = new Big(1).div(new Big(10).pow(this.spec.pricePrecision));
    this.last = next.gt(tick) ? new Big(next.toFixed(this.spec.pricePrecision)) : tick;
    if (this.last.gt(this.high)) this.high = this.last;
    if (this.last.lt(this.low)) this.low = this.last;
    const amount = new Big((this.random() * 5).toFixed(4)).plus('0.0001');
    this.volume = this.volume.plus(amount);
    this.deal = this.deal.plus(amount.times(this.last));
    return { price: this.price(), amount: amount.toFixed(4), side: move >= 0 ? 'buy' : 'sell' };
  }

  price(): string {
    return this.last.toFixed(this.spec.pricePrecision);
  }

  /** The 24 h state as CoinKing reports it (`volume` in base, `deal` in quote). */
  state(): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    const p = this.spec.pricePrecision;
    return {
      open: this.open.toFixed(p),
      last: this.price(),
      high: this.high.toFixed(p),
      low: this.low.toFixed(p),
      volume: this.volume.toFixed(4),
      deal: this.deal.toFixed(2),
    };
  }
}
