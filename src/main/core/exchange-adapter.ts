// What every exchange adapter is to the engine, and what the engine gives it. One folder per
// exchange (cryptomus/, itick/, coinking/) exports an ExchangeModule from its index.ts.
import type {
  Balance,
  BookLevel,
  Candle,
  CandleInterval,
  Deal,
  ExchangeId,
  ExchangeStatus,
  MarketId,
  MarketInfo,
  MarketRef,
  Order,
  Trade,
} from '../../shared/model';
import type { Clock } from './connection/clock';
import type { CoreConfig, Credentials, Endpoints } from './config';
import type { Logger } from './log';
import type { CandleStore } from './market/candle-store';
import type { TickerPatch } from './market/ticker-board';
import type { NoticeBoard } from './notices';
import { coded } from '../../shared/codes';
import { EXCHANGE_NAMES } from '../../shared/model';
import type { Coded } from '../../shared/notices';
import type { DealHistory } from './portfolio/deal-history';
import type { OrderLog } from './store/ports';

/**
 * A change to one market's order book: a snapshot replaces it, a delta updates levels ("0" deletes),
 * a reset empties it until the next snapshot (the adapter knows it may have missed updates).
 */
export interface BookUpdate {
  kind: 'snapshot' | 'delta' | 'reset';
  bids: BookLevel[];
  asks: BookLevel[];
  /** The book is cut back to this many levels per side after the update (ViaBTC's rule). */
  limit?: number;
}

/** What a reconciliation read found; `orderMarkets` limits the orders' scope (absent: all markets). */
export interface ReconcileState {
  balances: Balance[] | null;
  orders: Order[] | null;
  orderMarkets?: MarketId[];
}

/** Where adapters put what they receive, already mapped to the unified model. */
export interface MarketSink {
  ticker(market: MarketId, patch: TickerPatch): void;
  trades(market: MarketId, trades: Trade[]): void;
  book(market: MarketId, update: BookUpdate): void;
  /** Exchange candles, upserted by open time (the last one may still be forming). */
  candles(market: MarketId, interval: CandleInterval, candles: Candle[]): void;
  /** `snapshot: true` replaces all of the exchange's balances; false updates the listed assets. */
  balances(exchange: ExchangeId, balances: Balance[], snapshot: boolean): void;
  /** `snapshot: true` replaces the exchange's open orders; otherwise upserts (filled/cancelled leave). */
  orders(exchange: ExchangeId, orders: Order[], snapshot: boolean): void;
  /** The user's fills; the engine deduplicates by (exchange, id) and corrects a stored one that differs. */
  deals(exchange: ExchangeId, deals: Deal[]): void;
  /**
   * The exchange's own account state, re-read to check the live one (reconciliation): the engine
   * counts and logs every difference as a correction, then adopts this state (snapshots of both).
   * A null list was not read this time.
   */
  reconciled?(exchange: ExchangeId, state: ReconcileState): void;
}

/** The market open in the market view: its depth, trades and live candles are followed. */
export interface Focus {
  market: MarketRef;
  interval: CandleInterval;
  /** The depth step chosen for it (an index from depthScales), owned by MarketFocus; null or absent: the finest. */
  depthScale?: number | null;
}

export interface ExchangeAdapter {
  readonly exchange: ExchangeId;
  /**
   * true: the adapter sends a 'reset' book update itself whenever its depth feed may have missed
   * updates, and the engine does not guess that from the status. For adapters whose status is not
   * the link the depth comes on (CoinKing: the status is the watchlist socket's, depth has its own).
   */
  readonly resetsBook?: boolean;
  status(): ExchangeStatus;
  onStatus(listener: (status: ExchangeStatus) => void): () => void;
  /** Follows the tickers of exactly these markets, all of this exchange: the engine alone picks them (every source's followed markets). */
  watch(markets: MarketRef[]): void;
  /** Follows depth, trades and candles of one market; null stops. Must not disturb `watch` data. */
  focus(focus: Focus | null): void;
  /** Candle history before `endTime` (ms), oldest first, at most `limit`. */
  candleHistory(market: MarketRef, interval: CandleInterval, endTime: number, limit: number): Promise<Candle[]>;
  /** The exchange's markets, for search. */
  markets(): Promise<MarketInfo[]>;
  /** Depth aggregation steps, finest first, for exchanges that offer them (Cryptomus). */
  depthScales?(market: MarketRef): Promise<{ scale: string; index: number }[]>;
  /** Drops and re-opens the connections now; leaves auth-failed (credentials may have changed). */
  reconnect(): void;
  stop(): Promise<void>;
}

export interface AdapterContext {
  config: CoreConfig;
  /** The endpoints to use (the config's, or a simulator's in demo mode). */
  endpoints: Endpoints;
  credentials: Credentials;
  sink: MarketSink;
  log: Logger;
  clock: Clock;
  /** Where locally built candles persist (for exchanges without candles of their own). */
  candleStore: CandleStore;
  /** Read-only use: the newest stored deal time, to fetch only what came after it. */
  deals: Pick<DealHistory, 'latestTime'>;
  /** Read-only use: the orders stored as open at the last sync (history after a restart starts there). */
  orders?: Pick<OrderLog, 'openOrders'>;
  /** The notice board: what the adapter tells the user outside a reply (codes, never prose). */
  notices?: Pick<NoticeBoard, 'post'>;
}

export interface DemoServer {
  /** Endpoints that point at the simulator. */
  endpoints: Partial<Endpoints>;
  /** Credentials the simulator accepts, for exchanges whose data needs them. */
  credentials?: Credentials;
  close(): Promise<void>;
}

/** What an exchange folder exports: the adapter side only (demo servers live with the simulators). */
export type AdapterModule = Omit<ExchangeModule, 'startDemo'>;

/**
 * Why an exchange that needs credentials has none. The engine alone decides "not configured" (from
 * `needsCredentials`, before it creates an adapter); an adapter asked to connect without them refuses
 * with the same words.
 */
export function noCredentials(exchange: ExchangeId): Coded {
  return coded('link.noCredentials', { exchange: EXCHANGE_NAMES[exchange] });
}

export interface ExchangeModule {
  exchange: ExchangeId;
  /** Whether the exchange streams nothing without credentials: the engine then marks it not configured. */
  needsCredentials: boolean;
  createAdapter(context: AdapterContext): ExchangeAdapter;
  /**
   * Another account of the same exchange (a sub-account with its own key): an adapter that follows
   * no market and carries only the private side; market data stays on the main adapter's connection.
   * Absent: the exchange takes one account only.
   */
  createAccountSession?(context: AdapterContext): ExchangeAdapter;
  /** Starts this exchange's protocol simulator on 127.0.0.1 (demo mode and tests). */
  startDemo(options?: { seed?: number }): Promise<DemoServer>;
}
