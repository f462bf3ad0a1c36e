// Shared by the CoinKing tests: a sink that records everything, and fast connection timings.
import type { Balance, Candle, CandleInterval, Deal, ExchangeStatus, MarketId, Order, Trade } from '../../../shared/model';
import type { BookUpdate, MarketSink } from '../exchange';
import type { Logger } from '../log';
import type { TickerPatch } from '../market/ticker-board';

export const FAST = { backoff: { baseMs: 20, maxMs: 200, stableMs: 1_000 } };

export interface Recorded {
  tickers: { market: MarketId; patch: TickerPatch }[];
  trades: { market: MarketId; trades: Trade[] }[];
  books: { market: MarketId; update: BookUpdate }[];
  candles: { market: MarketId; interval: CandleInterval; candles: Candle[] }[];
  balances: { balances: Balance[]; snapshot: boolean }[];
  orders: { orders: Order[]; snapshot: boolean }[];
  deals: Deal[][];
}

export function recordingSink(extra: Partial<MarketSink> = {}): { rec: Recorded; sink: MarketSink } {
  const rec: Recorded = { tickers: [], trades: [], books: [], candles: [], balances: [], orders: [], deals: [] };
  const sink: MarketSink = {
    ticker: (market, patch) => void rec.tickers.push({ market, patch }),
    trades: (market, trades) => void rec.trades.push({ market, trades }),
    book: (market, update) => void rec.books.push({ market, update }),
    candles: (market, interval, candles) => void rec.candles.push({ market, interval, candles }),
    balances: (_exchange, balances, snapshot) => void rec.balances.push({ balances, snapshot }),
    orders: (_exchange, orders, snapshot) => void rec.orders.push({ orders, snapshot }),
    deals: (_exchange, deals) => void rec.deals.push(deals),
    ...extra,
  };
  return { rec, sink };
}

/** A logger that keeps every line, to prove what never appears in it. */
export function capturingLogger(): { lines: string[]; log: Logger } {
  const lines: string[] = [];
  return { lines, log: { info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m) } };
}

/** Every status an adapter reported. */
export function statusTrail(source: { onStatus(l: (s: ExchangeStatus) => void): () => void }): ExchangeStatus[] {
  const trail: ExchangeStatus[] = [];
  source.onStatus((s) => trail.push(s));
  return trail;
}
