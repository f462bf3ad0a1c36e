import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import { detectSpacing } from '../../../shared/candle-spacing';
import { INTERVAL_MS } from '../../../shared/model';
import { ManualClock } from '../connection/clock';
import { settle, waitFor } from '../testing/fault-server.test-support';
import { ItickAdapter, type ItickAdapterOptions } from './adapter';
import { LIMIT_NOTICE } from './notices';
import { startItickSimulator, type ItickSimulator, type ItickSimulatorOptions } from '../simulators/itick/simulator';
import { FAST, recordingLogger, recordingSink } from '../testing/adapter.test-support';

const TOKEN = 'itick-test-token-5f2c9a';

const btc = { exchange: 'itick' as const, base: 'BTC', quote: 'USDT' };
const eth = { exchange: 'itick' as const, base: 'ETH', quote: 'USDT' };
const sol = { exchange: 'itick' as const, base: 'SOL', quote: 'USDT' };

let sim: ItickSimulator | null = null;
const adapters: ItickAdapter[] = [];

afterEach(async () => {
  for (const a of adapters.splice(0)) await a.stop();
  await sim?.close();
  sim = null;
});

async function setup(simOptions: ItickSimulatorOptions = {}, adapterOptions: Partial<ItickAdapterOptions> = {}) {
  sim = await startItickSimulator({ tokens: [TOKEN], tickMs: 20, seed: 11, ...simOptions });
  const rec = recordingSink();
  const log = recordingLogger();
  const adapter = new ItickAdapter({
    wsUrl: sim.wsUrl,
    apiUrl: sim.apiUrl,
    token: () => TOKEN,
    sink: rec.sink,
    log,
    connection: FAST,
    ...adapterOptions,
  });
  adapters.push(adapter);
  return { sim, adapter, log, sink: rec.sink, latest: rec.latest, ...rec.rec };
}

