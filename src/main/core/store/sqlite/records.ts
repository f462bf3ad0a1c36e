// The smaller tables: orders, portfolio value history, watchlists, alert rules and fired alerts,
// settings. Each class prepares its statements once; multi-row writes are one transaction. Every
// row read back is parsed (rows.ts): an unreadable one is counted, logged and skipped.
import { accountOf } from '../../../../shared/accounts';
import type Database from 'better-sqlite3';
import type { MarketId, Order, Watchlist } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';
import type { AlertRule, FiredAlert } from '../../../../shared/alerts';
import type { Settings } from '../../../../shared/settings';
import type { ValuePoint } from '../../../../shared/portfolio';
import type { Logger } from '../../log';
import { parseJson } from '../../wire/json';
import type { AlertPersistence, OrderLog, SettingsPersistence, ValueHistory, WatchlistPersistence } from '../ports';
import { firedOfRow, orderOfRow, ruleOfRow, UnreadableRows, valuePointOfRow, watchlistOfRow } from './rows';

type Row = Record<string, unknown>;

/** A tally that only logs, for a store opened on its own (tests); openStores shares one. */
const soloTally = (log?: Pick<Logger, 'warn'>) => new UnreadableRows(log ?? { warn: () => {} });

export class SqliteOrderLog implements OrderLog {
  private readonly upsertStatement: Database.Statement;
  private readonly openStatement: Database.Statement<[string], Record<string, unknown>>;
  private readonly openOfAccountStatement: Database.Statement<[string, string], Record<string, unknown>>;

  constructor(
    private readonly db: Database.Database,
    private readonly unreadable: UnreadableRows = soloTally(),
  ) {
    // An older report of an order (a replayed snapshot) never overwrites a newer one.
    this.upsertStatement = db.prepare(
      `INSERT INTO orders (exchange, id, market, side, type, price, amount, filled, status, created_at, updated_at, account)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (exchange, id) DO UPDATE SET
         market = excluded.market, side = excluded.side, type = excluded.type, price = excluded.price,
         amount = excluded.amount, filled = excluded.filled, status = excluded.status,
         created_at = excluded.created_at, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= orders.updated_at`,
    );
    this.openStatement = db.prepare<[string], Record<string, unknown>>(
      `SELECT id, market, side, type, price, amount, filled, status, created_at, updated_at, account FROM orders
       WHERE exchange = ? AND status IN ('open', 'partially_filled') ORDER BY created_at`,
    );
    this.openOfAccountStatement = db.prepare<[string, string], Record<string, unknown>>(
      `SELECT id, market, side, type, price, amount, filled, status, created_at, updated_at, account FROM orders
       WHERE exchange = ? AND account = ? AND status IN ('open', 'partially_filled') ORDER BY created_at`,
    );
  }

  openOrders(exchange: Order['exchange'], account?: string): Order[] {
    const orders: Order[] = [];
    const rows = account === undefined ? this.openStatement.all(exchange) : this.openOfAccountStatement.all(exchange, account);
    for (const r of rows) {
      const order = this.unreadable.read('orders', `${exchange}/${String(r.id)}`, () => orderOfRow(exchange, r));
      if (order) orders.push(order);
    }
    return orders;
  }

  upsert(orders: Order[]): void {
    if (orders.length === 0) return;
    this.db.transaction(() => {
      for (const o of orders) {
        this.upsertStatement.run(o.exchange, o.id, o.market, o.side, o.type, o.price, o.amount, o.filled, o.status, o.createdAt, o.updatedAt, accountOf(o));
      }
    })();
  }
}

export class SqliteValueHistory implements ValueHistory {
  private readonly insert: Database.Statement<[string, number, string]>;
  private readonly select: Database.Statement<[string, number, number], Row>;

  constructor(
    db: Database.Database,
    private readonly unreadable: UnreadableRows = soloTally(),
  ) {
    this.insert = db.prepare('INSERT OR REPLACE INTO value_history (quote, time, value) VALUES (?, ?, ?)');
    this.select = db.prepare('SELECT time, value FROM value_history WHERE quote = ? AND time >= ? AND time < ? ORDER BY time');
  }

  add(point: ValuePoint & { quote: string }): void {
    this.insert.run(point.quote, point.time, point.value);
  }

  range(quote: string, from: number, to: number): ValuePoint[] {
    const points: ValuePoint[] = [];
    for (const r of this.select.all(quote, from, to)) {
      const point = this.unreadable.read('value_history', `${quote}@${String(r.time)}`, () => valuePointOfRow(r));
      if (point) points.push(point);
    }
    return points;
  }
}

export class SqliteWatchlists implements WatchlistPersistence {
  private readonly lists: Database.Statement<[], Row>;
  private readonly markets: Database.Statement<[], { list_id: string; market: string }>;
  private readonly clear: Database.Statement<[]>;
  private readonly insertList: Database.Statement<[string, string, number]>;
  private readonly insertMarket: Database.Statement<[string, number, string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly unreadable: UnreadableRows = soloTally(),
  ) {
    this.lists = db.prepare('SELECT id, name FROM watchlists ORDER BY position');
    this.markets = db.prepare('SELECT list_id, market FROM watchlist_markets ORDER BY list_id, position');
    this.clear = db.prepare('DELETE FROM watchlists'); // their markets go by ON DELETE CASCADE
    this.insertList = db.prepare('INSERT INTO watchlists (id, name, position) VALUES (?, ?, ?)');
    this.insertMarket = db.prepare('INSERT OR IGNORE INTO watchlist_markets (list_id, position, market) VALUES (?, ?, ?)');
  }

