// CoinKing for the engine. Two sockets, each its own Connection: the main one carries the
// watchlist (`price` and `state`) and, after `server.auth`, the account (orders, assets); the focus
// socket (focus.ts) carries the depth, deals and candles of the market open in the market view.
// Each connection holds one subscription per type, so every change re-sends the whole list.
import type { AccountLinkState, Candle, CandleInterval, ExchangeStatus, MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { INTERVAL_MS, marketId, EXCHANGE_NAMES, isLinkUp } from '../../../shared/model';
import { systemClock, type Clock } from '../connection/clock';
import { Connection, type ConnectionOptions, type Session } from '../connection/connection';
import { AuthFailedError, RequestFailedError, describe } from '../connection/errors';
import type { ExchangeAdapter, Focus, MarketSink } from '../exchange-adapter';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { DealHistory } from '../portfolio/deal-history';
import { AccountSync } from './account';
import { CoinKingReplyError, authFailure } from './errors';
import { FocusFeed } from './focus';
import { firstLive } from './live';
import { combinedStatus } from './status';
import { candleFromRow } from './mapping';
import { MarketNames } from './names';
import { CoinKingRpc, type DepthLimit } from './rpc';
import { MarketList } from './market-list';
import { coinkingCodec, parseStateUpdate, wireMarket, type CoinKingPush, type CoinKingState } from './wire';
import { nonNegativeDecimal } from '../wire/values';
import type { NoticeBoard } from '../notices';
import type { Coded } from '../../../shared/notices';
import type { OrderLog } from '../store/ports';

export interface CoinKingAdapterOptions {
  wsUrl: string;
  /** The HTTPS base of the market summary (`{apiUrl}/api/api/summary`); without it markets() fails. */
  apiUrl?: string;
  /** The API key for `server.auth`; market data needs none, orders and balances do. */
  token?: string;
  /** Tickers are required; the rest may be left out by callers that follow only tickers. */
  sink: Pick<MarketSink, 'ticker'> & Partial<MarketSink>;
  /** The stored deals, to fetch only the history after the newest one. */
  deals?: Pick<DealHistory, 'latestTime'>;
  /** The orders stored as open at the last sync: history after a restart starts from the oldest. */
  orders?: Pick<OrderLog, 'openOrders'>;
  notices?: Pick<NoticeBoard, 'post'>;
  log?: Logger;
  /** Levels per side of the focused book (a limit the server accepts). */
  depthLimit?: DepthLimit;
  /** Overrides for tests (timers, backoff, clock); used by both sockets. */
  connection?: Partial<Omit<ConnectionOptions<CoinKingPush>, 'exchange' | 'endpoint' | 'codec' | 'hooks'>>;
}

const DAY_SECONDS = 86_400;
/** How long a login waits for the market list before following only the watched markets. */
const SUMMARY_WAIT_MS = 4_000;

function stateToPatch(s: CoinKingState) {
  return { last: s.last, open24h: s.open, high24h: s.high, low24h: s.low, volume24h: s.volume };
}

const noop = () => {};

export class CoinKingAdapter implements ExchangeAdapter {
  readonly exchange = 'coinking' as const;
  /** The focus feed resets the book when its own socket drops or reopens: status() is the main socket's. */
  readonly resetsBook = true;
  private accountState: AccountLinkState;
  /** Why the exchange refused the key (shown as the status's `problem` while prices flow). */
  private rejection: Coded | null = null;
  private widenEpoch = 0;
  private readonly statusListeners = new Set<() => void>();
  /** The main socket: watchlist and account. */
  readonly connection: Connection<CoinKingPush>;
  readonly focusFeed: FocusFeed;
  /** Typed access to every protocol method over whichever socket is live (focus first). */
  readonly rpc: CoinKingRpc;
  /** Present with a token. */
  readonly account: AccountSync | null;
  private readonly sink: MarketSink;
  private readonly names = new MarketNames();
  /** Wire name ("BTCUSDT") → market id, for the markets we asked for. */
  private wanted = new Map<string, MarketId>();
  /** Bumped on every change of `wanted`, so an open that raced a change can send the list again. */
  private version = 0;
  private watching = false;
  private readonly marketList: MarketList;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: CoinKingAdapterOptions) {
    this.accountState = options.token ? 'pending' : 'none';
    this.log = options.log ?? silentLogger;
    this.clock = options.connection?.clock ?? systemClock;
    const s = options.sink;
    this.sink = {
      ticker: s.ticker.bind(s),
      trades: s.trades?.bind(s) ?? noop,
      book: s.book?.bind(s) ?? noop,
      candles: s.candles?.bind(s) ?? noop,
      balances: s.balances?.bind(s) ?? noop,
      orders: s.orders?.bind(s) ?? noop,
      deals: s.deals?.bind(s) ?? noop,
      reconciled: s.reconciled?.bind(s),
    };
    const base = {
      heartbeatMs: 15_000,
      watchdogMs: 45_000,
      requestTimeoutMs: 10_000,
      log: this.log,
      ...options.connection,
      clock: this.clock,
    };
    this.requestTimeoutMs = base.requestTimeoutMs;
    this.marketList = new MarketList(options.apiUrl, this.names, this.clock);
    this.connection = new Connection<CoinKingPush>({
      maxFrameBytes: 4 * 1024 * 1024, // ViaBTC caps depth at 100 levels and kline queries at 1000 rows
      ...base,
      exchange: 'coinking',
      endpoint: async () => ({ url: options.wsUrl }),
      codec: coinkingCodec,
      hooks: {
        open: (session) => this.open(session),
        message: (message) => this.message(message),
        heartbeat: (session) => new CoinKingRpc(session).ping(),
      },
    });
    this.focusFeed = new FocusFeed({
      wsUrl: options.wsUrl,
      sink: this.sink,
      log: this.log,
      clock: this.clock,
      depthLimit: options.depthLimit ?? 50,
      connection: base,
    });
    this.account = options.token
      ? new AccountSync({
          token: options.token,
          sink: this.sink,
          names: this.names,
          deals: options.deals,
          orders: options.orders,
          notices: options.notices,
          clock: this.clock,
          log: this.log,
          markets: () => this.accountMarkets(),
        })
      : null;
    this.rpc = new CoinKingRpc({
      request: async (method, params, timeoutMs) => {
        const c = await firstLive([this.focusFeed.connection, this.connection], this.requestTimeoutMs, this.clock);
        return c.request(method, params, timeoutMs);
      },
    });
  }

  /** One status for the exchange: the main socket's, or the focus socket's while only it runs. */
  status(): ExchangeStatus {
    const s = combinedStatus(this.connection.status, this.focusFeed.connection.status);
    s.account = this.accountState;
    s.problem = this.accountState === 'rejected' ? this.rejection : null;
    return s;
  }

  onStatus(listener: (status: ExchangeStatus) => void): () => void {
    const emit = () => listener(this.status());
    this.statusListeners.add(emit);
    const offs = [this.connection.onStatus(emit), this.focusFeed.connection.onStatus(emit)];
    return () => {
      this.statusListeners.delete(emit);
      offs.forEach((off) => off());
    };
  }

  /** Depth, deals and candles of one market on the focus socket; null closes that socket. */
  focus(focus: Focus | null): void {
    if (focus) this.names.learn(focus.market);
    this.focusFeed.set(focus);
  }

  /** Candles before `endTime` (ms), oldest first: `kline.query` (subscribing sends no history). */
  async candleHistory(market: MarketRef, interval: CandleInterval, endTime: number, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const size = INTERVAL_MS[interval];
    const last = Math.floor((endTime - 1) / size) * size; // the newest candle that opens before endTime
    const first = last - (limit - 1) * size;
    const wire = wireMarket(market.base, market.quote);
    const rows = await this.rpc.klineQuery(wire, Math.max(0, first / 1000), last / 1000, size / 1000);
    const candles = rows
      .filter((r) => r.market === wire)
      .map(candleFromRow)
      .filter((c) => c.time < endTime && c.time >= first)
      .sort((a, b) => a.time - b.time);
    return candles.slice(Math.max(0, candles.length - limit));
  }

  /** The exchange's markets from the summary, cached for a few minutes. */
  markets(): Promise<MarketInfo[]> {
    return this.marketList.all();
  }

  /**
   * Follows exactly these markets. The main socket runs while there is something to follow (or an
   * account to follow); a change while connected re-sends the full subscription lists.
   */
  watch(markets: MarketRef[]): void {
    for (const m of markets) this.names.learn(m);
    const next = new Map(markets.map((m) => [wireMarket(m.base, m.quote), marketId(m)] as const));
    const added = [...next.keys()].filter((k) => !this.wanted.has(k));
    const same = added.length === 0 && next.size === this.wanted.size;
    const first = !this.watching;
    this.watching = true;
    this.wanted = next;
    if (same && !first) return;
    this.version++;
    if (next.size === 0 && !this.account) {
      this.connection.stop();
      return;
    }
    const state = this.connection.status.state;
    if (state === 'idle' || state === 'stopped') {
      this.connection.start();
    } else if (isLinkUp(state)) {
      void this.resubscribe(this.connection, added).catch((error) => this.log.warn(`coinking: re-subscribing failed: ${describe(error)}`));
    }
    // Connecting or backing off: the open hook subscribes to the new list when the socket is up.
  }

  reconnect(): void {
    if (this.wanted.size > 0 || this.account) this.connection.reconnectNow();
    this.focusFeed.reconnect();
  }

  async stop(): Promise<void> {
    this.account?.stop();
    this.connection.stop();
    this.focusFeed.stop();
  }

  /**
   * The market list came too late for the login: when it does arrive, the account's order
   * subscription and history widen to every listed market (orders outside the watchlist included).
   */
  private widenWhenListed(): void {
    const epoch = ++this.widenEpoch;
    this.marketList
      .all()
      .then(async (list) => {
        if (epoch !== this.widenEpoch || !this.account || this.accountState !== 'live') return;
        const state = this.connection.status.state;
        if (!isLinkUp(state)) return; // the next login reads the cached list
        await this.account.extend(this.connection, [...new Set([...this.wanted.keys(), ...list.map((m) => wireMarket(m.base, m.quote))])]);
      })
      .catch((error) => this.log.warn(`coinking: widening the account to every listed market failed: ${describe(error)}`));
  }

  /** Every market the exchange lists (for orders anywhere), plus those followed here. */
  private async accountMarkets(): Promise<string[]> {
    const names = new Set(this.wanted.keys());
    const focused = this.focusFeed.market;
    if (focused) names.add(focused);
    if (this.marketList.configured) {
      // This runs inside the login: a slow summary host must not hold it up.
      try {
        for (const name of await this.marketList.wireNames(SUMMARY_WAIT_MS)) names.add(name);
      } catch (error) {
        this.log.warn(`coinking: following orders only in watched markets for now: ${describe(error)}`);
        this.widenWhenListed();
      }
    }
    return [...names];
  }

  private async open(session: Session): Promise<void> {
    const token = this.options.token;
    // A rejected key stays rejected until the user changes it (a new adapter): not asked again.
    let loggedIn = false;
    if (token && this.accountState !== 'rejected') {
      // After every reconnect, and before anything private: a new socket is not logged in.
      try {
        await new CoinKingRpc(session).auth(token);
        loggedIn = true;
      } catch (error) {
        const failure = authFailure(error, token);
        if (!(failure instanceof AuthFailedError)) throw failure;
        // A wrong key fails the account only: market data is public and keeps flowing.
        this.rejectKey(failure);
      }
    }
    let version: number;
    let fresh = [...this.wanted.keys()];
    do {
      version = this.version;
      const sent = new Set(this.wanted.keys());
      if (sent.size) await this.subscribe(session, fresh);
      fresh = [...this.wanted.keys()].filter((k) => !sent.has(k));
    } while (version !== this.version);
    if (this.account && loggedIn) {
      try {
        await this.account.open(session);
        this.setAccountState('live');
      } catch (error) {
        if (!(error instanceof AuthFailedError)) throw error;
        this.rejectKey(error);
      }
    }
  }

  private rejectKey(failure: AuthFailedError): void {
    this.log.warn(`coinking: ${failure.message}; market data continues without the account`);
    this.rejection = failure.coded;
    this.setAccountState('rejected');
    this.options.notices?.post({ id: 'coinking:key-rejected', level: 'error', code: 'account.keyRejected', params: { exchange: EXCHANGE_NAMES.coinking }, exchange: 'coinking' });
  }

  private setAccountState(state: AccountLinkState): void {
    if (this.accountState === state) return;
    this.accountState = state;
    for (const l of this.statusListeners) l();
  }

  private async resubscribe(session: Session, added: string[]): Promise<void> {
    if (this.wanted.size === 0) {
      const rpc = new CoinKingRpc(session);
      await Promise.all([rpc.priceUnsubscribe(), rpc.stateUnsubscribe()]);
    } else {
      await this.subscribe(session, added);
    }
    if (this.account && added.length) await this.account.extend(session, [...this.wanted.keys()]);
  }

  /** Sends the full lists, then asks for the current values of `fresh` markets. */
  private async subscribe(session: Session, fresh: string[]): Promise<void> {
    const names = [...this.wanted.keys()];
    if (names.length === 0) return;
    const rpc = new CoinKingRpc(session);
    await Promise.all([rpc.priceSubscribe(names), rpc.stateSubscribe(names)]);
    // A subscription pushes only changes: query once so every row has a value at once.
    await Promise.all(
      fresh.map(async (name) => {
        try {
          const state = await rpc.stateQuery(name, DAY_SECONDS);
          const id = this.wanted.get(name);
          if (id) this.sink.ticker(id, stateToPatch(state));
        } catch (error) {
          if (error instanceof RequestFailedError || error instanceof CoinKingReplyError) this.log.warn(`coinking: ${name}: ${error.message}`);
          else throw error;
        }
      }),
    );
  }

  private message(push: CoinKingPush): void {
    switch (push.method) {
      case 'price.update': {
        // The hottest message of all: checked in place, with no intermediate object.
        const market = push.params[0];
        const price = nonNegativeDecimal(push.params[1]);
        if (typeof market !== 'string' || !market || price === null) throw new Error('price.update: malformed params');
        const id = this.wanted.get(market);
        if (id) this.sink.ticker(id, { last: price });
        return;
      }
      case 'state.update': {
        const u = parseStateUpdate(push.params);
        if (!u) throw new Error('state.update: malformed params');
        const id = this.wanted.get(u.market);
        if (id) this.sink.ticker(id, stateToPatch(u.state));
        return;
      }
      default:
        this.account?.message(push);
        return; // other pushes (a late reply to an old subscription) are ignored, not errors
    }
  }
}
