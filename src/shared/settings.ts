// Settings, credentials, alerts and portfolio: the rest of the contract's payloads.
import type { ChartSettings } from './chart-settings';
import type { DecimalString, ExchangeId, MarketId, Side } from './model';
import type { Coded } from './notices';

export const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'th'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Settings {
  language: Language;
  theme: 'dark' | 'light';
  /** Show desktop notifications for fired alerts. */
  notifications: boolean;
  /** Start hidden in the tray (desktop app). */
  startMinimized: boolean;
  /** Start at login (desktop app). */
  startAtLogin: boolean;
  /** Run against the built-in simulators (takes effect after a restart). */
  demo: boolean;
  /** The currency portfolio values are shown in. */
  quoteCurrency: string;
  /** How the cost of what is sold is taken out of a position: the average cost, or the oldest buys first. */
  pnlMethod: PnlMethod;
  /** Privacy mode: every amount (balances, values, P&L, order sizes, deal amounts) is hidden on screen and in the tray. */
  privacy: boolean;
  /** Endpoint overrides by name (see README); empty means the default. Takes effect after a restart. */
  endpoints: Partial<Record<EndpointName, string>>;
  /** The candle chart: price scale and each market's indicators (see chart-settings.ts). */
  charts: ChartSettings;
  /** Each watchlist's chosen sort, by list id; a list without one shows its own order. */
  watchlistSort: Record<string, WatchlistSort>;
}

/**
 * The quote currencies the portfolio offers. The value history is recorded in every one of them at
 * each point (converted at that moment's prices), so switching the quote shows the history too.
 */
export const PORTFOLIO_QUOTES = ['USDT', 'USDC', 'BTC', 'ETH'] as const;

export const PNL_METHODS = ['average', 'fifo'] as const;
export type PnlMethod = (typeof PNL_METHODS)[number];

export const WATCHLIST_SORT_COLUMNS = ['market', 'last', 'change', 'high', 'low', 'volume', 'updated'] as const;
export type WatchlistSortColumn = (typeof WATCHLIST_SORT_COLUMNS)[number];
export interface WatchlistSort {
  column: WatchlistSortColumn;
  direction: 'asc' | 'desc';
}
/** Bounds on the saved sorts: more lists than this keep their own order. */
export const MAX_WATCHLIST_SORTS = 200;

export type EndpointName =
  | 'cryptomusApi'
  | 'cryptomusMarket'
  | 'cryptomusScales'
  | 'cryptomusWs'
  | 'itickWs'
  | 'itickApi'
  | 'coinkingWs'
  | 'coinkingApi';

/** The credential fields each exchange takes. Write-only: they go in, never come back. */
export const CREDENTIAL_FIELDS: Record<ExchangeId, readonly string[]> = {
  cryptomus: ['userId', 'apiKey'],
  itick: ['token'],
  coinking: ['token'],
};

export interface CredentialStatus {
  exchange: ExchangeId;
  configured: boolean;
  /** A masked hint such as "…9f3a", never the secret. */
  hint: string | null;
  /** 'keychain' when stored in the OS keychain, 'session' when kept only until the app quits. */
  storage: 'keychain' | 'session' | null;
  /** Why the keychain could not be used, or the last connection error for these credentials (a code). */
  lastError: Coded | null;
  /**
   * Set when the credentials are held back: the exchange's endpoints are not the ones they were
   * entered for (code "credentials.endpointChanged", params.origins: the new origins). Nothing is
   * sent until the user enters them again.
   */
  heldBack: Coded | null;
  /** True while this exchange runs against its built-in simulator (demo mode): no key of the user's is in use. */
  demo?: boolean;
}

export interface CredentialsInput {
  exchange: ExchangeId;
  /** Field name → value, per CREDENTIAL_FIELDS. */
  fields: Record<string, string>;
}

export type AlertCondition =
  | { kind: 'price_above'; market: MarketId; price: DecimalString }
  | { kind: 'price_below'; market: MarketId; price: DecimalString }
  | { kind: 'move_pct'; market: MarketId; pct: DecimalString; windowMinutes: number }
  | { kind: 'order_filled'; exchange: ExchangeId | null }
  | { kind: 'balance_change'; exchange: ExchangeId | null; asset: string | null }
  | { kind: 'connection_lost'; exchange: ExchangeId; seconds: number }
  /** The same pair on two venues: fires when their last prices differ by more than `pct` % (of the lower). */
  | { kind: 'venue_gap'; a: MarketId; b: MarketId; pct: DecimalString };

export interface AlertRule {
  id: string;
  /** The user's name; empty when none was given (the UI then describes the condition). */
  name: string;
  enabled: boolean;
  condition: AlertCondition;
  createdAt: number;
}

export interface FiredAlert {
  id: string;
  ruleId: string;
  /** The rule's name, or its condition described, as a code (rendered in the user's language). */
  title: Coded;
  body: Coded;
  /** The market to focus when the notification is clicked. */
  market: MarketId | null;
  at: number;
  /** How many repeats were folded into this one by the rate limit. */
  folded: number;
}

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
