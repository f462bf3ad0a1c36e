// Issue 16: rows read back from the database file are untrusted input. A real SQLite file gets one
// damaged row per table (written with plain SQL, as another tool or an older version could); on
// reopening, each damaged row is counted, skipped and logged without its values, and the rest loads.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candle, Deal, Order } from '../../../../shared/model';
import type { AlertRule, FiredAlert } from '../../../../shared/alerts';
import { defaultSettings } from '../../commands/settings';
import { loadConfig } from '../../config';
import { createCore } from '../../create-core';
import type { Logger } from '../../log';
import { DATABASE_FILE, openStores } from './index';
import { makeDeals, tempFolders } from './sqlite.test-support';

const folders = tempFolders();
afterEach(() => folders.cleanup());

const SECRET = 'sk_live_NOT_FOR_THE_LOG_9f3a';

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: () => {}, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

const rule = (id: string, price: string): AlertRule => ({ id, name: '', enabled: true, condition: { kind: 'price_above', market: 'coinking:BTC/USDT', price }, createdAt: 1_700_000_000_000 });
const fired = (id: string, at: number): FiredAlert => ({ id, ruleId: 'r1', title: { code: 'rule.named', params: { name: 'BTC' } }, body: { code: 'rule.balance' }, market: 'coinking:BTC/USDT', at, folded: 0 });
const order = (id: string): Order => ({ exchange: 'coinking', id, market: 'coinking:BTC/USDT', side: 'buy', type: 'limit', price: '100', amount: '1', filled: '0', status: 'open', createdAt: 1, updatedAt: 1 });
const candle = (time: number): Candle => ({ time, open: '1', high: '2', low: '0.5', close: '1.5', volume: '10' });

/** A data folder whose database holds good rows and, per table, damaged ones written behind the store's back. */
function damagedHome(): { home: string; deals: Deal[] } {
  const home = folders.make();
  const stores = openStores(home, { log: recordingLog() });
  const deals = makeDeals(6, 11);
  stores.deals.add(deals);
  stores.orders.upsert([order('o1'), order('o2'), order('o3')]);
  for (const r of [rule('r1', '100'), rule('r2', '200'), rule('r3', '300'), rule('r4', '400')]) stores.alerts.saveRule(r);
  for (const f of [fired('f1', 10), fired('f2', 20), fired('f3', 30)]) stores.alerts.addFired(f);
  for (const [time, value] of [[1, '10'], [2, '20'], [3, '30']] as const) stores.values.add({ quote: 'USDT', time, value });
  stores.candles.save('coinking:BTC/USDT', '1m', [candle(60_000), candle(120_000), candle(180_000)]);
  stores.settings.save({ ...defaultSettings(true), language: 'th', theme: 'light' });
  stores.close();

  const db = new Database(join(home, DATABASE_FILE));
  const run = (sql: string, ...params: unknown[]) => expect(db.prepare(sql).run(...params).changes, sql).toBe(1);
  // A price that is no number (and would be a secret if it were logged), and a market no exchange has.
  run('UPDATE deals SET price = ? WHERE id = ?', SECRET, deals[1]!.id);
  run("UPDATE deals SET market = 'nowhere' WHERE id = ?", deals[4]!.id);
  run("UPDATE orders SET market = 'BTCUSDT' WHERE id = 'o2'");
  // JSON with a kind (the old check let it through), but a negative price no rule may hold; and no JSON at all.
  run(`UPDATE alert_rules SET condition = '{"kind":"price_above","market":"coinking:BTC/USDT","price":"-5"}' WHERE id = 'r2'`);
  run("UPDATE alert_rules SET condition = '{not json' WHERE id = 'r4'");
  run("UPDATE fired_alerts SET folded = 'many' WHERE id = 'f2'");
  run("UPDATE value_history SET value = 'NaN' WHERE time = 2");
  run("UPDATE candles SET close = '-3' WHERE time = 120000");
  run("UPDATE settings SET value = '{\"light' WHERE key = 'theme'");
  db.close();
  return { home, deals };
}

