// The unified market model shared by the core and the UI. Money is always a decimal string here:
// arithmetic happens in the core with a decimal library, numbers appear only when drawing.
import type { Coded } from './notices';

export const EXCHANGES = ['cryptomus', 'itick', 'coinking'] as const;
export type ExchangeId = (typeof EXCHANGES)[number];
/** The exchanges' own names: brands, the same in every language. */
export const EXCHANGE_NAMES: Record<ExchangeId, string> = { cryptomus: 'Cryptomus', itick: 'iTick', coinking: 'CoinKing' };

/**
 * Which asset each exchange's 24 h volume is counted in, as its adapter maps it into
 * `Ticker.volume24h`: Cryptomus `ticker.volume` (it sends `quote_volume` apart), CoinKing
 * `state.volume` (`deal` is the quote side) and iTick's quote `v` are all amounts of the base asset.
 */
export const TICKER_VOLUME_UNIT: Record<ExchangeId, 'base' | 'quote'> = { cryptomus: 'base', itick: 'base', coinking: 'base' };

/** `<exchange>:<BASE>/<QUOTE>`, e.g. `coinking:BTC/USDT`. */
export type MarketId = `${ExchangeId}:${string}/${string}`;

export interface MarketRef {
  exchange: ExchangeId;
  base: string;
  quote: string;
}

/** A decimal number kept as its exact string form, e.g. "107152.55". */
export type DecimalString = string;

export interface Ticker {
  market: MarketId;
  last: DecimalString | null;
  /** Price 24 h ago (the exchange's period open). */
  open24h: DecimalString | null;
  high24h: DecimalString | null;
  low24h: DecimalString | null;
  /** 24 h volume, in the asset TICKER_VOLUME_UNIT names for the market's exchange. */
  volume24h: DecimalString | null;
  /** (last - open) / open * 100, to two decimals; null until both are known. */
  changePct24h: DecimalString | null;
  /** When the exchange last told us anything about this market (ms since epoch, local clock). */
  updatedAt: number | null;
  /** True when nothing has arrived within the channel's expected rhythm, or the link is down. */
  stale: boolean;
  /** Something the user must know about this market ("ticker.suspended", "ticker.limitReached"…), as a code. */
  notice: Coded | null;
}

export type ConnectionState =
  | 'not_configured'
  | 'idle'
  | 'connecting'
  | 'live'
  | 'stale'
  | 'backing_off'
  | 'auth_failed'
  | 'stopped';

/** Whether a link in this state is up: 'stale' is connected but silent. The one rule every reader uses. */
export function isLinkUp(state: ConnectionState): boolean {
  return state === 'live' || state === 'stale';
}

/**
 * The private (account) side of a link, where it can fail on its own: `none` without a key,
 * `pending` until the login, `live` once logged in, `rejected` when the exchange refused the key
 * (market data may still flow: CoinKing's is public).
 */
export type AccountLinkState = 'none' | 'pending' | 'live' | 'rejected';

export interface ExchangeStatus {
  exchange: ExchangeId;
  state: ConnectionState;
  /** The account side, for exchanges whose market data works without it (absent: not told apart). */
  account?: AccountLinkState;
  /** Why the link is in this state, as a code the UI translates; never contains a secret. */
  reason: Coded | null;
  /** When the next connection attempt is due (ms since epoch), while backing off. */
  nextRetryAt: number | null;
  /** Consecutive failed attempts since the last stable connection. */
  attempt: number;
  /** Last heartbeat round trip in ms. */
  rttMs: number | null;
  /** Frames dropped because they did not parse or match their schema. */
  badFrames: number;
  since: number;
  /**
   * Something wrong beside a working link: e.g. the API key was rejected while public market data
   * keeps flowing (the private channels are down, prices are live). Null when all is well.
   */
  problem?: Coded | null;
  /** When the link last proved alive (a heartbeat answered or any frame arrived), ms since epoch. */
  aliveAt?: number | null;
}

export interface Watchlist {
  id: string;
  /** The user's name for the list; empty for a default list, which shows `label` instead. */
  name: string;
  /** A default list's name as a code ("list.main"), rendered in the user's language until renamed. */
  label?: Coded;
  markets: MarketId[];
}

const MARKET_ID = /^(cryptomus|itick|coinking):([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/;

export function parseMarketId(value: unknown): MarketRef | null {
  if (typeof value !== 'string') return null;
  const m = MARKET_ID.exec(value);
  if (!m) return null;
  return { exchange: m[1] as ExchangeId, base: m[2]!, quote: m[3]! };
}

export function marketId(ref: MarketRef): MarketId {
  return `${ref.exchange}:${ref.base}/${ref.quote}`;
}

export type Side = 'buy' | 'sell';

/** One public trade on the tape. Times are ms since epoch. */
export interface Trade {
  market: MarketId;
  /** The exchange's trade id when it has one (used to fill gaps without duplicates). */
  id: string | null;
  price: DecimalString;
  amount: DecimalString;
  side: Side | null;
  time: number;
}

/** [price, amount]. */
export type BookLevel = [DecimalString, DecimalString];

export interface OrderBookView {
  market: MarketId;
  /** Best first: bids descending, asks ascending. */
  bids: BookLevel[];
  asks: BookLevel[];
  updatedAt: number;
}

export const CANDLE_INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];
export const INTERVAL_MS: Record<CandleInterval, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function isCandleInterval(value: unknown): value is CandleInterval {
  return typeof value === 'string' && (CANDLE_INTERVALS as readonly string[]).includes(value);
}

export interface Candle {
  /** Open time, ms since epoch, aligned to the interval. */
  time: number;
  open: DecimalString;
  high: DecimalString;
  low: DecimalString;
  close: DecimalString;
  /** Base-currency volume. */
  volume: DecimalString;
}

export interface MarketInfo {
  market: MarketId;
  base: string;
  quote: string;
  /** Digits after the decimal point for prices and amounts. */
  pricePrecision: number;
  amountPrecision: number;
}

export interface Balance {
  exchange: ExchangeId;
  /** The account's label (src/shared/accounts.ts): "main" or a sub-account's; absent means "main". */
  account?: string;
  asset: string;
  available: DecimalString;
  /** Held in open orders (Cryptomus "held", ViaBTC "freeze"). */
  locked: DecimalString;
}

export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled';

export interface Order {
  exchange: ExchangeId;
  /** The account's label (src/shared/accounts.ts): "main" or a sub-account's; absent means "main". */
  account?: string;
  id: string;
  market: MarketId;
  side: Side;
  type: 'limit' | 'market';
  price: DecimalString | null;
  amount: DecimalString;
  filled: DecimalString;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
}

/** One of the user's own fills. `id` is the exchange's deal/transaction id: the dedup key. */
export interface Deal {
  exchange: ExchangeId;
  /** The account's label (src/shared/accounts.ts): "main" or a sub-account's; absent means "main". */
  account?: string;
  id: string;
  orderId: string | null;
  market: MarketId;
  side: Side;
  price: DecimalString;
  amount: DecimalString;
  /** price × amount in the quote currency. */
  value: DecimalString;
  fee: DecimalString;
  feeAsset: string | null;
  role: 'maker' | 'taker' | null;
  time: number;
}
