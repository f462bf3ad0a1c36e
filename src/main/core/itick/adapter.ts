// iTick market data on one socket per key: quotes for the watched markets, depth and klines for
// the focused one, the token in the upgrade's `token` header. The message path only parses and
// hands plain objects to the sink: it never waits, so a burst cannot back the socket up.
import type { BookLevel, Candle, CandleInterval, ConnectionState, ExchangeStatus, MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { marketId, EXCHANGE_NAMES, isLinkUp } from '../../../shared/model';
import { systemClock, type Clock, type TimerHandle } from '../connection/clock';
import { Connection, type ConnectionOptions, type Session } from '../connection/connection';
import { AuthFailedError, NotConnectedError, codedError } from '../connection/errors';
import { coded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { noCredentials, type ExchangeAdapter, type Focus, type MarketSink } from '../exchange-adapter';
import { silentLogger, type Logger } from '../log';
import type { TickerPatch } from '../market/ticker-board';
import { PingTracker } from './heartbeat';
import { KEY_IN_USE_DEFAULTS, KeyInUseGuard, keyInUseReason, type KeyInUseOptions } from './key-guard';
import { LIMIT_NOTICE, MarketNotices, UNCONFIRMED_NOTICE, tradingNotice } from './notices';
import { periodCode } from './periods';
import { fetchKlines } from './rest';
import { padDecimal } from '../market/decimal';
import { DEFAULT_REGION, SymbolResolver, knownMarkets, wireSymbol } from './symbols';
import {
  SUBSCRIPTION_LIMIT_MESSAGE,
  decodeFrame,
  itickCodec,
  klineType,
  subscribeFrame,
  type ItickDepth,
  type ItickKline,
  type ItickMessage,
  type ItickQuote,
} from './wire';

export interface ItickAdapterOptions {
  wsUrl: string;
  apiUrl: string;
  /** Read at every connect and request, so a changed key is used from the next reconnect on. */
  token: () => string | undefined;
  sink: Pick<MarketSink, 'ticker' | 'book' | 'candles'>;
  log?: Logger;
  clock?: Clock;
  /** Overrides for tests (timers, backoff, random). */
  connection?: Partial<Omit<ConnectionOptions<ItickMessage>, 'exchange' | 'endpoint' | 'codec' | 'hooks' | 'clock' | 'log'>>;
  pongTimeoutMs?: number;
  subscribeTimeoutMs?: number;
  keyInUse?: Partial<KeyInUseOptions>;
  restTimeoutMs?: number;
  fetch?: typeof fetch;
}

interface FocusState {
  ref: MarketRef;
  symbol: string;
  market: MarketId;
  interval: CandleInterval;
  period: number;
}

/** A subscribe request waiting for its reply; iTick answers them in order, without ids. */
interface PendingSubscribe {
  symbols: string[];
  types: string[];
  timer: TimerHandle | null;
}


export class ItickAdapter implements ExchangeAdapter {
  readonly exchange = 'itick' as const;
  readonly connection: Connection<ItickMessage>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly sink: ItickAdapterOptions['sink'];
  private readonly pings: PingTracker;
  private readonly guard: KeyInUseGuard;
  private readonly resolver = new SymbolResolver();
  private readonly notices = new MarketNotices();
  private readonly listeners = new Set<(status: ExchangeStatus) => void>();
  /** Wire symbol → market id, for the watched markets. */
  private watched = new Map<string, MarketId>();
  private watchedIds = new Set<MarketId>();
  private watchedRefs: MarketRef[] = [];
  private focused: FocusState | null = null;
  /** What this socket has asked for, symbol → types. iTick has no unsubscribe: it only grows. */
  private readonly subscribed = new Map<string, Set<string>>();
  private pending: PendingSubscribe[] = [];
  private authWaiter: { resolve(): void; reject(error: Error): void } | null = null;
  private lastState: ConnectionState = 'idle';
  private refusals = 0;

  constructor(private readonly options: ItickAdapterOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = redactingLogger(options.log ?? silentLogger, options.token);
    this.sink = options.sink;
    this.pings = new PingTracker(this.clock, options.pongTimeoutMs ?? 10_000);
    this.guard = new KeyInUseGuard(
      this.clock,
      { ...KEY_IN_USE_DEFAULTS, ...options.keyInUse },
      () => {
        this.log.warn('itick: dropped right after login again: the API key is in use elsewhere; pausing');
        this.connection.stop();
      },
      () => this.connection.reconnectNow(),
    );
    this.connection = new Connection<ItickMessage>({
      maxFrameBytes: 4 * 1024 * 1024, // quotes, depth and klines are small; history comes over REST
      exchange: 'itick',
      endpoint: async () => {
        const token = options.token();
        if (!token) throw new AuthFailedError(noCredentials('itick'), 'no iTick API token');
        return { url: options.wsUrl, headers: { token } };
      },
      codec: {
        ...itickCodec,
        decode: (raw) => {
          const d = decodeFrame(raw);
          // A pong that echoes no ping of ours is no proof the link works: not even for the watchdog.
          if (d.kind === 'push' && d.message.kind === 'pong' && !this.pings.knows(d.message.echo)) {
            return { kind: 'bad', reason: 'a pong whose echo matches no ping' };
          }
          return d;
        },
      },
      // The server drops a client after about a minute without a ping: beat every 30 s.
      heartbeatMs: 30_000,
      watchdogMs: 70_000,
      staleMs: 40_000,
      ...options.connection,
      clock: this.clock,
      log: this.log,
      hooks: {
        open: (session) => this.open(session),
        message: (message) => this.message(message),
        heartbeat: (session) => this.pings.beat((text) => session.send(text)),
        upgradeRefused: (status) =>
          status === 401 || status === 403
            ? new AuthFailedError(coded('link.authRejectedHttp', { exchange: EXCHANGE_NAMES.itick, status }))
            : codedError('link.refusedHttp', { status }),
      },
    });
    this.connection.onStatus((status) => {
      const previous = this.lastState;
      this.lastState = status.state;
      if (previous !== status.state) this.guard.observe(previous, status.state);
      this.emit();
    });
  }

  status(): ExchangeStatus {
    const s = this.connection.status;
    const until = this.guard.pausedUntil;
    if (until !== null) return { ...s, state: 'backing_off', reason: keyInUseReason(until, this.clock.now()), nextRetryAt: until };
    return s;
  }

  onStatus(listener: (status: ExchangeStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(markets: MarketRef[]): void {
    this.watchedRefs = markets;
    this.watched = new Map(this.watchedRefs.map((m) => [wireSymbol(m), itickId(m)] as const));
    this.watchedIds = new Set(this.watched.values());
    this.followedChanged();
  }

  focus(focus: Focus | null): void {
    const m = focus?.market.exchange === 'itick' ? focus.market : null;
    const next: FocusState | null =
      m && focus
        ? { ref: m, symbol: wireSymbol(m), market: itickId(m), interval: focus.interval, period: periodCode(focus.interval) }
        : null;
    const old = this.focused;
    if (old?.symbol === next?.symbol && old?.period === next?.period) return;
    if (old && old.market !== next?.market) this.setNotice(old.market, 'focus', null);
    this.focused = next;
    this.followedChanged();
  }

  async candleHistory(market: MarketRef, interval: CandleInterval, endTime: number, limit: number): Promise<Candle[]> {
    const token = this.options.token();
    if (!token) throw new AuthFailedError(noCredentials('itick'), 'no iTick API token');
    const { candles, dropped } = await fetchKlines(
      { baseUrl: this.options.apiUrl, token, fetch: this.options.fetch, timeoutMs: this.options.restTimeoutMs, redact: (t) => redact(t, token) },
      { symbol: wireSymbol(market), region: DEFAULT_REGION, period: periodCode(interval), endTime, limit },
    );
    if (dropped > 0) this.log.warn(`itick: kline history for ${itickId(market)}: left out ${dropped} malformed candles`);
    return candles;
  }

  async markets(): Promise<MarketInfo[]> {
    return knownMarkets();
  }

  reconnect(): void {
    this.guard.cancel();
    if (!this.following()) return;
    if (!this.options.token()) return; // never without a token: the engine creates no adapter then
    this.connection.reconnectNow();
  }

  async stop(): Promise<void> {
    this.guard.cancel();
    this.connection.stop();
    this.resetSocket();
  }

  // ---- Connection hooks ------------------------------------------------------------------------

  /** After every connect: wait for the server's verdict on the token, then subscribe everything. */
  private async open(session: Session): Promise<void> {
    this.resetSocket();
    // The server sends its verdict unasked, right after "Connected Successfully"; the waiter is
    // in place before any frame can arrive, because the open event precedes them.
    await new Promise<void>((resolve, reject) => {
      this.authWaiter = { resolve, reject };
    });
    this.subscribeMissing((text) => session.send(text));
  }

  private message(m: ItickMessage): void {
    switch (m.kind) {
      case 'quote':
        return this.onQuote(m.quote);
      case 'depth':
        return this.onDepth(m.depth);
      case 'kline':
        return this.onKline(m.kline);
      case 'pong':
        this.pings.answer(m.echo);
        return;
      case 'auth':
        return this.onAuth(m.ok, m.message);
      case 'subscribe':
        return this.onSubscribeReply(m.ok, m.message);
      case 'refused':
        if (++this.refusals <= 5) this.log.warn(`itick: the server refused ${m.action ?? 'a request'}: ${redact(m.message, this.options.token())}`);
        return;
      case 'connected':
      case 'ignored':
        return;
    }
  }

  private onAuth(ok: boolean, message: string): void {
    const waiter = this.authWaiter;
    this.authWaiter = null;
    if (ok) {
      waiter?.resolve();
      return;
    }
    const detail = redact(message, this.options.token()).slice(0, 200) || 'auth failed';
    const reason = coded('link.authRejected', { exchange: EXCHANGE_NAMES.itick, detail });
    // Terminal at once, before the server's close can be mistaken for a drop worth retrying.
    this.connection.failAuth(reason);
    waiter?.reject(new AuthFailedError(reason));
  }

  // ---- Data ------------------------------------------------------------------------------------

  private onQuote(q: ItickQuote): void {
    const id = this.resolver.resolve(q.symbol);
    if (id === null || !this.watchedIds.has(id)) return; // e.g. a market no longer watched: no unsubscribe exists
    // Prices arrive as JSON numbers, which drop trailing zeros: put them back to the market's
    // precision where it is known, so a row never flickers between 67,250 and 67,250.13.
    const digits = PRICE_PRECISION.get(id) ?? 0;
    const patch: TickerPatch = { last: padDecimal(q.last, digits) };
    if (q.open !== null) patch.open24h = padDecimal(q.open, digits);
    if (q.high !== null) patch.high24h = padDecimal(q.high, digits);
    if (q.low !== null) patch.low24h = padDecimal(q.low, digits);
    // `v` is the day's volume only on servers that send the day's fields with it: in the seed's
    // quote v × ld = tu, the size of the latest trade, which must not be shown as a 24 h volume.
    if (q.volume !== null && q.open !== null) patch.volume24h = q.volume;
    let notice = this.notices.set(id, 'subscription', null); // data is proof the subscription works
    const trading = this.notices.set(id, 'trading', tradingNotice(q.status));
    if (trading !== undefined) notice = trading;
    if (notice !== undefined) patch.notice = notice;
    this.sink.ticker(id, patch);
  }

  private onDepth(d: ItickDepth): void {
    const f = this.focused;
    if (!f || this.resolver.resolve(d.symbol) !== f.market) return;
    this.setNotice(f.market, 'focus', null);
    const digits = PRICE_PRECISION.get(f.market) ?? 0;
    const pad = (levels: BookLevel[]): BookLevel[] => levels.map(([price, amount]) => [padDecimal(price, digits), amount]);
    this.sink.book(f.market, { kind: 'snapshot', bids: pad(d.bids), asks: pad(d.asks) });
  }

  private onKline(k: ItickKline): void {
    const f = this.focused;
    if (!f || k.period !== f.period || this.resolver.resolve(k.symbol) !== f.market) return;
    this.setNotice(f.market, 'focus', null);
    const digits = PRICE_PRECISION.get(f.market) ?? 0;
    const c = k.candle;
    this.sink.candles(f.market, f.interval, [
      { ...c, open: padDecimal(c.open, digits), high: padDecimal(c.high, digits), low: padDecimal(c.low, digits), close: padDecimal(c.close, digits) },
    ]);
  }

  // ---- Subscriptions ---------------------------------------------------------------------------

  private following(): boolean {
    return this.watched.size > 0 || this.focused !== null;
  }

  /** The followed markets changed: start, stop, or subscribe what is new on the open socket. */
  private followedChanged(): void {
    const ids = new Set(this.watchedIds);
    if (this.focused) ids.add(this.focused.market);
    this.notices.retain(ids);
    this.resolver.setKnown(this.focused ? [...this.watchedRefs, this.focused.ref] : this.watchedRefs);

    if (!this.following()) {
      this.guard.cancel();
      const state = this.connection.status.state;
      if (state !== 'idle' && state !== 'stopped') this.connection.stop();
      this.resetSocket();
      return;
    }
    if (this.guard.pausedUntil !== null) return; // the pause ends with a reconnect that subscribes all
    const state = this.connection.status.state;
    if (state === 'idle' || state === 'stopped') {
      if (!this.options.token()) return; // never without a token: the engine creates no adapter then
        this.connection.start();
    } else if (isLinkUp(state)) {
      try {
        this.subscribeMissing((text) => this.connection.send(text));
      } catch (error) {
        if (!(error instanceof NotConnectedError)) throw error;
        // The socket just went away: the next open subscribes everything.
      }
    }
    // Connecting or backing off: the open hook subscribes everything; auth failed: waits for a new key.
  }

  /**
   * Asks for what this socket does not carry yet, in as few requests as the protocol allows: one
   * per distinct set of types (iTick applies a request's types to all of its symbols), with klines
   * always apart from quotes and depth.
   */
  private subscribeMissing(send: (text: string) => void): void {
    const wants = new Map<string, string[]>();
    for (const symbol of this.watched.keys()) wants.set(symbol, ['quote']);
    const f = this.focused;
    if (f) wants.set(f.symbol, [...(wants.get(f.symbol) ?? []), 'depth', klineType(f.period)]);
    const groups = new Map<string, string[]>();
    for (const [symbol, types] of wants) {
      const missing = types.filter((t) => !this.subscribed.get(symbol)?.has(t));
      // Klines go in a request of their own: a feed that refuses a kline type refuses the whole
      // request, and that must never take the quote or the book away.
      const parts = [missing.filter((t) => !t.startsWith('kline@')), missing.filter((t) => t.startsWith('kline@'))];
      for (const part of parts) {
        if (part.length === 0) continue;
        const key = part.join(',');
        groups.set(key, [...(groups.get(key) ?? []), symbol]);
      }
    }
    for (const [key, symbols] of groups) {
      const types = key.split(',');
      for (const s of symbols) {
        const set = this.subscribed.get(s) ?? new Set<string>();
        for (const t of types) set.add(t);
        this.subscribed.set(s, set);
      }
      const request: PendingSubscribe = { symbols, types, timer: null };
      request.timer = this.clock.setTimeout(() => this.unconfirmed(request), this.options.subscribeTimeoutMs ?? 10_000);
      this.pending.push(request);
      send(subscribeFrame(symbols, types));
    }
  }

  private onSubscribeReply(ok: boolean, message: string): void {
    const request = this.pending.shift();
    if (!request) {
      this.log.warn(`itick: a subscription reply that answers no request: ${redact(message, this.options.token())}`);
      return;
    }
    this.clock.clearTimeout(request.timer);
    if (ok) {
      this.noticeRequest(request, null);
      return;
    }
    for (const s of request.symbols) for (const t of request.types) this.subscribed.get(s)?.delete(t);
    const limit = message.toLowerCase().includes(SUBSCRIPTION_LIMIT_MESSAGE);
    if (limit && this.carriesUnfollowed()) {
      // Symbols no longer followed still count against the plan, and iTick cannot unsubscribe:
      // a fresh socket carries only what is followed now.
      this.log.info('itick: subscription limit reached with unfollowed symbols on the socket: reconnecting clean');
      this.connection.reconnectNow();
      return;
    }
    this.log.warn(`itick: subscribe ${request.symbols.length} symbol(s) [${request.types.join(',')}] refused: ${redact(message, this.options.token())}`);
    this.noticeRequest(request, limit ? LIMIT_NOTICE : coded('ticker.refused', { detail: redact(message, this.options.token()).slice(0, 200) || '-' }));
  }

  private unconfirmed(request: PendingSubscribe): void {
    request.timer = null;
    // Left in the queue: replies come in order, so a late one still lines up with its request.
    this.log.warn(`itick: no reply to a subscription within ${((this.options.subscribeTimeoutMs ?? 10_000) / 1000).toFixed(0)} s`);
    this.noticeRequest(request, UNCONFIRMED_NOTICE);
  }

  /** Shows (or clears) a subscription problem on the rows the request was for. */
  private noticeRequest(request: PendingSubscribe, text: Coded | null): void {
    const forRows = request.types.includes('quote');
    const forFocus = request.types.some((t) => t !== 'quote');
    for (const symbol of request.symbols) {
      const id = this.watched.get(symbol) ?? (this.focused?.symbol === symbol ? this.focused.market : undefined);
      if (!id) continue;
      if (forRows) this.setNotice(id, 'subscription', text);
      if (forFocus && this.focused?.market === id) this.setNotice(id, 'focus', text && coded('ticker.focusUnavailable', { reason: text }));
    }
  }

  private carriesUnfollowed(): boolean {
    for (const [symbol, types] of this.subscribed) {
      if (types.size === 0) continue;
      if (!this.watched.has(symbol) && this.focused?.symbol !== symbol) return true;
    }
    return false;
  }

  private setNotice(market: MarketId, source: 'subscription' | 'focus' | 'trading', text: Coded | null): void {
    const notice = this.notices.set(market, source, text);
    if (notice !== undefined) this.sink.ticker(market, { notice });
  }

  /** Forgets everything tied to the previous socket. */
  private resetSocket(): void {
    this.pings.reset();
    for (const p of this.pending) this.clock.clearTimeout(p.timer);
    this.pending = [];
    this.subscribed.clear();
    const waiter = this.authWaiter;
    this.authWaiter = null;
    waiter?.reject(new NotConnectedError('the connection was replaced'));
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

// The precision of the MarketInfo this adapter serves (markets()), the one the screens draw with:
// only used to restore the zeros a JSON number dropped, never to round.
const PRICE_PRECISION = new Map(knownMarkets().map((m) => [m.market, m.pricePrecision] as const));

function itickId(m: Pick<MarketRef, 'base' | 'quote'>): MarketId {
  return marketId({ exchange: 'itick', base: m.base, quote: m.quote });
}

/** Hides the token wherever server-supplied text could carry it (the auth reply echoes it). */
export function redact(text: string, token: string | undefined): string {
  return token && token.length >= 4 && text.includes(token) ? text.split(token).join('***') : text;
}

function redactingLogger(log: Logger, token: () => string | undefined): Logger {
  return {
    info: (m) => log.info(redact(m, token())),
    warn: (m) => log.warn(redact(m, token())),
    error: (m) => log.error(redact(m, token())),
  };
}