describe('damaged rows in a real SQLite file', () => {
  it('are counted, skipped and logged without their values; the rest of every table loads', () => {
    const { home, deals } = damagedHome();
    const log = recordingLog();
    const stores = openStores(home, { log });
    try {
      const good = deals.filter((_, i) => i !== 1 && i !== 4).sort((a, b) => b.time - a.time);
      expect(stores.deals.query({ offset: 0, limit: 100 }).rows).toEqual(good);
      expect(stores.deals.list()).toEqual(good);
      expect(stores.orders.openOrders('coinking').map((o) => o.id)).toEqual(['o1', 'o3']);
      expect(stores.alerts.rules().map((r) => r.id)).toEqual(['r1', 'r3']);
      expect(stores.alerts.fired(10).map((f) => f.id)).toEqual(['f3', 'f1']);
      expect(stores.values.range('USDT', 0, 10)).toEqual([
        { time: 1, value: '10' },
        { time: 3, value: '30' },
      ]);
      expect(stores.candles.load('coinking:BTC/USDT', '1m', Number.MAX_SAFE_INTEGER, 10).map((c) => c.time)).toEqual([60_000, 180_000]);
      expect(stores.settings.load()).toMatchObject({ language: 'th', notifications: true });
      expect(stores.settings.load()).not.toHaveProperty('theme');

      const tally = stores.unreadableRows;
      expect([tally.count('deals'), tally.count('orders'), tally.count('alert_rules'), tally.count('fired_alerts')]).toEqual([4, 1, 2, 1]); // deals: query and list each met both
      expect([tally.count('value_history'), tally.count('candles'), tally.count('settings')]).toEqual([1, 1, 2]); // settings: loaded twice
      const text = log.lines.join('\n');
      expect(text).toContain(`deals: stored row ${deals[1]!.exchange}/${deals[1]!.id} is unreadable (price); skipped`);
      expect(text).toContain(`deals: stored row ${deals[4]!.exchange}/${deals[4]!.id} is unreadable (market); skipped`);
      expect(text).toContain('orders: stored row coinking/o2 is unreadable (market); skipped');
      expect(text).toContain('alert_rules: stored row r2 is unreadable (condition); skipped');
      expect(text).toContain('alert_rules: stored row r4 is unreadable (condition); skipped');
      expect(text).toContain('fired_alerts: stored row f2 is unreadable (folded); skipped');
      expect(text).toContain('settings: stored row theme is unreadable (value); skipped');
      expect(text).not.toContain(SECRET);
    } finally {
      stores.close();
    }
  });

  it('a deal the exchange reports again replaces its damaged row', () => {
    const { home, deals } = damagedHome();
    const stores = openStores(home, { log: recordingLog() });
    try {
      const { fresh, corrected } = stores.deals.upsert([deals[1]!]);
      expect(fresh).toEqual([]);
      expect(corrected).toEqual([deals[1]]);
      expect(stores.deals.list().some((d) => d.id === deals[1]!.id && d.price === deals[1]!.price)).toBe(true);
    } finally {
      stores.close();
    }
  });

  it('the core starts on the damaged file and serves what is readable', async () => {
    const { home } = damagedHome();
    const log = recordingLog();
    const stores = openStores(home, { log });
    const core = createCore(loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '0' } }), { log, stores });
    try {
      expect((await core.invoke('alerts.list', undefined)).map((r) => r.id)).toEqual(['r1', 'r3']);
      expect((await core.invoke('alerts.history', undefined)).map((f) => f.id)).toEqual(['f3', 'f1']);
      expect((await core.invoke('deals.page', { offset: 0, limit: 100 })).rows).toHaveLength(4);
      // The damaged theme falls back to its default; the rest of the saved settings stay.
      expect(await core.invoke('settings.get', undefined)).toMatchObject({ language: 'th', theme: 'dark' });
    } finally {
      await core.stop();
      stores.close();
    }
  });
});
