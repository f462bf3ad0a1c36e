// The core: exchange adapters feed the market state, coalesced frames push what changed, and the
// contract's commands are answered by command groups (commands/*.ts). Electron-free: the desktop
// shell and the web host both serve it.
import type { CommandName } from '../../shared/contract';
import { CommandError } from '../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, MarketRef } from '../../shared/model';
import { EXCHANGES, parseMarketId } from '../../shared/model';
import { alertsCommands } from './commands/alerts';
import { credentialsCommands } from './commands/credentials';
import { dealsCommands } from './commands/deals';
import { followWatchlists, marketCommands } from './commands/market';
import { portfolioCommands } from './commands/portfolio';
import { defaultSettings, loadSettings, settingsCommands } from './commands/settings';
import type { AlertServiceOptions } from './alerts/service';
import { CredentialVault, MemorySecretStore } from './secrets';
import { memoryStores, type Stores } from './store/ports';
import { DEMO_EXCHANGES_LIST, DEMO_WATCHLIST, type CoreConfig, type Credentials, type Endpoints } from './config';
import { systemClock, type Clock } from './connection/clock';
import type { CommandGroup, CoreContext, Emit } from './context';
import type { Core } from './core';
import type { DemoServer, ExchangeModule, MarketSink } from './exchange';
import { EXCHANGE_MODULES } from './exchanges';
import { consoleLogger, type Logger } from './log';
import { NoticeBoard } from './notices';
import type { CandleStore } from './market/candle-store';
import { FramePump, tickerFrames } from './market/frame-pump';
import { TickerBoard } from './market/ticker-board';
import { Account } from './portfolio/account';
import type { Deal } from '../../shared/model';
import type { DealHistory } from './portfolio/deal-history';
import { JsonWatchlistFile, WatchlistStore } from './watchlists';

export interface CoreOptions {
  log?: Logger;
  clock?: Clock;
  /** The exchanges to speak (tests pass their own). */
  modules?: ExchangeModule[];
  /** What persists (the SQLite store in the apps); memory, with watchlists in a JSON file, by default. */
  stores?: Stores;
  /** Where credentials entered in Settings are kept (the OS keychain in the desktop app). */
  vault?: CredentialVault;
  alerts?: AlertServiceOptions;
  /**
   * false: only the market commands and `commandGroups` (tests that drive one group with its own
   * options, so no second alert or portfolio service runs beside it). Default true.
   */
  standardGroups?: boolean;
  /** Overrides of single stores, for tests. */
  candleStore?: CandleStore;
  dealHistory?: DealHistory;
  /** Extra command groups (the desktop shell's, or later parts of the core). */
  commandGroups?: ((ctx: CoreContext) => CommandGroup)[];
  /** Seed for the demo simulators, so a demo run can be repeated. */
  demoSeed?: number;
}

const CREDENTIAL_HINT: Record<ExchangeId, string> = {
  cryptomus: 'No API credentials (VIGIL_CRYPTOMUS_USER_ID and VIGIL_CRYPTOMUS_API_KEY).',
  itick: 'No API token (VIGIL_ITICK_TOKEN).',
  coinking: 'No API key (VIGIL_COINKING_TOKEN).',
};

function idleStatus(exchange: ExchangeId, state: ExchangeStatus['state'], reason: string | null, now: number): ExchangeStatus {
  return { exchange, state, reason, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: now };
}

/** Credentials for this run only (the web host, tests): the environment's, never written anywhere. */
function sessionVault(config: CoreConfig, log: Logger): CredentialVault {
  const vault = new CredentialVault(new MemorySecretStore(), { log });
  vault.adopt(config.credentials);
  return vault;
}