const live = (a: ItickAdapter) => waitFor(() => a.status().state === 'live', 'live');


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('iTick adapter: login and quotes', () => {
  it('logs in with the token header, subscribes all watched markets in one request, and maps quotes', async () => {
    const { sim, adapter, latest } = await setup({ quoteStyle: 'full' });
    adapter.watch([btc, eth]);
    await live(adapter);
    await waitFor(() => latest('itick:BTC/USDT', 'last') !== undefined && latest('itick:ETH/USDT', 'last') !== undefined, 'both quotes');
    expect(sim.stats.logins).toBe(1);
    expect(sim.received.filter((r) => r.ac === 'subscribe')).toEqual([{ ac: 'subscribe', params: 'BTCUSDT,ETHUSDT', types: 'quote' }]);
    // Prices arrive as the exact decimal text the server wrote (67250.00 keeps its zeros).
    expect(latest('itick:BTC/USDT', 'last')).toMatch(/^\d+\.\d{2}$/);
    expect(latest('itick:BTC/USDT', 'open24h')).toMatch(/^\d+\.\d{2}$/);
    expect(latest('itick:BTC/USDT', 'high24h')).toMatch(/^\d+\.\d{2}$/);
    expect(latest('itick:BTC/USDT', 'low24h')).toMatch(/^\d+\.\d{2}$/);
    expect(latest('itick:BTC/USDT', 'volume24h')).toMatch(/^\d+(\.\d+)?$/);
  });

  it("does not take the seed quote's latest-trade volume for a 24 h volume", async () => {
    const { adapter, tickers } = await setup({ quoteStyle: 'seed' });
    adapter.watch([btc]);
    await waitFor(() => tickers.length >= 3, 'quotes');
    for (const t of tickers) {
      expect(t.patch.last).toMatch(/^\d+\.\d{2}$/);
      expect(t.patch.volume24h).toBeUndefined();
      expect(t.patch.open24h).toBeUndefined();
    }
  });

  it.each(['underscore', 'plain'] as const)('maps pushes naming the market %s-style to the market id', async (symbolStyle) => {
    const { adapter, tickers } = await setup({ symbolStyle });
    adapter.watch([eth]);
    await waitFor(() => tickers.length >= 2, 'quotes');
    expect(new Set(tickers.map((t) => t.market))).toEqual(new Set(['itick:ETH/USDT']));
  });

  it('shows a trading status other than 0 on the row, and clears it when trading resumes', async () => {
    const { sim, adapter, tickers } = await setup();
    adapter.watch([btc, eth]);
    await waitFor(() => tickers.length > 0, 'quotes');
    sim.setTradingStatus('BTCUSDT', 1);
    await waitFor(() => tickers.some((t) => en(t.patch.notice) === 'Trading suspended'), 'the suspended notice');
    expect(tickers.filter((t) => t.patch.notice).every((t) => t.market === 'itick:BTC/USDT')).toBe(true);
    sim.setTradingStatus('BTCUSDT', 3);
    await waitFor(() => tickers.some((t) => en(t.patch.notice) === 'Circuit breaker: trading halted'), 'the circuit break notice');
    const from = tickers.length;
    sim.setTradingStatus('BTCUSDT', 0);
    await waitFor(() => tickers.slice(from).some((t) => t.market === 'itick:BTC/USDT' && t.patch.notice === null), 'the notice cleared');
  });

  it('shows the subscription limit on the rows it affects, and keeps the others live', async () => {
    const { sim, adapter, tickers, latest } = await setup({ maxSymbols: 2 });
    adapter.watch([btc, eth]);
    await waitFor(() => latest('itick:ETH/USDT', 'last') !== undefined, 'quotes');
    adapter.watch([btc, eth, sol]);
    await waitFor(() => latest('itick:SOL/USDT', 'notice') === LIMIT_NOTICE, 'the limit notice on SOL');
    expect(sim.received.filter((r) => r.ac === 'subscribe').map((r) => r.params)).toEqual(['BTCUSDT,ETHUSDT', 'SOLUSDT']);
    expect(tickers.filter((t) => t.patch.notice).map((t) => t.market)).toEqual(['itick:SOL/USDT']);
    const before = tickers.length;
    await waitFor(() => tickers.slice(before).some((t) => t.market === 'itick:BTC/USDT'), 'BTC still live');
    expect(adapter.status().state).toBe('live');
  });

  it('reconnects clean when symbols no longer followed hold the limit (iTick cannot unsubscribe)', async () => {
    const { sim, adapter, latest } = await setup({ maxSymbols: 2 });
    adapter.watch([btc, eth]);
    await waitFor(() => latest('itick:ETH/USDT', 'last') !== undefined, 'quotes');
    adapter.watch([btc, sol]);
    await waitFor(() => latest('itick:SOL/USDT', 'last') !== undefined, 'SOL quotes');
    expect(sim.stats.connections).toBe(2);
    expect(sim.subscriptions()).toEqual([['BTCUSDT', 'SOLUSDT']]);
    expect(latest('itick:SOL/USDT', 'notice')).toBeUndefined();
  });

  it('drops malformed frames as bad frames without throwing or closing the socket', async () => {
    const { sim, adapter, tickers } = await setup();
    adapter.watch([btc]);
    await live(adapter);
    sim.setSilent(true);
    await settle(50);
    const before = tickers.length;
    sim.pushRaw('not json at all');
    sim.pushRaw('{"code":1,"data":{"s":"BTCUSDT","ld":"1,5","type":"quote"}}');
    sim.pushRaw('{"code":1,"data":{"s":"BTCUSDT","a":[{"p":"x"}],"b":[],"type":"depth"}}');
    sim.pushRaw('{"code":1,"data":{"s":"BTC_USDT","ld":70000.5,"t":1700000000000,"type":"quote"}}');
    await waitFor(() => tickers.length === before + 1, 'the good quote');
    // the wire number 70000.5 lost its trailing zero; the adapter restores BTC/USDT's two decimals
    expect(tickers.at(-1)).toEqual({ market: 'itick:BTC/USDT', patch: { last: '70000.50' } });
    expect(adapter.status().badFrames).toBe(3);
    expect(adapter.status().state).toBe('live');
    expect(sim.connectionCount()).toBe(1);
  });

  it('connects only while it follows a market', async () => {
    const { sim, adapter } = await setup();
    adapter.watch([]);
    await settle(50);
    expect(sim.stats.connections).toBe(0);
    adapter.watch([btc]);
    await waitFor(() => sim.connectionCount() === 1, 'a connection');
    adapter.watch([]);
    await waitFor(() => sim.connectionCount() === 0, 'the connection to close');
    expect(adapter.status().state).toBe('stopped');
  });

  // "Not configured" is the engine's to say (create-core-routing.test.ts); the adapter only never connects.
  it('never connects without a token, nor fetches history', async () => {
    const { sim, adapter } = await setup({}, { token: () => undefined });
    adapter.watch([btc]);
    await settle(50);
    expect(sim.stats.connections).toBe(0);
    expect(adapter.status().state).toBe('idle');
    await expect(adapter.candleHistory(btc, '1m', Date.now(), 10)).rejects.toMatchObject({ coded: { code: 'link.noCredentials' } });
  });
});

