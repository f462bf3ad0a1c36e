// The deal history in SQLite: keyed by (exchange, deal id) so replays never duplicate, paged newest
// first, with totals over the whole filter computed exactly (integer parts summed in SQL, see
// decimal-parts.ts; never SQLite's floating-point SUM over TEXT).
import Big from 'big.js';
import type Database from 'better-sqlite3';
import type { Deal, ExchangeId } from '../../../../shared/model';
import type { DealQuery, DealTotals } from '../../../../shared/deals';
import { EXCHANGES } from '../../../../shared/model';
import { sameDeal } from '../../portfolio/deal-history';
import type { DealLedger } from '../ports';
import { MAX_TIME_MS } from '../../wire/time';
import { decimalText, joinParts, splitDecimal } from './decimal-parts';
import { dealOfRow, UnreadableRows } from './rows';
import { accountOf } from '../../../../shared/accounts';

type Filter = Omit<DealQuery, 'offset' | 'limit'>;

const COLUMNS = 'exchange, id, order_id, market, side, price, amount, value, fee, fee_asset, role, time, account';

/** The filter's WHERE clause and its parameters; `key` names the clause's shape for the statement cache. */
function where(f: Filter): { key: string; sql: string; params: (string | number)[] } {
  // A time outside [1970, 2100) cannot be shown or exported (an earlier version stored what the
  // wire said): such rows stay in the file but are left out of every page, total and export.
  // (`+time`: a check on each row, not an index range, so the query plans stay what they were.)
  const terms: string[] = ['+time >= 0', `+time < ${MAX_TIME_MS}`];
  const params: (string | number)[] = [];
  const add = (term: string, value: string | number) => {
    terms.push(term);
    params.push(value);
  };
  if (f.exchange) add('exchange = ?', f.exchange);
  if (f.account) add('account = ?', f.account);
  if (f.market) add('market = ?', f.market);
  if (f.pair) {
    // The pair on every exchange: exact market ids, so the market index still serves the query.
    terms.push(`market IN (${EXCHANGES.map(() => '?').join(', ')})`);
    params.push(...EXCHANGES.map((e) => `${e}:${f.pair}`));
  }
  if (f.side) add('side = ?', f.side);
  if (f.from !== undefined) add('time >= ?', f.from);
  if (f.to !== undefined) add('time < ?', f.to);
  return { key: terms.join(' AND '), sql: `WHERE ${terms.join(' AND ')}`, params };
}

type TotalsRow = [string, string, bigint, bigint | null, bigint | null, bigint | null, bigint | null, bigint | null, bigint | null, bigint];

export class SqliteDealLedger implements DealLedger {
  private readonly insert: Database.Statement;
  private readonly existing: Database.Statement<[string, string], unknown>;
  private readonly remove: Database.Statement<[string, string], unknown>;
  private readonly latest: Database.Statement<[string], unknown>;
  private readonly latestOfAccount: Database.Statement<[string, string], unknown>;
  private readonly cache = new Map<string, Database.Statement<unknown[], unknown>>();
  /** Totals by filter, until the next new deal: paging through one filter sums it once. */
  private readonly totalsCache = new Map<string, DealTotals>();
  /** SQLite's count of commits by other connections (another Vigil process on the same file). */
  private readonly dataVersion: Database.Statement<[], unknown>;
  private seenVersion: unknown = null;