export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const log = options.log ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const modules = options.modules ?? EXCHANGE_MODULES;
  const listeners = new Set<Emit>();
  const emit: Emit = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const stores = options.stores ?? { ...memoryStores(), watchlists: new JsonWatchlistFile(config.home, log) };
  const vault = options.vault ?? sessionVault(config, log);
  const pump = new FramePump(clock, config.frameIntervalMs);
  const cleanups: (() => void | Promise<void>)[] = [];
  const followed = new Map<string, MarketId[]>();
  const running = new Map<ExchangeId, { module: ExchangeModule; endpoints: Endpoints; credentials: Credentials }>();

  const ctx: CoreContext = {
    config,
    log,
    clock,
    emit,
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    board: new TickerBoard({ staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } }),
    account: new Account(),
    deals: options.dealHistory ?? stores.deals,
    candleStore: options.candleStore ?? stores.candles,
    // A demo run without a watchlist of its own also gets a list across all three exchanges.
    watchlists: new WatchlistStore(
      stores.watchlists,
      config.initialWatchlist,
      log,
      config.demo && config.initialWatchlist === DEMO_WATCHLIST ? [DEMO_EXCHANGES_LIST] : [],
    ),
    notices: new NoticeBoard(() => clock.now(), (notice) => emit('notice.posted', notice)),
    statuses: new Map(),
    adapters: new Map(),
    focused: { current: null },
    follow: (source, markets) => {
      followed.set(source, markets);
      applyFollow();
    },
    reconfigure: async (exchange, creds) => {
      const entry = running.get(exchange);
      if (!entry) return;
      const credentials: Credentials = { ...entry.credentials };
      if (creds) (credentials as Record<string, unknown>)[exchange] = creds;
      else delete credentials[exchange];
      entry.credentials = credentials;
      await adapters.get(exchange)?.stop();
      adapters.delete(exchange);
      attach(entry.module, entry.endpoints, credentials);
      applyFollow();
    },
    addFrameSource: (source) => pump.add(source),
    onStop: (cleanup) => void cleanups.push(cleanup),
  };
  const { board, account, statuses, adapters, focused } = ctx;
  const demos: DemoServer[] = [];
  let freshDeals: Deal[] = [];
  let started = false;
  let stopped = false;

  ctx.addFrameSource(tickerFrames(board, (frame) => emit('market.frame', frame)));
  ctx.addFrameSource(() => {
    const frame = focused.current?.takeFrame();
    if (frame) emit('market.focus', frame);
    return !!frame;
  });
  ctx.addFrameSource(() => {
    const change = account.takeChange();
    if (change) emit('account.changed', change);
    return !!change;
  });
  ctx.addFrameSource(() => {
    if (freshDeals.length === 0) return false;
    emit('deals.added', freshDeals);
    freshDeals = [];
    return true;
  });

  const isFocused = (market: string) => focused.current !== null && focused.current.market === market;
  // Every push pokes the pump, so the first change after a quiet interval reaches the UI at once.
  const sink: MarketSink = {
    ticker: (market, patch) => {
      board.update(market, patch, clock.now());
      pump.poke();
    },
    trades: (market, trades) => {
      if (isFocused(market)) {
        focused.current!.addTrades(trades);
        pump.poke();
      }
    },
    book: (market, update) => {
      if (isFocused(market)) {
        focused.current!.applyBook(update, clock.now());
        pump.poke();
      }
    },
    candles: (market, interval, candles) => {
      if (isFocused(market) && focused.current!.interval === interval) {
        focused.current!.upsertCandles(candles);
        pump.poke();
      }
    },
    balances: (exchange, list, snapshot) => {
      account.setBalances(exchange, list, snapshot);
      pump.poke();
    },
    orders: (exchange, list, snapshot) => {
      account.setOrders(exchange, list, snapshot);
      stores.orders.upsert(list);
      pump.poke();
    },
    deals: (_exchange, deals) => {
      freshDeals.push(...ctx.deals.add(deals));
      pump.poke();
    },
  };

  function publishStatus(status: ExchangeStatus): void {
    statuses.set(status.exchange, status);
    const up = status.state === 'live' || status.state === 'stale';
    board.setLinkUp(status.exchange, up, clock.now());
    pump.poke();
    // Never apply book updates across a gap: after a drop the book waits for a fresh snapshot.
    const f = focused.current;
    if (!up && f && parseMarketId(f.market)?.exchange === status.exchange) f.linkLost();
    emit('exchange.status', status);
  }

  for (const exchange of EXCHANGES) {
    statuses.set(exchange, idleStatus(exchange, 'idle', 'Not supported in this build yet.', clock.now()));
  }

  /** Board and adapters follow the union of every source's markets. */
  function applyFollow(): void {
    const all = [...new Set([...followed.values()].flat())];
    board.follow(all);
    const refs = all.map(parseMarketId).filter((r): r is MarketRef => r !== null);
    for (const [exchange, adapter] of adapters) adapter.watch(refs.filter((r) => r.exchange === exchange));
  }

  /** Creates the exchange's adapter, or marks it not configured when it lacks credentials. */
  function attach(module: ExchangeModule, endpoints: Endpoints, credentials: Credentials): void {
    running.set(module.exchange, { module, endpoints, credentials });
    if (module.needsCredentials && !credentials[module.exchange]) {
      publishStatus(idleStatus(module.exchange, 'not_configured', CREDENTIAL_HINT[module.exchange], clock.now()));
      return;
    }
    const adapter = module.createAdapter({ config, endpoints, credentials, sink, log, clock, candleStore: ctx.candleStore, deals: ctx.deals });
    adapters.set(module.exchange, adapter);
    publishStatus(adapter.status());
    adapter.onStatus(publishStatus);
  }

  // The portfolio starts in the saved quote currency and follows settings.changed from there.
  const quote = loadSettings(stores.settings.load(), defaultSettings(config.demo), () => {}).quoteCurrency;
  const standard: ((c: CoreContext) => CommandGroup)[] = [
    (c) => settingsCommands(c, { persistence: stores.settings }),
    (c) => credentialsCommands(c, vault),
    (c) => dealsCommands(c, stores.deals),
    (c) => alertsCommands(c, stores.alerts, options.alerts),
    (c) => portfolioCommands(c, { values: stores.values, quoteCurrency: () => quote }),
  ];
  const groups = [marketCommands, ...(options.standardGroups === false ? [] : standard), ...(options.commandGroups ?? [])];
  const handlers: CommandGroup = {};
  for (const group of groups) Object.assign(handlers, group(ctx));
  handlers['notices.list'] ??= () => ctx.notices.list();
  handlers['notices.dismiss'] ??= ({ id }) => {
    ctx.notices.clear(String(id));
    return ctx.notices.list();
  };

  return {
    config,
    async invoke<C extends CommandName>(command: C, request: Parameters<NonNullable<CommandGroup[C]>>[0]) {
      const handler = handlers[command] as ((r: unknown) => unknown) | undefined;
      if (!handler) throw new CommandError(`"${command}" is not available in this build yet.`);
      return (await handler(request)) as never;
    },
    subscribe: ctx.on,
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
          // Settings shows the simulator's (non-secret) demo credentials as this session's.
          if (demo.credentials) vault.adopt(demo.credentials);
          log.info(`demo mode: ${module.exchange} simulator running`);
        }
        attach(module, endpoints, credentials);
      }
      followWatchlists(ctx);
      pump.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      pump.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
      await Promise.all([...adapters.values()].map((a) => a.stop()));
      await Promise.all(demos.map((d) => d.close()));
    },
    reconnectAll() {
      for (const adapter of adapters.values()) adapter.reconnect();
    },
  };
}
