// Storage faults survived (docs/security.md, hardening review 2, 3, 9, 10), against a real SQLite file: a full disk
// (SQLite's page limit), a read-only database, a second process on the folder, file modes.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deal, ExchangeStatus, Order } from '../../../shared/model';
import { loadConfig } from '../config';
import { ManualClock } from '../connection/clock';
import type { Core } from '../core';
import { LocalCandles } from '../cryptomus/candles';
import { createCore } from '../create-core';
import type { ExchangeAdapter, ExchangeModule, MarketSink } from '../exchange-adapter';
import { silentLogger } from '../log';
import { createAppLogger } from '../logging';
import { STORAGE_RETRY_MS } from './guard';
import { DATABASE_FILE, HomeLockedError, openStores } from './sqlite';
import { makeDeals, tempFolders } from './sqlite/sqlite.test-support';

const folders = tempFolders('vigil-faults-');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  folders.cleanup();
});

/** An exchange that hands its sink to the test, so the test can feed deals, orders and candles. */
function feedingExchange() {
  let sink!: MarketSink;
  const module: ExchangeModule = {
    exchange: 'coinking',
    needsCredentials: false,
    createAdapter(ctx) {
      sink = ctx.sink;
      const status: ExchangeStatus = { exchange: 'coinking', state: 'live', reason: null, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: 0 };
      const adapter: ExchangeAdapter = {
        exchange: 'coinking',
        status: () => status,
        onStatus: () => () => {},
        watch: () => {},
        focus: () => {},
        candleHistory: async () => [],
        markets: async () => [],
        reconnect: () => {},
        stop: async () => {},
      };
      return adapter;
    },
    startDemo: async () => ({ endpoints: {}, close: async () => {} }),
  };
  return { module, sink: () => sink };
}

const order = (id: string): Order => ({
  exchange: 'coinking', id, market: 'coinking:BTC/USDT', side: 'buy', type: 'limit', price: '1', amount: '1', filled: '0', status: 'open', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000,
});

describe('storage faults', () => {
  it('a full disk: deal and order writes fail without a crash, the user is told, nothing stored is lost, and the writes land once space is back', async () => {
    const home = folders.make();
    const stores = openStores(home, { log: silentLogger });
    cleanups.push(() => stores.close());
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const exchange = feedingExchange();
    const config = loadConfig({ host: 'web', version: 't', env: { VIGIL_HOME: home, VIGIL_DEMO: '0', VIGIL_COINKING_TOKEN: 'x' } });
    const core: Core = createCore(config, { log: silentLogger, clock, stores, modules: [exchange.module] });
    cleanups.push(() => core.stop());
    const added: Deal[][] = [];
    core.subscribe((event, payload) => event === 'deals.added' && added.push(payload as Deal[]));
    await core.start();
    const sink = exchange.sink();

    const [first, ...rest] = makeDeals(600, 3).map((d) => ({ ...d, exchange: 'coinking' as const, id: `d-${d.id}` }));
    sink.deals('coinking', [first!]);
    expect(stores.deals.list().map((d) => d.id)).toEqual([first!.id]);

    // The disk is full: SQLite may not grow the file by a single page.
    const pages = stores.database.pragma('page_count', { simple: true }) as number;
    stores.database.pragma(`max_page_count = ${pages}`);
    expect(() => sink.deals('coinking', rest)).not.toThrow();
    // A correction of a stored fill (the exchange's history names another side) waits too.
    const corrected = { ...first!, side: first!.side === 'buy' ? ('sell' as const) : ('buy' as const) };
    expect(() => sink.deals('coinking', [corrected])).not.toThrow();
    expect(() => sink.orders('coinking', [order('o-1')], true)).not.toThrow();
    expect(() => sink.candles('coinking:BTC/USDT', '1m', [{ time: Date.UTC(2025, 0, 1), open: '1', high: '1', low: '1', close: '1', volume: '1' }])).not.toThrow();
    clock.advance(100); // a frame: the deals the user has not seen yet are shown although not yet saved
    expect(added.flat().map((d) => d.id)).toContain(rest[0]!.id);
    const notices = await core.invoke('notices.list', undefined);
    expect(notices[0]).toMatchObject({ id: 'storage.writeFailed', level: 'error', message: { code: 'storage.writeFailed', params: { error: 'SQLITE_FULL' } } });
    expect(stores.deals.list().map((d) => [d.id, d.side])).toEqual([[first!.id, first!.side]]); // what was stored is intact

    // Still full at the first retry: still kept, still one notice (its count grows only when the cause changes).
    clock.advance(STORAGE_RETRY_MS);
    expect(stores.deals.list()).toHaveLength(1);

    // Space again: the next retry writes everything that waited.
    stores.database.pragma('max_page_count = 1073741823');
    clock.advance(STORAGE_RETRY_MS);
    expect(stores.deals.list()).toHaveLength(600);
    expect(stores.deals.list().find((d) => d.id === first!.id)!.side).toBe(corrected.side);
    expect(stores.database.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(1);
    expect((await core.invoke('notices.list', undefined))[0]).toMatchObject({ id: 'storage.writeFailed', level: 'info', message: { code: 'storage.recovered' } });
  });

  it('a read-only database: settings and watchlist edits still answer, and are saved once it is writable again', async () => {
    const home = folders.make();
    const stores = openStores(home, { log: silentLogger });
    cleanups.push(() => stores.close());
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const config = loadConfig({ host: 'web', version: 't', env: { VIGIL_HOME: home, VIGIL_DEMO: '0', VIGIL_WATCHLIST: 'coinking:BTC/USDT' } });
    const core = createCore(config, { log: silentLogger, clock, stores, modules: [] });
    cleanups.push(() => core.stop());
    await core.start();
    stores.database.pragma('query_only = ON'); // every write now fails with SQLITE_READONLY
    await expect(core.invoke('settings.set', { theme: 'light' })).resolves.toMatchObject({ theme: 'light' });
    await expect(core.invoke('watchlist.add', { listId: 'main', market: 'coinking:ETH/USDT' })).resolves.toBeTruthy();
    expect((await core.invoke('notices.list', undefined))[0]).toMatchObject({ message: { code: 'storage.writeFailed', params: { error: 'SQLITE_READONLY' } } });
    expect(stores.settings.load()?.theme).not.toBe('light');
    stores.database.pragma('query_only = OFF');
    clock.advance(STORAGE_RETRY_MS);
    expect(stores.settings.load()?.theme).toBe('light');
    expect(stores.watchlists.load()![0]!.markets).toContain('coinking:ETH/USDT');
  });

  it('the candle flush timer survives a store that throws, and saves on a later flush', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    let refuse = true;
    const saved: number[] = [];
    const store = {
      load: () => [],
      save: (_m: string, _i: string, candles: { time: number }[]) => {
        if (refuse) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        saved.push(...candles.map((c) => c.time));
      },
    };
    const local = new LocalCandles(store, clock, () => {});
    local.addTrades('cryptomus:BTC/USDT', [{ price: '1', amount: '1', time: Date.UTC(2025, 0, 1) }]);
    expect(() => clock.advance(60_000)).not.toThrow();
    refuse = false;
    clock.advance(60_000);
    expect(saved.length).toBeGreaterThan(0);
  });
});

