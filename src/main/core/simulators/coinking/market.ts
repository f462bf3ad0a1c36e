// One simulated CoinKing market: a random-walk price with its public deals, candles of every
// interval asked for, an order book, and today's statistics.
import Big from 'big.js';
import { RandomWalkMarket, type SimMarketSpec } from '../random-walk';
import { SimDepthBook } from './depth';
import { KlineSeries } from './kline';

export interface SimDeal {
  id: number;
  /** Unix seconds with a fraction, as ViaBTC sends it. */
  time: number;
  price: string;
  amount: string;
  type: 'buy' | 'sell';
}

const MAX_DEALS = 1_000;

export class SimMarket {
  readonly walk: RandomWalkMarket;
  readonly depth: SimDepthBook;
  /** Oldest first. */
  private readonly deals: SimDeal[] = [];
  private readonly klines = new Map<number, KlineSeries>();
  private readonly today: { open: Big; high: Big; low: Big; volume: Big; deal: Big };

  constructor(
    readonly name: string,
    readonly spec: SimMarketSpec,
    private readonly random: () => number,
    private readonly nextDealId: () => number,
    private readonly nowSeconds: () => number,
  ) {
    this.walk = new RandomWalkMarket(spec, random);
    this.depth = new SimDepthBook(spec.pricePrecision, random);
    this.depth.seed(Number(this.walk.price()));
    const last = this.walk.last;
    this.today = { open: last.times(1 + (random() - 0.5) * 0.02), high: last, low: last, volume: new Big(0), deal: new Big(0) };
    if (this.today.open.gt(this.today.high)) this.today.high = this.today.open;
    if (this.today.open.lt(this.today.low)) this.today.low = this.today.open;
  }

  /** One trade: the price moves, a public deal is recorded, candles and the book follow. */
  trade(): SimDeal {
    const step = this.walk.step();
    const deal: SimDeal = { id: this.nextDealId(), time: this.nowSeconds(), price: step.price, amount: step.amount, type: step.side };
    this.deals.push(deal);
    if (this.deals.length > MAX_DEALS) this.deals.shift();
    const price = Number(step.price);
    const size = Number(step.amount);
    for (const series of this.klines.values()) series.trade(price, size, deal.time);
    this.depth.settle(price);
    const t = this.today;
    const last = this.walk.last;
    if (last.gt(t.high)) t.high = last;
    if (last.lt(t.low)) t.low = last;
    t.volume = t.volume.plus(step.amount);
    t.deal = t.deal.plus(last.times(step.amount));
    return deal;
  }

  /** Deals with id > lastId, newest first, at most `limit`. */
  recentDeals(limit: number, lastId = 0): SimDeal[] {
    const out: SimDeal[] = [];
    for (let i = this.deals.length - 1; i >= 0 && out.length < limit; i--) {
      const d = this.deals[i]!;
      if (d.id <= lastId) break;
      out.push(d);
    }
    return out;
  }

  kline(intervalSeconds: number): KlineSeries {
    let series = this.klines.get(intervalSeconds);
    if (!series) {
      series = new KlineSeries(this.name, intervalSeconds, this.spec.pricePrecision, Number(this.walk.price()), this.nowSeconds(), this.random);
      this.klines.set(intervalSeconds, series);
    }
    return series;
  }

  todayState(): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    const p = this.spec.pricePrecision;
    const t = this.today;
    return { open: t.open.toFixed(p), last: this.walk.price(), high: t.high.toFixed(p), low: t.low.toFixed(p), volume: t.volume.toFixed(4), deal: t.deal.toFixed(2) };
  }
}
