// The Cryptomus adapter: one WebSocket (through the shared Connection) for every channel, plus the
// REST API for the token, markets, depth scales and the account's snapshots.
// - A fresh one-time token is fetched right before every connect (the endpoint provider); a token
//   request refused with 401/403/404 means bad credentials: terminal until they change.
// - Subscribing to a type again replaces that type's subscription, so every change sends the whole
//   list of the type (watched ∪ focused markets).
// - Candles are built here from trades (the exchange has none) and persisted in the candle store.
// - Private data (account.ts): REST snapshots after every connect, then the order, balance and
//   deal pushes; the order history is read after every connect so no fill made offline is missed.
import { coded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import type { Candle, CandleInterval, ExchangeStatus, MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { marketId, EXCHANGE_NAMES, isLinkUp } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import { systemClock } from '../connection/clock';
import { Connection, type ConnectionOptions } from '../connection/connection';
import { AuthFailedError, NotConnectedError, RequestFailedError, codedError, describe } from '../connection/errors';
import type { Endpoints } from '../config';
import type { ExchangeAdapter, Focus, MarketSink } from '../exchange-adapter';
import { silentLogger, type Logger } from '../log';
import type { CandleStore } from '../market/candle-store';
import { compareDecimal } from '../market/decimal';
import type { DealHistory } from '../portfolio/deal-history';
import { CryptomusAccount } from './account';
import { LocalCandles } from './candles';
import { CryptomusHttpError, CryptomusRest, type DepthScale } from './rest';
import type { CryptomusCredentials } from './sign';
import { cryptomusCodec, parseDepth, parseLastPrice, parseTicker, parseTrades, symbolToMarket, wireSymbol, type CryptomusPush } from './wire';
import type { NoticeBoard } from '../notices';

export const CHANNELS = ['ticker', 'lastprice', 'trade', 'depth', 'order', 'balance', 'deal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The server closes a socket after 60 s without a request: ping well inside that. */
export const PING_MS = 50_000;

/** Channels whose lists name markets: a refused market can be found in them and left out. */
const MARKET_CHANNELS = new Set<Channel>(['ticker', 'lastprice', 'trade', 'depth']);
/** A refused subscription is tried again after this, doubling up to the cap. */
export const REFUSAL_RETRY_MS = 30_000;
const REFUSAL_RETRY_MAX_MS = 600_000;

/** The status of a subscribe reply; null when it says success (or, leniently, says nothing). */
function refusal(reply: unknown): string | null {
  if (reply === null || typeof reply !== 'object') return null;
  const status = (reply as { status?: unknown }).status;
  if (status === undefined || status === null || status === 'success') return null;
  return typeof status === 'string' ? status.slice(0, 60) : 'failed';
}

export interface CryptomusAdapterOptions {
  endpoints: Pick<Endpoints, 'cryptomusApi' | 'cryptomusMarket' | 'cryptomusScales' | 'cryptomusWs'>;
  credentials?: CryptomusCredentials;
  sink: MarketSink;
  candleStore: CandleStore;
  deals: Pick<DealHistory, 'latestTime'>;
  notices?: Pick<NoticeBoard, 'post'>;
  log?: Logger;
  clock?: Clock;
  restTimeoutMs?: number;
  /** Delay of the history fetch after an order finishes (tests shorten it). */
  historyDebounceMs?: number;
  /** Overrides for tests (timers, backoff). */
  connection?: Partial<Omit<ConnectionOptions<CryptomusPush>, 'exchange' | 'endpoint' | 'codec' | 'hooks' | 'clock'>>;
}

export class CryptomusAdapter implements ExchangeAdapter {
  readonly exchange = 'cryptomus' as const;
  readonly connection: Connection<CryptomusPush>;
  readonly rest: CryptomusRest;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly sink: MarketSink;
  private readonly candles: LocalCandles;
  private readonly account: CryptomusAccount;
  private readonly listeners = new Set<(status: ExchangeStatus) => void>();

  /** Wire symbol → market id, for the watchlist. */
  private watched = new Map<string, MarketId>();
  private watchedIds = new Set<MarketId>();
  private focused: { symbol: string; market: MarketId; interval: CandleInterval; depthScale: number | null } | null = null;
  private readonly scales = new Map<string, DepthScale[]>();
  /** What the server holds for each type on the current socket (the last list it accepted). */
  private readonly sent = new Map<Channel, string[]>();
  /** Depth of these symbols may be applied: a full reload arrived since the last depth subscribe. */
  private readonly bookSynced = new Set<string>();
  private syncChain: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;
  /** Refusals the server sent (error code 1 or 2) per type, shown while the link is otherwise fine. */
  private readonly notices = new Map<string, Coded>();
  private marketList: Promise<MarketInfo[]> | null = null;
  /** Per market channel: keys the server refused (→ its status), left out until the retry. */
  private readonly refused = new Map<Channel, Map<string, string>>();
  private refusalTimer: TimerHandle | null = null;
  private refusalDelay = REFUSAL_RETRY_MS;

  constructor(private readonly options: CryptomusAdapterOptions) {
    this.log = options.log ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.sink = options.sink;
    this.rest = new CryptomusRest({
      apiUrl: options.endpoints.cryptomusApi,
      marketUrl: options.endpoints.cryptomusMarket,
      scalesUrl: options.endpoints.cryptomusScales,
      credentials: options.credentials,
      timeoutMs: options.restTimeoutMs,
    });
    this.candles = new LocalCandles(options.candleStore, this.clock, (m, i, c) => this.sink.candles(m, i, c));
    this.account = new CryptomusAccount({
      rest: this.rest,
      sink: this.sink,
      clock: this.clock,
      log: this.log,
      deals: options.deals,
      historyDebounceMs: options.historyDebounceMs,
    });
    this.connection = new Connection<CryptomusPush>({
      maxFrameBytes: 16 * 1024 * 1024, // the full reload of every market's depth (channel "all") is the largest frame
      exchange: 'cryptomus',
      endpoint: () => this.endpoint(),
      codec: cryptomusCodec,
      heartbeatMs: PING_MS,
      // A pong every 50 s at least: two missed ones mean the link is dead.
      staleMs: 60_000,
      watchdogMs: 110_000,
      requestTimeoutMs: 10_000,
      log: this.log,
      ...options.connection,
      clock: this.clock,
      hooks: {
        open: () => this.open(),
        message: (m) => this.message(m),
        heartbeat: async (session) => void (await session.request('ping', [])),
        // The WebSocket refuses a used, expired or unknown token: a new one comes with the next try.
        upgradeRefused: (status) => codedError('link.refusedHttp', { status }, `the WebSocket server refused the connection token (HTTP ${status})`),
      },
    });
    this.connection.onStatus(() => this.emitStatus());
  }

  status(): ExchangeStatus {
    const s = this.connection.status;
    if (this.notices.size && s.reason === null && isLinkUp(s.state)) s.reason = [...this.notices.values()][0]!;
    return s;
  }

  onStatus(listener: (status: ExchangeStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(markets: MarketRef[]): void {
    this.watched = new Map(markets.map((m) => [wireSymbol(m.base, m.quote), marketId(m)] as const));
    this.watchedIds = new Set(this.watched.values());
    this.candles.retain(this.followedMarkets());
    this.ensureStarted();
    this.resync();
  }

  focus(focus: Focus | null): void {
    const ref = focus?.market.exchange === 'cryptomus' ? focus.market : null;
    const symbol = ref ? wireSymbol(ref.base, ref.quote) : null;
    const changedMarket = symbol !== (this.focused?.symbol ?? null);
    const depthScale = focus?.depthScale ?? null;
    const changedScale = depthScale !== (this.focused?.depthScale ?? null);
    this.focused = ref && focus ? { symbol: symbol!, market: marketId(ref), interval: focus.interval, depthScale } : null;
    this.candles.setFocus(this.focused ? { market: this.focused.market, interval: this.focused.interval } : null);
    if (!changedMarket) {
      if (changedScale) this.resync(); // the depth step MarketFocus chose: follow the book at it
      return;
    }
    this.candles.retain(this.followedMarkets());
    this.ensureStarted();
    if (this.focused && !this.scales.has(this.focused.symbol)) void this.loadScales(this.focused.symbol);
    this.resync();
  }

  /** The depth scales of a market (finest first), for the UI's scale picker. */
  async depthScales(market: MarketRef): Promise<DepthScale[]> {
    const symbol = wireSymbol(market.base, market.quote);
    return this.scales.get(symbol) ?? (await this.loadScales(symbol));
  }

  async candleHistory(market: MarketRef, interval: CandleInterval, endTime: number, limit: number): Promise<Candle[]> {
    return this.candles.history(marketId(market), interval, endTime, limit);
  }

  markets(): Promise<MarketInfo[]> {
    if (!this.marketList) {
      this.marketList = this.rest.markets();
      this.marketList.catch(() => (this.marketList = null)); // a failed fetch is retried next time
    }
    return this.marketList;
  }

  reconnect(): void {
    if (!this.options.credentials || this.stopped) return;
    this.started = true;
    this.connection.reconnectNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.refusalTimer);
    this.account.stop();
    this.connection.stop();
    this.candles.flush();
  }

  // ---- connection ----

  private ensureStarted(): void {
    // Private channels are always wanted, so the socket runs from the first watch or focus on.
    if (this.started || this.stopped || !this.options.credentials) return;
    this.started = true;
    this.connection.start();
  }

  /** A fresh token per connect: a token works once, and for five minutes at most. */
  private async endpoint(): Promise<{ url: string }> {
    let token: string;
    try {
      token = await this.rest.wsToken();
    } catch (error) {
      if (error instanceof CryptomusHttpError && [401, 403, 404].includes(error.status)) {
        const detail = `HTTP ${error.status}${error.serverMessage ? `: ${error.serverMessage.slice(0, 200)}` : ''}`;
        throw new AuthFailedError(coded('link.authRejected', { exchange: EXCHANGE_NAMES.cryptomus, detail }), `Cryptomus rejected the API credentials (${detail})`);
      }
      const sys = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
      const detail = error instanceof CryptomusHttpError ? `HTTP ${error.status}` : typeof sys === 'string' ? sys : 'REST';
      throw codedError('link.tokenFailed', { detail }, describe(error));
    }
    const url = new URL(this.options.endpoints.cryptomusWs);
    url.searchParams.set('token', token);
    return { url: url.toString() };
  }

  private async open(): Promise<void> {
    // Taken before deal_subscribe, so no push on this socket can move it past a fill made offline.
    const since = this.account.historyStart();
    this.sent.clear();
    this.bookSynced.clear();
    this.notices.clear();
    await this.enqueueSync();
    void this.account.sync(since);
  }

  private followedMarkets(): Set<MarketId> {
    const out = new Set(this.watched.values());
    if (this.focused) out.add(this.focused.market);
    return out;
  }

  /** The full list each type should hold now. */
  private wanted(): Record<Channel, string[]> {
    const followed = [...this.watched.keys()];
    const f = this.focused;
    if (f && !this.watched.has(f.symbol)) followed.push(f.symbol);
    const scale = f ? this.scaleIndex(f.symbol) : null;
    const ok = (channel: Channel, list: string[]) => list.filter((k) => !this.refused.get(channel)?.has(k));
    return {
      ticker: ok('ticker', followed),
      lastprice: ok('lastprice', followed),
      // Trades of every followed market: candles are built from them.
      trade: ok('trade', followed),
      depth: ok('depth', f && scale !== null ? [`${f.symbol}:${scale}`] : []),
      order: ['all'],
      balance: ['all'],
      deal: ['all'],
    };
  }

  private scaleIndex(symbol: string): number | null {
    const chosen = this.focused?.symbol === symbol ? this.focused.depthScale : null;
    if (chosen !== null) return chosen;
    const list = this.scales.get(symbol);
    if (!list) return null; // not known yet: depth is subscribed once the scales arrive
    if (list.length === 0) return 0;
    return list.reduce((a, b) => (compareDecimal(b.scale, a.scale) < 0 ? b : a)).index;
  }

  private async loadScales(symbol: string): Promise<DepthScale[]> {
    let list: DepthScale[];
    try {
      list = await this.rest.symbolScales(symbol);
    } catch (error) {
      this.log.warn(`cryptomus: depth scales of ${symbol}: ${describe(error)}; using scale 0`);
      list = [];
    }
    list = [...list].sort((a, b) => compareDecimal(a.scale, b.scale));
    this.scales.set(symbol, list);
    if (this.focused?.symbol === symbol) this.resync();
    return list;
  }

  private resync(): void {
    if (!this.started || this.stopped) return;
    // While the socket is down the requests fail at once; the open hook sends every list anyway.
    this.enqueueSync().catch((error) => {
      if (!(error instanceof NotConnectedError)) this.log.info(`cryptomus: subscriptions not updated: ${describe(error)}`);
    });
  }

  /** Syncs run one after another, so two changes never interleave their subscribes. */
  private enqueueSync(): Promise<void> {
    const next = this.syncChain.then(() => this.sync());
    this.syncChain = next.catch(() => {});
    return next;
  }

  /** Sends each type whose wanted list differs from what the server holds, until none does. */
  private async sync(): Promise<void> {
    for (let round = 0; round < 5; round++) {
      const wanted = this.wanted();
      let changed = false;
      for (const channel of CHANNELS) {
        const list = wanted[channel];
        const held = this.sent.get(channel) ?? [];
        if (sameList(list, held)) continue;
        changed = true;
        try {
          if (list.length > 0) {
            // Apply nothing until the new full reload, which may arrive in the same read as the reply.
            if (channel === 'depth') this.bookSynced.clear();
            const status = refusal(await this.connection.request(`${channel}_subscribe`, list));
            if (status !== null) {
              if (MARKET_CHANNELS.has(channel)) {
                // Find the refused market(s) and keep the rest live; the next round sends the rest.
                await this.bisect(channel, list, status);
                this.sent.delete(channel);
              } else {
                this.setNotice(channel, `${channel}_subscribe: ${status}`, coded('link.channelRefused', { channel, detail: status }));
                this.sent.set(channel, list);
              }
              this.scheduleRefusalRetry();
              continue;
            }
          } else {
            await this.connection.request(`${channel}_unsubscribe`, held);
          }
        } catch (error) {
          // Socket trouble (not connected, no reply): the next open sends every list again.
          if (!(error instanceof RequestFailedError)) throw error;
          // The server refused this list: say so, and do not retry it until the list changes.
          this.setNotice(channel, error.message, coded('link.channelRefused', { channel, detail: `${error.code !== null ? `${error.code}: ` : ''}${error.serverMessage}`.slice(0, 200) }));
          this.sent.set(channel, list);
          continue;
        }
        this.sent.set(channel, list);
        if (this.notices.delete(channel)) this.emitStatus();
      }
      if (!changed) {
        if (this.refused.size === 0 && !this.refusalTimer) this.refusalDelay = REFUSAL_RETRY_MS;
        return;
      }
    }
  }

  /**
   * The list was refused: which keys? Halves are tried on top of what is known to be accepted
   * (each subscribe replaces the type's list, so every try carries the accepted part too).
   */
  private async bisect(channel: Channel, list: string[], firstStatus: string): Promise<void> {
    const find = async (part: string[], accepted: string[], status: string | null): Promise<string[]> => {
      if (part.length === 0) return accepted;
      const answer = status ?? refusal(await this.connection.request(`${channel}_subscribe`, [...accepted, ...part]));
      if (answer === null) return [...accepted, ...part];
      if (part.length === 1) {
        this.refuse(channel, part[0]!, answer);
        return accepted;
      }
      const mid = part.length >> 1;
      const good = await find(part.slice(0, mid), accepted, null);
      return find(part.slice(mid), good, null);
    };
    await find(list, [], firstStatus);
  }

  private refuse(channel: Channel, key: string, status: string): void {
    let m = this.refused.get(channel);
    if (!m) this.refused.set(channel, (m = new Map()));
    m.set(key, status);
    const symbol = key.split(':')[0]!;
    const market = symbolToMarket(symbol);
    this.log.warn(`cryptomus: ${channel}_subscribe of ${key} refused: ${status}`);
    // The row says why it has no data (the exchange's own word), and the user gets a coded notice.
    if (market) this.sink.ticker(market, { notice: coded('ticker.refusedBy', { exchange: EXCHANGE_NAMES.cryptomus, detail: status }) });
    this.options.notices?.post({
      id: `cryptomus:refused:${symbol}`,
      level: 'warning',
      code: 'subscription.refused',
      params: { exchange: EXCHANGE_NAMES.cryptomus, market: symbol.replace('_', '/'), channel, reason: status },
      exchange: 'cryptomus',
      ...(market ? { market } : {}),
    });
    this.setNotice(`${channel}:refused`, `${channel}_subscribe refused ${key}: ${status}`, coded('link.channelRefused', { channel, detail: `${key}: ${status}` }));
  }

  /** Refusals may pass (a market relisted, a transient failure): try everything again, backing off. */
  private scheduleRefusalRetry(): void {
    if (this.refusalTimer || this.stopped) return;
    const delay = this.refusalDelay;
    this.refusalDelay = Math.min(this.refusalDelay * 2, REFUSAL_RETRY_MAX_MS);
    this.refusalTimer = this.clock.setTimeout(() => {
      this.refusalTimer = null;
      this.refused.clear();
      for (const key of [...this.notices.keys()]) if (key.endsWith(':refused') || ['order', 'balance', 'deal'].includes(key)) this.notices.delete(key);
      this.sent.clear(); // every list again (a private channel's refusal left its list marked as sent)
      this.resync();
    }, delay);
  }

  private setNotice(key: string, text: string, notice: Coded): void {
    this.log.warn(`cryptomus: ${text}`);
    this.notices.set(key, notice);
    this.emitStatus();
  }

  private emitStatus(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  // ---- pushes ----

  private message(push: CryptomusPush): void {
    switch (push.method) {
      case 'error':
        this.setNotice('server', `Cryptomus: ${push.error?.message ?? 'unknown error'}`, coded('link.serverError', { exchange: EXCHANGE_NAMES.cryptomus, detail: String(push.error?.message ?? '-').slice(0, 200) }));
        return;
      case 'lastprice_update': {
        const e = parseLastPrice(push.data);
        if (!e) throw new Error('lastprice_update: malformed data');
        if (this.isFollowed(e.market)) this.sink.ticker(e.market, { last: e.price });
        return;
      }
      case 'ticker_update': {
        const e = parseTicker(push.data);
        if (!e) throw new Error('ticker_update: malformed data');
        if (this.isFollowed(e.market)) {
          this.sink.ticker(e.market, { last: e.last, open24h: e.open, high24h: e.high, low24h: e.low, volume24h: e.volume });
        }
        return;
      }
      case 'trade_update': {
        const e = parseTrades(push.data);
        if (!e) throw new Error('trade_update: malformed data');
        if (!this.isFollowed(e.market)) return;
        this.candles.addTrades(e.market, e.trades);
        if (this.focused?.market === e.market) {
          this.sink.trades(e.market, e.trades.map((t) => ({ market: e.market, id: null, ...t })));
        }
        return;
      }
      case 'depth_update':
        return this.depth(push.data);
      case 'order_update':
        return this.account.order(push.data);
      case 'balance_update':
        return this.account.balance(push.data);
      case 'deal_update':
        return this.account.deal(push.data);
      default:
        return; // a type this adapter does not follow is not an error
    }
  }

  private depth(data: unknown): void {
    const e = parseDepth(data);
    if (!e) throw new Error('depth_update: malformed data');
    const f = this.focused;
    if (!f || f.market !== e.market) return; // the previous focus, still in flight
    const symbol = f.symbol;
    const want = this.scaleIndex(symbol);
    if (e.scaleIndex !== null && want !== null && e.scaleIndex !== want) return; // the previous scale
    if (e.fullReload) {
      this.bookSynced.add(symbol);
      this.sink.book(e.market, { kind: 'snapshot', bids: e.bids, asks: e.asks });
    } else if (this.bookSynced.has(symbol)) {
      this.sink.book(e.market, { kind: 'delta', bids: e.bids, asks: e.asks });
    }
    // A partial update before the full reload is dropped: it cannot be applied to nothing.
  }

  private isFollowed(market: MarketId): boolean {
    return this.focused?.market === market || this.watchedIds.has(market);
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
