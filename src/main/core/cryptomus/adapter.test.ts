import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../connection/clock';
import { DEFAULT_ENDPOINTS, type CoreConfig } from '../config';
import { silentLogger } from '../log';
import { MemoryCandleStore } from '../market/candle-store';
import { DEMO_SERVERS } from '../demo/servers';
import { cryptomus } from './index';
import { settle, waitFor } from '../testing/fault-server.test-support';
import { TOKEN_PATH } from './rest';
import { DEMO_CREDENTIALS } from '../simulators/cryptomus/simulator';
import { recordingSink } from '../testing/adapter.test-support';
import { harness, ref, type Harness } from './harness.test-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const live = () => h!.adapter.status().state === 'live';
const subs = (method: string) => h!.sim.received.filter((r) => r.method === method).map((r) => r.params);


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('CryptomusAdapter: market data', () => {
  it('subscribes every type once with its whole list, and follows tickers and last prices', async () => {
    h = await harness();
    h.adapter.watch([ref('BTC'), ref('ETH')]);
    await waitFor(live, 'live');
    expect(h.sim.received.filter((r) => r.method !== 'ping')).toEqual([
      { method: 'ticker_subscribe', params: ['BTC_USDT', 'ETH_USDT'] },
      { method: 'lastprice_subscribe', params: ['BTC_USDT', 'ETH_USDT'] },
      { method: 'trade_subscribe', params: ['BTC_USDT', 'ETH_USDT'] },
      { method: 'order_subscribe', params: ['all'] },
      { method: 'balance_subscribe', params: ['all'] },
      { method: 'deal_subscribe', params: ['all'] },
    ]);
    await waitFor(() => h!.rec.tickers.some((t) => t.market === 'cryptomus:ETH/USDT' && t.patch.open24h !== undefined), 'an ETH ticker');
    const t = h.rec.tickers.find((x) => x.market === 'cryptomus:ETH/USDT' && x.patch.open24h !== undefined)!;
    expect(Object.keys(t.patch).sort()).toEqual(['high24h', 'last', 'low24h', 'open24h', 'volume24h']);
    h.sim.trade('BTC_USDT');
    await waitFor(() => h!.rec.tickers.some((x) => x.patch.open24h === undefined), 'a last price');
    expect(h.rec.tickers.find((x) => x.patch.open24h === undefined)).toEqual({ market: 'cryptomus:BTC/USDT', patch: { last: h.sim.price('BTC_USDT') } });
  });

  it('adding a market re-sends the full list; focus adds depth and trades; unfocus takes them back', async () => {
    h = await harness();
    h.adapter.watch([ref('BTC')]);
    await waitFor(live, 'live');
    h.adapter.watch([ref('BTC'), ref('ETH')]);
    await waitFor(() => subs('trade_subscribe').length === 2, 'the second trade subscribe');
    for (const m of ['ticker_subscribe', 'lastprice_subscribe', 'trade_subscribe']) expect(subs(m)).toEqual([['BTC_USDT'], ['BTC_USDT', 'ETH_USDT']]);
    expect(subs('order_subscribe')).toHaveLength(1); // unchanged types are not sent again

    h.adapter.focus({ market: ref('SOL'), interval: '5m' });
    await waitFor(() => subs('depth_subscribe').length === 1, 'the depth subscribe');
    expect(subs('depth_subscribe')).toEqual([['SOL_USDT:0']]); // the finest scale (0.001) is index 0
    expect(subs('trade_subscribe').at(-1)).toEqual(['BTC_USDT', 'ETH_USDT', 'SOL_USDT']);
    expect(subs('ticker_subscribe').at(-1)).toEqual(['BTC_USDT', 'ETH_USDT', 'SOL_USDT']);

    h.adapter.focus(null);
    await waitFor(() => subs('depth_unsubscribe').length === 1, 'the depth unsubscribe');
    expect(subs('depth_unsubscribe')).toEqual([['SOL_USDT:0']]);
    await waitFor(() => subs('trade_subscribe').length === 4, 'the trade list without SOL');
    expect(subs('trade_subscribe').at(-1)).toEqual(['BTC_USDT', 'ETH_USDT']);

    h.adapter.watch([]); // nothing followed: each market type is unsubscribed; the private ones stay
    await waitFor(() => subs('ticker_unsubscribe').length === 1 && subs('lastprice_unsubscribe').length === 1 && subs('trade_unsubscribe').length === 1, 'the unsubscribes');
    for (const m of ['ticker_unsubscribe', 'lastprice_unsubscribe', 'trade_unsubscribe']) expect(subs(m)).toEqual([['BTC_USDT', 'ETH_USDT']]);
    expect(h.sim.received.filter((r) => /^(order|balance|deal)_unsubscribe$/.test(r.method))).toEqual([]);
    expect(live()).toBe(true);
  });

  it('follows the focused market: trades, a depth snapshot then deltas, and live candles', async () => {
    h = await harness({ sim: { tickMs: 15 } });
    h.adapter.watch([ref('BTC')]);
    h.adapter.focus({ market: ref('ETH'), interval: '1m' });
    await waitFor(() => h!.rec.books.filter((b) => b.update.kind === 'delta').length >= 3, 'depth deltas');
    const books = h.rec.books.filter((b) => b.market === 'cryptomus:ETH/USDT');
    expect(books).toHaveLength(h.rec.books.length);
    expect(books[0]!.update.kind).toBe('snapshot');
    expect(books[0]!.update.bids.length).toBeGreaterThan(5);
    expect(books.filter((b) => b.update.kind === 'snapshot')).toHaveLength(1);
    await waitFor(() => h!.rec.books.some((b) => b.update.kind === 'delta' && [...b.update.bids, ...b.update.asks].some(([, q]) => q === '0')), 'a deleted level');

    await waitFor(() => h!.rec.trades.length > 0 && h!.rec.candles.length > 0, 'trades and candles');
    expect(new Set(h.rec.trades.map((t) => t.market))).toEqual(new Set(['cryptomus:ETH/USDT'])); // BTC trades only build candles
    expect(h.rec.trades[0]!.trades[0]).toMatchObject({ market: 'cryptomus:ETH/USDT', id: null, price: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect(new Set(h.rec.candles.map((c) => `${c.market} ${c.interval}`))).toEqual(new Set(['cryptomus:ETH/USDT 1m']));
    const btc = await h.adapter.candleHistory(ref('BTC'), '1h', Date.now() + 3_600_000, 10);
    expect(btc.length).toBeGreaterThan(0);
  });

  it('starts on the finest depth scale and moves to the one it is focused at', async () => {
    h = await harness({ sim: { tickMs: 15 } });
    h.adapter.focus({ market: ref('BTC'), interval: '1m' });
    await waitFor(() => h!.rec.books.length > 0, 'the first snapshot');
    expect(await h.adapter.depthScales(ref('BTC'))).toEqual([
      { scale: '0.01', index: 0 },
      { scale: '0.1', index: 1 },
      { scale: '1', index: 2 },
    ]);
    // The choice is MarketFocus's (market/focus.test.ts); the adapter follows the step it is given.
    h.adapter.focus({ market: ref('BTC'), interval: '1m', depthScale: 2 });
    await waitFor(() => subs('depth_subscribe').length === 2, 'the new depth subscribe');
    expect(subs('depth_subscribe')).toEqual([['BTC_USDT:0'], ['BTC_USDT:2']]);
    await waitFor(() => h!.rec.books.filter((b) => b.update.kind === 'snapshot').length === 2, 'the new snapshot');
    const at = h.rec.books.findIndex((b, i) => i > 0 && b.update.kind === 'snapshot');
    await waitFor(() => h!.rec.books.length > at + 3, 'deltas at the new scale');
    // A stray frame of the old scale (e.g. still in flight) must not replace the book.
    const stray = { symbol: 'BTC_USDT', timestamp: 1, full_reload: true, scale_index: 0, asks: [['1.23', '1']], bids: [] };
    h.sim.pushRaw(JSON.stringify({ id: 0, method: 'depth_update', data: stray, error: null }));
    const before = h.rec.books.length;
    await waitFor(() => h!.rec.books.length > before + 2, 'more deltas');
    for (const b of h.rec.books.slice(at)) for (const [price] of [...b.update.bids, ...b.update.asks]) expect(price).toMatch(/^\d+$/);
  });

  it('builds candles at every interval from trades and keeps them across sessions', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 2, 10, 0, 30)); // every trade falls in one 1m candle
    h = await harness({ sim: { clock } });
    const sim = h.sim;
    const store = h.store;
    h.adapter.focus({ market: ref('BTC'), interval: '1m' });
    await waitFor(live, 'live');
    // A second apart: identical trades in one millisecond would read as the server's replay.
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      sim.trade('BTC_USDT');
    }
    await waitFor(() => h!.rec.trades.length === 3, 'three trades');
    const first = h.rec.trades.map((t) => t.trades[0]!);
    expect(h.rec.candles.at(-1)!.candles[0]!.close).toBe(first[2]!.price);
    await h.adapter.stop(); // flushes what is built

    h = await harness({ existing: sim, store });
    h.adapter.focus({ market: ref('BTC'), interval: '1m' });
    await waitFor(live, 'live again');
    for (let i = 0; i < 2; i++) {
      clock.advance(1000);
      sim.trade('BTC_USDT');
    }
    await waitFor(() => h!.rec.trades.length === 2, 'two more trades');
    const all = [...first, ...h.rec.trades.map((t) => t.trades[0]!)];
    const volume = all.reduce((sum, t) => sum + Number(t.amount), 0);
    for (const interval of ['1m', '5m', '15m', '1h', '4h', '1d'] as const) {
      const candles = await h.adapter.candleHistory(ref('BTC'), interval, clock.now() + 86_400_000, 10);
      expect(candles, interval).toHaveLength(1);
      expect(candles[0]!.open).toBe(all[0]!.price); // the second session continued the first one's candle
      expect(candles[0]!.close).toBe(all[4]!.price);
      expect(Number(candles[0]!.volume)).toBeCloseTo(volume, 8);
    }
    await h.close();
    h = null;
    await sim.close();
  });
});

