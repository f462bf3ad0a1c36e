// The core's one database: `<home>/vigil.db`, opened once, migrated to the current schema, and
// served through the store interfaces of ../ports.ts.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../log';
import { JsonWatchlistFile } from '../../watchlists';
import type { Stores } from '../ports';
import { SqliteCandleStore } from './candles';
import { SqliteDealLedger } from './deals';
import { lockHome, type HomeLock } from './lock';
import { migrate, StoreError } from './migrations';
import { SqliteAlerts, SqliteOrderLog, SqliteSettings, SqliteValueHistory, SqliteWatchlists } from './records';
import { UnreadableRows } from './rows';

export { StoreError } from './migrations';
export { HomeLockedError, lockHome, type HomeLock } from './lock';

export const DATABASE_FILE = 'vigil.db';

export interface OpenOptions {
  log: Logger;
  /** The clock for the quarantined file's name (tests pass a fixed one). */
  now?: () => number;
  /** How long a write waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/** SQLite's verdict that a file is damaged (not a failure to reach it, which a retry could fix). */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/** The database is damaged: the file is set aside (quarantined) and a fresh one can be made. */
export class DamagedDatabaseError extends StoreError {
  override name = 'DamagedDatabaseError';
}

/** Owner read and write only: the database holds the user's trades. */
const FILE_MODE = 0o600;

/** Makes the database file (and its -wal, -shm) readable by the owner only, creating it so if new. */
function restrictFiles(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', FILE_MODE)); // SQLite gives -wal and -shm the main file's mode
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, FILE_MODE);
    } catch {
      // not ours to change (another owner): SQLite reports what it cannot do
    }
  }
}

/**
 * Opens (creating if needed) and migrates a database file, after an integrity check (quick_check).
 * WAL journal: readers never block the writer and a crash can only lose transactions that had not
 * committed. synchronous=NORMAL: in WAL mode a committed transaction survives an app crash; deal
 * writes switch to FULL so they also survive a power cut (see deals.ts). A damaged file throws
 * DamagedDatabaseError and is left as it is.
 */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  let db: Database.Database;
  try {
    restrictFiles(path);
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    if (isDamage(error)) throw new DamagedDatabaseError(`The database ${path} is damaged: ${error instanceof Error ? error.message : String(error)}`);
    throw new StoreError(`Cannot open the database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') options.log.warn(`${path}: WAL journal unavailable on this file system (journal_mode=${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // quick_check reads every page (not the index cross-checks of integrity_check): damage found
    // now is handled once, here, instead of failing writes at random later.
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw new DamagedDatabaseError(`The database ${path} failed its integrity check: ${String(check).slice(0, 200)}`);
    const { from, to } = migrate(db);
    if (from !== to) options.log.info(`${path}: schema migrated from version ${from} to ${to}`);
    restrictFiles(path);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (isDamage(error)) throw new DamagedDatabaseError(`The database ${path} is damaged: ${error instanceof Error ? error.message : String(error)}`);
    throw new StoreError(`Cannot use the database ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Sets a damaged database aside as `vigil.db.damaged-<UTC time>` (with its -wal and -shm), so a
 * fresh one can be made and the old file can still be sent for recovery. Returns the new name.
 */
export function quarantine(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const aside = `${path}.damaged-${stamp}`;
  renameSync(path, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

/** Every store of the core over `<home>/vigil.db`. `close()` closes the database and releases the folder. */
export function openStores(
  home: string,
  options: OpenOptions,
): Stores & { readonly path: string; readonly database: Database.Database; readonly quarantined: string | null; readonly unreadableRows: UnreadableRows } {
  // The folder holds the user's trades and logs: the owner's alone.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  try {
    chmodSync(home, 0o700);
  } catch {
    // a folder the user pointed us at and does not own: leave it
  }
  const lock: HomeLock = lockHome(home);
  const path = join(home, DATABASE_FILE);
  let db: Database.Database;
  let quarantined: string | null = null;
  try {
    try {
      db = openDatabase(path, options);
    } catch (error) {
      if (!(error instanceof DamagedDatabaseError)) throw error;
      quarantined = quarantine(path, (options.now ?? Date.now)());
      options.log.error(`${error.message}; set aside as ${basename(quarantined)}, starting with a fresh database`);
      db = openDatabase(path, options);
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  // One tally for every table: how many stored rows this version could not read (logged, skipped).
  const unreadableRows = new UnreadableRows(options.log);
  const watchlists = new SqliteWatchlists(db, unreadableRows);
  importLegacyWatchlists(home, watchlists, options.log);
  return {
    path,
    database: db,
    quarantined,
    unreadableRows,
    deals: new SqliteDealLedger(db, unreadableRows),
    candles: new SqliteCandleStore(db, undefined, unreadableRows),
    watchlists,
    settings: new SqliteSettings(db, options.log, unreadableRows),
    alerts: new SqliteAlerts(db, options.log, undefined, unreadableRows),
    values: new SqliteValueHistory(db, unreadableRows),
    orders: new SqliteOrderLog(db, unreadableRows),
    close: () => {
      if (!db.open) return;
      try {
        db.pragma('optimize');
      } catch {
        // optimize is advice only
      }
      db.close();
      lock.release();
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
