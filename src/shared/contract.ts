// The one contract between the core and the UI. Every channel is named here once, with its payload
// types; the preload, the IPC transport, the web transport and the renderer client are typed from
// it. Secrets only ever travel inward: no reply or event carries an API key.
import type { AccountInput, AccountStatus } from './accounts';
import type {
  Balance,
  Candle,
  CandleInterval,
  DecimalString,
  Deal,
  ExchangeId,
  ExchangeStatus,
  MarketId,
  MarketInfo,
  Order,
  OrderBookView,
  Ticker,
  Trade,
  Watchlist,
} from './model';
import type { AlertRule, FiredAlert } from './alerts';
import type { CredentialStatus, CredentialsInput } from './credentials';
import type { DealQuery, DealTotals } from './deals';
import type { PortfolioView, ValuePoint } from './portfolio';
import type { Settings } from './settings';
import type { CodeParams, Coded, Notice } from './notices';
import { renderCoded, type CoreCode } from './codes';

export interface AppInfo {
  version: string;
  /** True when the app runs against its built-in exchange simulators. */
  demo: boolean;
  /** 'electron' or 'web': which transport serves this UI. */
  host: 'electron' | 'web';
}

export interface MarketSnapshot {
  tickers: Ticker[];
  statuses: ExchangeStatus[];
}

/** Pushed at most every frame interval, carrying only what changed since the previous frame. */
export interface MarketFrame {
  seq: number;
  at: number;
  tickers: Ticker[];
}

/** The market open in the market view. */
export interface FocusRequest {
  market: MarketId;
  interval: CandleInterval;
}

/** Everything the market view needs when it opens a market. */
export interface FocusSnapshot {
  market: MarketId;
  interval: CandleInterval;
  /** Oldest first. */
  candles: Candle[];
  book: OrderBookView | null;
  /** Newest first. */
  trades: Trade[];
}

/** What changed in the focused market since the last frame. */
export interface FocusFrame {
  market: MarketId;
  interval: CandleInterval;
  /** The top of the book, when it changed. */
  book: OrderBookView | null;
  /** New trades, newest first. */
  trades: Trade[];
  /** Candles that were added or changed, oldest first. */
  candles: Candle[];
}

export interface DepthScale {
  /** The price step, e.g. "0.01". */
  scale: string;
  index: number;
  selected: boolean;
}

export interface CandleHistoryRequest {
  market: MarketId;
  interval: CandleInterval;
  /** Open times strictly before this (ms). */
  before: number;
  limit: number;
}

/** The last check of one exchange's live account against the exchange's own account state. */
export interface Reconciliation {
  exchange: ExchangeId;
  /** The account's label; absent means "main". */
  account?: string;
  /** When the last check finished (ms since epoch); null before the first one. */
  at: number | null;
  /** Differences found and corrected since the core started (balances, open orders, stored deals). */
  corrections: number;
}

export interface AccountSnapshot {
  balances: Balance[];
  /** Open orders only. */
  orders: Order[];
  /** One entry per exchange checked at least once, in exchange order. */
  reconciliation: Reconciliation[];
}

/**
 * One venue's row in "same pair, every venue": the same base/quote on one exchange. Money and basis
 * points are decimal strings. The best bid and best ask are chosen among fresh rows only.
 */
export interface VenueQuote {
  market: MarketId;
  exchange: ExchangeId;
  last: DecimalString | null;
  /** The top of this venue's book (null until its book has a snapshot). */
  bid: DecimalString | null;
  ask: DecimalString | null;
  /** ask − bid, in the quote currency. */
  spread: DecimalString | null;
  /** ask − bid over the mid price, in basis points, to two decimals. */
  spreadBp: DecimalString | null;
  volume24h: DecimalString | null;
  /** (bid − best bid) / best bid × 10 000, to two decimals: 0 at the best, negative below it. */
  bidVsBestBp: DecimalString | null;
  /** (ask − best ask) / best ask × 10 000, to two decimals: 0 at the best, positive above it. */
  askVsBestBp: DecimalString | null;
  bestBid: boolean;
  bestAsk: boolean;
  /** When this venue last told us anything about the market (ticker or book), ms since epoch. */
  asOf: number | null;
  /** The ticker board's verdict on the market (or no ticker yet): a stale row is never the best. */
  stale: boolean;
}

