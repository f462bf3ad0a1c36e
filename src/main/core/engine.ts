// The core: adapters feed the ticker board, the frame pump pushes what changed, and the contract's
// commands are answered here. Electron-free: the desktop shell and the web host both serve it.
import type { CommandName, Events, EventName, ReplyOf, RequestOf } from '../../shared/contract';
import { CommandError } from '../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketRef } from '../../shared/model';
import { EXCHANGES, parseMarketId } from '../../shared/model';
import { CoinKingAdapter } from './coinking/adapter';
import { startCoinKingSimulator, type CoinKingSimulator } from './coinking/simulator';
import { NEEDS_CREDENTIALS, type CoreConfig } from './config';
import { systemClock, type Clock } from './connection/clock';
import type { Core } from './core';
import { consoleLogger, type Logger } from './log';
import { FramePump } from './market/frame-pump';
import { TickerBoard } from './market/ticker-board';
import { WatchlistStore } from './watchlists';

export interface CoreOptions {
  log?: Logger;
  clock?: Clock;
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

const CREDENTIAL_HINT: Record<ExchangeId, string> = {
  cryptomus: 'No API credentials (VIGIL_CRYPTOMUS_USER_ID and VIGIL_CRYPTOMUS_API_KEY).',
  itick: 'No API token (VIGIL_ITICK_TOKEN).',
  coinking: '',
};

export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const log = options.log ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  const listeners = new Set<Listener>();
  const emit: Listener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };

  const board = new TickerBoard({ staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } });
  const pump = new FramePump(board, clock, config.frameIntervalMs, (frame) => emit('market.frame', frame));
  const watchlists = new WatchlistStore(config.home, config.initialWatchlist, log);
  const statuses = new Map<ExchangeId, ExchangeStatus>();
  let coinking: CoinKingAdapter | null = null;
  let simulator: CoinKingSimulator | null = null;
  let started = false;
  let stopped = false;

  function publishStatus(status: ExchangeStatus): void {
    statuses.set(status.exchange, status);
    board.setLinkUp(status.exchange, status.state === 'live' || status.state === 'stale', clock.now());
    emit('exchange.status', status);
  }

  // Exchanges without an adapter in this build, or without the credentials they need, stay idle
  // and say why once, instead of failing to connect over and over.
  for (const exchange of EXCHANGES) {
    const missing = NEEDS_CREDENTIALS[exchange] && !config.credentials[exchange];
    statuses.set(exchange, {
      exchange,
      state: missing ? 'not_configured' : 'idle',
      reason: missing ? CREDENTIAL_HINT[exchange] : exchange === 'coinking' ? null : 'Not supported in this build yet.',
      nextRetryAt: null,
      attempt: 0,
      rttMs: null,
      badFrames: 0,
      since: clock.now(),
    });
  }

  function follow(): void {
    const markets = watchlists.markets();
    board.follow(markets);
    const refs = markets.map(parseMarketId).filter((r): r is MarketRef => r !== null);
    coinking?.setMarkets(refs.filter((r) => r.exchange === 'coinking'));
  }

  function watchlistChanged(): void {
    follow();
    emit('watchlist.changed', watchlists.all());
  }

  function editRequest(request: unknown): { listId: string; market: ReturnType<typeof parseMarketId> & object } {
    const r = request as { listId?: unknown; market?: unknown } | null;
    const market = parseMarketId(r?.market);
    if (typeof r?.listId !== 'string' || !market) throw new CommandError('Expected { listId, market: "exchange:BASE/QUOTE" }.');
    return { listId: r.listId, market };
  }

  const handlers: { [C in CommandName]: (request: RequestOf<C>) => ReplyOf<C> | Promise<ReplyOf<C>> } = {
    'app.info': () => ({ version: config.version, demo: config.demo, host: config.host }),
    'market.snapshot': () => ({ tickers: board.snapshot(), statuses: EXCHANGES.map((e) => statuses.get(e)!) }),
    'watchlist.list': () => watchlists.all(),
    'watchlist.add': (request) => {
      const { listId, market } = editRequest(request);
      const list = watchlists.add(listId, `${market.exchange}:${market.base}/${market.quote}`);
      watchlistChanged();
      return list;
    },
    'watchlist.remove': (request) => {
      const { listId, market } = editRequest(request);
      const list = watchlists.remove(listId, `${market.exchange}:${market.base}/${market.quote}`);
      watchlistChanged();
      return list;
    },
    'exchange.reconnect': (request) => {
      const exchange = (request as { exchange?: unknown } | null)?.exchange;
      if (exchange === 'coinking') coinking?.reconnect();
      else if (!EXCHANGES.includes(exchange as ExchangeId)) throw new CommandError(`Unknown exchange ${JSON.stringify(exchange)}.`);
      return statuses.get(exchange as ExchangeId)!;
    },
  };

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
      let coinkingUrl = config.endpoints.coinkingWs;
      if (config.demo) {
        simulator = await startCoinKingSimulator();
        coinkingUrl = simulator.url;
        log.info(`demo mode: CoinKing simulator on ${simulator.url}`);
      }
      coinking = new CoinKingAdapter({
        wsUrl: coinkingUrl,
        token: config.demo ? undefined : config.credentials.coinking?.token,
        sink: { ticker: (market, patch) => board.update(market, patch, clock.now()) },
        log,
      });
      coinking.onStatus(publishStatus);
      follow();
      pump.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      pump.stop();
      coinking?.stop();
      await simulator?.close();
    },
    reconnectAll() {
      coinking?.reconnect();
    },
  };
}
