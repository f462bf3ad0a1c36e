import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FocusFrame, MarketFrame } from '../../shared/contract';
import type { ExchangeStatus } from '../../shared/model';
import { loadConfig } from './config';
import type { Core } from './core';
import { createCore } from './create-core';
import { silentLogger } from './log';
import { settle, waitFor } from './testing/fault-server.test-support';

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

function demoCore(env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'vigil-core-'));
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '1', ...env } });
  core = createCore(config, { log: silentLogger });
  const frames: MarketFrame[] = [];
  const statuses: ExchangeStatus[] = [];
  core.subscribe((event, payload) => {
    if (event === 'market.frame') frames.push(payload as MarketFrame);
    if (event === 'exchange.status') statuses.push(payload as ExchangeStatus);
  });
  return { core, home, frames, statuses };
}

describe('core in demo mode', () => {
  it('streams live prices from all three simulators for the watchlists as coalesced frames', async () => {
    const { core, frames } = demoCore();
    await core.start();
    expect(await core.invoke('app.info', undefined)).toEqual({ version: '0.0.0-test', demo: true, host: 'web' });
    await waitFor(() => frames.some((f) => f.tickers.some((t) => t.market === 'coinking:BTC/USDT' && t.last !== null && !t.stale)), 'a live BTC price');
    const seen = frames.flatMap((f) => f.tickers.filter((t) => t.market === 'coinking:BTC/USDT' && t.last !== null).map((t) => t.last));
    await waitFor(
      () => frames.flatMap((f) => f.tickers).some((t) => t.market === 'coinking:BTC/USDT' && t.last !== seen[0] && t.last !== null),
      'the BTC price to move',
    );
    // The watchlist's markets, plus any the portfolio follows to value the demo account's holdings.
    const lists = await core.invoke('watchlist.list', undefined);
    const listed = lists[0]!.markets;
    expect(listed).toHaveLength(8);
    // The demo's second list spans all three exchanges, and each of them goes live.
    expect(lists[1]!.label).toEqual({ code: 'list.exchanges' }); // named in the user's language by the UI
    await waitFor(() => frames.some((f) => f.tickers.some((t) => t.market === 'cryptomus:BTC/USDT' && t.last !== null && !t.stale)), 'a live Cryptomus price');
    await waitFor(() => frames.some((f) => f.tickers.some((t) => t.market === 'itick:BTC/USDT' && t.last !== null && !t.stale)), 'a live iTick price');
    const snapshot = await core.invoke('market.snapshot', undefined);
    for (const m of listed) expect(snapshot.tickers.map((t) => t.market)).toContain(m);
    const btc = snapshot.tickers.find((t) => t.market === 'coinking:BTC/USDT')!;
    expect(btc.changePct24h).toMatch(/^-?\d+\.\d{2}$/);
    expect(snapshot.statuses.map((s) => s.exchange)).toEqual(['cryptomus', 'itick', 'coinking']);
    for (const s of snapshot.statuses) expect(s.state).toBe('live');
    // Frames are coalesced: never more than about one per 100 ms.
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at - frames[i - 1]!.at).toBeGreaterThanOrEqual(90);
  });

  it('keeps the book of a CoinKing market opened as the core starts', async () => {
    // Depth comes on CoinKing's focus socket, which can be up while the main socket still connects
    // and logs in: its status reports must not wipe a book whose feed never broke (the diffs after
    // a wipe are dropped until the next full snapshot, a minute away).
    const { core } = demoCore();
    const books: number[] = [];
    core.subscribe((event, payload) => {
      const f = payload as FocusFrame;
      if (event === 'market.focus' && f.book) books.push(Math.min(f.book.bids.length, f.book.asks.length));
    });
    await core.start();
    await core.invoke('market.focus', { market: 'coinking:BTC/USDT', interval: '1m' });
    await waitFor(() => books.some((n) => n > 0), 'the CoinKing book');
    const filled = books.findIndex((n) => n > 0);
    await settle(2500);
    expect(books.slice(filled).every((n) => n > 0)).toBe(true);
    expect(books.length).toBeGreaterThan(filled + 1); // diffs kept coming into the book
  });

  it('keeps watchlist edits in the data folder and validates them', async () => {
    const { core, home } = demoCore({ VIGIL_WATCHLIST: 'coinking:BTC/USDT' });
    await core.start();
    expect((await core.invoke('watchlist.list', undefined))[0]!.markets).toEqual(['coinking:BTC/USDT']);
    await core.invoke('watchlist.add', { listId: 'main', market: 'coinking:ETH/USDT' });
    const saved = JSON.parse(readFileSync(join(home, 'watchlists.json'), 'utf8'));
    expect(saved.lists[0].markets).toEqual(['coinking:BTC/USDT', 'coinking:ETH/USDT']);
    await expect(core.invoke('watchlist.add', { listId: 'main', market: 'BTC' as never })).rejects.toThrow(/market like/);
    await expect(core.invoke('watchlist.add', { listId: 'nope', market: 'coinking:ETH/USDT' })).rejects.toThrow(/no longer exists/);
    const second = await core.invoke('watchlist.create', { name: ' Alts ' });
    expect(second).toEqual({ id: 'list-2', name: 'Alts', markets: [] });
    await core.invoke('watchlist.add', { listId: 'list-2', market: 'coinking:SOL/USDT' });
    await core.invoke('watchlist.add', { listId: 'main', market: 'coinking:XRP/USDT' });
    expect((await core.invoke('watchlist.move', { listId: 'main', market: 'coinking:XRP/USDT', index: 0 })).markets).toEqual([
      'coinking:XRP/USDT',
      'coinking:BTC/USDT',
      'coinking:ETH/USDT',
    ]);
    await expect(core.invoke('watchlist.create', { name: '' })).rejects.toThrow(/1 to 40 characters/);
    expect((await core.invoke('watchlist.rename', { listId: 'list-2', name: 'DeFi' })).name).toBe('DeFi');
    await core.invoke('watchlist.delete', { listId: 'list-2' });
    await core.invoke('watchlist.remove', { listId: 'main', market: 'coinking:XRP/USDT' });
    await core.invoke('watchlist.remove', { listId: 'main', market: 'coinking:BTC/USDT' });
    await expect(core.invoke('watchlist.delete', { listId: 'main' })).rejects.toThrow(/last watchlist/);
    const snapshot = await core.invoke('market.snapshot', undefined);
    expect(snapshot.tickers.map((t) => t.market)).toEqual(['coinking:ETH/USDT']);
  });

  it('keeps a damaged watchlist file as it is and starts with the default list', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-core-'));
    writeFileSync(join(home, 'watchlists.json'), '{not json');
    core = createCore(loadConfig({ host: 'web', version: '0', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } }), { log: silentLogger });
    expect((await core.invoke('watchlist.list', undefined))[0]!.markets).toHaveLength(8);
    expect(readFileSync(join(home, 'watchlists.json'), 'utf8')).toBe('{not json');
  });
});