/** The same base/quote on every venue that lists it (matched by normalised asset names). */
export interface VenueComparison {
  /** The market the comparison was opened for. */
  market: MarketId;
  base: string;
  quote: string;
  /** One row per venue, in exchange order; the asked market's venue is always there. */
  rows: VenueQuote[];
  at: number;
}

export interface MarketSearchRequest {
  /** What the trader typed: "eth", "ETH/USDT", "ethusdt", "usdt". */
  query: string;
  /** At most this many results (the core caps it at MAX_MARKET_SEARCH_RESULTS). */
  limit: number;
}

export const MAX_MARKET_SEARCH_RESULTS = 100;

/** One market found on any exchange, with the latest ticker the core knows for it. */
export interface MarketSearchResult {
  exchange: ExchangeId;
  market: MarketId;
  base: string;
  quote: string;
  /** Null when the core follows no feed for this market yet ("no price yet"), never a guess. */
  last: DecimalString | null;
  volume24h: DecimalString | null;
  /** The ticker board's verdict: a stale price (its feed silent or down) is shown as of its time, never as live. */
  stale: boolean;
  /** When the exchange last told us about the market (ms since epoch), or null. */
  asOf: number | null;
  /** The asset the volume is counted in (the base or quote asset, as the exchange reports it). */
  volumeUnit: string;
}

export interface MarketSearchReply {
  results: MarketSearchResult[];
  /** More markets matched than were sent. */
  truncated: boolean;
  /** Exchanges whose market list could not be read just now (their markets are missing, not absent). */
  unavailable: ExchangeId[];
}

export interface WatchlistEdit {
  listId: string;
  market: MarketId;
}

