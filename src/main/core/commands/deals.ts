// Deal history commands: one page with totals over the whole filter, and the filtered
// history as CSV (RFC 4180) with the columns of the deal-history table.
import { accountOf } from '../../../shared/accounts';
import type { Deal } from '../../../shared/model';
import type { DealQuery } from '../../../shared/deals';
import type { CommandGroup, CoreContext } from '../core-context';
import type { DealLedger } from '../store/ports';

/** Rows read per query while writing a CSV. */
const CSV_CHUNK = 5000;

type DealFilter = Omit<DealQuery, 'offset' | 'limit'>;

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
    // Requests arrive parsed by the one deal filter (requests.ts).
    'deals.page': (query) => ledger.query(query),
    'deals.csv': (filter) => ({ fileName: csvFileName(ctx.clock.now()), csv: dealsCsv(allDeals(filter)) }),
  };
}
