import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { SettingsPersistence } from '../store/ports';
import { memoryStores } from '../store/ports';
import { openStores } from '../store/sqlite';
import { tempFolders } from '../store/sqlite/sqlite.test-support';
import { settingsCommands } from './settings';

const folders = tempFolders('vigil-settings-cmd-');
afterEach(() => folders.cleanup());

function coreWith(persistence: SettingsPersistence, env: Record<string, string> = {}, log: Logger = silentLogger) {
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: folders.make(), ...env } });
  const core: Core = createCore(config, { log, modules: [], commandGroups: [(ctx) => settingsCommands(ctx, { persistence })] });
  const changes: Settings[] = [];
  core.subscribe((event, payload) => {
    if (event === 'settings.changed') changes.push(payload as Settings);
  });
  return { core, changes };
}

const DEFAULTS: Settings = {
  language: 'en',
  theme: 'dark',
  notifications: true,
  startMinimized: false,
  startAtLogin: false,
  demo: true,
  quoteCurrency: 'USDT',
  pnlMethod: 'average',
  privacy: false,
  endpoints: {},
  charts: { logScale: false, indicators: {} },
  watchlistSort: {},
};

describe('settings commands', () => {
  it('starts from the defaults; demo follows the configuration', async () => {
    expect(await coreWith(memoryStores().settings).core.invoke('settings.get', undefined)).toEqual(DEFAULTS);
    const live = coreWith(memoryStores().settings, { VIGIL_ITICK_TOKEN: 'token-for-the-test' });
    expect((await live.core.invoke('settings.get', undefined)).demo).toBe(false);
  });

  it('applies a valid change, keeps it in the database, and pushes settings.changed', async () => {
    const home = folders.make();
    let stores = openStores(home, { log: silentLogger });
    const { core, changes } = coreWith(stores.settings);
    const reply = await core.invoke('settings.set', {
      language: 'zh-TW',
      theme: 'light',
      quoteCurrency: ' usdc ',
      pnlMethod: 'fifo',
      privacy: true,
      endpoints: { coinkingWs: 'wss://ws.example.test:8090/', itickApi: 'http://127.0.0.1:9000', cryptomusApi: '' },
    });
    const expected: Settings = {
      ...DEFAULTS,
      language: 'zh-TW',
      theme: 'light',
      quoteCurrency: 'USDC',
      pnlMethod: 'fifo',
      privacy: true,
      endpoints: { coinkingWs: 'wss://ws.example.test:8090', itickApi: 'http://127.0.0.1:9000' },
    };
    expect(reply).toEqual(expected);
    expect(changes).toEqual([expected]);
    await core.invoke('settings.set', { notifications: false });
    stores.close();

    stores = openStores(home, { log: silentLogger });
    const next = coreWith(stores.settings);
    expect(await next.core.invoke('settings.get', undefined)).toEqual({ ...expected, notifications: false });
    stores.close();
  });

  it('rejects every invalid field and changes nothing', async () => {
    const persistence = memoryStores().settings;
    const { core, changes } = coreWith(persistence);
    const bad: [unknown, RegExp][] = [
      [{ language: 'fr' }, /Unknown language fr/],
      [{ theme: 'blue' }, /theme is dark or light/],
      [{ notifications: 'yes' }, /notifications is on or off/],
      [{ startMinimized: 1 }, /startMinimized is on or off/],
      [{ startAtLogin: null }, /startAtLogin is on or off/],
      [{ demo: 'false' }, /demo is on or off/],
      [{ quoteCurrency: 'US DOLLAR' }, /quote currency is an asset code/],
      [{ pnlMethod: 'lifo' }, /P&L method is average cost or FIFO/],
      [{ privacy: 'on' }, /privacy is on or off/],
      [{ endpoints: 'wss://x' }, /does not accept \(endpoints\)/],
      [{ endpoints: { binanceWs: 'wss://x.test' } }, /Unknown endpoint binanceWs/],
      [{ endpoints: { coinkingWs: 'https://x.test' } }, /coinkingWs must start with wss:\/\/ \(ws:\/\/ only to this computer\)/],
      [{ endpoints: { coinkingApi: 'wss://x.test' } }, /coinkingApi must start with https:\/\/ \(http:\/\/ only to this computer\)/],
      [{ endpoints: { itickApi: 'not a url' } }, /itickApi is not a URL/],
      // Fully checked: a fragment, a script URL, cleartext to another host, a query.
      [{ endpoints: { coinkingWs: 'wss://x.test/ws#frag' } }, /coinkingWs must not contain "#"/],
      [{ endpoints: { coinkingApi: 'javascript:alert(1)' } }, /coinkingApi must start with https:\/\//],
      [{ endpoints: { coinkingWs: 'ws://evil.test:8090' } }, /ws:\/\/ \(unencrypted\) is allowed only to this computer/],
      [{ endpoints: { itickApi: 'http://10.0.0.5' } }, /http:\/\/ \(unencrypted\) is allowed only to this computer/],
      [{ endpoints: { itickApi: 'https://x.test/?a=1' } }, /must not contain a query/],
      [{ endpoints: { itickApi: 'https://user:pw@x.test' } }, /must not contain a user name or password/],
      [{ endpoints: { itickApi: 42 } }, /itickApi is not a URL/],
      [{ charts: { logScale: 'yes', indicators: {} } }, /does not accept \(charts\)/],
      [{ charts: { logScale: false, indicators: { 'nowhere:BTC/USDT': [] } } }, /does not accept \(charts\)/],
      [{ charts: { logScale: false, indicators: { 'itick:BTC/USDT': [{ id: 'a', kind: 'ichimoku', params: {} }] } } }, /does not accept \(charts\)/],
      [{ charts: { logScale: false, indicators: { 'itick:BTC/USDT': [{ id: 'a', kind: 'sma', params: { period: 'x' } }] } } }, /does not accept \(charts\)/],
      [{ charts: { logScale: false, indicators: { 'itick:BTC/USDT': [{ id: 'a', kind: 'macd', params: { fast: 30, slow: 26, signal: 9 } }] } } }, /does not accept \(charts\)/],
      [{ watchlistSort: { main: { column: 'colour', direction: 'asc' } } }, /does not accept \(watchlistSort\.main\)/],
      [{ watchlistSort: { main: { column: 'change', direction: 'up' } } }, /does not accept \(watchlistSort\.main\)/],
      [{ watchlistSort: [] }, /does not accept \(watchlistSort\)/],
      [{ watchlistSort: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`l${i}`, { column: 'last', direction: 'asc' }])) }, /does not accept \(watchlistSort\)/],
      [{ fontSize: 12 }, /Unknown setting fontSize/],
      [{ theme: 'light', language: 'xx' }, /Unknown language xx/], // one bad field spoils the whole change
      [null, /“settings.set” a request it does not accept \(request\)/],
    ];
    for (const [request, message] of bad) {
      await expect(core.invoke('settings.set', request as never), JSON.stringify(request)).rejects.toThrow(message);
    }
    expect(changes).toEqual([]);
    expect(persistence.load()).toBeNull();
    expect(await core.invoke('settings.get', undefined)).toEqual(DEFAULTS);
  });

  it('falls back to the default for a saved field that is no longer valid, with a warning', async () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    const persistence = memoryStores().settings;
    persistence.save({ ...DEFAULTS, theme: 'sepia' as never, language: 'th', endpoints: { itickWs: 'http://wrong.test' } });
    const { core } = coreWith(persistence, {}, log);
    expect(await core.invoke('settings.get', undefined)).toEqual({ ...DEFAULTS, language: 'th' });
    expect(warnings.join('\n')).toMatch(/saved setting "theme" is not valid/);
    expect(warnings.join('\n')).toMatch(/saved setting "endpoints" is not valid/);
  });

  it('keeps chart settings through the database: parameters held to their ranges, bounded per chart', async () => {
    const home = folders.make();
    let stores = openStores(home, { log: silentLogger });
    const { core } = coreWith(stores.settings);
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `ma${i}`, kind: 'sma', params: { period: 5 + i } }));
    const reply = await core.invoke('settings.set', {
      charts: {
        logScale: true,
        indicators: {
          'cryptomus:BTC/USDT': [
            { id: 'rsi', kind: 'rsi', params: { period: 9000 } },
            { id: 'bb', kind: 'bbands', params: { period: 20.4, deviation: 2.345 } },
          ],
          'itick:ETH/USDT': many,
        },
      },
    } as never);
    expect(reply.charts.logScale).toBe(true);
    expect(reply.charts.indicators['cryptomus:BTC/USDT']).toEqual([
      { id: 'rsi', kind: 'rsi', params: { period: 500 } },
      { id: 'bb', kind: 'bbands', params: { period: 20, deviation: 2.3 } },
    ]);
    expect(reply.charts.indicators['itick:ETH/USDT']).toHaveLength(8);
    stores.close();

    stores = openStores(home, { log: silentLogger });
    expect((await coreWith(stores.settings).core.invoke('settings.get', undefined)).charts).toEqual(reply.charts);
    stores.close();
  });

  it('keeps a sort per watchlist, field by field, and drops anything else on the way in', async () => {
    const { core } = coreWith(memoryStores().settings);
    const reply = await core.invoke('settings.set', {
      watchlistSort: { main: { column: 'change', direction: 'desc', extra: 1 }, 'list-2': { column: 'market', direction: 'asc' } } as never,
    });
    expect(reply.watchlistSort).toEqual({ main: { column: 'change', direction: 'desc' }, 'list-2': { column: 'market', direction: 'asc' } });
  });

  it('hands out copies: changing a reply changes nothing in the core', async () => {
    const { core } = coreWith(memoryStores().settings);
    const got = await core.invoke('settings.get', undefined);
    got.endpoints.coinkingWs = 'wss://mutated.test';
    expect((await core.invoke('settings.get', undefined)).endpoints).toEqual({});
  });
});