describe('a damaged database at start', () => {
  it('starts the core with a notice that says where the damaged file was set aside', async () => {
    const { openStoresOrMemory } = await import('./open');
    const home = folders.make();
    writeFileSync(join(home, DATABASE_FILE), 'x'.repeat(8192));
    const opened = openStoresOrMemory(home, silentLogger);
    cleanups.push(() => opened.stores.close());
    const config = loadConfig({ host: 'web', version: 't', env: { VIGIL_HOME: home, VIGIL_DEMO: '0' } });
    const core = createCore(config, { log: silentLogger, stores: opened.stores, modules: [], notices: opened.notices });
    cleanups.push(() => core.stop());
    await core.start();
    const notices = await core.invoke('notices.list', undefined);
    expect(notices.map((n) => n.message)).toContainEqual({ code: 'storage.quarantined', params: { file: expect.stringMatching(/^vigil\.db\.damaged-/) } });
    await expect(core.invoke('settings.set', { theme: 'light' })).resolves.toBeTruthy();
  });
});

describe('the data folder', () => {
  const ROOT = resolve(import.meta.dirname, '../../../..');

  function holder(home: string): Promise<ChildProcess> {
    return new Promise((done, fail) => {
      const child = spawn(
        process.execPath,
        ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', join(ROOT, 'scripts/ts-hooks.mjs'), join(import.meta.dirname, 'sqlite/home-holder.test-support.ts'), home],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && done(child));
      child.on('exit', (code) => fail(new Error(`holder exited (${code}): ${err}`)));
    });
  }

  it('has one owner: a second process is refused with a coded error, and a crashed owner\'s lock is taken over', async () => {
    const home = folders.make();
    const child = await holder(home);
    cleanups.push(() => void child.kill('SIGKILL'));
    let refused: unknown = null;
    try {
      openStores(home, { log: silentLogger }).close();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HomeLockedError);
    expect((refused as HomeLockedError).code).toBe('storage.locked');
    expect((refused as HomeLockedError).params).toEqual({ pid: child.pid, home });
    // The owner dies without cleaning up (SIGKILL): its lock is stale, and the folder can be opened.
    await new Promise<void>((r) => {
      child.once('close', () => r());
      child.kill('SIGKILL');
    });
    const stores = openStores(home, { log: silentLogger });
    stores.close();
  }, 20_000);

  it('is 0700 and the database, its -wal and -shm and the logs are 0600, even under a permissive umask', () => {
    const before = process.umask(0o000);
    try {
      const home = join(folders.make(), 'data');
      const stores = openStores(home, { log: silentLogger });
      stores.deals.add(makeDeals(5)); // makes the -wal and -shm
      const log = createAppLogger({ home, secrets: [], echo: null });
      log.info('hello');
      const mode = (p: string) => statSync(p).mode & 0o777;
      expect(mode(home)).toBe(0o700);
      for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) expect(mode(join(home, f)), f).toBe(0o600);
      log.close();
      stores.close();
      const logs = join(home, 'logs');
      for (const f of readdirSync(logs)) expect(mode(join(logs, f)), f).toBe(0o600);
    } finally {
      process.umask(before);
    }
  });

  it('tightens an existing world-readable database, log and folder to 0600 / 0700', () => {
    const home = folders.make();
    chmodSync(home, 0o755);
    writeFileSync(join(home, DATABASE_FILE), '');
    chmodSync(join(home, DATABASE_FILE), 0o644);
    mkdirSync(join(home, 'logs'), { mode: 0o755 });
    writeFileSync(join(home, 'logs', 'vigil.log'), 'an older line\n', { mode: 0o644 });
    chmodSync(join(home, 'logs', 'vigil.log'), 0o644);
    const stores = openStores(home, { log: silentLogger });
    const log = createAppLogger({ home, secrets: [], echo: null });
    log.info('hello');
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, DATABASE_FILE))).toBe(0o600);
    expect(mode(join(home, 'logs'))).toBe(0o700);
    for (const f of readdirSync(join(home, 'logs'))) expect(mode(join(home, 'logs', f)), f).toBe(0o600);
    log.close();
    stores.close();
  });
});