describe('iTick adapter: a rejected token', () => {
  it('stops for good on "auth failed", shows why, and does not reconnect in the next 10 s', async () => {
    const clock = new ManualClock();
    let token = 'wrong-token-0123456789';
    const { sim, adapter, log } = await setup({}, { token: () => token, clock });
    adapter.watch([btc]);
    await waitFor(() => adapter.status().state === 'auth_failed', 'auth failed');
    expect(en(adapter.status().reason)).toBe('iTick rejected the API key (auth failed).');
    for (let i = 0; i < 20; i++) {
      clock.advance(500); // 10 s of backoff time: many retries, were it retrying
      await settle(5);
    }
    expect(sim.stats.connections).toBe(1);
    expect(adapter.status().state).toBe('auth_failed');

    // A new key, and the user's reconnect: it connects again.
    token = TOKEN;
    adapter.reconnect();
    await waitFor(() => adapter.status().state === 'live', 'live with the new key');
    expect(sim.stats.connections).toBe(2);
    expect(log.lines.join('\n')).not.toContain('wrong-token-0123456789');
  });

  it('never shows the token in logs, statuses or errors, though the server echoes it', async () => {
    const { sim, adapter, log } = await setup();
    const seen: string[] = [];
    adapter.onStatus((s) => void seen.push(JSON.stringify(s)));
    adapter.watch([btc]);
    await live(adapter);
    // A server message that carries the token, and a failing REST call.
    sim.pushRaw(`{"code":0,"resAc":"subscribe","msg":"unknown key ${TOKEN}"}`);
    sim.pushRaw(`{"code":0,"resAc":"watch","msg":"key ${TOKEN} cannot be resolved"}`);
    await waitFor(() => log.lines.some((l) => l.includes('***')), 'the redacted log line');
    const error = await adapter.candleHistory({ exchange: 'itick', base: 'NOPE', quote: 'USDT' }, '1h', Date.now(), 10).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    sim.dropAll();
    await waitFor(() => adapter.status().state === 'live' && sim.stats.logins === 2, 'logged in again');
    const everything = [...log.lines, ...seen, String(error)].join('\n');
    expect(everything).not.toContain(TOKEN);
  });
});

describe('iTick adapter: the focused market', () => {
  it('follows depth snapshots and klines of the focused market on the same socket', async () => {
    const { sim, adapter, books, candles } = await setup();
    adapter.watch([btc]);
    adapter.focus({ market: eth, interval: '1m' });
    await waitFor(() => books.length > 0 && candles.length > 0, 'depth and kline');
    expect(sim.stats.connections).toBe(1);
    expect(sim.received.filter((r) => r.ac === 'subscribe').map((r) => [r.params, r.types])).toEqual([
      ['BTCUSDT', 'quote'],
      ['ETHUSDT', 'depth'],
      ['ETHUSDT', 'kline@1'],
    ]);
    const book = books.at(-1)!;
    expect(book.market).toBe('itick:ETH/USDT');
    expect(book.update.kind).toBe('snapshot');
    expect(book.update.bids).toHaveLength(5);
    expect(book.update.asks).toHaveLength(5);
    const bidPrices = book.update.bids.map(([p]) => Number(p));
    const askPrices = book.update.asks.map(([p]) => Number(p));
    expect(bidPrices).toEqual([...bidPrices].sort((a, b) => b - a));
    expect(askPrices).toEqual([...askPrices].sort((a, b) => a - b));
    expect(bidPrices[0]).toBeLessThan(askPrices[0]!);
    const c = candles.at(-1)!;
    expect(c.market).toBe('itick:ETH/USDT');
    expect(c.interval).toBe('1m');
    expect(c.candles).toHaveLength(1);
    expect(c.candles[0]!.time % INTERVAL_MS['1m']).toBe(0);
    expect(c.candles[0]!.close).toMatch(/^\d+\.\d{2}$/);
  });

  it('asks only for the new kline period when the interval changes, and drops the old one', async () => {
    const { sim, adapter, candles } = await setup();
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => candles.length > 0, 'a 1m kline');
    adapter.focus({ market: btc, interval: '5m' });
    const from = candles.length;
    await waitFor(() => candles.slice(from).some((c) => c.interval === '5m'), 'a 5m kline');
    await settle(100); // the socket still carries kline@1 (iTick cannot unsubscribe)
    const after = candles.slice(candles.findIndex((c, i) => i >= from && c.interval === '5m'));
    expect(after.every((c) => c.interval === '5m' && c.candles[0]!.time % INTERVAL_MS['5m'] === 0)).toBe(true);
    expect(sim.received.filter((r) => r.ac === 'subscribe').map((r) => r.types)).toEqual(['depth', 'kline@1', 'kline@2']);
  });

  it('combines quote and depth in one request when the focused market is the only one, klines apart', async () => {
    const { sim, adapter, books } = await setup();
    adapter.focus({ market: sol, interval: '1h' });
    adapter.watch([sol]);
    await waitFor(() => books.length > 0, 'depth');
    expect(sim.received.filter((r) => r.ac === 'subscribe')).toEqual([
      { ac: 'subscribe', params: 'SOLUSDT', types: 'quote,depth' },
      { ac: 'subscribe', params: 'SOLUSDT', types: 'kline@5' },
    ]);
  });
});

