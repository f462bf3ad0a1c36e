// The exchange's market list from the HTTPS summary, cached for a few minutes. It also teaches the
// name splitter how CoinKing's glued names ("BTCUSDT") divide, for orders in markets never watched.
import type { MarketInfo } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import type { MarketNames } from './names';
import { fetchSummary } from './summary';
import { wireMarket } from './wire';

const TTL_MS = 5 * 60_000;

export class MarketList {
  private cached: { at: number; markets: Promise<MarketInfo[]> } | null = null;

  constructor(
    private readonly apiUrl: string | undefined,
    private readonly names: MarketNames,
    private readonly clock: Clock,
  ) {}

  get configured(): boolean {
    return Boolean(this.apiUrl);
  }

  all(): Promise<MarketInfo[]> {
    const apiUrl = this.apiUrl;
    if (!apiUrl) return Promise.reject(new Error('CoinKing market list: no API URL configured'));
    const now = this.clock.monotonic(); // an age: a wall-clock step must not keep a list forever
    if (!this.cached || now - this.cached.at > TTL_MS) {
      const markets = fetchSummary(apiUrl).then((list) => {
        for (const m of list) this.names.learn({ exchange: 'coinking', base: m.base, quote: m.quote });
        return list;
      });
      this.cached = { at: now, markets };
      markets.catch(() => {
        if (this.cached?.markets === markets) this.cached = null; // try again next time
      });
    }
    return this.cached.markets;
  }

  /** Wire names of every listed market, waiting at most `waitMs` (the fetch carries on and is cached). */
  async wireNames(waitMs: number): Promise<string[]> {
    let timer: TimerHandle | null = null;
    const late = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(() => reject(new Error(`no answer within ${waitMs / 1000} s`)), waitMs);
    });
    try {
      return (await Promise.race([this.all(), late])).map((m) => wireMarket(m.base, m.quote));
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}
