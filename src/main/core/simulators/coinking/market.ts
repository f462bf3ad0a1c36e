// One simulated CoinKing market: trades along the demo world's price path, with its public deals,
// candles of every interval asked for, an order book, and the 24 h and today's statistics, all read
// from that one path.
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

  constructor(
    readonly name: string,
    readonly spec: SimMarketSpec,
    random: () => number,
    private readonly nextDealId: () => number,
    nowMs: () => number,
    worldSeed?: number,
  ) {
    this.walk = new RandomWalkMarket(spec, { venue: 'coinking', seed: worldSeed, now: nowMs });
    this.depth = new SimDepthBook(spec.pricePrecision, random, this.walk.path.minuteVolume);
    this.depth.seed(Number(this.walk.price()));
  }

  /** One trade: the price moves along the path, a public deal is recorded, the book follows. */
  trade(): SimDeal {
    const step = this.walk.step();
    const deal: SimDeal = { id: this.nextDealId(), time: this.walk.lastAt / 1000, price: step.price, amount: step.amount, type: step.side };
    this.deals.push(deal);
    if (this.deals.length > MAX_DEALS) this.deals.shift();
    this.depth.take(step.side === 'buy' ? 'asks' : 'bids', Number(step.amount));
    this.depth.settle(Number(step.price));
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

  /** The candles of one interval: a view of the path, nothing kept, so any interval costs nothing. */
  kline(intervalSeconds: number): KlineSeries {
    return new KlineSeries(this.name, intervalSeconds, this.spec.pricePrecision, this.walk);
  }

  todayState(): { open: string; last: string; high: string; low: string; volume: string; deal: string } {
    return this.walk.today();
  }
}