/** Commands: the renderer asks, the core replies. */
export interface Commands {
  'app.info': { request: void; reply: AppInfo };
  'market.snapshot': { request: void; reply: MarketSnapshot };
  'watchlist.list': { request: void; reply: Watchlist[] };
  'watchlist.add': { request: WatchlistEdit; reply: Watchlist };
  'watchlist.remove': { request: WatchlistEdit; reply: Watchlist };
  'watchlist.create': { request: { name: string }; reply: Watchlist };
  'watchlist.rename': { request: { listId: string; name: string }; reply: Watchlist };
  'watchlist.delete': { request: { listId: string }; reply: Watchlist[] };
  /** Moves a market within its list to `index` (0 = top). */
  'watchlist.move': { request: WatchlistEdit & { index: number }; reply: Watchlist };
  'exchange.reconnect': { request: { exchange: ExchangeId }; reply: ExchangeStatus };
  /** Opens a market in the market view (null closes it): live depth, trades and candles follow. */
  'market.focus': { request: FocusRequest | null; reply: FocusSnapshot | null };
  'market.candles': { request: CandleHistoryRequest; reply: Candle[] };
  /**
   * Opens "same pair, every venue" for a market (null closes it); one comparison at a time. The
   * other venues' tops of book are followed while it is open; `venues.frame` streams it.
   */
  'venues.compare': { request: { market: MarketId } | null; reply: VenueComparison | null };
  /** The depth aggregation steps an exchange offers for a market, finest first (Cryptomus). */
  'market.depthScales': { request: { market: MarketId }; reply: DepthScale[] };
  'market.setDepthScale': { request: { market: MarketId; index: number }; reply: DepthScale[] };
  'markets.list': { request: { exchange: ExchangeId }; reply: MarketInfo[] };
  /** Every exchange's markets matching the text, ranked (exact base, then quote, then 24 h volume). */
  'markets.search': { request: MarketSearchRequest; reply: MarketSearchReply };
  'account.snapshot': { request: void; reply: AccountSnapshot };
  /** One page of the deal history, newest first, with totals over the whole filter. */
  'deals.page': { request: DealQuery; reply: { total: number; rows: Deal[]; totals: DealTotals } };
  /** The filtered deal history as CSV text (the UI saves or downloads it). */
  'deals.csv': { request: Omit<DealQuery, 'offset' | 'limit'>; reply: { fileName: string; csv: string } };
  'portfolio.get': { request: void; reply: PortfolioView };
  'portfolio.history': { request: { from: number; to: number }; reply: ValuePoint[] };
  'settings.get': { request: void; reply: Settings };
  'settings.set': { request: Partial<Settings>; reply: Settings };
  'credentials.status': { request: void; reply: CredentialStatus[] };
  /** Secrets travel only inward: the reply says "configured" and a masked hint. */
  'credentials.set': { request: CredentialsInput; reply: CredentialStatus };
  'credentials.remove': { request: { exchange: ExchangeId }; reply: CredentialStatus };
  /** Connects with the stored credentials and says whether the exchange accepted them. */
  'credentials.test': { request: { exchange: ExchangeId }; reply: { ok: boolean; message: Coded } };
  /** The accounts added beside each exchange's main one (sub-accounts), with their link state. */
  'accounts.list': { request: void; reply: AccountStatus[] };
  /** Adds an account with its own key (secrets travel only inward); replies with every added account. */
  'accounts.add': { request: AccountInput; reply: AccountStatus[] };
  'accounts.remove': { request: { exchange: ExchangeId; label: string }; reply: AccountStatus[] };
  'alerts.list': { request: void; reply: AlertRule[] };
  /** Creates (no id) or replaces a rule. */
  'alerts.save': { request: Omit<AlertRule, 'id' | 'createdAt'> & { id?: string }; reply: AlertRule };
  'alerts.delete': { request: { id: string }; reply: AlertRule[] };
  'alerts.history': { request: void; reply: FiredAlert[] };
  'alerts.pause': { request: { paused: boolean }; reply: { paused: boolean } };
  /** Desktop only: a native save dialog for text (the web host answers with an error; browsers download). */
  'file.saveText': { request: { fileName: string; text: string }; reply: { saved: boolean; path: string | null } };
  /** The notices in force (newest first), e.g. after the UI reconnects. */
  'notices.list': { request: void; reply: Notice[] };
  'notices.dismiss': { request: { id: string }; reply: Notice[] };
}

/** Events: the core pushes, the renderer listens. */
export interface Events {
  'market.frame': MarketFrame;
  'exchange.status': ExchangeStatus;
  'watchlist.changed': Watchlist[];
  'market.focus': FocusFrame;
  /** The open venue comparison, when any row changed (at most once per frame). */
  'venues.frame': VenueComparison;
  'account.changed': AccountSnapshot;
  'deals.added': Deal[];
  /** Stored deals the exchange's own history contradicted, as rewritten (reconciliation). */
  'deals.corrected': Deal[];
  'portfolio.changed': PortfolioView;
  'settings.changed': Settings;
  'credentials.changed': CredentialStatus[];
  'accounts.changed': AccountStatus[];
  'alerts.changed': AlertRule[];
  'alert.fired': FiredAlert;
  /** The shell asks the UI to open a market (a notification was clicked). */
  'ui.focusMarket': { market: MarketId };
  /** A notice was posted (or posted again: same id). */
  'notice.posted': Notice;
}

export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type RequestOf<C extends CommandName> = Commands[C]['request'];
export type ReplyOf<C extends CommandName> = Commands[C]['reply'];

