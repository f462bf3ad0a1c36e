// The core: exchange adapters feed the market state, coalesced frames push what changed, and the
// contract's commands are answered here. Electron-free: the desktop shell and the web host serve it.
import type { CommandName, EventName, Events, ReplyOf, RequestOf } from '../../shared/contract';
import { CommandError } from '../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, MarketRef } from '../../shared/model';
import { EXCHANGES, isCandleInterval, marketId, parseMarketId } from '../../shared/model';
import type { CoreConfig, Credentials, Endpoints } from './config';
import { systemClock, type Clock } from './connection/clock';
import type { Core } from './core';
import type { DemoServer, ExchangeAdapter, ExchangeModule, MarketSink } from './exchange';
import { EXCHANGE_MODULES } from './exchanges';
import { consoleLogger, type Logger } from './log';
import { MemoryCandleStore, type CandleStore } from './market/candle-store';
import { FocusedMarket } from './market/focused-market';
import { FramePump, tickerFrames } from './market/frame-pump';
import { TickerBoard } from './market/ticker-board';
import { Account } from './portfolio/account';
import { MemoryDealHistory, type DealHistory } from './portfolio/deal-history';
import { WatchlistStore } from './watchlists';

export interface CoreOptions {
  log?: Logger;
  clock?: Clock;
  /** The exchanges to speak (tests pass their own). */
  modules?: ExchangeModule[];
  candleStore?: CandleStore;
  dealHistory?: DealHistory;
  /** Seed for the demo simulators, so a demo run can be repeated. */
  demoSeed?: number;
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

const CREDENTIAL_HINT: Record<ExchangeId, string> = {
  cryptomus: 'No API credentials (VIGIL_CRYPTOMUS_USER_ID and VIGIL_CRYPTOMUS_API_KEY).',
  itick: 'No API token (VIGIL_ITICK_TOKEN).',
  coinking: 'No API key (VIGIL_COINKING_TOKEN).',
};

/** How many candles a chart gets when it opens. */
const INITIAL_CANDLES = 300;

function idleStatus(exchange: ExchangeId, state: ExchangeStatus['state'], reason: string | null, now: number): ExchangeStatus {
  return { exchange, state, reason, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: now };
}

export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const log = options.log ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const modules = options.modules ?? EXCHANGE_MODULES;
  const candleStore = options.candleStore ?? new MemoryCandleStore();
  const dealHistory = options.dealHistory ?? new MemoryDealHistory();
  const listeners = new Set<Listener>();
  const emit: Listener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };

  const board = new TickerBoard({ staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } });
  const account = new Account();
  const watchlists = new WatchlistStore(config.home, config.initialWatchlist, log);
  const statuses = new Map<ExchangeId, ExchangeStatus>();
  const adapters = new Map<ExchangeId, ExchangeAdapter>();
  const demos: DemoServer[] = [];
  let focused: FocusedMarket | null = null;
  let freshDeals: ReturnType<DealHistory['add']> = [];
  let started = false;
  let stopped = false;

  const pump = new FramePump(clock, config.frameIntervalMs, [
    tickerFrames(board, (frame) => emit('market.frame', frame)),
    () => {
      const frame = focused?.takeFrame();
      if (frame) emit('market.focus', frame);
    },
    () => {
      const change = account.takeChange();
      if (change) emit('account.changed', change);
    },
    () => {
      if (freshDeals.length === 0) return;
      emit('deals.added', freshDeals);
      freshDeals = [];
    },
  ]);

  const isFocused = (market: MarketId) => focused !== null && focused.market === market;
  const sink: MarketSink = {
    ticker: (market, patch) => board.update(market, patch, clock.now()),
    trades: (market, trades) => {
      if (isFocused(market)) focused!.addTrades(trades);
    },
    book: (market, update) => {
      if (isFocused(market)) focused!.applyBook(update, clock.now());
    },
    candles: (market, interval, candles) => {
      if (isFocused(market) && focused!.interval === interval) focused!.upsertCandles(candles);
    },
    balances: (exchange, list, snapshot) => account.setBalances(exchange, list, snapshot),
    orders: (exchange, list, snapshot) => account.setOrders(exchange, list, snapshot),
    deals: (_exchange, deals) => {
      freshDeals.push(...dealHistory.add(deals));
    },
  };

  function publishStatus(status: ExchangeStatus): void {
    statuses.set(status.exchange, status);
    const up = status.state === 'live' || status.state === 'stale';
    board.setLinkUp(status.exchange, up, clock.now());
    // Never apply book updates across a gap: after a drop the book waits for a fresh snapshot.
    if (!up && focused && parseMarketId(focused.market)?.exchange === status.exchange) focused.linkLost();
    emit('exchange.status', status);
  }

  for (const exchange of EXCHANGES) {
    statuses.set(exchange, idleStatus(exchange, 'idle', 'Not supported in this build yet.', clock.now()));
  }

  function refs(markets: MarketId[]): MarketRef[] {
    return markets.map(parseMarketId).filter((r): r is MarketRef => r !== null);
  }

  function follow(): void {
    const markets = watchlists.markets();
    board.follow(markets);
    const all = refs(markets);
    for (const [exchange, adapter] of adapters) adapter.watch(all.filter((r) => r.exchange === exchange));
  }

  function adapterFor(market: MarketRef): ExchangeAdapter {
    const adapter = adapters.get(market.exchange);
    if (!adapter) throw new CommandError(`${statuses.get(market.exchange)?.reason ?? 'This exchange is not connected.'}`);
    return adapter;
  }

  function requireMarket(value: unknown): MarketRef {
    const ref = parseMarketId(value);
    if (!ref) throw new CommandError(`Expected a market id like "coinking:BTC/USDT", got ${JSON.stringify(value)}.`);
    return ref;
  }

  function editRequest(request: unknown): { listId: string; market: MarketId } {
    const r = request as { listId?: unknown; market?: unknown } | null;
    const market = parseMarketId(r?.market);
    if (typeof r?.listId !== 'string' || !market) throw new CommandError('Expected { listId, market: "exchange:BASE/QUOTE" }.');
    return { listId: r.listId, market: marketId(market) };
  }

  async function focus(request: unknown): Promise<ReplyOf<'market.focus'>> {
    if (request === null || request === undefined) {
      for (const adapter of adapters.values()) adapter.focus(null);
      focused = null;
      return null;
    }
    const r = request as { market?: unknown; interval?: unknown };
    const ref = requireMarket(r.market);
    if (!isCandleInterval(r.interval)) throw new CommandError(`Unknown candle interval ${JSON.stringify(r.interval)}.`);
    const adapter = adapterFor(ref);
    const next = new FocusedMarket(marketId(ref), r.interval);
    for (const other of adapters.values()) if (other !== adapter) other.focus(null);
    focused = next;
    adapter.focus({ market: ref, interval: r.interval });
    // History first: a live subscription sends only what happens from now on.
    try {
      const history = await adapter.candleHistory(ref, r.interval, clock.now(), INITIAL_CANDLES);
      if (focused === next) next.upsertCandles(history);
    } catch (error) {
      log.warn(`${ref.exchange}: candle history for ${next.market} failed: ${String(error instanceof Error ? error.message : error)}`);
    }
    next.takeFrame(); // the snapshot below carries everything so far
    return next.snapshot();
  }

  const handlers: { [C in CommandName]: (request: RequestOf<C>) => ReplyOf<C> | Promise<ReplyOf<C>> } = {
    'app.info': () => ({ version: config.version, demo: config.demo, host: config.host }),
    'market.snapshot': () => ({ tickers: board.snapshot(), statuses: EXCHANGES.map((e) => statuses.get(e)!) }),
    'watchlist.list': () => watchlists.all(),
    'watchlist.add': (request) => {
      const { listId, market } = editRequest(request);
      const list = watchlists.add(listId, market);
      watchlistChanged();
      return list;
    },
    'watchlist.remove': (request) => {
      const { listId, market } = editRequest(request);
      const list = watchlists.remove(listId, market);
      watchlistChanged();
      return list;
    },
    'exchange.reconnect': (request) => {
      const exchange = (request as { exchange?: unknown } | null)?.exchange;
      if (!EXCHANGES.includes(exchange as ExchangeId)) throw new CommandError(`Unknown exchange ${JSON.stringify(exchange)}.`);
      adapters.get(exchange as ExchangeId)?.reconnect();
      return statuses.get(exchange as ExchangeId)!;
    },
    'market.focus': (request) => focus(request),
    'market.candles': async (request) => {
      const r = request as Partial<RequestOf<'market.candles'>> | null;
      const ref = requireMarket(r?.market);
      if (!isCandleInterval(r?.interval)) throw new CommandError(`Unknown candle interval ${JSON.stringify(r?.interval)}.`);
      const before = typeof r?.before === 'number' && Number.isFinite(r.before) ? r.before : clock.now();
      const limit = typeof r?.limit === 'number' && r.limit > 0 ? Math.min(Math.floor(r.limit), 1000) : INITIAL_CANDLES;
      return adapterFor(ref).candleHistory(ref, r.interval, before, limit);
    },
    'markets.list': (request) => {
      const exchange = (request as { exchange?: unknown } | null)?.exchange;
      if (!EXCHANGES.includes(exchange as ExchangeId)) throw new CommandError(`Unknown exchange ${JSON.stringify(exchange)}.`);
      const adapter = adapters.get(exchange as ExchangeId);
      if (!adapter) throw new CommandError(statuses.get(exchange as ExchangeId)?.reason ?? 'This exchange is not connected.');
      return adapter.markets();
    },
    'account.snapshot': () => account.snapshot(),
    'deals.list': (request) => {
      const r = (request ?? {}) as { exchange?: unknown; market?: unknown };
      const exchange = EXCHANGES.includes(r.exchange as ExchangeId) ? (r.exchange as ExchangeId) : undefined;
      const market = parseMarketId(r.market) ? (r.market as string) : undefined;
      return dealHistory.list({ exchange, market });
    },
  };

  function watchlistChanged(): void {
    follow();
    emit('watchlist.changed', watchlists.all());
  }

  return {
    config,
    async invoke(command, request) {
      const handler = handlers[command] as ((r: unknown) => unknown) | undefined;
      if (!handler) throw new CommandError(`Unknown command ${JSON.stringify(command)}.`);
      return (await handler(request)) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      for (const module of modules) {
        let endpoints: Endpoints = config.endpoints;
        let credentials: Credentials = config.credentials;
        if (config.demo) {
          const demo = await module.startDemo({ seed: options.demoSeed });
          demos.push(demo);
          endpoints = { ...endpoints, ...demo.endpoints };
          credentials = { ...credentials, ...demo.credentials };
          log.info(`demo mode: ${module.exchange} simulator running`);
        }
        if (module.needsCredentials && !credentials[module.exchange]) {
          statuses.set(module.exchange, idleStatus(module.exchange, 'not_configured', CREDENTIAL_HINT[module.exchange], clock.now()));
          continue;
        }
        const adapter = module.createAdapter({ config, endpoints, credentials, sink, log, clock, candleStore, deals: dealHistory });
        adapters.set(module.exchange, adapter);
        statuses.set(module.exchange, adapter.status());
        adapter.onStatus(publishStatus);
      }
      follow();
      pump.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      pump.stop();
      await Promise.all([...adapters.values()].map((a) => a.stop()));
      await Promise.all(demos.map((d) => d.close()));
    },
    reconnectAll() {
      for (const adapter of adapters.values()) adapter.reconnect();
    },
  };
}