describe('loadConfig', () => {
  it('reads endpoints, credentials, demo and the watchlist from the environment', () => {
    const c = loadConfig({
      host: 'web',
      version: '1',
      env: {
        VIGIL_HOME: '/tmp/x',
        VIGIL_COINKING_WS_URL: 'ws://127.0.0.1:9000/',
        VIGIL_ITICK_TOKEN: 'tok',
        VIGIL_WATCHLIST: 'coinking:btc/usdt, cryptomus:ETH/USDT',
      },
    });
    expect(c.endpoints.coinkingWs).toBe('ws://127.0.0.1:9000');
    expect(c.endpoints.cryptomusApi).toBe('https://api.cryptomus.com');
    expect(c.demo).toBe(false);
    expect(c.credentials).toEqual({ itick: { token: 'tok' } });
    expect(c.initialWatchlist).toEqual(['coinking:BTC/USDT', 'cryptomus:ETH/USDT']);
    expect(loadConfig({ host: 'web', version: '1', env: {} }).demo).toBe(true); // no credentials at all
  });

  it('refuses a bad endpoint variable without stopping: the saved value or the default is used, and the refusal is reported', () => {
    const c = loadConfig({
      host: 'web',
      version: '1',
      env: { VIGIL_ITICK_WS_URL: 'https://x', VIGIL_COINKING_WS_URL: 'wss://evil.test/ws#x', VIGIL_COINKING_API_URL: 'javascript:alert(1)', VIGIL_CRYPTOMUS_WS_URL: 'ws://evil.test/ws' },
      endpoints: { coinkingWs: 'wss://saved.test/ws', itickApi: 'https://a.test/#' },
    });
    expect(c.endpoints.itickWs).toBe('wss://api.itick.org/cws');
    expect(c.endpoints.coinkingWs).toBe('wss://saved.test/ws');
    expect(c.endpoints.coinkingApi).toBe('https://www.coinking.pro');
    expect(c.endpoints.cryptomusWs).toBe('wss://api-ws.cryptomus.com/ws');
    expect(c.endpoints.itickApi).toBe('https://api.itick.org');
    expect(c.refusedEndpoints).toEqual([
      { name: 'cryptomusWs', source: 'environment', problem: 'cleartext' },
      { name: 'itickWs', source: 'environment', problem: 'scheme' },
      { name: 'itickApi', source: 'settings', problem: 'fragment' },
      { name: 'coinkingWs', source: 'environment', problem: 'fragment' },
      { name: 'coinkingApi', source: 'environment', problem: 'scheme' },
    ]);
  });

  it('says which variable is wrong', () => {
    expect(() => loadConfig({ host: 'web', version: '1', env: { VIGIL_WATCHLIST: 'BTCUSDT' } })).toThrow(/VIGIL_WATCHLIST: "BTCUSDT"/);
  });
});

describe('a malformed endpoint at start', () => {
  it('"#" or a javascript: URL from the environment or saved settings: the core still starts, with a notice', async () => {
    const config = loadConfig({
      host: 'web',
      version: '1',
      env: { VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-bad-endpoint-')), VIGIL_DEMO: '0', VIGIL_COINKING_WS_URL: 'wss://wss.coinking.pro:8090/#x' },
      endpoints: { coinkingApi: 'javascript:alert(1)', itickWs: 'wss://a.test/#' },
    });
    const started = createCore(config, { log: silentLogger, modules: [] });
    try {
      await started.start();
      const refused = (await started.invoke('notices.list', undefined)).filter((n) => n.message.code === 'endpoints.refused');
      expect(refused.map((n) => n.message.params?.name).sort()).toEqual(['coinkingApi', 'coinkingWs', 'itickWs']);
      expect(await started.invoke('settings.get', undefined)).toBeTruthy(); // answering commands
    } finally {
      await started.stop();
    }
  });
});
