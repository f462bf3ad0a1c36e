// The unified market model shared by the core and the UI. Money is always a decimal string here:
// arithmetic happens in the core with a decimal library, numbers appear only when drawing.

export const EXCHANGES = ['cryptomus', 'itick', 'coinking'] as const;
export type ExchangeId = (typeof EXCHANGES)[number];

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
  /** Base-currency volume over 24 h. */
  volume24h: DecimalString | null;
  /** (last - open) / open * 100, to two decimals; null until both are known. */
  changePct24h: DecimalString | null;
  /** When the exchange last told us anything about this market (ms since epoch, local clock). */
  updatedAt: number | null;
  /** True when nothing has arrived within the channel's expected rhythm, or the link is down. */
  stale: boolean;
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

export interface ExchangeStatus {
  exchange: ExchangeId;
  state: ConnectionState;
  /** Why the link is in this state (last error, server message); never contains a secret. */
  reason: string | null;
  /** When the next connection attempt is due (ms since epoch), while backing off. */
  nextRetryAt: number | null;
  /** Consecutive failed attempts since the last stable connection. */
  attempt: number;
  /** Last heartbeat round trip in ms. */
  rttMs: number | null;
  /** Frames dropped because they did not parse or match their schema. */
  badFrames: number;
  since: number;
}

export interface Watchlist {
  id: string;
  name: string;
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
