// Rows read back from SQLite, parsed totally. The database file is the user's, on their disk: an
// older version, a crash mid-write, another tool or a bad sector can leave a row that is not what
// this version wrote. Such a row is counted, dropped and logged (its table, key and the field that
// failed; never its values), and the rest of the table loads.
import Big from 'big.js';
import { MAIN_ACCOUNT, checkAccountLabel } from '../../../../shared/accounts';
import { isCoded } from '../../../../shared/codes';
import type { Coded } from '../../../../shared/notices';
import type { Candle, Deal, ExchangeId, MarketId, Order } from '../../../../shared/model';
import { EXCHANGES, parseMarketId } from '../../../../shared/model';
import type { AlertRule, FiredAlert } from '../../../../shared/alerts';
import type { ValuePoint } from '../../../../shared/portfolio';
import { parseCondition } from '../../alerts/rules';
import type { Logger } from '../../log';
import { isObject, parseJson } from '../../wire/json';
import { decimal } from '../../wire/values';
import { MAX_TIME_MS } from '../../wire/time';

export type StoredTable = 'deals' | 'orders' | 'alert_rules' | 'fired_alerts' | 'value_history' | 'candles' | 'watchlists' | 'settings';

/** Log lines per table and process: a badly damaged table says how much, not every row. */
const LOGGED_PER_TABLE = 20;

/** How many stored rows each table dropped as unreadable since the store opened. */
export class UnreadableRows {
  private readonly counts = new Map<StoredTable, number>();

  constructor(private readonly log: Pick<Logger, 'warn'>) {}

  count(table: StoredTable): number {
    return this.counts.get(table) ?? 0;
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  note(table: StoredTable, key: string, field: string): void {
    const n = this.count(table) + 1;
    this.counts.set(table, n);
    if (n <= LOGGED_PER_TABLE) this.log.warn(`${table}: stored row ${key.slice(0, 120)} is unreadable (${field}); skipped`);
    else if (n === LOGGED_PER_TABLE + 1) this.log.warn(`${table}: more unreadable rows; counting them without logging each`);
  }

  /** Parses one row, or notes it and returns null. */
  read<T>(table: StoredTable, key: unknown, parse: () => T): T | null {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof BadField)) throw error;
      this.note(table, typeof key === 'string' || typeof key === 'number' ? String(key) : '(no key)', error.field);
      return null;
    }
  }
}

class BadField extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

function bad(field: string): never {
  throw new BadField(field);
}

// Column readers: each returns the typed value or throws BadField naming the column.

function text(row: Record<string, unknown>, column: string, max = 200): string {
  const v = row[column];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) bad(column);
  return v;
}

function textOrNull(row: Record<string, unknown>, column: string, max = 200): string | null {
  return row[column] === null ? null : text(row, column, max);
}

function time(row: Record<string, unknown>, column: string): number {
  const v = row[column];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v >= MAX_TIME_MS) bad(column);
  return v;
}

function count(row: Record<string, unknown>, column: string): number {
  const v = row[column];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(column);
  return v;
}

/**
 * A decimal as stored: plain ("0.00010000") on the fast path; other forms big.js reads ("1e-8", as
 * some versions kept a fee) are kept as written rather than losing the row.
 */
function money(row: Record<string, unknown>, column: string): string {
  const v = row[column];
  if (decimal(v) !== null) return v as string;
  if (typeof v !== 'string' || v.length > 64) bad(column);
  try {
    new Big(v);
  } catch {
    bad(column);
  }
  return v;
}

function amount(row: Record<string, unknown>, column: string): string {
  const v = money(row, column);
  if (v.startsWith('-') && !/^-0*(\.0*)?$/.test(v)) bad(column);
  return v;
}

function exchange(row: Record<string, unknown>, column: string): ExchangeId {
  const v = row[column];
  if (!EXCHANGES.includes(v as ExchangeId)) bad(column);
  return v as ExchangeId;
}

function market(row: Record<string, unknown>, column: string): MarketId {
  const v = row[column];
  if (!parseMarketId(v)) bad(column);
  return v as MarketId;
}

function oneOf<T extends string>(row: Record<string, unknown>, column: string, allowed: readonly T[]): T {
  const v = row[column];
  if (!allowed.includes(v as T)) bad(column);
  return v as T;
}

