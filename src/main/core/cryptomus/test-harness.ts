// Test wiring for the Cryptomus adapter: a simulator, an adapter pointed at it, and a sink that
// records everything (deals go through a MemoryDealHistory, as the engine stores them).
import type { Balance, Candle, CandleInterval, Deal, MarketId, MarketRef, Order, Trade } from '../../../shared/model';
import type { Clock } from '../connection/clock';
import type { BookUpdate, MarketSink } from '../exchange';
import { MemoryCandleStore } from '../market/candle-store';
import type { TickerPatch } from '../market/ticker-board';
import { MemoryDealHistory } from '../portfolio/deal-history';
import { TOKEN_PATH } from './rest';
import { CryptomusAdapter, type CryptomusAdapterOptions } from './adapter';
import { DEMO_CREDENTIALS, startCryptomusSimulator, type CryptomusSimulator, type CryptomusSimulatorOptions } from '../simulators/cryptomus/simulator';

export const FAST = { backoff: { baseMs: 20, maxMs: 200, stableMs: 1_000 } };

export const ref = (base: string, quote = 'USDT'): MarketRef => ({ exchange: 'cryptomus', base, quote });

export interface Recorded {
  tickers: { market: MarketId; patch: TickerPatch }[];
  trades: { market: MarketId; trades: Trade[] }[];
  books: { market: MarketId; update: BookUpdate }[];
  candles: { market: MarketId; interval: CandleInterval; candles: Candle[] }[];
  balances: { balances: Balance[]; snapshot: boolean }[];
  orders: { orders: Order[]; snapshot: boolean }[];
  /** Reconciliation reads: the exchange's own state, as handed to the engine. */
  reconciled: { balances: Balance[] | null; orders: Order[] | null }[];
  /** Every deal as emitted, duplicates included. */
  dealsEmitted: Deal[];
  history: MemoryDealHistory;
}

export function recordingSink(): { sink: MarketSink; rec: Recorded } {
  const rec: Recorded = { tickers: [], trades: [], books: [], candles: [], balances: [], orders: [], reconciled: [], dealsEmitted: [], history: new MemoryDealHistory() };
  const sink: MarketSink = {
    ticker: (market, patch) => void rec.tickers.push({ market, patch }),
    trades: (market, trades) => void rec.trades.push({ market, trades }),
    book: (market, update) => void rec.books.push({ market, update }),
    candles: (market, interval, candles) => void rec.candles.push({ market, interval, candles }),
    balances: (_exchange, balances, snapshot) => void rec.balances.push({ balances, snapshot }),
    orders: (_exchange, orders, snapshot) => void rec.orders.push({ orders, snapshot }),
    deals: (_exchange, deals) => {
      rec.dealsEmitted.push(...deals);
      rec.history.upsert(deals);
    },
    reconciled: (_exchange, state) => {
      rec.reconciled.push(state);
      if (state.balances) rec.balances.push({ balances: state.balances, snapshot: true });
      if (state.orders) rec.orders.push({ orders: state.orders, snapshot: true });
    },
  };
  return { sink, rec };
}

export interface Harness {
  sim: CryptomusSimulator;
  adapter: CryptomusAdapter;
  rec: Recorded;
  store: MemoryCandleStore;
  /** Token requests the simulator answered with a token. */
  tokensIssued(): number;
  close(): Promise<void>;
}

export async function harness(
  options: {
    sim?: CryptomusSimulatorOptions;
    clock?: Clock;
    adapter?: Partial<CryptomusAdapterOptions>;
    store?: MemoryCandleStore;
    existing?: CryptomusSimulator;
  } = {},
): Promise<Harness> {
  const sim = options.existing ?? (await startCryptomusSimulator({ accountMs: 0, tickMs: 1_000_000, seed: 11, ...options.sim }));
  const { sink, rec } = recordingSink();
  const store = options.store ?? new MemoryCandleStore();
  const adapter = new CryptomusAdapter({
    endpoints: sim.endpoints,
    credentials: DEMO_CREDENTIALS,
    sink,
    candleStore: store,
    deals: rec.history,
    clock: options.clock,
    connection: FAST,
    historyDebounceMs: 50,
    ...options.adapter,
  });
  return {
    sim,
    adapter,
    rec,
    store,
    tokensIssued: () => sim.http.filter((h) => h.path === TOKEN_PATH && h.status === 200).length,
    async close() {
      await adapter.stop();
      if (!options.existing) await sim.close();
    },
  };
}
