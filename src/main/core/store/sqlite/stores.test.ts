import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candle, Order } from '../../../../shared/model';
import type { AlertRule, FiredAlert } from '../../../../shared/alerts';
import type { Settings } from '../../../../shared/settings';
import { silentLogger } from '../../log';
import { DATABASE_FILE, openStores } from './index';
import { SqliteCandleStore } from './candles';
import { migrate } from './migrations';
import { SqliteAlerts } from './records';
import { tempFolders } from './sqlite.test-support';

const folders = tempFolders();
afterEach(() => folders.cleanup());

/** Opens a fresh data folder; `reopen()` closes and opens the same folder again. */
function fresh() {
  const home = folders.make();
  let stores = openStores(home, { log: silentLogger });
  return {
    home,
    get stores() {
      return stores;
    },
    reopen() {
      stores.close();
      stores = openStores(home, { log: silentLogger });
      return stores;
    },
  };
}

const candle = (time: number, close: string): Candle => ({ time, open: '1', high: '2', low: '0.5', close, volume: '10' });

describe('SQLite stores', () => {
  it('candles: upsert by open time, newest `limit` before a time, oldest first, kept across a reopen', () => {
    const s = fresh();
    s.stores.candles.save('cryptomus:BTC/USDT', '1m', [candle(60_000, '1'), candle(120_000, '2'), candle(180_000, '3')]);
    s.stores.candles.save('cryptomus:BTC/USDT', '1m', [candle(180_000, '3.5')]); // the forming candle changed
    s.stores.candles.save('cryptomus:BTC/USDT', '5m', [candle(0, '9')]);
    const stores = s.reopen();
    expect(stores.candles.load('cryptomus:BTC/USDT', '1m', Number.MAX_SAFE_INTEGER, 10).map((c) => c.close)).toEqual(['1', '2', '3.5']);
    expect(stores.candles.load('cryptomus:BTC/USDT', '1m', 180_000, 1)).toEqual([candle(120_000, '2')]);
    expect(stores.candles.load('cryptomus:BTC/USDT', '5m', 1, 10)).toEqual([candle(0, '9')]);
    expect(stores.candles.load('cryptomus:ETH/USDT', '1m', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    stores.close();
  });

  it('candles: a series is trimmed to its newest candles', () => {
    const db = new Database(':memory:');
    migrate(db);
    const store = new SqliteCandleStore(db, 50);
    store.save('cryptomus:BTC/USDT', '1m', Array.from({ length: 1200 }, (_, i) => candle(i * 60_000, String(i))));
    store.save('cryptomus:ETH/USDT', '1m', [candle(0, '1')]);
    const left = store.load('cryptomus:BTC/USDT', '1m', Number.MAX_SAFE_INTEGER, 10_000);
    expect(left).toHaveLength(50);
    expect(left[0]!.close).toBe('1150');
    expect(store.load('cryptomus:ETH/USDT', '1m', Number.MAX_SAFE_INTEGER, 10)).toHaveLength(1);
    db.close();
  });

  it('watchlists: null until saved, then the lists and their market order exactly', () => {
    const s = fresh();
    expect(s.stores.watchlists.load()).toBeNull();
    const lists = [
      { id: 'main', name: 'Main', markets: ['coinking:ETH/USDT', 'coinking:BTC/USDT'] as const },
      { id: 'list-2', name: 'Empty', markets: [] },
      { id: 'list-3', name: 'Alts', markets: ['cryptomus:SOL/USDT'] as const },
    ].map((l) => ({ ...l, markets: [...l.markets] }));
    s.stores.watchlists.save(lists);
    expect(s.reopen().watchlists.load()).toEqual(lists);
    s.stores.watchlists.save([{ id: 'list-3', name: 'Alts', markets: [] }]);
    expect(s.reopen().watchlists.load()).toEqual([{ id: 'list-3', name: 'Alts', markets: [] }]);
    s.stores.close();
  });

  it('watchlists: a data folder from before the database has its watchlists.json imported once', () => {
    const home = folders.make();
    const legacy = [{ id: 'main', name: 'Main', markets: ['coinking:BTC/USDT'] }];
    writeFileSync(join(home, 'watchlists.json'), JSON.stringify({ version: 1, lists: legacy }));
    let stores = openStores(home, { log: silentLogger });
    expect(stores.watchlists.load()).toEqual(legacy);
    stores.watchlists.save([{ id: 'main', name: 'Main', markets: [] }]);
    stores.close();
    stores = openStores(home, { log: silentLogger });
    expect(stores.watchlists.load()).toEqual([{ id: 'main', name: 'Main', markets: [] }]); // not imported again
    stores.close();
  });

  it('settings: one JSON value per key, replaced whole on save', () => {
    const s = fresh();
    expect(s.stores.settings.load()).toBeNull();
    const settings: Settings = {
      language: 'th',
      theme: 'light',
      notifications: false,
      startMinimized: true,
      startAtLogin: false,
      demo: false,
      quoteCurrency: 'USDT',
      pnlMethod: 'average',
      privacy: false,
      endpoints: { coinkingWs: 'wss://example.test/ws' },
      charts: { logScale: true, indicators: { 'cryptomus:BTC/USDT': [{ id: 'rsi-1', kind: 'rsi', params: { period: 14 } }] } },
      watchlistSort: { main: { column: 'change', direction: 'desc' } },
    };
    s.stores.settings.save(settings);
    expect(s.reopen().settings.load()).toEqual(settings);
    s.stores.close();
  });

  it('alerts: rules replaced by id, fired alerts newest first and folded in place', () => {
    const s = fresh();
    const rule: AlertRule = { id: 'r1', name: 'BTC above', enabled: true, condition: { kind: 'price_above', market: 'coinking:BTC/USDT', price: '100000' }, createdAt: 1 };
    const rule2: AlertRule = { id: 'r2', name: 'Lost', enabled: false, condition: { kind: 'connection_lost', exchange: 'itick', seconds: 30 }, createdAt: 2 };
    s.stores.alerts.saveRule(rule);
    s.stores.alerts.saveRule(rule2);
    s.stores.alerts.saveRule({ ...rule, name: 'BTC above 100k' });
    const fired = (id: string, at: number, folded = 0): FiredAlert => ({ id, ruleId: 'r1', title: { code: 'rule.named', params: { name: 'BTC' } }, body: { code: 'alert.above', params: { pair: 'BTC/USDT', exchange: 'CoinKing', price: '101', threshold: '100' } }, market: 'coinking:BTC/USDT', at, folded });
    s.stores.alerts.addFired(fired('f1', 10));
    s.stores.alerts.addFired(fired('f2', 20));
    s.stores.alerts.addFired(fired('f1', 10, 3));
    s.stores.alerts.deleteRule('r2');
    const stores = s.reopen();
    expect(stores.alerts.rules()).toEqual([{ ...rule, name: 'BTC above 100k' }]);
    expect(stores.alerts.fired(10)).toEqual([fired('f2', 20), fired('f1', 10, 3)]);
    expect(stores.alerts.fired(1)).toEqual([fired('f2', 20)]);
    stores.close();
  });

  it('alerts: the fired history is bounded', () => {
    const db = new Database(':memory:');
    migrate(db);
    const alerts = new SqliteAlerts(db, silentLogger, 150);
    for (let i = 0; i < 400; i++) alerts.addFired({ id: `f${i}`, ruleId: 'r', title: { code: 'rule.orderFilled' }, body: { code: 'rule.balance' }, market: null, at: i, folded: 0 });
    expect(db.prepare('SELECT count(*) FROM fired_alerts').pluck().get()).toBeLessThanOrEqual(250);
    expect(alerts.fired(1)[0]!.id).toBe('f399');
    db.close();
  });

  it('value history: points per quote currency in [from, to), oldest first', () => {
    const s = fresh();
    for (const [time, value] of [[3, '30'], [1, '10'], [2, '20']] as const) s.stores.values.add({ quote: 'USDT', time, value });
    s.stores.values.add({ quote: 'BTC', time: 2, value: '0.1' });
    s.stores.values.add({ quote: 'USDT', time: 2, value: '21' }); // the same instant again replaces it
    const stores = s.reopen();
    expect(stores.values.range('USDT', 1, 3)).toEqual([{ time: 1, value: '10' }, { time: 2, value: '21' }]);
    expect(stores.values.range('BTC', 0, 10)).toEqual([{ time: 2, value: '0.1' }]);
    stores.close();
  });

  it('orders: upserted by (exchange, id); an older report never overwrites a newer one', () => {
    const s = fresh();
    const order: Order = {
      exchange: 'coinking', id: 'o1', market: 'coinking:BTC/USDT', side: 'buy', type: 'limit', price: '100', amount: '2',
      filled: '0', status: 'open', createdAt: 1, updatedAt: 1,
    };
    s.stores.orders.upsert([order, { ...order, id: 'o2' }]);
    s.stores.orders.upsert([{ ...order, filled: '2', status: 'filled', updatedAt: 5 }]);
    s.stores.orders.upsert([{ ...order, filled: '1', status: 'partially_filled', updatedAt: 3 }]); // stale replay
    s.stores.close();
    const db = new Database(join(s.home, DATABASE_FILE), { readonly: true });
    expect(db.prepare('SELECT id, filled, status, updated_at FROM orders ORDER BY id').all()).toEqual([
      { id: 'o1', filled: '2', status: 'filled', updated_at: 5 },
      { id: 'o2', filled: '0', status: 'open', updated_at: 1 },
    ]);
    db.close();
  });

  it('keeps money as decimal TEXT in every table', () => {
    const s = fresh();
    s.stores.deals.add([
      { exchange: 'coinking', id: 'd', orderId: null, market: 'coinking:BTC/USDT', side: 'buy', price: '0.10', amount: '3.000', value: '0.30000', fee: '0', feeAsset: null, role: null, time: 1 },
    ]);
    s.stores.candles.save('coinking:BTC/USDT', '1m', [candle(0, '0.10')]);
    s.stores.values.add({ quote: 'USDT', time: 1, value: '1.50' });
    s.stores.close();
    const db = new Database(join(s.home, DATABASE_FILE), { readonly: true });
    expect(db.prepare('SELECT typeof(price), price, amount, value FROM deals').raw().get()).toEqual(['text', '0.10', '3.000', '0.30000']);
    expect(db.prepare('SELECT typeof(close), close FROM candles').raw().get()).toEqual(['text', '0.10']);
    expect(db.prepare('SELECT typeof(value), value FROM value_history').raw().get()).toEqual(['text', '1.50']);
    db.close();
  });
});
