// CoinKing glues base and quote into one name ("BTCUSDT"), so private pushes (orders, history)
// name markets the client never split. The market summary and the followed markets teach the
// exact split; a known quote suffix is the fallback for markets learned nowhere else.
import type { MarketRef } from '../../../shared/model';
import { wireMarket } from './wire';

/** Quote currencies to try, longest first, when a name was never learned. */
const COMMON_QUOTES = ['USDT', 'USDC', 'BUSD', 'TUSD', 'FDUSD', 'DAI', 'BTC', 'ETH', 'BNB', 'TRX', 'EUR', 'USD', 'CNY'];

const ASSET = /^[A-Z0-9]{1,20}$/;

/** Names learned at most: the summary is capped at 5000 markets; a hostile feed cannot grow this. */
export const MAX_NAMES = 10_000;

export class MarketNames {
  private readonly known = new Map<string, MarketRef>();

  learn(ref: MarketRef): void {
    if (this.known.size >= MAX_NAMES && !this.known.has(wireMarket(ref.base, ref.quote))) return;
    this.known.set(wireMarket(ref.base, ref.quote), { exchange: 'coinking', base: ref.base, quote: ref.quote });
  }

  /** The market a wire name stands for, or null when it cannot be split with confidence. */
  resolve(wire: string): MarketRef | null {
    const hit = this.known.get(wire);
    if (hit) return hit;
    const upper = wire.toUpperCase();
    for (const quote of COMMON_QUOTES) {
      if (upper.length > quote.length && upper.endsWith(quote)) {
        const base = upper.slice(0, -quote.length);
        if (ASSET.test(base)) return { exchange: 'coinking', base, quote };
      }
    }
    return null;
  }

  all(): MarketRef[] {
    return [...this.known.values()];
  }
}
