// CoreContext, what the core's parts share: the state adapters feed, the event stream, and the lifecycle.
// Each command group (commands/*.ts) gets this and returns the handlers it owns.
import type { CommandName, EventName, Events, ReplyOf, RequestOf } from '../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId } from '../../shared/model';
import type { CoreBus } from './bus';
import type { CoreConfig, Credentials } from './config';
import type { Clock } from './connection/clock';
import type { ExchangeAdapter } from './exchange-adapter';
import type { Logger } from './log';
import type { NoticeBoard } from './notices';
import type { CandleStore } from './market/candle-store';
import type { MarketFocus } from './market/focused-market';
import type { FrameSource } from './market/frame-pump';
import type { TickerBoard } from './market/ticker-board';
import type { VenueComparisons } from './market/venues';
import type { Account } from './portfolio/account';
import type { DealHistory } from './portfolio/deal-history';
import type { WatchlistStore } from './watchlists';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

export type Handler<C extends CommandName> = (request: RequestOf<C>) => ReplyOf<C> | Promise<ReplyOf<C>>;
export type CommandGroup = { [C in CommandName]?: Handler<C> };

export interface CoreContext {
  config: CoreConfig;
  log: Logger;
  clock: Clock;
  /** Sends an event to the UI (the contract's event stream). */
  emit: Emit;
  /** The core's internal events, which its services listen to (never the UI stream). */
  bus: CoreBus;
  board: TickerBoard;
  account: Account;
  deals: DealHistory;
  candleStore: CandleStore;
  watchlists: WatchlistStore;
  /** Tells the user something outside a command reply: codes with parameters, never prose. */
  notices: NoticeBoard;
  statuses: Map<ExchangeId, ExchangeStatus>;
  adapters: Map<ExchangeId, ExchangeAdapter>;
  /** The market view: the one owner of which market is open and at which depth step. */
  focused: MarketFocus;
  /** "Same pair, every venue": the open comparison and the side focus it holds on other adapters. */
  venues: VenueComparisons;
  /**
   * Markets followed for a purpose other than the watchlists (the portfolio values holdings with
   * them): the adapters follow the union of all sources. Replaces this source's earlier list.
   */
  follow(source: string, markets: MarketId[]): void;
  /**
   * Replaces one exchange's credentials and restarts its adapter (null removes them). In a demo
   * run, the user's own credentials take that exchange out of demo, to its configured (real)
   * endpoints; removing them brings its simulator back.
   */
  reconfigure(exchange: ExchangeId, credentials: Credentials[ExchangeId] | null): Promise<void>;
  /** Whether the exchange runs against its built-in simulator now (demo mode). */
  isDemo(exchange: ExchangeId): boolean;
  /** Adds a coalesced push, run once per frame. */
  addFrameSource(source: FrameSource): void;
  /** Runs at stop, in reverse order of registration. */
  onStop(cleanup: () => void | Promise<void>): void;
}
