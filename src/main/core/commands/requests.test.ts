// Issue 16: a request from the UI is untrusted input. Every contract command (COMMAND_NAMES, so a
// command added without a parser fails here) refuses a wrong shape through a real core as the code
// "request.invalid" { command, field }, with the details in the log only; and the shapes the
// renderer really sends still pass.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, CommandError, type CommandName, type RequestOf } from '../../../shared/contract';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import type { Logger } from '../log';
import { MAX_SAVE_BYTES, REQUEST_PARSERS } from './requests';

const logged: string[] = [];
const log: Logger = { info: () => {}, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
let core: Core;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-requests-'));
  core = createCore(loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } }), { log, demoSeed: 7 });
  await core.start();
});
afterAll(async () => {
  await core.stop();
});

/** What the core answered: the reply, or the coded error it threw. */
async function outcome(command: CommandName, request: unknown): Promise<{ ok: true; reply: unknown } | { ok: false; code: string; params: unknown }> {
  try {
    return { ok: true, reply: await core.invoke(command, request as never) };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return { ok: false, code: error.code, params: error.params };
  }
}

// Shapes no command takes: a number, a string, an array (a void command also refuses an object).
const WRONG: unknown[] = [42, 'nonsense', [{ market: 'coinking:BTC/USDT' }], true];