// Runtime lists, checked against the types above so neither can drift from the other.
const commandTable: { [C in CommandName]: true } = {
  'app.info': true,
  'market.snapshot': true,
  'watchlist.list': true,
  'watchlist.add': true,
  'watchlist.remove': true,
  'watchlist.create': true,
  'watchlist.rename': true,
  'watchlist.delete': true,
  'watchlist.move': true,
  'exchange.reconnect': true,
  'market.focus': true,
  'market.candles': true,
  'venues.compare': true,
  'market.depthScales': true,
  'market.setDepthScale': true,
  'markets.list': true,
  'markets.search': true,
  'account.snapshot': true,
  'deals.page': true,
  'deals.csv': true,
  'portfolio.get': true,
  'portfolio.history': true,
  'settings.get': true,
  'settings.set': true,
  'credentials.status': true,
  'credentials.set': true,
  'credentials.remove': true,
  'credentials.test': true,
  'accounts.list': true,
  'accounts.add': true,
  'accounts.remove': true,
  'alerts.list': true,
  'alerts.save': true,
  'alerts.delete': true,
  'alerts.history': true,
  'alerts.pause': true,
  'file.saveText': true,
  'notices.list': true,
  'notices.dismiss': true,
};
const eventTable: { [E in EventName]: true } = {
  'market.frame': true,
  'exchange.status': true,
  'watchlist.changed': true,
  'market.focus': true,
  'venues.frame': true,
  'account.changed': true,
  'deals.added': true,
  'deals.corrected': true,
  'portfolio.changed': true,
  'settings.changed': true,
  'credentials.changed': true,
  'accounts.changed': true,
  'alerts.changed': true,
  'alert.fired': true,
  'ui.focusMarket': true,
  'notice.posted': true,
};
export const COMMAND_NAMES = Object.freeze(Object.keys(commandTable)) as readonly CommandName[];
export const EVENT_NAMES = Object.freeze(Object.keys(eventTable)) as readonly EventName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commandTable, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventTable, value);
}

/** Electron IPC channel names, derived here so no other file spells them. */
export const IPC = {
  command: (c: CommandName) => `vigil:command:${c}`,
  event: 'vigil:event',
} as const;

/** What the core serves to a transport: one handler per command, and an event stream. */
export interface ContractHandlers {
  invoke<C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>>;
  subscribe(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void;
}

/** What the preload exposes on `window.vigil`, and what the renderer's client offers. */
export interface VigilBridge {
  invoke<C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Messages of the web transport (a loopback WebSocket guarded by a session token). */
export type WebClientMessage = { kind: 'command'; id: number; command: CommandName; request: unknown };
export type WebServerMessage =
  | { kind: 'reply'; id: number; ok: true; reply: unknown }
  | { kind: 'reply'; id: number; ok: false; error: Coded }
  | { kind: 'event'; event: EventName; payload: unknown };

/**
 * Errors a command handler throws that are safe and useful to show the user: a code with
 * parameters, which the UI translates. Any other error is the core's own failure: both transports
 * log it and send only "command.failed" (see src/main/core/command-errors.ts).
 */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly code: string;
  readonly params: CodeParams | undefined;
  constructor(code: CoreCode, params?: CodeParams) {
    // The English words stay in the core (logs, tests); the wire carries only the code and params.
    super(renderCoded('en', params ? { code, params } : { code }));
    this.code = code;
    this.params = params;
  }

  get coded(): Coded {
    return this.params ? { code: this.code, params: this.params } : { code: this.code };
  }

  /** A coded error as it arrived from the core (the renderer's side of the wire). */
  static fromWire(message: Coded): CommandError {
    const error = new CommandError('fallback', message.params);
    (error as { code: string }).code = message.code;
    return error;
  }
}

/** The wire form of a command error (IPC carries only a message string, so it travels as JSON). */
export function encodeCommandError(message: Coded): string {
  return JSON.stringify({ vigilError: message });
}

export function decodeCommandError(text: string): Coded | null {
  const at = text.indexOf('{"vigilError":');
  if (at < 0) return null;
  try {
    const v = JSON.parse(text.slice(at)) as { vigilError?: Coded };
    return v.vigilError && typeof v.vigilError.code === 'string' ? v.vigilError : null;
  } catch {
    return null;
  }
}
