// createCore, the core's one implementation: exchange adapters feed the market state, coalesced frames push what changed, and the
// contract's commands are answered by command groups (commands/*.ts). Electron-free: the desktop
// shell and the web host both serve it.
import { coded } from '../../shared/codes';
import type { Coded } from '../../shared/notices';
import type { CommandName } from '../../shared/contract';
import { CommandError } from '../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, MarketRef } from '../../shared/model';
import { EXCHANGE_NAMES, EXCHANGES, parseMarketId, isLinkUp } from '../../shared/model';
import { alertsCommands } from './commands/alerts';
import { credentialsCommands } from './commands/credentials';
import { dealsCommands } from './commands/deals';
import { followWatchlists, marketCommands } from './commands/market';
import { marketSearchCommands } from './commands/market-search';
import { portfolioCommands } from './commands/portfolio';
import { parseRequest } from './commands/requests';
import { defaultSettings, endpointProblemCode, loadSettings, settingsCommands } from './commands/settings';
import type { AlertServiceOptions } from './alerts/service';
import { CredentialVault, MemorySecretStore } from './secrets';
import { endpointOrigins } from './secrets/vault';
import { guardStores } from './store/guard';
import { memoryStores, type Stores } from './store/ports';
import { DEMO_EXCHANGES_LIST, DEMO_WATCHLIST, type CoreConfig, type Credentials, type Endpoints } from './config';
import { systemClock, type Clock } from './connection/clock';
import { CoreBus } from './bus';
import type { CommandGroup, CoreContext, Emit } from './core-context';
import type { Core } from './core';
import { noCredentials, type AdapterContext, type DemoServer, type ExchangeAdapter, type ExchangeModule, type MarketSink } from './exchange-adapter';
import { AccountSessions, accountOnlySink } from './account-sessions';
import { accountsCommands } from './commands/accounts';
import { MAIN_ACCOUNT } from '../../shared/accounts';
import { EXCHANGE_MODULES } from './exchange-modules';
import { consoleLogger, type Logger } from './log';
import { NoticeBoard, type PostNotice } from './notices';
import type { CandleStore } from './market/candle-store';
import { MarketFocus } from './market/focused-market';
import { FramePump, tickerFrames } from './market/frame-pump';
import { TickerBoard } from './market/ticker-board';
import { FOLLOW_SOURCE as VENUES_SOURCE, VenueComparisons } from './market/venues';
import { venuesCommands } from './commands/venues';
import { Account } from './portfolio/account';
import type { Deal } from '../../shared/model';
import type { Settings } from '../../shared/settings';
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
  /** Extra command groups (tests that add their own). */
  commandGroups?: ((ctx: CoreContext) => CommandGroup)[];
  /** Seed for the demo simulators, so a demo run can be repeated. */
  demoSeed?: number;
  /** The saved settings, as the host's boot read them (tests: read from `stores` when absent). */
  settings?: Settings;
  /** Notices from before the core existed (the store's opening: a damaged database set aside). */
  notices?: PostNotice[];
}


function idleStatus(exchange: ExchangeId, state: ExchangeStatus['state'], reason: Coded | null, now: number): ExchangeStatus {
  return { exchange, state, reason, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: now };
}

