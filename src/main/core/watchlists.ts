// The user's watchlists: the rules of editing them, kept through a WatchlistPersistence (the SQLite
// database, see store/sqlite). The JSON file below is the persistence for runs without a database,
// and the source the database imports once from an earlier version's data folder.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarketId, Watchlist } from '../../shared/model';
import { parseMarketId } from '../../shared/model';
import { CommandError } from '../../shared/contract';
import { isCoreCode } from '../../shared/codes';
import type { Coded } from '../../shared/notices';
import type { Logger } from './log';
import { consoleLogger } from './log';
import type { WatchlistPersistence } from './store/ports';
import { isObject, parseJson } from './wire/json';

export const WATCHLIST_FILE = 'watchlists.json';

function validName(name: unknown): string {
  const clean = typeof name === 'string' ? name.trim() : '';
  if (!clean || clean.length > 40) throw new CommandError('watchlist.nameLength', { max: 40 });
  return clean;
}

export class WatchlistStore {
  private lists: Watchlist[];
  private readonly persistence: WatchlistPersistence;

  /**
   * `persistence` keeps the lists (a folder path means the JSON file in it). With nothing saved
   * yet, one list "Main" holds `initial`, followed by any `extra` lists (the demo's).
   */
  constructor(
    persistence: WatchlistPersistence | string,
    initial: MarketId[],
    log: Logger = consoleLogger,
    extra: { label: Coded; markets: MarketId[] }[] = [],
  ) {
    this.persistence = typeof persistence === 'string' ? new JsonWatchlistFile(persistence, log) : persistence;
    this.lists = this.persistence.load()?.map(fromStored) ?? [
      { id: 'main', name: '', label: { code: 'list.main' }, markets: [...new Set(initial)] },
      ...extra.map((l, i) => ({ id: `list-${i + 2}`, name: '', label: l.label, markets: [...new Set(l.markets)] })),
    ];
  }

  all(): Watchlist[] {
    return this.lists.map((l) => ({ ...l, markets: [...l.markets] }));
  }

  /** Every market on any list, once. */
  markets(): MarketId[] {
    return [...new Set(this.lists.flatMap((l) => l.markets))];
  }

  add(listId: string, market: MarketId): Watchlist {
    const list = this.find(listId);
    if (!list.markets.includes(market)) list.markets.push(market);
    this.save();
    return { ...list, markets: [...list.markets] };
  }

  remove(listId: string, market: MarketId): Watchlist {
    const list = this.find(listId);
    list.markets = list.markets.filter((m) => m !== market);
    this.save();
    return { ...list, markets: [...list.markets] };
  }

  create(name: string): Watchlist {
    const clean = validName(name);
    let n = this.lists.length + 1;
    while (this.lists.some((l) => l.id === `list-${n}`)) n++;
    const list: Watchlist = { id: `list-${n}`, name: clean, markets: [] };
    this.lists.push(list);
    this.save();
    return { ...list, markets: [] };
  }

  rename(listId: string, name: string): Watchlist {
    const list = this.find(listId);
    list.name = validName(name);
    delete list.label; // the user's own name from now on
    this.save();
    return { ...list, markets: [...list.markets] };
  }

  delete(listId: string): Watchlist[] {
    this.find(listId);
    if (this.lists.length === 1) throw new CommandError('watchlist.lastList');
    this.lists = this.lists.filter((l) => l.id !== listId);
    this.save();
    return this.all();
  }

  move(listId: string, market: MarketId, index: number): Watchlist {
    const list = this.find(listId);
    const from = list.markets.indexOf(market);
    if (from < 0) throw new CommandError('watchlist.notOnList', { market });
    const to = Math.max(0, Math.min(list.markets.length - 1, Math.floor(index)));
    list.markets.splice(from, 1);
    list.markets.splice(to, 0, market);
    this.save();
    return { ...list, markets: [...list.markets] };
  }

  private find(listId: string): Watchlist {
    const list = this.lists.find((l) => l.id === listId);
    if (!list) throw new CommandError('watchlist.unknown');
    return list;
  }

  private save(): void {
    this.persistence.save(this.lists.map(toStored));
  }
}

/**
 * A default list keeps its name as a code, stored as "@list.main", so it shows in the user's
 * language until renamed. Lists saved before codes ("Main" on the list with id "main") become codes too.
 */
function fromStored(list: Watchlist): Watchlist {
  const code = list.name.startsWith('@') ? list.name.slice(1) : list.id === 'main' && list.name === 'Main' ? 'list.main' : null;
  if (code === null || !isCoreCode(code) || !code.startsWith('list.')) return list;
  return { ...list, name: '', label: { code } };
}

function toStored(list: Watchlist): Watchlist {
  return list.label ? { id: list.id, name: `@${list.label.code}`, markets: list.markets } : list;
}

/** The lists as a JSON file in the data folder, written atomically (temp file, then rename). */
export class JsonWatchlistFile implements WatchlistPersistence {
  readonly path: string;

  constructor(
    private readonly home: string,
    private readonly log: Logger,
  ) {
    this.path = join(home, WATCHLIST_FILE);
  }

  load(): Watchlist[] | null {
    let raw: string;
    try {
      raw = readFileSync(this.path, 'utf8');
    } catch {
      return null; // first start
    }
    const parsed = parseJson(raw);
    const value = parsed.ok ? parsed.value : null;
    if (!isObject(value) || !Array.isArray(value.lists)) {
      this.log.warn(`${this.path} is not a watchlist file; starting with the default list (the file is left as it is)`);
      return null;
    }
    const lists: Watchlist[] = [];
    for (const l of value.lists) {
      if (!isObject(l) || typeof l.id !== 'string' || typeof l.name !== 'string' || !Array.isArray(l.markets)) continue;
      const markets = l.markets.filter((m): m is MarketId => parseMarketId(m) !== null);
      lists.push({ id: l.id, name: l.name, markets });
    }
    return lists.length ? lists : null;
  }

  save(lists: Watchlist[]): void {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, lists }, null, 2), { mode: 0o600 }); // the user's alone, like the database
    renameSync(tmp, this.path);
  }
}
