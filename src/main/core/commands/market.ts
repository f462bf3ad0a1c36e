// Market commands: app info, watchlists, tickers, the focused market, candle history, market lists.
import { CommandError } from '../../../shared/contract';
import type { ReplyOf } from '../../../shared/contract';
import type { ExchangeId, MarketId, MarketRef } from '../../../shared/model';
import { EXCHANGES, EXCHANGE_NAMES, isCandleInterval, marketId, parseMarketId } from '../../../shared/model';
import type { CommandGroup, CoreContext } from '../context';
import type { ExchangeAdapter } from '../exchange';

/** How many candles a chart gets when it opens. */
export const INITIAL_CANDLES = 300;

export function refs(markets: MarketId[]): MarketRef[] {
  return markets.map(parseMarketId).filter((r): r is MarketRef => r !== null);
}

export function requireMarket(value: unknown): MarketRef {
  const ref = parseMarketId(value);
  if (!ref) throw new CommandError('market.invalid', { value: String(JSON.stringify(value) ?? '').slice(0, 60) });
  return ref;
}

export function requireExchange(value: unknown): ExchangeId {
  if (!EXCHANGES.includes(value as ExchangeId)) throw new CommandError('exchange.unknown', { value: String(JSON.stringify(value) ?? '').slice(0, 40) });
  return value as ExchangeId;
}

/** Makes the watchlists' markets one of the sources the adapters follow. */
export function followWatchlists(ctx: CoreContext): void {
  ctx.follow('watchlists', ctx.watchlists.markets());
}

export function marketCommands(ctx: CoreContext): CommandGroup {
  const { config, board, watchlists, statuses, adapters, clock, log } = ctx;

  function adapterFor(exchange: ExchangeId): ExchangeAdapter {
    const adapter = adapters.get(exchange);
    if (!adapter) throw new CommandError('exchange.notConnected', { exchange: EXCHANGE_NAMES[exchange] });
    return adapter;
  }

  function editRequest(request: unknown): { listId: string; market: MarketId } {
    const r = request as { listId?: unknown; market?: unknown } | null;
    const market = parseMarketId(r?.market);
    if (typeof r?.listId !== 'string' || !market) throw new CommandError('request.invalid', { what: 'listId, market' });
    return { listId: r.listId, market: marketId(market) };
  }

  function watchlistChanged(): void {
    followWatchlists(ctx);
    ctx.emit('watchlist.changed', watchlists.all());
  }

  async function focus(request: unknown): Promise<ReplyOf<'market.focus'>> {
    if (request === null || request === undefined) {
      ctx.focused.close();
      return null;
    }
    const r = request as { market?: unknown; interval?: unknown };
    const ref = requireMarket(r.market);
    if (!isCandleInterval(r.interval)) throw new CommandError('market.intervalUnknown', { value: String(JSON.stringify(r.interval) ?? '').slice(0, 20) });
    const adapter = adapterFor(ref.exchange);
    const next = ctx.focused.open(ref, r.interval, adapter);
    // History first: a live subscription sends only what happens from now on.
    try {
      const history = await adapter.candleHistory(ref, r.interval, clock.now(), INITIAL_CANDLES);
      if (ctx.focused.current === next) next.upsertCandles(history);
    } catch (error) {
      log.warn(`${ref.exchange}: candle history for ${next.market} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    next.takeFrame(); // the snapshot below carries everything so far
    return next.snapshot();
  }

  return {
    'market.depthScales': (request) => {
      const ref = requireMarket((request as { market?: unknown } | null)?.market);
      return ctx.focused.depthSteps(ref, adapterFor(ref.exchange));
    },
    'market.setDepthScale': async (request) => {
      const r = request as { market?: unknown; index?: unknown } | null;
      const ref = requireMarket(r?.market);
      const adapter = adapterFor(ref.exchange);
      if (!adapter.depthScales) throw new CommandError('market.oneDepthStep', { exchange: EXCHANGE_NAMES[ref.exchange] });
      try {
        return await ctx.focused.chooseDepthStep(ref, r?.index as number, adapter);
      } catch (error) {
        if (error instanceof RangeError) throw new CommandError('market.noDepthStep', { index: String(r?.index) });
        throw error;
      }
    },
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
    'watchlist.create': (request) => {
      const list = watchlists.create((request as { name?: unknown } | null)?.name as string);
      watchlistChanged();
      return list;
    },
    'watchlist.rename': (request) => {
      const r = request as { listId?: unknown; name?: unknown } | null;
      const list = watchlists.rename(String(r?.listId), r?.name as string);
      watchlistChanged();
      return list;
    },
    'watchlist.delete': (request) => {
      const lists = watchlists.delete(String((request as { listId?: unknown } | null)?.listId));
      watchlistChanged();
      return lists;
    },
    'watchlist.move': (request) => {
      const { listId, market } = editRequest(request);
      const index = (request as { index?: unknown }).index;
      if (typeof index !== 'number' || !Number.isFinite(index)) throw new CommandError('request.invalid', { what: 'index' });
      const list = watchlists.move(listId, market, index);
      watchlistChanged();
      return list;
    },
    'exchange.reconnect': (request) => {
      const exchange = requireExchange((request as { exchange?: unknown } | null)?.exchange);
      adapters.get(exchange)?.reconnect();
      return statuses.get(exchange)!;
    },
    'market.focus': (request) => focus(request),
    'market.candles': async (request) => {
      const r = request as Partial<{ market: unknown; interval: unknown; before: unknown; limit: unknown }> | null;
      const ref = requireMarket(r?.market);
      if (!isCandleInterval(r?.interval)) throw new CommandError('market.intervalUnknown', { value: String(JSON.stringify(r?.interval) ?? '').slice(0, 20) });
      const before = typeof r?.before === 'number' && Number.isFinite(r.before) ? r.before : clock.now();
      const limit = typeof r?.limit === 'number' && r.limit > 0 ? Math.min(Math.floor(r.limit), 1000) : INITIAL_CANDLES;
      return adapterFor(ref.exchange).candleHistory(ref, r.interval, before, limit);
    },
    'markets.list': (request) => adapterFor(requireExchange((request as { exchange?: unknown } | null)?.exchange)).markets(),
    'account.snapshot': () => ctx.account.snapshot(),
    'deals.list': (request) => {
      const r = (request ?? {}) as { exchange?: unknown; market?: unknown };
      const exchange = EXCHANGES.includes(r.exchange as ExchangeId) ? (r.exchange as ExchangeId) : undefined;
      const market = parseMarketId(r.market) ? (r.market as string) : undefined;
      return ctx.deals.list({ exchange, market });
    },
    // Saving a file needs a native dialog: the desktop shell answers this one itself.
    'file.saveText': () => {
      throw new CommandError('file.desktopOnly');
    },
  };
}