/** Credentials for this run only (the web host, tests): the environment's, never written anywhere. */
function sessionVault(config: CoreConfig, log: Logger): CredentialVault {
  const vault = new CredentialVault(new MemorySecretStore(), { log });
  vault.useEndpoints(config.endpoints);
  // Bound to the endpoints of the same environment: a saved override (settings.set) holds them back.
  vault.adopt(config.credentials, config.environmentEndpoints ?? config.endpoints);
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
  const bus = new CoreBus();
  const busError = (error: unknown) => log.error(`a core service failed on an internal event: ${error instanceof Error ? error.message : String(error)}`);
  const notices = new NoticeBoard(() => clock.now(), (notice) => emit('notice.posted', notice));
  // Every write goes through the guard: a storage fault is a notice and a retry, never a crash.
  const stores = guardStores(options.stores ?? { ...memoryStores(), watchlists: new JsonWatchlistFile(config.home, log) }, { notices, log, clock });
  const vault = options.vault ?? sessionVault(config, log);
  // Credentials go only to the origins they were entered for: the vault holds back the others.
  vault.useEndpoints(config.endpoints);
  const pump = new FramePump(clock, config.frameIntervalMs);
  const cleanups: (() => void | Promise<void>)[] = [];
  const followed = new Map<string, MarketId[]>();
  const running = new Map<
    ExchangeId,
    { module: ExchangeModule; endpoints: Endpoints; credentials: Credentials; demoCredentials: Credentials | null }
  >();

  const adapterMap = new Map<ExchangeId, ExchangeAdapter>();
  const ctx: CoreContext = {
    config,
    log,
    clock,
    emit,
    bus,
    // CoinKing (ViaBTC) pushes price and state only on change: a quiet market there is not stale.
    board: new TickerBoard({ staleAfterMs: { coinking: null, cryptomus: 60_000, itick: 60_000 } }),
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
    notices,
    statuses: new Map(),
    adapters: adapterMap,
    // The market view; an adapter it does not use keeps the venue comparison's side focus.
    focused: new MarketFocus(adapterMap, (exchange) => ctx.venues.focusFor(exchange)),
    venues: new VenueComparisons({
      adapters: adapterMap,
      clock,
      log,
      ticker: (market) => ctx.board.ticker(market),
      focusedMarket: () => ctx.focused.current?.market ?? null,
      focusedBook: () => ctx.focused.current?.book ?? null,
      follow: (markets) => ctx.follow(VENUES_SOURCE, markets),
    }),
    follow: (source, markets) => {
      followed.set(source, markets);
      applyFollow();
    },
    reconfigure: async (exchange, creds) => {
      const entry = running.get(exchange);
      if (!entry) return;
      // `creds` come from the vault, bound to this run's configured endpoints (it holds back those
      // entered for others), so they may go only there: never to a demo simulator.
      let endpoints = entry.endpoints;
      let demoCredentials = entry.demoCredentials;
      const credentials: Credentials = { ...entry.credentials };
      await sessions.stopAll(exchange);
      await adapters.get(exchange)?.stop();
      adapters.delete(exchange);
      const demo = demos.get(exchange);
      if (creds && demo) {
        // The user's own account: the real (configured) endpoints, never the simulator.
        demos.delete(exchange);
        endpoints = config.endpoints;
        demoCredentials = null;
        await demo.close();
        log.info(`demo mode: ${exchange} now uses the user's own account at its configured endpoints`);
      } else if (!creds && config.demo && !demo) {
        // Own credentials removed in a demo run: back to the simulator, with its own credentials.
        const started = await entry.module.startDemo({ seed: options.demoSeed });
        demos.set(exchange, started);
        endpoints = { ...config.endpoints, ...started.endpoints };
        demoCredentials = { ...started.credentials };
      }
      const onConfigured = endpointOrigins(exchange, endpoints).join(' ') === endpointOrigins(exchange, config.endpoints).join(' ');
      const allowed = onConfigured ? creds : (demoCredentials?.[exchange] ?? null);
      if (allowed) (credentials as Record<string, unknown>)[exchange] = allowed;
      else delete credentials[exchange];
      attach(entry.module, endpoints, credentials, demoCredentials);
      applyFollow();
    },
    isDemo: (exchange) => demos.has(exchange),
    addFrameSource: (source) => pump.add(source),
    onStop: (cleanup) => void cleanups.push(cleanup),
  };
  const { board, account, statuses, adapters, focused, venues } = ctx;
  for (const r of config.refusedEndpoints ?? []) {
    ctx.notices.post({ id: `endpoints.refused:${r.name}`, level: 'warning', code: 'endpoints.refused', params: { name: r.name, source: r.source, problem: coded(...endpointProblemCode(r.name, r.problem)) } });
  }
  for (const exchange of EXCHANGES) {
    if (!vault.heldBack(exchange)) continue;
    const held = vault.status(exchange).heldBack;
    ctx.notices.post({ id: `credentials.endpointChanged:${exchange}`, level: 'warning', code: 'credentials.endpointChanged', params: { exchange: EXCHANGE_NAMES[exchange], origins: held?.params?.origins ?? '' }, exchange });
  }
  for (const notice of options.notices ?? []) ctx.notices.post(notice);
  /** The simulators running now, by exchange (demo mode). */
  const demos = new Map<ExchangeId, DemoServer>();
  let freshDeals: Deal[] = [];
  let started = false;
  let stopped = false;

  // The core's services hear of a change before the UI does (an alert fires on the frame it is in).
  ctx.addFrameSource(
    tickerFrames(board, (frame) => {
      bus.publish('tickers.changed', frame, busError);
      emit('market.frame', frame);
    }),
  );
  ctx.addFrameSource(() => {
    const frame = focused.current?.takeFrame();
    if (frame) emit('market.focus', frame);
    return !!frame;
  });
  ctx.addFrameSource(() => {
    const comparison = venues.takeFrame();
    if (comparison) emit('venues.frame', comparison);
    return !!comparison;
  });
  ctx.addFrameSource(() => {
    const change = account.takeChange();
    if (!change) return false;
    bus.publish('account.changed', change, busError);
    emit('account.changed', change);
    return true;
  });
  ctx.addFrameSource(() => {
    if (freshDeals.length === 0) return false;
    bus.publish('deals.added', freshDeals, busError);
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
      // One book per feed, applied once: the venue comparison reads the focused market's book from
      // the market view and keeps books only for the venues the view does not show.
      if (isFocused(market)) {
        focused.current!.applyBook(update, clock.now());
        pump.poke();
      } else if (venues.has(market) && venues.applyBook(market, update)) pump.poke();
    },
    candles: (market, interval, candles) => {
      if (isFocused(market) && focused.current!.interval === interval) {
        focused.current!.upsertCandles(candles);
        pump.poke();
      }
    },
    ...accountHooks(MAIN_ACCOUNT),
  };

  /** The private side of one account: everything it reports is stamped with its label. */
  function accountHooks(label: string): Pick<MarketSink, 'balances' | 'orders' | 'deals' | 'reconciled'> {
    const stamp = <T extends { account?: string }>(list: T[]): T[] => list.map((r) => ({ ...r, account: label }));
    return {
      balances: (exchange, list, snapshot) => {
        account.setBalances(exchange, list, snapshot, label);
        pump.poke();
      },
      orders: (exchange, list, snapshot) => {
        account.setOrders(exchange, list, snapshot, label);
        stores.orders.upsert(stamp(list));
        pump.poke();
      },
      deals: (exchange, list) => {
        const { fresh, corrected } = ctx.deals.upsert(stamp(list));
        freshDeals.push(...fresh);
        pump.poke();
        if (corrected.length === 0) return;
        // The exchange's own report contradicted a stored fill: it was rewritten. That is a correction.
        for (const d of corrected) log.warn(`${exchange}: reconciliation corrected deal ${d.id} (${d.market} ${d.side} ${d.amount} @ ${d.price})`);
        account.checked(exchange, null, corrected.length, label);
        bus.publish('deals.corrected', corrected, busError);
        emit('deals.corrected', corrected);
      },
      reconciled: (exchange, state) => {
        const corrections = account.reconcile(exchange, state, clock.now(), label);
        for (const c of corrections) log.warn(`${exchange}: reconciliation corrected ${c}`);
        if (state.orders) stores.orders.upsert(stamp(state.orders));
        pump.poke();
      },
    };
  }

  /** What one account's adapter is given: its label's sink and its own stored history. */
  function adapterContext(label: string, sinkFor: MarketSink, endpoints: Endpoints, credentials: Credentials): AdapterContext {
    return {
      config,
      endpoints,
      credentials,
      sink: sinkFor,
      log,
      clock,
      candleStore: ctx.candleStore,
      deals: { latestTime: (exchange) => ctx.deals.latestTime(exchange, label) },
      orders: { openOrders: (exchange) => stores.orders.openOrders(exchange, label) },
      notices: ctx.notices,
    };
  }

  const sessions = new AccountSessions({
    vault,
    log,
    running: (exchange) => {
      const entry = running.get(exchange);
      return entry && adapters.has(exchange) ? { module: entry.module, endpoints: entry.endpoints } : null;
    },
    context: (_exchange, label, endpoints, credentials) => adapterContext(label, accountOnlySink(accountHooks(label)), endpoints, credentials),
    forget: (exchange, label) => {
      account.forget(exchange, label);
      pump.poke();
    },
    isDemo: (exchange) => demos.has(exchange),
    changed: () => {
      const next = sessions.statuses();
      const text = JSON.stringify(next);
      if (text === lastAccounts) return;
      lastAccounts = text;
      emit('accounts.changed', next);
    },
  });
  let lastAccounts = '';

  function publishStatus(status: ExchangeStatus): void {
    statuses.set(status.exchange, status);
    const up = isLinkUp(status.state);
    // A link with no sign of life ('stale': no heartbeat answer nor data) cannot vouch for its prices.
    board.setLinkUp(status.exchange, status.state === 'live', clock.now());
    pump.poke();
    // Never apply book updates across a gap: after a drop the book waits for a fresh snapshot. An
    // adapter that resets its books itself is left to it: its status may not be the depth's link,
    // and wiping a book its feed still serves leaves it empty until the next full snapshot.
    const f = focused.current;
    const guess = !up && !adapters.get(status.exchange)?.resetsBook;
    if (guess && f && parseMarketId(f.market)?.exchange === status.exchange) f.linkLost();
    if (guess) venues.linkLost(status.exchange);
    bus.publish('exchange.status', status, busError);
    emit('exchange.status', status);
  }

  for (const exchange of EXCHANGES) {
    statuses.set(exchange, idleStatus(exchange, 'idle', null, clock.now()));
  }

  /** Board and adapters follow the union of every source's markets. */
  function applyFollow(): void {
    const all = [...new Set([...followed.values()].flat())];
    board.follow(all);
    const refs = all.map(parseMarketId).filter((r): r is MarketRef => r !== null);
    for (const [exchange, adapter] of adapters) adapter.watch(refs.filter((r) => r.exchange === exchange));
  }

  /** Creates the exchange's adapter, or marks it not configured when it lacks credentials. */
  function attach(module: ExchangeModule, endpoints: Endpoints, credentials: Credentials, demoCredentials: Credentials | null): void {
    running.set(module.exchange, { module, endpoints, credentials, demoCredentials });
    if (module.needsCredentials && !credentials[module.exchange]) {
      const reason = vault.heldBack(module.exchange) ? coded('link.credentialsHeldBack', { exchange: EXCHANGE_NAMES[module.exchange] }) : noCredentials(module.exchange);
      publishStatus(idleStatus(module.exchange, 'not_configured', reason, clock.now()));
      return;
    }
    const adapter = module.createAdapter(adapterContext(MAIN_ACCOUNT, sink, endpoints, credentials));
    adapters.set(module.exchange, adapter);
    publishStatus(adapter.status());
    adapter.onStatus(publishStatus);
    // Further accounts after the main one, on the same endpoints (their own keys permitting).
    sessions.startAll(module.exchange);
  }

  // Read once (the boot passes what it read); settings.changed carries every change from here.
  const settings = options.settings ?? loadSettings(stores.settings.load(), defaultSettings(config.demo), (m) => log.warn(m));
  // The portfolio starts in the saved quote currency and P&L method and follows settings.changed from there.
  const quote = settings.quoteCurrency;
  const standard: ((c: CoreContext) => CommandGroup)[] = [
    (c) => settingsCommands(c, { persistence: stores.settings, initial: settings }),
    (c) => credentialsCommands(c, vault, { keepDemo: async () => void (await handlers['settings.set']?.({ demo: true })) }),
    (c) => accountsCommands(c, vault, sessions, (exchange) => running.get(exchange)?.endpoints ?? null),
    (c) => dealsCommands(c, stores.deals),
    (c) => alertsCommands(c, stores.alerts, options.alerts),
    (c) => portfolioCommands(c, { values: stores.values, quoteCurrency: () => quote, pnlMethod: () => settings.pnlMethod }),
  ];
  const groups = [marketCommands, venuesCommands, marketSearchCommands, ...(options.standardGroups === false ? [] : standard), ...(options.commandGroups ?? [])];
  const handlers: CommandGroup = {};
  for (const group of groups) Object.assign(handlers, group(ctx));
  handlers['notices.list'] ??= () => ctx.notices.list();
  handlers['notices.dismiss'] ??= ({ id }) => {
    ctx.notices.clear(id);
    return ctx.notices.list();
  };

  return {
    config,
    async invoke<C extends CommandName>(command: C, request: Parameters<NonNullable<CommandGroup[C]>>[0]) {
      const handler = handlers[command] as ((r: unknown) => unknown) | undefined;
      if (!handler) throw new CommandError('command.unavailable', { command });
      // Both transports land here: handlers only ever see a request their parser accepted.
      return (await handler(parseRequest(command, request, log))) as never;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (started) return;
      started = true;
      for (const module of modules) {
        let endpoints: Endpoints = config.endpoints;
        // Only what the vault lets go to these endpoints (held-back credentials stay home).
        let credentials: Credentials = vault.credentials();
        let demoCredentials: Credentials | null = null;
        const own = credentials[module.exchange];
        if (config.demo && own) {
          // The user's own account (entered earlier) leaves demo for this exchange.
          log.info(`demo mode: ${module.exchange} uses the user's own account`);
        } else if (config.demo) {
          const demo = await module.startDemo({ seed: options.demoSeed });
          demos.set(module.exchange, demo);
          endpoints = { ...endpoints, ...demo.endpoints };
          // A simulator gets its own (non-secret) credentials, never the user's real ones; they
          // stay out of the vault, so Settings never shows them as the user's.
          credentials = { ...demo.credentials };
          demoCredentials = { ...demo.credentials };
          log.info(`demo mode: ${module.exchange} simulator running`);
        }
        attach(module, endpoints, credentials, demoCredentials);
      }
      followWatchlists(ctx);
      pump.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      pump.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
      await sessions.stopAll();
      await Promise.all([...adapters.values()].map((a) => a.stop()));
      await Promise.all([...demos.values()].map((d) => d.close()));
      stores.stopRetrying(); // after the adapters: they save their last candles while stopping
    },
    reconnectAll() {
      for (const adapter of adapters.values()) adapter.reconnect();
      sessions.reconnectAll();
    },
    async confirmCredentialEndpoints(exchange) {
      if (!vault.heldBack(exchange)) return;
      await vault.confirmEndpoints(exchange);
      ctx.notices.clear(`credentials.endpointChanged:${exchange}`);
      await ctx.reconfigure(exchange, vault.credentialsFor(exchange) as Credentials[ExchangeId] | null);
      emit('credentials.changed', vault.statuses());
    },
  };
}