  constructor(
    private readonly db: Database.Database,
    /** Stored rows this version cannot read: counted, logged and left out of every answer. */
    private readonly unreadable: UnreadableRows = new UnreadableRows({ warn: () => {} }),
  ) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO deals (${COLUMNS}, quote, value_i, value_f1, value_f2, fee_i, fee_f1, fee_f2, inexact)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.existing = db.prepare<[string, string], unknown>(`SELECT ${COLUMNS} FROM deals WHERE exchange = ? AND id = ?`);
    this.remove = db.prepare<[string, string], unknown>('DELETE FROM deals WHERE exchange = ? AND id = ?');
    this.latest = db.prepare<[string], unknown>(`SELECT max(time) FROM deals WHERE exchange = ? AND time >= 0 AND time < ${MAX_TIME_MS}`).pluck();
    this.latestOfAccount = db
      .prepare<[string, string], unknown>(`SELECT max(time) FROM deals WHERE exchange = ? AND account = ? AND time >= 0 AND time < ${MAX_TIME_MS}`)
      .pluck();
    this.dataVersion = db.prepare<[], unknown>('PRAGMA data_version').pluck();
  }

  add(deals: Deal[]): Deal[] {
    return this.upsert(deals).fresh;
  }

  /** Upsert by (exchange, id): a stored row the exchange's later report contradicts is rewritten. */
  upsert(deals: Deal[]): { fresh: Deal[]; corrected: Deal[] } {
    if (deals.length === 0) return { fresh: [], corrected: [] };
    const fresh: Deal[] = [];
    const corrected: Deal[] = [];
    const write = this.db.transaction(() => {
      for (const d of deals) {
        // The schema's CHECKs would fail the whole batch over one malformed deal: skip it instead.
        if (!wellFormed(d)) continue;
        const row = this.existing.get(d.exchange, d.id) as Record<string, unknown> | undefined;
        if (row) {
          // An unreadable stored row is replaced by the exchange's own report of the deal.
          const stored = this.unreadable.read('deals', `${d.exchange}/${d.id}`, () => dealOfRow(row));
          if (stored && sameDeal(stored, d)) continue;
          // Delete and insert again (one transaction): every derived column is rebuilt with it.
          this.remove.run(d.exchange, d.id);
        }
        const v = splitDecimal(d.value);
        const f = splitDecimal(d.fee);
        const quote = d.market.slice(d.market.indexOf('/') + 1);
        const info = this.insert.run(
          d.exchange, d.id, d.orderId, d.market, d.side, d.price, d.amount, d.value, d.fee, d.feeAsset, d.role, d.time, accountOf(d),
          quote, ...(v ?? [null, null, null]), ...(f ?? [null, null, null]), v && f ? 0 : 1,
        );
        if (info.changes > 0) (row ? corrected : fresh).push(d);
      }
    });
    durably(this.db, () => write.immediate());
    if (fresh.length > 0 || corrected.length > 0) this.totalsCache.clear();
    return { fresh, corrected };
  }

  list(filter: { exchange?: ExchangeId; market?: string } = {}): Deal[] {
    const w = where({ exchange: filter.exchange, market: filter.market as Filter['market'] });
    const rows = this.statement(`list|${w.key}`, `SELECT ${COLUMNS} FROM deals ${w.sql} ORDER BY time DESC, seq DESC`).all(...w.params);
    return this.deals(rows);
  }

  latestTime(exchange: ExchangeId, account?: string): number | null {
    if (account !== undefined) return (this.latestOfAccount.get(exchange, account) as number | null | undefined) ?? null;
    return (this.latest.get(exchange) as number | null | undefined) ?? null;
  }

  query(q: DealQuery): { total: number; rows: Deal[]; totals: DealTotals } {
    const w = where(q);
    const rows = this.statement(`page|${w.key}`, `SELECT ${COLUMNS} FROM deals ${w.sql} ORDER BY time DESC, seq DESC LIMIT ? OFFSET ?`).all(
      ...w.params,
      q.limit,
      q.offset,
    );
    const version = this.dataVersion.get();
    if (version !== this.seenVersion) {
      this.totalsCache.clear();
      this.seenVersion = version;
    }
    const cacheKey = `${w.key}|${w.params.join('|')}`;
    let totals = this.totalsCache.get(cacheKey);
    if (!totals) {
      totals = this.totals(w);
      if (this.totalsCache.size >= 32) this.totalsCache.clear();
      this.totalsCache.set(cacheKey, totals);
    }
    return { total: totals.count, rows: this.deals(rows), totals: structuredClone(totals) };
  }

  /** The rows that parse as deals; the others are noted and left out (the totals still count them). */
  private deals(rows: unknown[]): Deal[] {
    const deals: Deal[] = [];
    for (const row of rows as Record<string, unknown>[]) {
      const deal = this.unreadable.read('deals', `${String(row.exchange)}/${String(row.id)}`, () => dealOfRow(row));
      if (deal) deals.push(deal);
    }
    return deals;
  }

  /** Count and sums over the whole filter, per quote currency and per fee currency. */
  private totals(w: ReturnType<typeof where>): DealTotals {
    const value = new Map<string, Big>();
    const fees = new Map<string, Big>();
    const add = (m: Map<string, Big>, key: string, amount: Big) => m.set(key, (m.get(key) ?? new Big(0)).plus(amount));
    let count = 0;
    let inexact = 0;
    let groups: TotalsRow[];
    try {
      groups = this.statement(
        `totals|${w.key}`,
        `SELECT quote, coalesce(fee_asset, quote), count(*), sum(value_i), sum(value_f1), sum(value_f2),
                sum(fee_i), sum(fee_f1), sum(fee_f2), sum(inexact)
         FROM deals ${w.sql} GROUP BY 1, 2`,
        (s) => s.raw().safeIntegers(),
      ).all(...w.params) as TotalsRow[];
    } catch (error) {
      // An integer SUM overflowed (absurdly large amounts): add everything up from the text.
      if (!(error instanceof Error && /overflow/i.test(error.message))) throw error;
      return this.slowTotals(w);
    }
    for (const [quote, feeCurrency, n, vi, vf1, vf2, fi, ff1, ff2, bad] of groups) {
      count += Number(n);
      inexact += Number(bad);
      add(value, quote, joinParts(vi ?? 0n, vf1 ?? 0n, vf2 ?? 0n));
      add(fees, feeCurrency, joinParts(fi ?? 0n, ff1 ?? 0n, ff2 ?? 0n));
    }
    if (inexact > 0) {
      // The few numbers that did not fit the integer parts: their parts are NULL, so add their text.
      const rest = this.statement(
        `inexact|${w.key}`,
        `SELECT quote, coalesce(fee_asset, quote), value, fee, value_i IS NULL, fee_i IS NULL
         FROM deals ${w.sql} AND inexact = 1`,
        (s) => s.raw(),
      ).all(...w.params) as [string, string, string, string, number, number][];
      for (const [quote, feeCurrency, v, f, vMissing, fMissing] of rest) {
        if (vMissing) add(value, quote, bigOrZero(v));
        if (fMissing) add(fees, feeCurrency, bigOrZero(f));
      }
    }
    return { count, value: textOf(value), fees: textOf(fees) };
  }

  private slowTotals(w: ReturnType<typeof where>): DealTotals {
    const value = new Map<string, Big>();
    const fees = new Map<string, Big>();
    let count = 0;
    const rows = this.statement(`slow|${w.key}`, `SELECT quote, coalesce(fee_asset, quote), value, fee FROM deals ${w.sql}`, (s) => s.raw());
    for (const [quote, feeCurrency, v, f] of rows.iterate(...w.params) as IterableIterator<[string, string, string, string]>) {
      count++;
      value.set(quote, (value.get(quote) ?? new Big(0)).plus(bigOrZero(v)));
      fees.set(feeCurrency, (fees.get(feeCurrency) ?? new Big(0)).plus(bigOrZero(f)));
    }
    return { count, value: textOf(value), fees: textOf(fees) };
  }

  /** One prepared statement per query shape, made once and reused. */
  private statement(
    key: string,
    sql: string,
    setup?: (s: Database.Statement<unknown[], unknown>) => unknown,
  ): Database.Statement<unknown[], unknown> {
    let s = this.cache.get(key);
    if (!s) {
      s = this.db.prepare(sql);
      setup?.(s);
      this.cache.set(key, s);
    }
    return s;
  }
}

function wellFormed(d: Deal): boolean {
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  return (
    text(d.exchange) && text(d.id) && text(d.market) && text(d.price) && text(d.amount) && text(d.value) && typeof d.fee === 'string' &&
    (d.side === 'buy' || d.side === 'sell') &&
    (d.role === null || d.role === 'maker' || d.role === 'taker') &&
    Number.isFinite(d.time) && d.time >= 0 && d.time < MAX_TIME_MS
  );
}

function bigOrZero(text: string): Big {
  try {
    return new Big(text);
  } catch {
    return new Big(0); // not a number at all: an adapter bug, counted but not summed
  }
}

function textOf(m: Map<string, Big>): Record<string, string> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, decimalText(v)]));
}

/**
 * Runs a write with synchronous=FULL: the WAL is fsynced when the transaction commits, so a
 * recorded deal survives a power cut or an OS crash, not only an app crash. The rest of the
 * database runs at NORMAL (candles and value points are frequent and can be rebuilt; deals are
 * rare, and are the user's financial record).
 */
export function durably<T>(db: Database.Database, write: () => T): T {
  if (db.inTransaction) return write();
  db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
