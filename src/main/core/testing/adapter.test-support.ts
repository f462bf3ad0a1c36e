// Shared by the adapter tests of all three exchanges: connection timings short enough for a test,
// a sink that records everything an adapter hands the engine, and a logger that keeps its lines.
import type { Balance, Candle, CandleInterval, Deal, ExchangeStatus, MarketId, Order, Trade } from '../../../shared/model';
import type { BookUpdate, MarketSink, ReconcileState } from '../exchange-adapter';
import type { Logger } from '../log';
import type { TickerPatch } from '../market/ticker-board';
import { MemoryDealHistory } from '../portfolio/deal-history';

/** Reconnect backoff for tests: retries within tens of milliseconds. */
export const FAST = { backoff: { baseMs: 20, maxMs: 200, stableMs: 1_000 } };

export interface Recorded {
  tickers: { market: MarketId; patch: TickerPatch }[];
  trades: { market: MarketId; trades: Trade[] }[];
  books: { market: MarketId; update: BookUpdate }[];
  candles: { market: MarketId; interval: CandleInterval; candles: Candle[] }[];
  /** Pushed balances, and (as snapshots) those a reconciliation read, as the engine applies them. */
  balances: { balances: Balance[]; snapshot: boolean }[];
  orders: { orders: Order[]; snapshot: boolean }[];
  /** Reconciliation reads: the exchange's own state, as handed to the engine. */
  reconciled: ReconcileState[];
  /** Each deals call, as made. */
  deals: Deal[][];
  /** Every deal as emitted, duplicates included. */
  dealsEmitted: Deal[];
  /** The deals as the engine would store them (upserted). */
  history: MemoryDealHistory;
}

export function recordingSink(extra: Partial<MarketSink> = {}): {
  rec: Recorded;
  sink: MarketSink;
  /** The newest value of one ticker field for a market, or undefined. */
  latest: <K extends keyof TickerPatch>(market: MarketId, key: K) => TickerPatch[K] | undefined;
} {
  const rec: Recorded = { tickers: [], trades: [], books: [], candles: [], balances: [], orders: [], reconciled: [], deals: [], dealsEmitted: [], history: new MemoryDealHistory() };
  const sink: MarketSink = {
    ticker: (market, patch) => void rec.tickers.push({ market, patch }),
    trades: (market, trades) => void rec.trades.push({ market, trades }),
    book: (market, update) => void rec.books.push({ market, update }),
    candles: (market, interval, candles) => void rec.candles.push({ market, interval, candles }),
    balances: (_exchange, balances, snapshot) => void rec.balances.push({ balances, snapshot }),
    orders: (_exchange, orders, snapshot) => void rec.orders.push({ orders, snapshot }),
    deals: (_exchange, deals) => {
      rec.deals.push(deals);
      rec.dealsEmitted.push(...deals);
      rec.history.upsert(deals);
    },
    reconciled: (_exchange, state) => {
      rec.reconciled.push(state);
      if (state.balances) rec.balances.push({ balances: state.balances, snapshot: true });
      if (state.orders) rec.orders.push({ orders: state.orders, snapshot: true });
    },
    ...extra,
  };
  const latest = <K extends keyof TickerPatch>(market: MarketId, key: K): TickerPatch[K] | undefined => {
    for (let i = rec.tickers.length - 1; i >= 0; i--) {
      const t = rec.tickers[i]!;
      if (t.market === market && t.patch[key] !== undefined) return t.patch[key];
    }
    return undefined;
  };
  return { rec, sink, latest };
}

/** A logger that keeps every line, to prove what never appears in it. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => void lines.push(m), warn: (m) => void lines.push(m), error: (m) => void lines.push(m) };
}

/** Every status an adapter reported. */
export function statusTrail(source: { onStatus(l: (s: ExchangeStatus) => void): () => void }): ExchangeStatus[] {
  const trail: ExchangeStatus[] = [];
  source.onStatus((s) => trail.push(s));
  return trail;
}
