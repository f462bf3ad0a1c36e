// The market list: `GET {coinkingApi}/api/api/summary` over HTTPS. The seed names the URL but not
// its body. A path named "summary" on an exchange's public API is, in practice, the CoinMarketCap
// exchange standard ("A1 summary"): an array of
//   {trading_pairs:"BTC_USDT", base_currency, quote_currency, last_price, lowest_ask, highest_bid,
//    base_volume, quote_volume, price_change_percent_24h, highest_price_24h, lowest_price_24h}.
// The parser takes that, and the common variants of it (wrapped in {data}/{result}, or an object
// keyed by pair name, "_"/"-"/"/" separators). The standard has no precision fields: explicit ones
// are used when present, otherwise the digits the prices and volumes are quoted with.
import { readText } from '../wire/http';
import type { MarketInfo } from '../../../shared/model';
import { isObject, parseJson, type Json, type JsonObject } from '../wire/json';

export const SUMMARY_PATH = '/api/api/summary';
const DEFAULT_PRECISION = 8;
const ASSET = /^[A-Z0-9]{1,20}$/;

function first(o: JsonObject, keys: string[]): Json | undefined {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

/** Digits after the point in "1.2300" or 0.25 (a number loses trailing zeros; still the best hint). */
function decimalsOf(value: Json | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const m = /^-?\d+(?:\.(\d+))?(?:e-(\d+))?$/i.exec(String(value));
    if (!m) return null;
    return Math.min(18, (m[1]?.length ?? 0) + Number(m[2] ?? 0));
  }
  if (typeof value === 'string') {
    const m = /^-?\d+(?:\.(\d+))?$/.exec(value);
    return m ? Math.min(18, m[1]?.length ?? 0) : null;
  }
  return null;
}

function precision(o: JsonObject, explicit: string[], hints: string[]): number {
  const given = first(o, explicit);
  if (typeof given === 'number' && Number.isInteger(given) && given >= 0 && given <= 18) return given;
  let best: number | null = null;
  for (const k of hints) {
    const d = decimalsOf(o[k]);
    if (d !== null && (best === null || d > best)) best = d;
  }
  return best ?? DEFAULT_PRECISION;
}

function entry(pairName: string | null, o: JsonObject): MarketInfo | null {
  const pairValue = first(o, ['trading_pairs', 'trading_pair', 'symbol', 'market', 'pair']);
  const pair = typeof pairValue === 'string' ? pairValue : pairName;
  let base = first(o, ['base_currency', 'base', 'baseAsset', 'stock']);
  let quote = first(o, ['quote_currency', 'quote', 'quoteAsset', 'money']);
  if ((typeof base !== 'string' || typeof quote !== 'string') && pair) {
    const parts = pair.split(/[_\-/]/);
    if (parts.length === 2) [base, quote] = parts;
  }
  if (typeof base !== 'string' || typeof quote !== 'string') return null;
  const b = base.trim().toUpperCase();
  const q = quote.trim().toUpperCase();
  if (!ASSET.test(b) || !ASSET.test(q) || b === q) return null;
  return {
    market: `coinking:${b}/${q}`,
    base: b,
    quote: q,
    pricePrecision: precision(
      o,
      ['price_precision', 'pricePrecision', 'money_prec', 'priceScale'],
      ['last_price', 'lowest_ask', 'highest_bid', 'highest_price_24h', 'lowest_price_24h'],
    ),
    amountPrecision: precision(o, ['amount_precision', 'amountPrecision', 'stock_prec', 'quantityPrecision'], ['base_volume']),
  };
}

/** The markets in a summary body; null when the body is not a summary at all. Bad rows are skipped. */
export function parseSummary(body: unknown): { markets: MarketInfo[]; skipped: number } | null {
  let list: unknown = body;
  if (isObject(list)) {
    const inner = first(list, ['data', 'result', 'markets']);
    if (inner !== undefined) list = inner;
  }
  if (!Array.isArray(list) && !isObject(list)) return null;
  const rows: [string | null, unknown][] = Array.isArray(list) ? list.map((v) => [null, v]) : Object.entries(list);
  const seen = new Set<string>();
  const markets: MarketInfo[] = [];
  let skipped = 0;
  for (const [key, value] of rows) {
    const info = isObject(value) ? entry(key, value) : null;
    if (!info || seen.has(info.market)) {
      skipped++;
      continue;
    }
    seen.add(info.market);
    markets.push(info);
  }
  if (markets.length === 0 && rows.length > 0) return null;
  return { markets, skipped };
}

/** What went wrong with a fetch, in words: undici hides the reason (refused, DNS…) in `cause`. */
function fetchProblem(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `${error.message} (${cause.code})`;
  return error.message;
}

/** Bounds on what the summary may make the core hold and request. */
export const MAX_MARKETS = 5000;
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** Fetches and parses the summary; errors say what went wrong in words a user can act on. */
export async function fetchSummary(apiUrl: string, timeoutMs = 10_000): Promise<MarketInfo[]> {
  const url = `${apiUrl.replace(/\/+$/, '')}${SUMMARY_PATH}`;
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await readText(res, MAX_REPLY_BYTES);
  } catch (error) {
    throw new Error(`CoinKing market list (${url}): ${fetchProblem(error, timeoutMs)}`, { cause: error });
  }
  const parsed = parseJson(text);
  const summary = parsed.ok ? parseSummary(parsed.value) : null;
  if (!summary) throw new Error(`CoinKing market list (${url}): not a market summary`);
  // The list drives subscriptions and requests: a hostile one must not make them unbounded.
  return summary.markets.slice(0, MAX_MARKETS);
}
