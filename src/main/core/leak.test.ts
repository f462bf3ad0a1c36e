// The leak scan: a full session against the simulators with known fake keys, then every reply and event of the
// contract, and every byte in the data folder (database, WAL, logs), searched for the key strings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract';
import { loadConfig } from './config';
import { simulatorEnvironment } from './demo/environment';
import { createCore } from './create-core';
import { EXCHANGE_MODULES } from './exchange-modules';
import { createAppLogger } from './logging';
import { CredentialVault, MemorySecretStore } from './secrets';
import { openStores } from './store/sqlite';
import { waitFor } from './testing/fault-server.test-support';

// Distinctive, so a hit can only be a leak.
const KEYS = {
  cryptomusUser: 'leakcheck-user-6f1e0c2a-93d4-4b7e-8a55-0d2c7e91b3f4',
  cryptomusKey: 'leakcheckCRYPTOMUSkey9Q7xZ2mV8pL4wT6nR1sB3',
  itickToken: 'leakcheckITICKtoken5H8jK2dF7gS1aQ4wE9rT0y',
  coinkingToken: 'leakcheckCOINKINGtoken3M6nB9vC2xZ5lK8jH1g',
  envToken: 'leakcheckENVtoken7Y2uI5oP8aS1dF4gH6jK9lZ3',
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Every spelling a key could take on its way to a file or a message. */
function spellings(key: string): string[] {
  return [key, encodeURIComponent(key), Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex'), JSON.stringify(key).slice(1, -1)];
}

const home = mkdtempSync(join(tmpdir(), 'vigil-leak-'));
let cleanup: () => Promise<void> = async () => {};
afterAll(() => cleanup());

describe('secrets never leave the core', () => {
  it('are found in no reply, no event, no file of the data folder and no log', async () => {
    const stores = openStores(home, { log: { info() {}, warn() {}, error() {} } });
    const log = createAppLogger({ home, secrets: [], echo: null });
    // A demo run whose configured ("real") endpoints are a second set of simulators: a key typed in
    // Settings leaves demo for its exchange and goes there, where the wrong keys are rejected.
    const real = await Promise.all(EXCHANGE_MODULES.map((m) => m.startDemo()));
    const endpoints = Object.fromEntries(Object.entries(simulatorEnvironment(real)).filter(([k]) => k.endsWith('_URL')));
    const config = loadConfig({ host: 'web', version: 'leak', env: { ...endpoints, VIGIL_HOME: home, VIGIL_DEMO: '1', VIGIL_ITICK_TOKEN: KEYS.envToken } });
    const vault = new CredentialVault(new MemorySecretStore(), { log });
    vault.useEndpoints(config.endpoints);
    vault.adopt(config.credentials);
    const core = createCore(config, { log, stores, vault });
    cleanup = async () => {
      await core.stop();
      await Promise.all(real.map((r) => r.close()));
      stores.close();
      log.close();
    };
    const traffic: string[] = [];
    core.subscribe((event, payload) => traffic.push(JSON.stringify({ event, payload })));
    const call = async (command: (typeof COMMAND_NAMES)[number], request: unknown) => {
      try {
        traffic.push(JSON.stringify({ command, reply: await core.invoke(command, request as never) }));
      } catch (error) {
        traffic.push(JSON.stringify({ command, error: String(error) }));
      }
    };
    await core.start();
    await waitFor(() => traffic.some((t) => t.includes('"market.frame"')), 'live frames', 15_000);

    // Wrong keys everywhere: the simulators reject them, so every error path runs with a key in hand.
    await call('credentials.set', { exchange: 'cryptomus', fields: { userId: KEYS.cryptomusUser, apiKey: KEYS.cryptomusKey } });
    await call('credentials.set', { exchange: 'itick', fields: { token: KEYS.itickToken } });
    await call('credentials.set', { exchange: 'coinking', fields: { token: KEYS.coinkingToken } });
    for (const exchange of ['cryptomus', 'itick', 'coinking'] as const) await call('credentials.test', { exchange });
    // Cryptomus and iTick stop on a wrong key; CoinKing fails only its account (market data is public).
    await waitFor(
      () => traffic.filter((t) => t.includes('auth_failed')).length >= 2 && traffic.some((t) => t.includes('"account":"rejected"')),
      'three key rejections',
      20_000,
    );

    // Every other command once, with a plausible request.
    const market = 'coinking:BTC/USDT';
    const requests: Partial<Record<(typeof COMMAND_NAMES)[number], unknown>> = {
      'market.focus': { market, interval: '1m' },
      'market.candles': { market, interval: '1m', before: Date.now(), limit: 10 },
      'markets.list': { exchange: 'coinking' },
      'markets.search': { query: 'eth', limit: 20 },
      'deals.page': { offset: 0, limit: 50 },
      'deals.csv': {},
      'portfolio.history': { from: 0, to: Date.now() },
      'settings.set': { theme: 'light' },
      'alerts.save': { name: 'leak', enabled: true, condition: { kind: 'price_above', market, price: '1' } },
      'alerts.pause': { paused: false },
      'exchange.reconnect': { exchange: 'coinking' },
      'watchlist.add': { listId: 'main', market: 'coinking:TRX/USDT' },
      'market.depthScales': { market: 'cryptomus:BTC/USDT' },
    };
    for (const command of COMMAND_NAMES) {
      if (command.startsWith('credentials.set') || command === 'credentials.remove') continue;
      await call(command, requests[command]);
    }
    await new Promise((r) => setTimeout(r, 1500)); // let frames, alerts and writes flow
    await call('credentials.remove', { exchange: 'coinking' });
    await cleanup();
    cleanup = async () => {};

    const found: string[] = [];
    const everything = traffic.join('\n');
    for (const [name, key] of Object.entries(KEYS)) {
      for (const s of spellings(key)) {
        if (everything.includes(s)) found.push(`${name} in the contract's traffic`);
        for (const file of files(home)) if (readFileSync(file).includes(s)) found.push(`${name} in ${file.slice(home.length)}`);
      }
    }
    expect(found).toEqual([]);
    // The scan saw what it was meant to: replies, events, the database and the log were all there.
    expect(traffic.length).toBeGreaterThan(50);
    expect([...files(home)].some((f) => f.endsWith('vigil.db'))).toBe(true);
    expect([...files(home)].some((f) => f.includes('logs'))).toBe(true);
    expect(everything).toContain('credentials.changed');
  }, 60_000);
});