describe('iTick adapter: klines apart from depth, labelled by what the server sends', () => {
  it('keeps the book when the feed refuses the kline type: klines are a request of their own', async () => {
    // A feed without period 3 (15 min) on this plan or server version.
    const { sim, adapter, books, candles } = await setup({ klinePeriods: [1, 2, 5, 7, 8] });
    adapter.focus({ market: eth, interval: '15m' });
    await waitFor(() => books.length > 0, 'depth');
    expect(sim.received.filter((r) => r.ac === 'subscribe').map((r) => r.types)).toEqual(['depth', 'kline@3']);
    await settle(150);
    const before = books.length;
    await waitFor(() => books.length > before + 3, 'the book still updating after the refusal');
    expect(candles).toEqual([]);
    expect(adapter.status().state).toBe('live');
  });

  it("labels the seed server's period 3 by its 10 minute spacing, not the 15 minutes asked for", async () => {
    const { adapter, candles } = await setup({ periodMs: { 3: 600_000 } });
    const history = await adapter.candleHistory(btc, '15m', Date.UTC(2026, 0, 10, 12, 0), 60);
    expect(history.length).toBeGreaterThan(50);
    expect(detectSpacing(history.map((c) => c.time))).toEqual({ ms: 600_000, aligned: true });
    // The live candle opens on the same 10 minute grid.
    adapter.focus({ market: btc, interval: '15m' });
    await waitFor(() => candles.length > 0, 'a kline');
    expect(candles[0]!.candles[0]!.time % 600_000).toBe(0);
  });

  it("labels today's server's period 3 as 15 minutes on the quarter hours", async () => {
    const { adapter } = await setup();
    const quarter = await adapter.candleHistory(btc, '15m', Date.UTC(2026, 0, 10, 12, 0), 60);
    expect(detectSpacing(quarter.map((c) => c.time))).toEqual({ ms: 900_000, aligned: true });
  });
});

describe('iTick adapter: REST kline history', () => {
  it('fetches candles before the end time, oldest first, with the token header', async () => {
    const { sim, adapter } = await setup();
    const end = Date.UTC(2025, 0, 10, 12, 30);
    const history = await adapter.candleHistory(btc, '1h', end, 50);
    expect(sim.historyRequests).toEqual([
      { query: { region: 'BA', code: 'BTCUSDT', kType: '5', limit: '50', et: String(end) }, tokenAccepted: true },
    ]);
    expect(history.length).toBeGreaterThanOrEqual(49);
    expect(history.length).toBeLessThanOrEqual(50);
    for (let i = 0; i < history.length; i++) {
      const c = history[i]!;
      expect(c.time).toBeLessThan(end);
      expect(c.time % INTERVAL_MS['1h']).toBe(0);
      if (i > 0) expect(c.time - history[i - 1]!.time).toBe(INTERVAL_MS['1h']);
      for (const v of [c.open, c.high, c.low, c.close, c.volume]) expect(v).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(c.high)).toBeGreaterThanOrEqual(Math.max(Number(c.open), Number(c.close)));
    }
    // At most 500 per request, and the configured base URL with a trailing slash still works.
    const many = await new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: `${sim.apiUrl}/`, token: () => TOKEN, sink: recordingSink().sink }).candleHistory(eth, '15m', end, 2000);
    expect(sim.historyRequests[1]!.query).toMatchObject({ code: 'ETHUSDT', kType: '3', limit: '500' });
    expect(many.length).toBeLessThanOrEqual(500);
  });

  it('turns a rejected token or a server error into a readable error', async () => {
    const { sim } = await setup();
    const wrong = new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, token: () => 'not-the-token-42', sink: recordingSink().sink });
    await expect(wrong.candleHistory(btc, '1m', Date.now(), 10)).rejects.toThrow('iTick rejected the API token (HTTP 401)');
    const right = new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, token: () => TOKEN, sink: recordingSink().sink });
    await expect(right.candleHistory({ exchange: 'itick', base: 'NOPE', quote: 'USDT' }, '1m', Date.now(), 10)).rejects.toThrow(
      'iTick kline history failed (code -1): invalid region or code',
    );
  });
});
