// The simulator's `GET /api/api/summary`: the CoinMarketCap "summary" shape the adapter parses
// (see summary.ts), decimal strings at each market's own precision.
import Big from 'big.js';
import type { SimMarket } from './market';

export function summaryBody(markets: Iterable<SimMarket>): unknown[] {
  const out: unknown[] = [];
  for (const m of markets) {
    const p = m.spec.pricePrecision;
    const s = m.walk.state();
    const [bid] = m.depth.top('bids', 1);
    const [ask] = m.depth.top('asks', 1);
    const open = new Big(s.open);
    const change = open.eq(0) ? '0' : new Big(s.last).minus(open).div(open).times(100).toFixed(2);
    out.push({
      trading_pairs: `${m.spec.base}_${m.spec.quote}`,
      base_currency: m.spec.base,
      quote_currency: m.spec.quote,
      last_price: s.last,
      lowest_ask: ask?.[0] ?? s.last,
      highest_bid: bid?.[0] ?? s.last,
      base_volume: s.volume,
      quote_volume: s.deal,
      price_change_percent_24h: change,
      highest_price_24h: new Big(s.high).toFixed(p),
      lowest_price_24h: new Big(s.low).toFixed(p),
    });
  }
  return out;
}