describe('CryptomusAdapter: the connection', () => {
  it('fetches a new token for every reconnect', async () => {
    h = await harness();
    h.adapter.watch([ref('BTC')]);
    await waitFor(live, 'live');
    expect(h.tokensIssued()).toBe(1);
    const states: string[] = [];
    h.adapter.onStatus((s) => states.push(s.state));
    for (const n of [2, 3]) {
      h.sim.dropAll();
      // The reconnect may be quicker than any poll: wait for its token and its subscriptions.
      await waitFor(() => h!.tokensIssued() === n && subs('deal_subscribe').length === n && live(), `connection ${n}`);
    }
    expect(states.filter((s) => s === 'backing_off')).toHaveLength(2);
    expect(h.tokensIssued()).toBe(3);
    expect(h.sim.refusedUpgrades).toBe(0); // no token was used twice: the simulator would refuse it
    expect(subs('ticker_subscribe')).toEqual([['BTC_USDT'], ['BTC_USDT'], ['BTC_USDT']]);
  });

  it('stops on a wrong key: auth failed with the server message, one token request in the next 10 s', async () => {
    const clock = new ManualClock();
    h = await harness({ clock, adapter: { credentials: { userId: DEMO_CREDENTIALS.userId, apiKey: 'wrong-secret-key' } } });
    h.adapter.watch([ref('BTC')]);
    await waitFor(() => h!.adapter.status().state === 'auth_failed', 'auth failed');
    expect(en(h.adapter.status().reason)).toBe('Cryptomus rejected the API key (HTTP 401: Invalid sign).');
    for (let s = 0; s < 10; s++) {
      clock.advance(1_000);
      await settle(10);
    }
    expect(h.adapter.status().state).toBe('auth_failed');
    expect(h.sim.http.filter((r) => r.path === TOKEN_PATH)).toEqual([{ path: TOKEN_PATH, status: 401 }]);
    expect(JSON.stringify(h.adapter.status())).not.toContain('wrong-secret-key');
  });

  it('an unknown user (404) is an auth failure too; a 5xx is retried with backoff', async () => {
    h = await harness({ adapter: { credentials: { userId: 'no-such-user', apiKey: 'k' } } });
    h.adapter.watch([ref('BTC')]);
    await waitFor(() => h!.adapter.status().state === 'auth_failed', 'auth failed');
    expect(en(h.adapter.status().reason)).toBe('Cryptomus rejected the API key (HTTP 404: User *** not found).');
    await h.close();

    h = await harness();
    h.sim.failTokens(500);
    const seen: { state: string; reason: string | null }[] = [];
    h.adapter.onStatus((st) => seen.push({ state: st.state, reason: en(st.reason) }));
    h.adapter.watch([ref('BTC')]);
    await waitFor(() => seen.some((st) => st.state === 'backing_off'), 'backing off');
    expect(seen.find((st) => st.state === 'backing_off')!.reason).toBe('Could not get a connection token (HTTP 500).');
    expect(seen.some((st) => st.state === 'auth_failed')).toBe(false);
    await waitFor(() => h!.sim.http.filter((r) => r.status === 500).length >= 3, 'retries');
    h.sim.failTokens(null);
    await waitFor(live, 'live once the server recovers');
  });

  it('counts and drops a malformed frame while the connection stays up', async () => {
    h = await harness();
    h.adapter.watch([ref('BTC')]);
    await waitFor(live, 'live');
    h.sim.pushRaw('{"id":0,"method":"ticker_update","data":{"symbol":"BTC_USDT","price":"1e5"}}');
    h.sim.pushRaw('{"id":0,"method":"trade_update","data":{"symbol":"BTC_USDT","trades":[{"price":"abc"}]}}');
    h.sim.pushRaw('this is not JSON');
    h.sim.pushRaw('{"id":0,"method":"depth_update","data":{"symbol":"BTC_USDT","full_reload":"yes"}}');
    await waitFor(() => h!.adapter.status().badFrames === 4, 'four bad frames');
    h.sim.trade('BTC_USDT');
    await waitFor(() => h!.rec.tickers.some((t) => t.patch.open24h === undefined), 'the next good frame');
    expect(h.adapter.status().state).toBe('live');
    expect(h.sim.connectionCount()).toBe(1);
    expect(h.tokensIssued()).toBe(1);
  });

  it('reads the status of every subscribe: finds the refused market by bisection, keeps the rest live, retries later', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    h = await harness({ clock });
    h.sim.refuseSubscriptions(['SOL_USDT']);
    h.adapter.watch([ref('BTC'), ref('ETH'), ref('SOL'), ref('TRX')]);
    await waitFor(live, 'live');
    const last = (method: string) => h!.sim.received.filter((r) => r.method === method).at(-1)?.params;
    await waitFor(() => JSON.stringify(last('ticker_subscribe')) === JSON.stringify(['BTC_USDT', 'ETH_USDT', 'TRX_USDT']), 'the list without SOL');
    for (const m of ['lastprice_subscribe', 'trade_subscribe']) expect(last(m)).toEqual(['BTC_USDT', 'ETH_USDT', 'TRX_USDT']);
    expect(h.adapter.status()).toMatchObject({ state: 'live' });
    expect(en(h.adapter.status().reason)).toContain('SOL_USDT: failed');
    // The SOL row says why it has no data; BTC keeps flowing.
    expect(h.rec.tickers.find((t) => t.market === 'cryptomus:SOL/USDT')?.patch.notice).toEqual({ code: 'ticker.refusedBy', params: { exchange: 'Cryptomus', detail: 'failed' } });
    h.sim.trade('BTC_USDT');
    await waitFor(() => h!.rec.tickers.some((t) => t.market === 'cryptomus:BTC/USDT' && t.patch.last !== undefined), 'BTC data');
    // The market is listed again; the retry (after its back-off) takes it back in.
    h.sim.refuseSubscriptions([]);
    clock.advance(30_000);
    await waitFor(() => JSON.stringify(last('ticker_subscribe')) === JSON.stringify(['BTC_USDT', 'ETH_USDT', 'SOL_USDT', 'TRX_USDT']), 'SOL again');
    await waitFor(() => h!.adapter.status().reason === null, 'the reason to clear');
  });

  it('pings every 50 s, so the server never closes it for idling; without the ping it would', async () => {
    for (const heartbeatMs of [undefined, 70_000]) {
      const clock = new ManualClock();
      h = await harness({ clock, sim: { clock }, adapter: heartbeatMs ? { connection: { heartbeatMs, backoff: { baseMs: 20, maxMs: 20, stableMs: 1_000 } } } : {} });
      h.adapter.watch([ref('BTC')]);
      await waitFor(live, 'live');
      for (let t = 0; t < 180_000; t += 5_000) {
        clock.advance(5_000);
        await settle(8);
      }
      if (heartbeatMs === undefined) {
        expect(h.tokensIssued()).toBe(1); // the same socket all along
        expect(h.sim.connectionCount()).toBe(1);
        expect(h.sim.received.filter((r) => r.method === 'ping').length).toBeGreaterThanOrEqual(4);
      } else {
        expect(h.tokensIssued()).toBeGreaterThan(1); // the server closed it at 60 s of silence
      }
      await h.close();
      h = null;
    }
  });

  it('never writes the user id or the API key into a log line or a status', async () => {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const reasons: string[] = [];
    const secret = { userId: 'user-7f3a9c1e-secret', apiKey: 'key-b41d2e88-secret' };
    // A server that knows these credentials, then one that does not, then an outage.
    h = await harness({ sim: { credentials: [secret] }, adapter: { credentials: secret, log } });
    h.adapter.onStatus((st) => reasons.push(JSON.stringify(st.reason)));
    h.adapter.watch([ref('BTC'), ref('NOPE')]);
    await waitFor(live, 'live');
    h.sim.failTokens(500);
    h.sim.dropAll();
    await waitFor(() => h!.sim.http.filter((r) => r.status === 500).length >= 2, 'failed token requests');
    await h.close();
    h = await harness({ adapter: { credentials: secret, log } });
    h.adapter.onStatus((st) => reasons.push(JSON.stringify(st.reason)));
    h.adapter.watch([ref('BTC')]);
    await waitFor(() => h!.adapter.status().state === 'auth_failed', 'auth failed');
    expect(lines.length).toBeGreaterThan(3);
    for (const text of [...lines, ...reasons]) {
      expect(text).not.toContain(secret.userId);
      expect(text).not.toContain(secret.apiKey);
    }
  });

  // "Not configured" is the engine's to say (create-core-routing.test.ts); the adapter only never connects.
  it('never connects without credentials', async () => {
    h = await harness({ adapter: { credentials: undefined } });
    h.adapter.watch([ref('BTC')]);
    await settle(50);
    expect(h.adapter.status()).toMatchObject({ state: 'idle' });
    expect(h.sim.http).toEqual([]);
  });

  it('is an ExchangeModule whose demo gives endpoints and credentials that work', async () => {
    const demo = await DEMO_SERVERS.cryptomus({ seed: 5 });
    const { sink, rec } = recordingSink();
    const endpoints = { ...DEFAULT_ENDPOINTS, ...demo.endpoints };
    const config: CoreConfig = { home: '/nonexistent', endpoints, credentials: demo.credentials!, demo: true, initialWatchlist: [], host: 'web', version: 'test', frameIntervalMs: 100 };
    const adapter = cryptomus.createAdapter({
      config,
      endpoints,
      credentials: demo.credentials!,
      sink,
      log: silentLogger,
      clock: systemClock,
      candleStore: new MemoryCandleStore(),
      deals: rec.history,
    });
    try {
      expect(cryptomus).toMatchObject({ exchange: 'cryptomus', needsCredentials: true });
      adapter.watch([ref('BTC')]);
      await waitFor(() => adapter.status().state === 'live', 'live on the demo');
      await waitFor(() => rec.balances.some((b) => b.snapshot) && rec.tickers.length > 0, 'balances and tickers');
    } finally {
      await adapter.stop();
      await demo.close();
    }
  });

  it('lists markets with precisions from basePrec/quotePrec', async () => {
    h = await harness();
    const markets = await h.adapter.markets();
    expect(markets.find((m) => m.market === 'cryptomus:XRP/USDT')).toEqual({ market: 'cryptomus:XRP/USDT', base: 'XRP', quote: 'USDT', pricePrecision: 5, amountPrecision: 6 });
  });
});
