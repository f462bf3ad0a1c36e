// The one contract between the core and the UI. Every channel is named here once, with its payload
// types; the preload, the IPC transport, the web transport and the renderer client are typed from
// it. Secrets only ever travel inward: no reply or event carries an API key.
import type { ExchangeId, ExchangeStatus, MarketId, Ticker, Watchlist } from './model';

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
  'exchange.reconnect': { request: { exchange: ExchangeId }; reply: ExchangeStatus };
}

/** Events: the core pushes, the renderer listens. */
export interface Events {
  'market.frame': MarketFrame;
  'exchange.status': ExchangeStatus;
  'watchlist.changed': Watchlist[];
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
  'exchange.reconnect': true,
};
const eventTable: { [E in EventName]: true } = {
  'market.frame': true,
  'exchange.status': true,
  'watchlist.changed': true,
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
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'event'; event: EventName; payload: unknown };

/** Errors a command handler throws that are safe and useful to show the user. */
export class CommandError extends Error {
  override name = 'CommandError';
}
