// How the engine routes what adapters report: focus, book gaps, account and deal dedup, and
// credentials. A scripted exchange stands in for a real one here; the real adapters are tested
// against their protocol simulators in their own folders.
import { renderCoded } from '../../shared/codes';
import type { Coded } from '../../shared/notices';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSnapshot, FocusFrame } from '../../shared/contract';
import type { Deal, ExchangeStatus } from '../../shared/model';
import { loadConfig } from './config';
import { ManualClock } from './connection/clock';
import type { Core } from './core';
import { createCore } from './create-core';
import type { ExchangeAdapter, ExchangeModule, Focus, MarketSink } from './exchange-adapter';
import { silentLogger } from './log';

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

function scriptedExchange(needsCredentials = false, resetsBook = false) {
  const calls: { focus: (Focus | null)[]; watched: string[][] } = { focus: [], watched: [] };
  let sink!: MarketSink;
  let statusListener: (s: ExchangeStatus) => void = () => {};
  const status = (state: ExchangeStatus['state']): ExchangeStatus => ({
    exchange: 'cryptomus',
    state,
    reason: null,
    nextRetryAt: null,
    attempt: 0,
    rttMs: null,
    badFrames: 0,
    since: 0,
  });
  const module: ExchangeModule = {
    exchange: 'cryptomus',
    needsCredentials,
    createAdapter(ctx) {
      sink = ctx.sink;
      const adapter: ExchangeAdapter = {
        exchange: 'cryptomus',
        resetsBook,
        status: () => status('live'),
        onStatus: (l) => {
          statusListener = l;
          return () => {};
        },
        watch: (markets) => void calls.watched.push(markets.map((m) => `${m.base}/${m.quote}`)),
        focus: (f) => void calls.focus.push(f),
        candleHistory: async (_m, _i, end) => [{ time: end - 120_000, open: '1', high: '2', low: '0.5', close: '1.5', volume: '3' }],
        markets: async () => [],
        reconnect: () => {},
        stop: async () => {},
      };
      return adapter;
    },
    startDemo: async () => ({ endpoints: {}, close: async () => {} }),
  };
  return { module, calls, sink: () => sink, setStatus: (s: ExchangeStatus['state']) => statusListener(status(s)) };
}

function start(exchange: ReturnType<typeof scriptedExchange>, env: Record<string, string> = {}) {
  const clock = new ManualClock();
  const home = mkdtempSync(join(tmpdir(), 'vigil-routing-'));
  const config = loadConfig({
    host: 'web',
    version: '0',
    env: { VIGIL_HOME: home, VIGIL_WATCHLIST: 'cryptomus:BTC/USDT', VIGIL_CRYPTOMUS_USER_ID: 'u', VIGIL_CRYPTOMUS_API_KEY: 'k', ...env },
  });
  core = createCore(config, { log: silentLogger, clock, modules: [exchange.module] });
  const focusFrames: FocusFrame[] = [];
  const accounts: AccountSnapshot[] = [];
  const deals: Deal[][] = [];
  core.subscribe((event, payload) => {
    if (event === 'market.focus') focusFrames.push(payload as FocusFrame);
    if (event === 'account.changed') accounts.push(payload as AccountSnapshot);
    if (event === 'deals.added') deals.push(payload as Deal[]);
  });
  return { core, clock, focusFrames, accounts, deals };
}

