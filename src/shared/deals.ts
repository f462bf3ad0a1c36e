// The deal history's queries and totals as the contract carries them.
import type { DecimalString, ExchangeId, MarketId, Side } from './model';

export interface DealQuery {
  exchange?: ExchangeId;
  /** One account's deals (its label; with `exchange`). */
  account?: string;
  market?: MarketId;
  /** A pair such as "BTC/USDT" on whichever exchange (with `exchange`, on that one only). */
  pair?: string;
  side?: Side;
  /** ms since epoch, inclusive. */
  from?: number;
  /** ms since epoch, exclusive. */
  to?: number;
  offset: number;
  limit: number;
}

/** `BASE/QUOTE` as a market id spells it after the exchange. */
export const PAIR_PATTERN = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/;

export interface DealTotals {
  count: number;
  /** Sum of deal values, per quote currency. */
  value: Record<string, DecimalString>;
  /** Sum of fees, per fee currency. */
  fees: Record<string, DecimalString>;
}
