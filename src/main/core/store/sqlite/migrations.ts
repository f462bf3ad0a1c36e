// The database schema as an ordered list of migrations. The file's PRAGMA user_version says how many
// have run; each pending one runs in its own transaction together with the version bump, so a
// crash or an error leaves the file at the previous version, never half-migrated. Append only:
// never edit a migration that has shipped.
import type Database from 'better-sqlite3';
import { splitDecimal } from './decimal-parts';

export type Migration = (db: Database.Database) => void;

export class StoreError extends Error {
  override name = 'StoreError';
}

/** v1: the base schema. Money is decimal TEXT everywhere; times are ms since epoch. */
const baseSchema: Migration = (db) => {
  db.exec(`
    CREATE TABLE deals (
      seq       INTEGER PRIMARY KEY,
      exchange  TEXT NOT NULL,
      id        TEXT NOT NULL,
      order_id  TEXT,
      market    TEXT NOT NULL,
      quote     TEXT NOT NULL,
      side      TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
      price     TEXT NOT NULL,
      amount    TEXT NOT NULL,
      value     TEXT NOT NULL,
      fee       TEXT NOT NULL,
      fee_asset TEXT,
      role      TEXT CHECK (role IN ('maker', 'taker')),
      time      INTEGER NOT NULL,
      UNIQUE (exchange, id)
    );
    -- Every index ends in the rowid (seq), so each serves ORDER BY time DESC, seq DESC for its filter.
    CREATE INDEX deals_time ON deals (time);
    CREATE INDEX deals_exchange_time ON deals (exchange, time);
    CREATE INDEX deals_market_time ON deals (market, time);
    CREATE INDEX deals_side_time ON deals (side, time);

    CREATE TABLE orders (
      exchange   TEXT NOT NULL,
      id         TEXT NOT NULL,
      market     TEXT NOT NULL,
      side       TEXT NOT NULL,
      type       TEXT NOT NULL,
      price      TEXT,
      amount     TEXT NOT NULL,
      filled     TEXT NOT NULL,
      status     TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (exchange, id)
    );
    CREATE INDEX orders_updated ON orders (updated_at);

    CREATE TABLE value_history (
      quote TEXT NOT NULL,
      time  INTEGER NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (quote, time)
    ) WITHOUT ROWID;

    CREATE TABLE candles (
      market   TEXT NOT NULL,
      interval TEXT NOT NULL,
      time     INTEGER NOT NULL,
      open     TEXT NOT NULL,
      high     TEXT NOT NULL,
      low      TEXT NOT NULL,
      close    TEXT NOT NULL,
      volume   TEXT NOT NULL,
      PRIMARY KEY (market, interval, time)
    ) WITHOUT ROWID;

    CREATE TABLE watchlists (
      id       TEXT PRIMARY KEY,
      name     TEXT NOT NULL,
      position INTEGER NOT NULL
    );
    CREATE TABLE watchlist_markets (
      list_id  TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE ON UPDATE CASCADE,
      position INTEGER NOT NULL,
      market   TEXT NOT NULL,
      PRIMARY KEY (list_id, market)
    );

    CREATE TABLE alert_rules (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      enabled    INTEGER NOT NULL,
      condition  TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE fired_alerts (
      seq     INTEGER PRIMARY KEY,
      id      TEXT NOT NULL UNIQUE,
      rule_id TEXT NOT NULL,
      title   TEXT NOT NULL,
      body    TEXT NOT NULL,
      market  TEXT,
      at      INTEGER NOT NULL,
      folded  INTEGER NOT NULL
    );
    CREATE INDEX fired_alerts_at ON fired_alerts (at);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `);
};

/**
 * v2: exact deal totals in SQL. SUM over decimal TEXT is floating point, so each deal's value and
 * fee are also kept as three integers (integer part, fraction digits 1-9, fraction digits 10-18,
 * all carrying the sign); integer SUMs of those are exact and fast. A number that does not fit
 * (more than 18 fraction digits, or 15+ integer digits) leaves its parts NULL and `inexact` set,
 * and its totals are added in decimals from the TEXT. Existing rows are backfilled.
 */
const exactDealTotals: Migration = (db) => {
  db.exec(`
    ALTER TABLE deals ADD COLUMN value_i  INTEGER;
    ALTER TABLE deals ADD COLUMN value_f1 INTEGER;
    ALTER TABLE deals ADD COLUMN value_f2 INTEGER;
    ALTER TABLE deals ADD COLUMN fee_i    INTEGER;
    ALTER TABLE deals ADD COLUMN fee_f1   INTEGER;
    ALTER TABLE deals ADD COLUMN fee_f2   INTEGER;
    ALTER TABLE deals ADD COLUMN inexact  INTEGER NOT NULL DEFAULT 0;
  `);
  const page = db.prepare<[number], { seq: number; value: string; fee: string }>('SELECT seq, value, fee FROM deals WHERE seq > ? ORDER BY seq LIMIT 5000');
  const update = db.prepare(
    'UPDATE deals SET value_i = ?, value_f1 = ?, value_f2 = ?, fee_i = ?, fee_f1 = ?, fee_f2 = ?, inexact = ? WHERE seq = ?',
  );
  for (let after = 0; ; ) {
    const rows = page.all(after);
    if (rows.length === 0) break;
    for (const r of rows) {
      const v = splitDecimal(r.value);
      const f = splitDecimal(r.fee);
      update.run(...(v ?? [null, null, null]), ...(f ?? [null, null, null]), v && f ? 0 : 1, r.seq);
    }
    after = rows[rows.length - 1]!.seq;
  }
};

/**
 * v3: several accounts per exchange. Deals and orders say which account (its label) they belong to;
 * every row stored before is the exchange's first account, "main". Ids stay unique per exchange (an
 * exchange numbers deals and orders across all its users).
 */
const accountColumn: Migration = (db) => {
  db.exec(`
    ALTER TABLE deals ADD COLUMN account TEXT NOT NULL DEFAULT 'main';
    ALTER TABLE orders ADD COLUMN account TEXT NOT NULL DEFAULT 'main';
    CREATE INDEX deals_account_time ON deals (exchange, account, time);
  `);
};

/** The schema, oldest first; the database's user_version is the number applied. */
export const MIGRATIONS: readonly Migration[] = [baseSchema, exactDealTotals, accountColumn];

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to `migrations.length`. Refuses a file written by a newer build (its
 * schema is unknown here, and writing to it could damage the user's data).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > migrations.length) {
    throw new StoreError(
      `${db.name} was written by a newer version of Vigil (schema version ${from}; this version knows up to ${migrations.length}). ` +
        'Update Vigil, or move the file away to start with an empty database.',
    );
  }
  for (let version = from; version < migrations.length; version++) {
    const step = migrations[version]!;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return { from, to: migrations.length };
}
