import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../log';
import { silentLogger } from '../../log';
import { DATABASE_FILE, openDatabase, openStores, StoreError } from './index';
import { MIGRATIONS, migrate, schemaVersion } from './migrations';
import { makeDeals, tempFolders } from './sqlite.test-support';

const folders = tempFolders();
afterEach(() => folders.cleanup());

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('schema migrations', () => {
  it('creates a new file at the current version, in WAL mode with foreign keys on', () => {
    const home = folders.make();
    const db = openDatabase(join(home, DATABASE_FILE), { log: silentLogger });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('labels the deals and orders of a version-2 file as the first account, "main"', () => {
    const home = folders.make();
    const path = join(home, DATABASE_FILE);
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 2));
    old
      .prepare(
        `INSERT INTO deals (exchange, id, order_id, market, quote, side, price, amount, value, fee, fee_asset, role, time)
         VALUES ('coinking', 'd1', NULL, 'coinking:BTC/USDT', 'USDT', 'buy', '1', '1', '1', '0', NULL, NULL, 1000)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO orders (exchange, id, market, side, type, price, amount, filled, status, created_at, updated_at)
         VALUES ('coinking', 'o1', 'coinking:BTC/USDT', 'buy', 'limit', '1', '1', '0', 'open', 500, 500)`,
      )
      .run();
    old.close();

    const stores = openStores(home, { log: silentLogger });
    expect(stores.deals.list().map((d) => [d.id, d.account])).toEqual([['d1', 'main']]);
    expect(stores.deals.query({ account: 'main', offset: 0, limit: 10 }).total).toBe(1);
    expect(stores.deals.query({ account: 'sub', offset: 0, limit: 10 }).total).toBe(0);
    expect(stores.deals.latestTime('coinking', 'main')).toBe(1000);
    expect(stores.deals.latestTime('coinking', 'sub')).toBeNull();
    expect(stores.orders.openOrders('coinking').map((o) => [o.id, o.account])).toEqual([['o1', 'main']]);
    expect(stores.orders.openOrders('coinking', 'sub')).toEqual([]);
    stores.close();
  });

  it('brings a version-1 file up to date and keeps its data, with exact totals for the old deals', () => {
    const home = folders.make();
    const path = join(home, DATABASE_FILE);
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    const insert = old.prepare(
      `INSERT INTO deals (exchange, id, order_id, market, quote, side, price, amount, value, fee, fee_asset, role, time)
       VALUES ('coinking', ?, NULL, 'coinking:BTC/USDT', 'USDT', 'buy', '1', '1', ?, ?, NULL, NULL, ?)`,
    );
    insert.run('d1', '0.1', '0.01', 1000);
    insert.run('d2', '0.2', '0.02', 2000);
    insert.run('d3', '0.0000000000000000000007', '0', 3000); // too fine for the integer parts
    old.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"light\"')").run();
    old.close();

    const log = recordingLog();
    const stores = openStores(home, { log });
    expect(log.lines).toContain(`${path}: schema migrated from version 1 to ${MIGRATIONS.length}`);
    expect(stores.settings.load()).toEqual({ theme: 'light' });
    expect(stores.deals.query({ offset: 0, limit: 10 })).toMatchObject({
      total: 3,
      totals: { count: 3, value: { USDT: '0.3000000000000000000007' }, fees: { USDT: '0.03' } },
    });
    expect(stores.deals.list().map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
    stores.close();
    const again = new Database(path, { readonly: true });
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a file from a newer version with a clear error, and leaves it untouched', () => {
    const home = folders.make();
    const path = join(home, DATABASE_FILE);
    const future = new Database(path);
    future.exec('CREATE TABLE from_the_future (x)');
    future.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    future.close();
    const opening = () => openStores(home, { log: silentLogger });
    expect(opening).toThrow(StoreError);
    expect(opening).toThrow(
      new RegExp(`written by a newer version of Vigil \\(schema version ${MIGRATIONS.length + 5}; this version knows up to ${MIGRATIONS.length}\\)`),
    );
    const check = new Database(path, { readonly: true });
    expect(schemaVersion(check)).toBe(MIGRATIONS.length + 5);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'deals'").pluck().get()).toBe(0);
    check.close();
  });

  it('rolls a failing migration back whole: the version and the schema stay as they were', () => {
    const db = new Database(':memory:');
    const broken = [
      MIGRATIONS[0]!,
      (d: Database.Database) => {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('migration 2 failed');
      },
    ];
    expect(() => migrate(db, broken)).toThrow('migration 2 failed');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(migrate(db, MIGRATIONS)).toEqual({ from: 1, to: MIGRATIONS.length });
    db.close();
  });

  it('sets a file that is not a database aside (timestamped) and starts with a fresh one', () => {
    const home = folders.make();
    writeFileSync(join(home, DATABASE_FILE), 'this is not a database, just text that is long enough to have a header');
    const log = recordingLog();
    const stores = openStores(home, { log, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(stores.quarantined).toBe(join(home, 'vigil.db.damaged-2026-01-02T03-04-05-000Z'));
    expect(readFileSync(stores.quarantined!, 'utf8')).toMatch(/^this is not a database/); // kept as it was
    expect(stores.deals.list()).toEqual([]);
    stores.close();
    expect(log.lines.join('\n')).toMatch(/set aside as vigil\.db\.damaged-2026-01-02T03-04-05-000Z/);
  });
});

describe('a damaged database', () => {
  it('fails the integrity check at open when garbage is written into its pages, is quarantined, and the app starts fresh', () => {
    const home = folders.make();
    const first = openStores(home, { log: silentLogger });
    first.deals.add(makeDeals(3000));
    first.close();
    const path = join(home, DATABASE_FILE);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(64 * 1024);
    // Garbage over the middle of the file: the b-tree pages of the deals table and its indexes.
    const fd = openSync(path, 'r+');
    const junk = Buffer.alloc(32 * 1024, 0x5a);
    writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    const again = openStores(home, { log: silentLogger });
    expect(again.quarantined).toMatch(/vigil\.db\.damaged-/);
    expect(again.deals.list()).toEqual([]); // fresh: the history is fetched again from the exchanges
    again.deals.add(makeDeals(1));
    expect(again.deals.list()).toHaveLength(1);
    again.close();
  });

  it('through openStoresOrMemory: the host gets the database and a notice, not an error', async () => {
    const { openStoresOrMemory } = await import('../open');
    const home = folders.make();
    writeFileSync(join(home, DATABASE_FILE), 'garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage');
    const opened = openStoresOrMemory(home, silentLogger);
    expect(opened.problem).toBeNull();
    expect(opened.notices).toEqual([
      { id: 'storage.quarantined', level: 'warning', code: 'storage.quarantined', params: { file: expect.stringMatching(/^vigil\.db\.damaged-/) } },
    ]);
    opened.stores.close();
  });
});
