// Test support for the alerts and portfolio tests: the real engine (createCore, its frame pump, ticker
// board, account and deal routing) on a ManualClock, with scripted exchanges in place of adapters.
// What a test pushes into an exchange's sink reaches the command groups exactly as live data would.
import type { Coded } from '../../../shared/notices';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, Events } from '../../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, MarketInfo, MarketRef } from '../../../shared/model';
import { marketId } from '../../../shared/model';
import { loadConfig } from '../config';
import { ManualClock } from '../connection/clock';
import type { CommandGroup, CoreContext } from '../core-context';
import type { Core } from '../core';
import { createCore } from '../create-core';
import type { ExchangeAdapter, ExchangeModule, MarketSink } from '../exchange-adapter';
import { silentLogger } from '../log';

export interface ScriptedExchange {
  readonly exchange: ExchangeId;
  sink(): MarketSink;
  setStatus(state: ExchangeStatus['state'], reason?: Coded | null): void;
  /** The markets the engine asked this exchange to follow, most recent call. */
  watched(): MarketId[];
  /** What markets() answers (null: it fails). */
  markets: MarketInfo[] | null;
}

function scripted(exchange: ExchangeId, clock: ManualClock): { module: ExchangeModule; handle: ScriptedExchange } {
  let sink: MarketSink | undefined;
  let listener: (s: ExchangeStatus) => void = () => {};
  let watched: MarketId[] = [];
  let state: ExchangeStatus = { exchange, state: 'live', reason: null, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: clock.now() };
  const handle: ScriptedExchange = {
    exchange,
    sink: () => {
      if (!sink) throw new Error(`${exchange} has no adapter yet: start the core first`);
      return sink;
    },
    setStatus: (s, reason: Coded | null = null) => {
      state = { ...state, state: s, reason, since: clock.now() };
      listener(state);
    },
    watched: () => watched,
    markets: [],
  };
  const module: ExchangeModule = {
    exchange,
    needsCredentials: false,
    createAdapter(context) {
      sink = context.sink;
      const adapter: ExchangeAdapter = {
        exchange,
        status: () => state,
        onStatus: (l) => {
          listener = l;
          return () => {};
        },
        watch: (markets: MarketRef[]) => void (watched = markets.map(marketId)),
        focus: () => {},
        candleHistory: async () => [],
        markets: async () => {
          if (handle.markets === null) throw new Error('market list unavailable');
          return handle.markets;
        },
        reconnect: () => {},
        stop: async () => {},
      };
      return adapter;
    },
    startDemo: async () => ({ endpoints: {}, close: async () => {} }),
  };
  return { module, handle };
}

export interface ScriptedCore {
  core: Core;
  clock: ManualClock;
  exchanges: Record<ExchangeId, ScriptedExchange>;
  /** Every event the core pushed, in order. */
  events: { event: EventName; payload: unknown }[];
  of<E extends EventName>(event: E): Events[E][];
  /** The context the command groups were given. */
  ctx(): CoreContext;
  /** Moves virtual time in frame steps, so the pump runs as it would live. */
  advance(ms: number): void;
  /** A market info row, for `markets`. */
  info(market: MarketId): MarketInfo;
}

/** A started core on a ManualClock with scripted exchanges and the given command groups. */
export async function scriptedCore(
  groups: ((ctx: CoreContext) => CommandGroup)[],
  options: { watchlist?: MarketId[]; start?: number } = {},
): Promise<ScriptedCore> {
  const clock = new ManualClock(options.start ?? 1_700_000_000_000);
  const home = mkdtempSync(join(tmpdir(), 'vigil-scripted-'));
  const config = loadConfig({
    host: 'web',
    version: '0.0.0-test',
    env: { VIGIL_HOME: home, VIGIL_WATCHLIST: (options.watchlist ?? ['coinking:BTC/USDT']).join(',') },
  });
  const made = (['cryptomus', 'itick', 'coinking'] as const).map((e) => scripted(e, clock));
  let context: CoreContext | undefined;
  const core = createCore(config, {
    log: silentLogger,
    clock,
    modules: made.map((m) => m.module),
    standardGroups: false, // the test's own group, with its own options, is the only one
    commandGroups: [
      (ctx) => {
        context = ctx;
        return {};
      },
      ...groups,
    ],
  });
  const events: ScriptedCore['events'] = [];
  core.subscribe((event, payload) => void events.push({ event, payload }));
  await core.start();
  const exchanges = Object.fromEntries(made.map((m) => [m.handle.exchange, m.handle])) as Record<ExchangeId, ScriptedExchange>;
  return {
    core,
    clock,
    exchanges,
    events,
    of: <E extends EventName>(event: E) => events.filter((e) => e.event === event).map((e) => e.payload as Events[E]),
    ctx: () => context!,
    advance: (ms) => {
      const step = config.frameIntervalMs;
      for (let t = 0; t < ms; t += step) clock.advance(Math.min(step, ms - t));
    },
    info: (market) => {
      const [base, quote] = market.slice(market.indexOf(':') + 1).split('/') as [string, string];
      return { market, base, quote, pricePrecision: 2, amountPrecision: 6 };
    },
  };
}
