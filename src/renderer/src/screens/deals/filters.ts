// The deal filter as the user edits it (form text) and as the core takes it (a DealQuery).
import type { ExchangeId, MarketId, Side } from '../../../../shared/model';
import { parseMarketId } from '../../../../shared/model';
import type { DealQuery } from '../../../../shared/deals';
import { PAIR_PATTERN } from '../../../../shared/deals';

export interface DealFilterForm {
  exchange: ExchangeId | '';
  /** One account's deals by its label ('' or absent: every account). */
  account?: string;
  /** A market id, or a pair such as "BTC/USDT" (on the chosen exchange, or on every exchange). */
  market: string;
  side: Side | '';
  /** Local dates, "YYYY-MM-DD" (inclusive). */
  from: string;
  to: string;
}

export const EMPTY_FILTER: DealFilterForm = { exchange: '', market: '', side: '', from: '', to: '' };

export type FilterProblem = 'market' | 'dates' | null;

/** Midnight at the start of a local date, or null. */
function dayStart(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
}

/** The market (or pair on every exchange) the form names, null when empty, or the problem. */
function marketOf(form: DealFilterForm): { market: MarketId } | { pair: string } | null | 'market' {
  const text = form.market.trim().toUpperCase();
  if (!text) return null;
  const full = parseMarketId(form.market.trim().replace(/^(\w+):/, (_, e: string) => `${e.toLowerCase()}:`));
  if (full) {
    if (form.exchange && full.exchange !== form.exchange) return 'market';
    return { market: `${full.exchange}:${full.base}/${full.quote}` };
  }
  if (PAIR_PATTERN.test(text)) return form.exchange ? { market: `${form.exchange}:${text}` as MarketId } : { pair: text };
  return 'market';
}

export function toQuery(form: DealFilterForm): { query: Omit<DealQuery, 'offset' | 'limit'>; problem: FilterProblem } {
  const query: Omit<DealQuery, 'offset' | 'limit'> = {};
  if (form.exchange) query.exchange = form.exchange;
  if (form.account) query.account = form.account;
  if (form.side) query.side = form.side;
  const market = marketOf(form);
  if (market === 'market') return { query, problem: market };
  if (market && 'market' in market) query.market = market.market;
  if (market && 'pair' in market) query.pair = market.pair;
  const from = dayStart(form.from);
  const to = dayStart(form.to);
  if (from !== null) query.from = from;
  // The "to" date is inclusive for the user; the query's `to` is exclusive: the next midnight.
  if (to !== null) query.to = new Date(new Date(to).setDate(new Date(to).getDate() + 1)).getTime();
  if (query.from !== undefined && query.to !== undefined && query.from >= query.to) return { query, problem: 'dates' };
  return { query, problem: null };
}
