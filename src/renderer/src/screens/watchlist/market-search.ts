// Finding markets in an exchange's list by what a trader types: "btc", "BTC/USDT", "btcusdt", "usdt".
import type { ExchangeId, MarketId, MarketInfo } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';

export const MAX_RESULTS = 50;

/** Matches ranked: exact pair, then base, then base prefix, then anything containing the text. */
export function searchMarkets(markets: readonly MarketInfo[], query: string): MarketInfo[] {
  const q = query.trim().toUpperCase().replace(/[\s_-]+/g, '');
  if (!q) return [...markets].sort((a, b) => a.base.localeCompare(b.base) || a.quote.localeCompare(b.quote));
  const flat = q.replace('/', '');
  const ranked: { m: MarketInfo; rank: number }[] = [];
  for (const m of markets) {
    const pair = `${m.base}/${m.quote}`;
    let rank = -1;
    if (pair === q || m.base + m.quote === flat) rank = 0;
    else if (m.base === q) rank = 1;
    else if (m.base.startsWith(q)) rank = 2;
    else if (m.quote === q) rank = 3;
    else if (pair.includes(q) || (m.base + m.quote).includes(flat)) rank = 4;
    if (rank >= 0) ranked.push({ m, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.m.base.localeCompare(b.m.base) || a.m.quote.localeCompare(b.m.quote)).map((r) => r.m);
}

/** "btc/usdt" typed on an exchange → its market id, or null when the text is not a pair. */
export function typedMarket(exchange: ExchangeId, query: string): MarketId | null {
  const text = query.trim().toUpperCase();
  const id = `${exchange}:${text}`;
  return parseMarketId(id) ? (id as MarketId) : null;
}
