// The portfolio as the contract carries it: holdings with their cost basis, the view, value history.
import type { DecimalString, ExchangeId, MarketId } from './model';

/**
 * The quote currencies the portfolio offers. The value history is recorded in every one of them at
 * each point (converted at that moment's prices), so switching the quote shows the history too.
 */
export const PORTFOLIO_QUOTES = ['USDT', 'USDC', 'BTC', 'ETH'] as const;

export const PNL_METHODS = ['average', 'fifo'] as const;
export type PnlMethod = (typeof PNL_METHODS)[number];

export interface Holding {
  exchange: ExchangeId;
  /** The account's label (src/shared/accounts.ts); absent means "main". */
  account?: string;
  asset: string;
  amount: DecimalString;
  /** Free to trade, and held in open orders (amount = available + held). */
  available: DecimalString;
  held: DecimalString;
  /** The asset's price change over 24 h in percent (two places), in the view's quote; null when unknown. */
  change24h: DecimalString | null;
  /** What the deal history says this holding cost; null when no deal of this asset is stored. */
  costBasis: CostBasis | null;
  /** Price in the quote currency, null when no market prices it. */
  price: DecimalString | null;
  value: DecimalString | null;
  /** Share of the total, in percent. */
  share: DecimalString | null;
}

/**
 * The cost of a holding according to the stored deals (its markets on its exchange whose base is the
 * asset). `covered` may be less than the holding's amount: what came in before the deal history starts
 * (or by deposit) has no known cost, and the figures below are about the covered part only.
 */
export interface CostBasis {
  /** The currency of `cost`, `average` and `unrealised`: the view's quote when a market trades the asset against it, else that market's quote. */
  currency: string;
  /** The amount of the holding whose cost the deals show (at most the holding's amount). */
  covered: DecimalString;
  /** What `covered` cost, fees included. */
  cost: DecimalString;
  /** The average entry price of `covered` (cost / covered); null when covered is 0. */
  average: DecimalString | null;
  /** covered × price now − cost; null when nothing prices the asset in `currency`. */
  unrealised: DecimalString | null;
  /** unrealised / cost in percent (two places); null when either is unknown or the cost is 0. */
  unrealisedPct: DecimalString | null;
  /** The markets whose deals this is computed from (the Deals behind the figure). */
  markets: MarketId[];
  /** How many deals those are. */
  deals: number;
}

export interface PortfolioView {
  quote: string;
  /** The method the P&L figures use. */
  pnlMethod: PnlMethod;
  total: DecimalString;
  holdings: Holding[];
  /** P&L from the deal history, by `pnlMethod`. */
  realisedPnl: DecimalString;
  unrealisedPnl: DecimalString;
  at: number;
}

export interface ValuePoint {
  time: number;
  value: DecimalString;
}
