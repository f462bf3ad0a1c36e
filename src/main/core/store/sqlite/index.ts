// The core's one database: `<home>/vigil.db`, opened once, migrated to the current schema, and
// served through the store interfaces of ../ports.ts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../log';
import { JsonWatchlistFile } from '../../watchlists';
import type { Stores } from '../ports';
import { SqliteCandleStore } from './candles';
import { SqliteDealLedger } from './deals';
import { migrate, StoreError } from './migrations';
import { SqliteAlerts, SqliteOrderLog, SqliteSettings, SqliteValueHistory, SqliteWatchlists } from './records';

export { StoreError } from './migrations';

export const DATABASE_FILE = 'vigil.db';

export interface OpenOptions {
  log: Logger;
  /** How long a write waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) and migrates a database file. WAL journal: readers never block the
 * writer and a crash can only lose transactions that had not committed. synchronous=NORMAL: in
 * WAL mode a committed transaction survives an app crash; deal writes switch to FULL so they also
 * survive a power cut (see deals.ts).
 */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw new StoreError(`Cannot open the database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') options.log.warn(`${path}: WAL journal unavailable on this file system (journal_mode=${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const { from, to } = migrate(db);
    if (from !== to) options.log.info(`${path}: schema migrated from version ${from} to ${to}`);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    // "file is not a database" and the like: say which file, and leave it untouched.
    throw new StoreError(`Cannot use the database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Every store of the core over `<home>/vigil.db`. `close()` closes the database. */
export function openStores(home: string, options: OpenOptions): Stores & { readonly path: string } {
  mkdirSync(home, { recursive: true });
  const path = join(home, DATABASE_FILE);
  const db = openDatabase(path, options);
  const watchlists = new SqliteWatchlists(db);
  importLegacyWatchlists(home, watchlists, options.log);
  return {
    path,
    deals: new SqliteDealLedger(db),
    candles: new SqliteCandleStore(db),
    watchlists,
    settings: new SqliteSettings(db, options.log),
    alerts: new SqliteAlerts(db, options.log),
    values: new SqliteValueHistory(db),
    orders: new SqliteOrderLog(db),
    close: () => {
      if (!db.open) return;
      try {
        db.pragma('optimize');
      } catch {
        // optimize is advice only
      }
      db.close();
    },
  };
}

/**
 * Earlier versions kept the watchlists in `<home>/watchlists.json`: a database without lists takes
 * them from there once. The file is left in place (an older version can still read it).
 */
function importLegacyWatchlists(home: string, into: SqliteWatchlists, log: Logger): void {
  if (into.load() !== null) return;
  const legacy = new JsonWatchlistFile(home, log);
  const lists = legacy.load();
  if (!lists) return;
  into.save(lists);
  log.info(`imported ${lists.length} watchlist(s) from ${legacy.path} into the database`);
}