describe('every command refuses a request of the wrong shape', () => {
  it('has a parser for every contract command', () => {
    expect(Object.keys(REQUEST_PARSERS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each([...COMMAND_NAMES])('%s', async (command) => {
    for (const request of WRONG) {
      logged.length = 0;
      const got = await outcome(command, request);
      expect(got, `${command} ← ${JSON.stringify(request)}`).toEqual({ ok: false, code: 'request.invalid', params: { command, field: 'request' } });
      // What was wrong is in the log (the shape, never the value).
      expect(logged.join('\n')).toMatch(new RegExp(`${command.replace('.', '\\.')}: request refused \\(request: expected .+, got `));
    }
  });
});

describe('a wrong field is named', () => {
  const cases: [CommandName, unknown, string][] = [
    ['app.info', {}, 'request'],
    ['notices.list', { all: true }, 'request'],
    ['watchlist.add', { listId: 7, market: 'coinking:BTC/USDT' }, 'listId'],
    ['watchlist.add', { listId: '', market: 'coinking:BTC/USDT' }, 'listId'],
    ['watchlist.create', { name: 'x'.repeat(5000) }, 'name'],
    ['watchlist.create', {}, 'name'],
    ['watchlist.rename', { listId: 'main', name: null }, 'name'],
    ['watchlist.move', { listId: 'main', market: 'coinking:BTC/USDT', index: 1.5 }, 'index'],
    ['watchlist.move', { listId: 'main', market: 'coinking:BTC/USDT', index: -1 }, 'index'],
    ['exchange.reconnect', { exchange: 3 }, 'exchange'],
    ['market.focus', { market: ['coinking:BTC/USDT'], interval: '1m' }, 'market'],
    ['market.focus', { market: 'coinking:BTC/USDT' }, 'interval'],
    ['venues.compare', { market: 42 }, 'market'],
    ['accounts.add', { exchange: 'coinking', label: 'Sub 1', fields: 'key' }, 'fields'],
    ['accounts.remove', { exchange: 'coinking' }, 'label'],
    ['deals.page', { account: 'a:b', offset: 0, limit: 10 }, 'account'],
    ['market.candles', { market: 'coinking:BTC/USDT', interval: '1m', before: '2024', limit: 10 }, 'before'],
    ['market.candles', { market: 'coinking:BTC/USDT', interval: '1m', before: 1, limit: 5000 }, 'limit'],
    ['market.setDepthScale', { market: 'cryptomus:BTC/USDT', index: '2' }, 'index'],
    ['deals.csv', { market: 12 }, 'market'],
    ['deals.csv', { to: Infinity }, 'to'],
    ['deals.page', { offset: '0', limit: 10 }, 'offset'],
    ['portfolio.history', { from: 0 }, 'to'],
    ['credentials.set', { exchange: 'itick', fields: 'token' }, 'fields'],
    ['credentials.set', { exchange: 'itick', fields: { token: 5 } }, 'fields.token'],
    ['credentials.set', { exchange: 'itick', fields: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 'x'])) }, 'fields'],
    ['alerts.save', { id: 'x'.repeat(201), condition: { kind: 'order_filled', exchange: null } }, 'id'],
    ['alerts.save', { name: 5, condition: { kind: 'order_filled', exchange: null } }, 'name'],
    ['alerts.save', { enabled: 'yes', condition: { kind: 'order_filled', exchange: null } }, 'enabled'],
    ['alerts.delete', { id: {} }, 'id'],
    ['alerts.pause', { paused: 1 }, 'paused'],
    ['file.saveText', { fileName: 'deals.csv', text: 5 }, 'text'],
    ['notices.dismiss', {}, 'id'],
  ];
  it.each(cases)('%s %j → %s', async (command, request, field) => {
    expect(await outcome(command, request)).toEqual({ ok: false, code: 'request.invalid', params: { command, field } });
  });

  it('logs where a secret was refused, never the secret', async () => {
    logged.length = 0;
    const secret = `tok-SECRET-${'z'.repeat(5000)}`;
    expect(await outcome('credentials.set', { exchange: 'itick', fields: { token: secret } })).toMatchObject({ code: 'request.invalid', params: { field: 'fields.token' } });
    expect(logged.join('\n')).toContain('credentials.set: request refused (fields.token: expected a string of at most 4096 characters, got a string of 5011 characters)');
    expect(logged.join('\n')).not.toContain('tok-SECRET');
  });

  it('a value of the right type that names nothing known keeps the code that says what is expected', async () => {
    expect(await outcome('markets.list', { exchange: 'binance' })).toMatchObject({ ok: false, code: 'exchange.unknown' });
    expect(await outcome('deals.csv', { market: 'BTC/USDT' })).toMatchObject({ ok: false, code: 'market.invalid' });
    expect(await outcome('market.focus', { market: 'coinking:BTC/USDT', interval: '7m' })).toMatchObject({ ok: false, code: 'market.intervalUnknown' });
    expect(await outcome('deals.page', { offset: 0, limit: 1001 })).toMatchObject({ ok: false, code: 'deals.limit', params: { max: 1000 } });
    expect(await outcome('deals.page', { from: 10, to: 5 })).toMatchObject({ ok: false, code: 'history.range' });
    expect(await outcome('deals.page', { pair: 'btc-usdt' })).toMatchObject({ ok: false, code: 'request.invalid' });
    expect(await outcome('file.saveText', { fileName: 'big.csv', text: 'x'.repeat(MAX_SAVE_BYTES + 1) })).toMatchObject({ ok: false, code: 'file.tooLarge' });
  });
});

describe('the shapes the renderer sends still pass', () => {
  const now = Date.now();
  // One valid request per command, typed over the contract: a new command needs its line here too.
  const VALID: { [K in CommandName]: RequestOf<K> } = {
    'app.info': undefined,
    'market.snapshot': undefined,
    'watchlist.list': undefined,
    'watchlist.create': { name: 'Parsed' },
    'watchlist.add': { listId: 'main', market: 'coinking:ETH/USDT' },
    'watchlist.move': { listId: 'main', market: 'coinking:ETH/USDT', index: 0 },
    'watchlist.remove': { listId: 'main', market: 'coinking:ETH/USDT' },
    'watchlist.rename': { listId: 'main', name: 'Main, renamed' },
    'watchlist.delete': { listId: 'no-such-list' },
    'exchange.reconnect': { exchange: 'coinking' },
    'market.focus': { market: 'coinking:BTC/USDT', interval: '1m' },
    'market.candles': { market: 'coinking:BTC/USDT', interval: '1m', before: now, limit: 50 },
    'market.depthScales': { market: 'cryptomus:BTC/USDT' },
    'venues.compare': { market: 'coinking:BTC/USDT' },
    'accounts.list': undefined,
    // Shaped right, refused by the core (iTick takes no second account).
    'accounts.add': { exchange: 'itick', label: 'Sub 1', fields: { token: 't' } },
    'accounts.remove': { exchange: 'coinking', label: 'no-such-account' },
    'market.setDepthScale': { market: 'cryptomus:BTC/USDT', index: 0 },
    'markets.list': { exchange: 'itick' },
    'markets.search': { query: 'eth', limit: 20 },
    'account.snapshot': undefined,
    'deals.page': { offset: 0, limit: 50 },
    'deals.csv': {},
    'portfolio.get': undefined,
    'portfolio.history': { from: now - 3_600_000, to: now },
    'settings.get': undefined,
    'settings.set': { theme: 'light' },
    'credentials.status': undefined,
    // Shaped right, refused by the vault (iTick takes a token): nothing leaves demo in this test.
    'credentials.set': { exchange: 'itick', fields: { apiKey: 'k' } },
    'credentials.remove': { exchange: 'cryptomus' },
    'credentials.test': { exchange: 'coinking' },
    'alerts.list': undefined,
    'alerts.save': { name: '', enabled: true, condition: { kind: 'price_above', market: 'coinking:BTC/USDT', price: '1000000' } },
    'alerts.delete': { id: 'no-such-rule' },
    'alerts.history': undefined,
    'alerts.pause': { paused: false },
    'file.saveText': { fileName: 'deals.csv', text: 'a,b\r\n' },
    'notices.list': undefined,
    'notices.dismiss': { id: 'no-such-notice' },
  };

  it('each command takes its renderer shape (a refusal, where one comes, is the command\'s own)', async () => {
    const seen: string[] = [];
    for (const command of COMMAND_NAMES) {
      const got = await outcome(command, VALID[command]);
      seen.push(command);
      if (!got.ok) expect(got.code, `${command}: ${JSON.stringify(got)}`).not.toBe('request.invalid');
    }
    expect(seen).toEqual([...COMMAND_NAMES]);
    // The ones whose handlers answer rather than refuse, checked by what they answered.
    expect((await core.invoke('deals.page', { offset: 0, limit: 10 })).rows).toEqual(expect.any(Array));
    expect((await core.invoke('deals.csv', {})).csv).toMatch(/^Time \(UTC\),Exchange,/);
    expect(await core.invoke('market.focus', null)).toBeNull();
    expect(await core.invoke('watchlist.list', null as never)).toEqual(expect.any(Array)); // Electron may send null for nothing
    expect(await outcome('file.saveText', VALID['file.saveText'])).toMatchObject({ code: 'file.desktopOnly' }); // the web host's answer
    expect(await outcome('credentials.set', VALID['credentials.set'])).toMatchObject({ ok: false });
    expect((await core.invoke('settings.get', undefined)).theme).toBe('light');
  });

  it('hands a handler only the fields the contract names, typed', async () => {
    const created = await core.invoke('watchlist.create', { name: 'Extra', sneaky: '<script>' } as never);
    expect(created.name).toBe('Extra');
    const rule = await core.invoke('alerts.save', { condition: { kind: 'order_filled', exchange: null }, createdAt: -1 } as never);
    expect(rule.createdAt).toBeGreaterThan(0);
    expect(rule.enabled).toBe(true);
  });
});