// Rows as the store classes select them (column names as in migrations.ts).

export function dealOfRow(r: Record<string, unknown>): Deal {
  return {
    exchange: exchange(r, 'exchange'),
    id: text(r, 'id'),
    orderId: textOrNull(r, 'order_id'),
    market: market(r, 'market'),
    side: oneOf(r, 'side', ['buy', 'sell']),
    price: amount(r, 'price'),
    amount: amount(r, 'amount'),
    value: amount(r, 'value'),
    fee: money(r, 'fee'), // a rebate is a negative fee
    feeAsset: textOrNull(r, 'fee_asset', 40),
    role: r.role === null ? null : oneOf(r, 'role', ['maker', 'taker'] as const),
    time: time(r, 'time'),
    account: accountLabel(r),
  };
}

/** The account column (schema 3): a row without one is the main account's; a malformed label makes the row unreadable. */
function accountLabel(r: Record<string, unknown>): string {
  if (r.account === undefined || r.account === null) return MAIN_ACCOUNT;
  const checked = checkAccountLabel(r.account, []);
  if ('problem' in checked) bad('account');
  return checked.label;
}

export function orderOfRow(exchangeId: ExchangeId, r: Record<string, unknown>): Order {
  return {
    exchange: exchangeId,
    id: text(r, 'id'),
    market: market(r, 'market'),
    side: oneOf(r, 'side', ['buy', 'sell']),
    type: oneOf(r, 'type', ['limit', 'market']),
    price: r.price === null ? null : amount(r, 'price'),
    amount: amount(r, 'amount'),
    filled: amount(r, 'filled'),
    status: oneOf(r, 'status', ['open', 'partially_filled', 'filled', 'cancelled']),
    createdAt: time(r, 'created_at'),
    updatedAt: time(r, 'updated_at'),
    account: accountLabel(r),
  };
}

export function ruleOfRow(r: Record<string, unknown>): AlertRule {
  const stored = parseJson(typeof r.condition === 'string' ? r.condition : '');
  if (!stored.ok) bad('condition');
  let condition: AlertRule['condition'];
  try {
    // The same parser a rule passes when the user saves it: a stored rule is held to it too.
    condition = parseCondition(stored.value);
  } catch {
    bad('condition');
  }
  const name = r.name;
  if (typeof name !== 'string' || name.length > 1000) bad('name');
  const enabled = r.enabled;
  if (enabled !== 0 && enabled !== 1) bad('enabled');
  return { id: text(r, 'id'), name, enabled: enabled === 1, condition, createdAt: time(r, 'created_at') };
}

/** A fired alert's text as stored: a coded message as JSON; rows from before codes hold plain text, shown as it is. */
function storedText(r: Record<string, unknown>, column: string): Coded {
  const value = text(r, column, 10_000);
  if (value.startsWith('{"code":')) {
    const parsed = parseJson(value);
    const p = parsed.ok ? parsed.value : null;
    if (isObject(p) && isCoded(p) && (p.params === undefined || isObject(p.params))) return p as unknown as Coded;
  }
  return { code: 'rule.named', params: { name: value } };
}

export function firedOfRow(r: Record<string, unknown>): FiredAlert {
  return {
    id: text(r, 'id'),
    ruleId: text(r, 'rule_id'),
    title: storedText(r, 'title'),
    body: storedText(r, 'body'),
    market: r.market === null ? null : market(r, 'market'),
    at: time(r, 'at'),
    folded: count(r, 'folded'),
  };
}

export function watchlistOfRow(r: Record<string, unknown>): { id: string; name: string } {
  const name = r.name;
  // A default list keeps an empty name (the UI shows its label).
  if (typeof name !== 'string' || name.length > 1000) bad('name');
  return { id: text(r, 'id'), name };
}

export function valuePointOfRow(r: Record<string, unknown>): ValuePoint {
  return { time: time(r, 'time'), value: money(r, 'value') };
}

export function candleOfRow(r: Record<string, unknown>): Candle {
  return {
    time: time(r, 'time'),
    open: amount(r, 'open'),
    high: amount(r, 'high'),
    low: amount(r, 'low'),
    close: amount(r, 'close'),
    volume: amount(r, 'volume'),
  };
}
