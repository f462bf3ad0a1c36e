import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from './log';
import { silentLogger } from './log';
import type { WatchlistPersistence } from './store/ports';
import { memoryStores } from './store/ports';
import { openStores } from './store/sqlite';
import { tempFolders } from './store/sqlite/sqlite.test-support';
import { JsonWatchlistFile, WatchlistStore } from './watchlists';

const folders = tempFolders('vigil-watchlists-');
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
  folders.cleanup();
});

/** The same behaviour over each persistence: memory, the SQLite database, the JSON file. */
const persistences: [string, () => { make: () => WatchlistPersistence }][] = [
  [
    'memory',
    () => {
      const p = memoryStores().watchlists;
      return { make: () => p };
    },
  ],
  [
    'SQLite',
    () => {
      const home = folders.make();
      return {
        make: () => {
          const stores = openStores(home, { log: silentLogger });
          closers.push(() => stores.close());
          return stores.watchlists;
        },
      };
    },
  ],
  [
    'JSON file',
    () => {
      const home = folders.make();
      return { make: () => new JsonWatchlistFile(home, silentLogger) };
    },
  ],
];

describe.each(persistences)('WatchlistStore over %s', (_name, setup) => {
  it('starts with the default list (named by code, in the user\'s language) holding the initial markets, once each', () => {
    const store = new WatchlistStore(setup().make(), ['coinking:BTC/USDT', 'coinking:ETH/USDT', 'coinking:BTC/USDT']);
    expect(store.all()).toEqual([{ id: 'main', name: '', label: { code: 'list.main' }, markets: ['coinking:BTC/USDT', 'coinking:ETH/USDT'] }]);
  });

  it('keeps every edit, in order, for the next start', () => {
    const where = setup();
    const store = new WatchlistStore(where.make(), ['coinking:BTC/USDT']);
    store.add('main', 'coinking:ETH/USDT');
    store.add('main', 'coinking:ETH/USDT'); // already there
    const alts = store.create('  Alts ');
    expect(alts).toEqual({ id: 'list-2', name: 'Alts', markets: [] });
    store.add('list-2', 'cryptomus:SOL/USDT');
    store.add('list-2', 'itick:XRP/USD');
    store.move('list-2', 'itick:XRP/USD', 0);
    store.rename('list-2', 'DeFi');
    expect(store.rename('main', 'Mine')).toMatchObject({ name: 'Mine' });
    expect(store.all()[0]!.label).toBeUndefined(); // the user's own name from now on
    store.create('Scratch');
    store.delete('list-3');
    store.remove('main', 'coinking:BTC/USDT');
    const expected = [
      { id: 'main', name: 'Mine', markets: ['coinking:ETH/USDT'] },
      { id: 'list-2', name: 'DeFi', markets: ['itick:XRP/USD', 'cryptomus:SOL/USDT'] },
    ];
    expect(store.all()).toEqual(expected);
    const again = new WatchlistStore(where.make(), ['coinking:DOGE/USDT']);
    expect(again.all()).toEqual(expected);
    expect(again.markets()).toEqual(['coinking:ETH/USDT', 'itick:XRP/USD', 'cryptomus:SOL/USDT']);
  });

  it('refuses bad edits with the messages the UI shows', () => {
    const store = new WatchlistStore(setup().make(), []);
    expect(() => store.add('nope', 'coinking:BTC/USDT')).toThrow(/no longer exists/);
    expect(() => store.create('')).toThrow(/1 to 40 characters/);
    expect(() => store.create('x'.repeat(41))).toThrow(/1 to 40 characters/);
    expect(() => store.move('main', 'coinking:BTC/USDT', 0)).toThrow(/is not on this list/);
    expect(() => store.delete('main')).toThrow(/last watchlist/);
  });

  it('hands out copies', () => {
    const store = new WatchlistStore(setup().make(), ['coinking:BTC/USDT']);
    store.all()[0]!.markets.push('coinking:ETH/USDT');
    expect(store.markets()).toEqual(['coinking:BTC/USDT']);
  });
});

describe('JsonWatchlistFile', () => {
  it('writes a versioned file atomically and reads back only valid markets', () => {
    const home = folders.make();
    const store = new WatchlistStore(home, ['coinking:BTC/USDT']); // a folder path means this file
    store.add('main', 'coinking:ETH/USDT');
    const saved = JSON.parse(readFileSync(join(home, 'watchlists.json'), 'utf8'));
    expect(saved).toEqual({ version: 1, lists: [{ id: 'main', name: '@list.main', markets: ['coinking:BTC/USDT', 'coinking:ETH/USDT'] }] });
    // A list saved before names were codes: "Main" becomes the coded default name again.
    expect(new WatchlistStore(home, []).all()[0]).toEqual({ id: 'main', name: '', label: { code: 'list.main' }, markets: ['coinking:BTC/USDT', 'coinking:ETH/USDT'] });
    writeFileSync(join(home, 'watchlists.json'), JSON.stringify({ lists: [{ id: 'main', name: 'Main', markets: ['coinking:BTC/USDT', 'nonsense', 7] }] }));
    expect(new JsonWatchlistFile(home, silentLogger).load()).toEqual([{ id: 'main', name: 'Main', markets: ['coinking:BTC/USDT'] }]);
  });

  it('leaves a file that is not a watchlist file alone and starts with the default list', () => {
    const home = folders.make();
    writeFileSync(join(home, 'watchlists.json'), '{ broken');
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    expect(new WatchlistStore(home, ['coinking:BTC/USDT'], log).all()[0]!.markets).toEqual(['coinking:BTC/USDT']);
    expect(warnings.join()).toMatch(/is not a watchlist file/);
    expect(readFileSync(join(home, 'watchlists.json'), 'utf8')).toBe('{ broken');
  });
});
