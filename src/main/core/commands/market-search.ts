// One search over every exchange's market list: what a trader types ("eth", "ETH/USDT", "ethusdt")
// against all three catalogs at once, each match joined with the latest ticker the core holds.
import Big from 'big.js';
import type { MarketSearchReply, MarketSearchResult } from '../../../shared/contract';
import type { ExchangeId, MarketInfo, Ticker } from '../../../shared/model';
import { EXCHANGES, TICKER_VOLUME_UNIT, parseMarketId } from '../../../shared/model';
import type { CommandGroup, CoreContext } from '../core-context';

/** How well a market matches: 0 the exact pair, 1 the base, 2 the quote, 3 a base prefix, 4 anywhere; -1 not at all. */
export function matchRank(m: Pick<MarketInfo, 'base' | 'quote'>, query: string): number {
  const q = query.trim().toUpperCase().replace(/[\s_-]+/g, '');
  if (!q) return -1;
  const flat = q.replace('/', '');
  const pair = `${m.base}/${m.quote}`;
  if (pair === q || (q === flat && m.base + m.quote === flat)) return 0;
  if (m.base === q) return 1;
  if (m.quote === q) return 2;
  if (m.base.startsWith(q)) return 3;
  if (pair.includes(q) || (m.base + m.quote).includes(flat)) return 4;
  return -1;
}

function volumeOrder(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return new Big(b).cmp(new Big(a)); // larger first
}

/**
 * Ranks the matches of every catalog: exact pair, base, quote, base prefix, anywhere; within a
 * rank the larger 24 h volume first (markets without a known volume last), then by exchange.
 */
export function rankMarkets(
  catalogs: readonly { exchange: ExchangeId; markets: readonly MarketInfo[] }[],
  query: string,
  limit: number,
  tickerOf: (m: MarketInfo) => Ticker | null,
): { results: MarketSearchResult[]; truncated: boolean } {
  const found: { rank: number; order: number; result: MarketSearchResult }[] = [];
  for (const { exchange, markets } of catalogs) {
    for (const m of markets) {
      const rank = matchRank(m, query);
      if (rank < 0 || parseMarketId(m.market)?.exchange !== exchange) continue;
      const t = tickerOf(m);
      found.push({
        rank,
        order: EXCHANGES.indexOf(exchange),
        result: {
          exchange,
          market: m.market,
          base: m.base,
          quote: m.quote,
          last: t?.last ?? null,
          volume24h: t?.volume24h ?? null,
          stale: t ? t.stale : false,
          asOf: t?.updatedAt ?? null,
          volumeUnit: TICKER_VOLUME_UNIT[exchange] === 'base' ? m.base : m.quote,
        },
      });
    }
  }
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      volumeOrder(a.result.volume24h, b.result.volume24h) ||
      a.result.base.localeCompare(b.result.base) ||
      a.result.quote.localeCompare(b.result.quote) ||
      a.order - b.order,
  );
  return { results: found.slice(0, limit).map((f) => f.result), truncated: found.length > limit };
}

export function marketSearchCommands(ctx: CoreContext): CommandGroup {
  return {
    // The request arrives parsed and bounded (requests.ts).
    'markets.search': async ({ query, limit }): Promise<MarketSearchReply> => {
      if (!query.trim()) return { results: [], truncated: false, unavailable: [] };
      const unavailable: ExchangeId[] = [];
      const catalogs = await Promise.all(
        EXCHANGES.map(async (exchange) => {
          const adapter = ctx.adapters.get(exchange);
          try {
            if (!adapter) throw new Error('no adapter');
            return { exchange, markets: await adapter.markets() };
          } catch (error) {
            ctx.log.warn(`${exchange}: market list for search failed: ${error instanceof Error ? error.message : String(error)}`);
            unavailable.push(exchange);
            return { exchange, markets: [] };
          }
        }),
      );
      // Only what the core already follows has a price; a market nobody follows says "no price yet".
      const ranked = rankMarkets(catalogs, query, limit, (m) => ctx.board.get(m.market));
      return { ...ranked, unavailable: EXCHANGES.filter((e) => unavailable.includes(e)) };
    },
  };
}
