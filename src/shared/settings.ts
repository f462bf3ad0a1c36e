// The user's settings: what `settings.get` answers and `settings.set` changes.
import type { ChartSettings } from './chart-settings';
import type { PnlMethod } from './portfolio';

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