  /** The saved lists in order, or null when none were ever saved. */
  load(): Watchlist[] | null {
    const lists: Watchlist[] = [];
    for (const r of this.lists.all()) {
      const list = this.unreadable.read('watchlists', r.id, () => watchlistOfRow(r));
      if (list) lists.push({ ...list, markets: [] });
    }
    if (lists.length === 0) return null;
    const byId = new Map(lists.map((l) => [l.id, l]));
    for (const m of this.markets.all()) {
      if (parseMarketId(m.market)) byId.get(m.list_id)?.markets.push(m.market as MarketId);
    }
    return lists;
  }

  save(lists: Watchlist[]): void {
    this.db.transaction(() => {
      this.clear.run();
      lists.forEach((l, i) => {
        this.insertList.run(l.id, l.name, i);
        l.markets.forEach((m, j) => this.insertMarket.run(l.id, j, m));
      });
    })();
  }
}

export class SqliteAlerts implements AlertPersistence {
  private readonly selectRules: Database.Statement<[], Row>;
  private readonly upsertRule: Database.Statement<[string, string, number, string, number]>;
  private readonly deleteStatement: Database.Statement<[string]>;
  private readonly selectFired: Database.Statement<[number], Row>;
  private readonly upsertFired: Database.Statement<[string, string, string, string, string | null, number, number]>;
  private readonly trimFired: Database.Statement<[number]>;
  private added = 0;

  constructor(
    db: Database.Database,
    log: Logger,
    /** Fired alerts kept; older ones are dropped. */
    private readonly keepFired = 10_000,
    private readonly unreadable: UnreadableRows = soloTally(log),
  ) {
    this.selectRules = db.prepare('SELECT id, name, enabled, condition, created_at FROM alert_rules ORDER BY created_at, id');
    this.upsertRule = db.prepare(
      `INSERT INTO alert_rules (id, name, enabled, condition, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, condition = excluded.condition, created_at = excluded.created_at`,
    );
    this.deleteStatement = db.prepare('DELETE FROM alert_rules WHERE id = ?');
    this.selectFired = db.prepare('SELECT id, rule_id, title, body, market, at, folded FROM fired_alerts ORDER BY at DESC, seq DESC LIMIT ?');
    // A repeat folded into an alert already fired updates that alert in place.
    this.upsertFired = db.prepare(
      `INSERT INTO fired_alerts (id, rule_id, title, body, market, at, folded) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET rule_id = excluded.rule_id, title = excluded.title, body = excluded.body,
         market = excluded.market, at = excluded.at, folded = excluded.folded`,
    );
    this.trimFired = db.prepare('DELETE FROM fired_alerts WHERE seq <= (SELECT seq FROM fired_alerts ORDER BY seq DESC LIMIT 1 OFFSET ?)');
  }

  rules(): AlertRule[] {
    const rules: AlertRule[] = [];
    for (const r of this.selectRules.all()) {
      const rule = this.unreadable.read('alert_rules', r.id, () => ruleOfRow(r));
      if (rule) rules.push(rule);
    }
    return rules;
  }

  saveRule(rule: AlertRule): void {
    this.upsertRule.run(rule.id, rule.name, rule.enabled ? 1 : 0, JSON.stringify(rule.condition), rule.createdAt);
  }

  deleteRule(id: string): void {
    this.deleteStatement.run(id);
  }

  fired(limit: number): FiredAlert[] {
    if (limit <= 0) return [];
    const fired: FiredAlert[] = [];
    for (const r of this.selectFired.all(Math.floor(limit))) {
      const alert = this.unreadable.read('fired_alerts', r.id, () => firedOfRow(r));
      if (alert) fired.push(alert);
    }
    return fired;
  }

  addFired(alert: FiredAlert): void {
    this.upsertFired.run(alert.id, alert.ruleId, JSON.stringify(alert.title), JSON.stringify(alert.body), alert.market, alert.at, alert.folded);
    if (++this.added % 100 === 0) this.trimFired.run(this.keepFired);
  }
}

export class SqliteSettings implements SettingsPersistence {
  private readonly select: Database.Statement<[], Row>;
  private readonly clear: Database.Statement<[]>;
  private readonly insert: Database.Statement<[string, string]>;

  constructor(
    private readonly db: Database.Database,
    log: Logger,
    private readonly unreadable: UnreadableRows = soloTally(log),
  ) {
    this.select = db.prepare('SELECT key, value FROM settings');
    this.clear = db.prepare('DELETE FROM settings');
    this.insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  }

  /**
   * What was saved, one JSON value per key; null if nothing. Each value is then held to the same
   * validators as settings.set (loadSettings in commands/settings.ts): one that fails falls back to
   * its default.
   */
  load(): Partial<Settings> | null {
    const rows = this.select.all();
    if (rows.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      if (typeof r.key !== 'string') {
        this.unreadable.note('settings', '(no key)', 'key');
        continue;
      }
      const parsed = typeof r.value === 'string' ? parseJson(r.value) : ({ ok: false } as const);
      if (parsed.ok) out[r.key] = parsed.value;
      else this.unreadable.note('settings', r.key, 'value');
    }
    return out as Partial<Settings>;
  }

  save(settings: Settings): void {
    this.db.transaction(() => {
      this.clear.run();
      for (const [key, value] of Object.entries(settings)) if (value !== undefined) this.insert.run(key, JSON.stringify(value));
    })();
  }
}
