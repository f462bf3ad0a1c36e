// Deal history commands: one validated page with totals over the whole filter, and the filtered
// history as CSV (RFC 4180) with the columns of the deal-history table.
import { accountOf, checkAccountLabel } from '../../../shared/accounts';
import { CommandError } from '../../../shared/contract';
import type { Deal, ExchangeId, MarketId, Side } from '../../../shared/model';
import { EXCHANGES, parseMarketId } from '../../../shared/model';
import type { DealQuery } from '../../../shared/settings';
import type { CommandGroup, CoreContext } from '../context';
import type { DealLedger } from '../store/ports';

export const MAX_PAGE = 1000;
/** Rows read per query while writing a CSV. */
const CSV_CHUNK = 5000;

type DealFilter = Omit<DealQuery, 'offset' | 'limit'>;

function optionalTime(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CommandError('request.invalid', { what: name });
  return value;
}

/** Checks a deal filter; absent (or null) fields do not filter. */
export function validateDealFilter(request: unknown): DealFilter {
  const r = (request ?? {}) as Record<string, unknown>;
  if (typeof r !== 'object' || Array.isArray(r)) throw new CommandError('request.invalid', { what: 'filter' });
  const filter: DealFilter = {};
  if (r.exchange !== undefined && r.exchange !== null) {
    if (!EXCHANGES.includes(r.exchange as ExchangeId)) throw new CommandError('exchange.unknown', { value: String(JSON.stringify(r.exchange) ?? '').slice(0, 40) });
    filter.exchange = r.exchange as ExchangeId;
  }
  if (r.account !== undefined && r.account !== null) {
    // Any well-formed label filters (a removed account's deals stay in the history).
    const checked = checkAccountLabel(r.account, []);
    if ('problem' in checked) throw new CommandError('request.invalid', { what: 'account' });
    filter.account = checked.label;
  }
  if (r.market !== undefined && r.market !== null) {
    if (!parseMarketId(r.market)) throw new CommandError('market.invalid', { value: String(JSON.stringify(r.market) ?? '').slice(0, 60) });
    filter.market = r.market as MarketId;
  }
  if (r.side !== undefined && r.side !== null) {
    if (r.side !== 'buy' && r.side !== 'sell') throw new CommandError('deals.side');
    filter.side = r.side as Side;
  }
  const from = optionalTime('from', r.from);
  const to = optionalTime('to', r.to);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to) throw new CommandError('history.range');
  return filter;
}

export function validateDealQuery(request: unknown): DealQuery {
  const filter = validateDealFilter(request);
  const r = (request ?? {}) as Record<string, unknown>;
  const offset = r.offset ?? 0;
  const limit = r.limit ?? 100;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw new CommandError('request.invalid', { what: 'offset' });
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new CommandError('deals.limit', { max: MAX_PAGE });
  }
  return { ...filter, offset, limit };
}

/** The deal-history table's columns, in its order. */
export const CSV_COLUMNS: readonly [string, (d: Deal) => string][] = [
  // A time no date can hold (an absurd one stored by an earlier version) is left blank, never thrown.
  ['Time (UTC)', (d) => (Number.isFinite(d.time) && Math.abs(d.time) <= 8.64e15 ? new Date(d.time).toISOString() : '')],
  ['Exchange', (d) => d.exchange],
  ['Market', (d) => d.market.slice(d.market.indexOf(':') + 1)],
  ['Side', (d) => d.side],
  ['Price', (d) => d.price],
  ['Amount', (d) => d.amount],
  ['Value', (d) => d.value],
  ['Fee', (d) => d.fee],
  ['Fee asset', (d) => d.feeAsset ?? ''],
  ['Role', (d) => d.role ?? ''],
  ['Deal ID', (d) => d.id],
  ['Order ID', (d) => d.orderId ?? ''],
  // Last, so the earlier columns keep their places for spreadsheets made before accounts.
  ['Account', (d) => accountOf(d)],
];

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe; plain
 * numbers such as a negative fee are left as they are.
 */
export function csvField(text: string): string {
  let out = text;
  if (/^[=+\-@\t\r]/.test(out) && !NUMERIC.test(out)) out = `'${out}`;
  return /[",\r\n]/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

export function dealsCsv(deals: Iterable<Deal>): string {
  const lines = [CSV_COLUMNS.map(([title]) => csvField(title)).join(',')];
  for (const d of deals) lines.push(CSV_COLUMNS.map(([, cell]) => csvField(cell(d))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** "vigil-deals-2025-06-01.csv", dated in the user's local time. */
export function csvFileName(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `vigil-deals-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.csv`;
}

export function dealsCommands(ctx: CoreContext, ledger: DealLedger): CommandGroup {
  /** Every deal of the filter, newest first, read a chunk at a time. */
  function* allDeals(filter: DealFilter): Generator<Deal> {
    for (let offset = 0; ; offset += CSV_CHUNK) {
      const { rows } = ledger.query({ ...filter, offset, limit: CSV_CHUNK });
      yield* rows;
      if (rows.length < CSV_CHUNK) return;
    }
  }

  return {
    'deals.page': (request) => ledger.query(validateDealQuery(request)),
    'deals.csv': (request) => ({ fileName: csvFileName(ctx.clock.now()), csv: dealsCsv(allDeals(validateDealFilter(request))) }),
  };
}
