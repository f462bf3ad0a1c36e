// Market commands: app info, watchlists, tickers, the focused market, candle history, market lists.
import { CommandError } from '../../../shared/contract';
import type { ReplyOf, RequestOf } from '../../../shared/contract';
import type { ExchangeId, MarketId, MarketRef } from '../../../shared/model';
import { EXCHANGES, EXCHANGE_NAMES, parseMarketId } from '../../../shared/model';
import type { CommandGroup, CoreContext } from '../core-context';
import type { ExchangeAdapter } from '../exchange-adapter';

/** How many candles a chart gets when it opens. */
export const INITIAL_CANDLES = 300;

export function refs(markets: MarketId[]): MarketRef[] {
  return markets.map(parseMarketId).filter((r): r is MarketRef => r !== null);
}

/** The parts of a market id (requests arrive parsed, see requests.ts; this still refuses a bad one). */
export function requireMarket(value: unknown): MarketRef {
  const ref = parseMarketId(value);
  if (!ref) throw new CommandError('market.invalid', { value: String(JSON.stringify(value) ?? '').slice(0, 60) });
  return ref;
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

  function watchlistChanged(): void {
    followWatchlists(ctx);
    ctx.emit('watchlist.changed', watchlists.all());
  }

  async function focus(r: RequestOf<'market.focus'>): Promise<ReplyOf<'market.focus'>> {
    if (r === null) {
      ctx.focused.close();
      return null;
    }
    const ref = requireMarket(r.market);
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
      const ref = requireMarket(request.market);
      return ctx.focused.depthSteps(ref, adapterFor(ref.exchange));
    },
    'market.setDepthScale': async (r) => {
      const ref = requireMarket(r.market);
      const adapter = adapterFor(ref.exchange);
      if (!adapter.depthScales) throw new CommandError('market.oneDepthStep', { exchange: EXCHANGE_NAMES[ref.exchange] });
      try {
        return await ctx.focused.chooseDepthStep(ref, r.index, adapter);
      } catch (error) {
        if (error instanceof RangeError) throw new CommandError('market.noDepthStep', { index: String(r.index) });
        throw error;
      }
    },
    'app.info': () => ({ version: config.version, demo: config.demo, host: config.host }),
    'market.snapshot': () => ({ tickers: board.snapshot(), statuses: EXCHANGES.map((e) => statuses.get(e)!) }),
    'watchlist.list': () => watchlists.all(),
    'watchlist.add': ({ listId, market }) => {
      const list = watchlists.add(listId, market);
      watchlistChanged();
      return list;
    },
    'watchlist.remove': ({ listId, market }) => {
      const list = watchlists.remove(listId, market);
      watchlistChanged();
      return list;
    },
    'watchlist.create': ({ name }) => {
      const list = watchlists.create(name);
      watchlistChanged();
      return list;
    },
    'watchlist.rename': ({ listId, name }) => {
      const list = watchlists.rename(listId, name);
      watchlistChanged();
      return list;
    },
    'watchlist.delete': ({ listId }) => {
      const lists = watchlists.delete(listId);
      watchlistChanged();
      return lists;
    },
    'watchlist.move': ({ listId, market, index }) => {
      const list = watchlists.move(listId, market, index);
      watchlistChanged();
      return list;
    },
    'exchange.reconnect': ({ exchange }) => {
      adapters.get(exchange)?.reconnect();
      return statuses.get(exchange)!;
    },
    'market.focus': (request) => focus(request),
    'market.candles': async ({ market, interval, before, limit }) => {
      const ref = requireMarket(market);
      return adapterFor(ref.exchange).candleHistory(ref, interval, before, limit);
    },
    'markets.list': ({ exchange }) => adapterFor(exchange).markets(),
    'account.snapshot': () => ctx.account.snapshot(),
    // Saving a file needs a native dialog: the desktop shell answers this one itself.
    'file.saveText': () => {
      throw new CommandError('file.desktopOnly');
    },
  };
}