const deal = (id: string): Deal => ({
  exchange: 'cryptomus',
  id,
  orderId: null,
  market: 'cryptomus:BTC/USDT',
  side: 'buy',
  price: '100',
  amount: '1',
  value: '100',
  fee: '0.1',
  feeAsset: 'USDT',
  role: 'taker',
  time: 1,
});


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('engine routing', () => {
  it('opens a market with its candle history, then streams book, trades and candles as frames', async () => {
    const ex = scriptedExchange();
    const { core, clock, focusFrames } = start(ex);
    await core.start();
    expect(ex.calls.watched.at(-1)).toEqual(['BTC/USDT']);
    const snap = await core.invoke('market.focus', { market: 'cryptomus:BTC/USDT', interval: '1m' });
    expect(ex.calls.focus.at(-1)).toEqual({ market: { exchange: 'cryptomus', base: 'BTC', quote: 'USDT' }, interval: '1m', depthScale: null });
    expect(snap!.candles).toHaveLength(1);
    expect(snap!.book).toBeNull(); // no snapshot yet

    const sink = ex.sink();
    sink.book('cryptomus:BTC/USDT', { kind: 'delta', bids: [['1', '1']], asks: [] }); // before any snapshot: dropped
    sink.book('cryptomus:BTC/USDT', { kind: 'snapshot', bids: [['99', '1']], asks: [['101', '2']] });
    sink.trades('cryptomus:BTC/USDT', [{ market: 'cryptomus:BTC/USDT', id: '7', price: '100', amount: '1', side: 'buy', time: 5 }]);
    sink.trades('cryptomus:BTC/USDT', [{ market: 'cryptomus:BTC/USDT', id: '7', price: '100', amount: '1', side: 'buy', time: 5 }]);
    sink.trades('cryptomus:ETH/USDT', [{ market: 'cryptomus:ETH/USDT', id: '8', price: '1', amount: '1', side: 'buy', time: 5 }]);
    sink.candles('cryptomus:BTC/USDT', '5m', [{ time: 0, open: '1', high: '1', low: '1', close: '1', volume: '1' }]);
    clock.advance(100);
    expect(focusFrames).toHaveLength(1);
    expect(focusFrames[0]!.book).toMatchObject({ bids: [['99', '1']], asks: [['101', '2']] });
    expect(focusFrames[0]!.trades.map((t) => t.id)).toEqual(['7']); // the repeat and the other market are not on this tape
    expect(focusFrames[0]!.candles).toEqual([]); // another interval's candles are not this chart's
    clock.advance(100);
    expect(focusFrames).toHaveLength(1); // nothing changed: no frame

    // Another interval of the same market: the book and tape stay; the chart's candles start anew.
    const again = await core.invoke('market.focus', { market: 'cryptomus:BTC/USDT', interval: '5m' });
    expect(again!.book).toMatchObject({ bids: [['99', '1']], asks: [['101', '2']] });
    expect(again!.trades.map((t) => t.id)).toEqual(['7']);
    expect(again!.interval).toBe('5m');

    ex.setStatus('backing_off');
    clock.advance(100);
    expect(focusFrames.at(-1)!.book).toMatchObject({ bids: [], asks: [] }); // a dropped link empties the book until a snapshot
    await core.invoke('market.focus', null);
    expect(ex.calls.focus.at(-1)).toBeNull();
  });

  it('leaves the book to an adapter that resets it itself: its status may be another link than the depth', async () => {
    const ex = scriptedExchange(false, true);
    const { core, clock, focusFrames } = start(ex);
    await core.start();
    await core.invoke('market.focus', { market: 'cryptomus:BTC/USDT', interval: '1m' });
    const sink = ex.sink();
    sink.book('cryptomus:BTC/USDT', { kind: 'snapshot', bids: [['99', '1']], asks: [['101', '2']] });
    ex.setStatus('connecting');
    ex.setStatus('backing_off');
    sink.book('cryptomus:BTC/USDT', { kind: 'delta', bids: [['98', '1']], asks: [] });
    clock.advance(100);
    expect(focusFrames.at(-1)!.book).toMatchObject({ bids: [['99', '1'], ['98', '1']], asks: [['101', '2']] });
    sink.book('cryptomus:BTC/USDT', { kind: 'reset', bids: [], asks: [] });
    clock.advance(100);
    expect(focusFrames.at(-1)!.book).toMatchObject({ bids: [], asks: [] });
  });

  it('keeps balances and open orders per exchange, and stores each deal once', async () => {
    const ex = scriptedExchange();
    const { core, clock, accounts, deals } = start(ex);
    await core.start();
    const sink = ex.sink();
    sink.balances('cryptomus', [{ exchange: 'cryptomus', asset: 'BTC', available: '1', locked: '0' }], true);
    const order = { exchange: 'cryptomus' as const, id: 'o1', market: 'cryptomus:BTC/USDT' as const, side: 'buy' as const, type: 'limit' as const, price: '1', amount: '2', filled: '0', status: 'open' as const, createdAt: 1, updatedAt: 1 };
    sink.orders('cryptomus', [order], true);
    sink.deals('cryptomus', [deal('d1'), deal('d2')]);
    sink.deals('cryptomus', [deal('d2'), deal('d3')]); // a replay after a reconnect
    clock.advance(100);
    expect(accounts.at(-1)).toMatchObject({ balances: [{ asset: 'BTC', available: '1' }], orders: [{ id: 'o1' }] });
    expect(deals.flat().map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    sink.orders('cryptomus', [{ ...order, status: 'filled', filled: '2' }], false);
    clock.advance(100);
    expect(accounts.at(-1)!.orders).toEqual([]);
    expect((await core.invoke('deals.page', { offset: 0, limit: 50 })).rows.map((d) => d.id).sort()).toEqual(['d1', 'd2', 'd3']);
  });

  it('leaves an exchange that needs credentials idle and says so, without an adapter', async () => {
    const ex = scriptedExchange(true);
    const { core } = start(ex, { VIGIL_CRYPTOMUS_USER_ID: '', VIGIL_CRYPTOMUS_API_KEY: '', VIGIL_ITICK_TOKEN: 'x' });
    await core.start();
    const status = (await core.invoke('market.snapshot', undefined)).statuses.find((s) => s.exchange === 'cryptomus')!;
    expect(status.state).toBe('not_configured');
    expect(en(status.reason)).toMatch(/No Cryptomus credentials/);
    expect(ex.calls.watched).toEqual([]);
    await expect(core.invoke('market.focus', { market: 'cryptomus:BTC/USDT', interval: '1m' })).rejects.toThrow(/Cryptomus is not connected/);
  });

  it('rejects malformed requests with a readable error', async () => {
    const { core } = start(scriptedExchange());
    await core.start();
    await expect(core.invoke('market.focus', { market: 'BTC', interval: '1m' } as never)).rejects.toThrow(/market like/);
    await expect(core.invoke('market.focus', { market: 'cryptomus:BTC/USDT', interval: '7m' } as never)).rejects.toThrow(/interval "7m"/);
    await expect(core.invoke('markets.list', { exchange: 'binance' } as never)).rejects.toThrow(/Unknown exchange/);
  });
});
