// iTick's REST kline history: GET {api}/crypto/kline?region=BA&code=BTCUSDT&kType=N&limit=…&et=…
// with the `token` header. REST success is `code:0` (the WebSocket's is code:1).
import { readText } from '../wire/http';
import type { Candle } from '../../../shared/model';
import { isObject } from '../wire/json';
import { safeInteger } from '../wire/values';
import { parseCandle, parseWireJson, type ItickCandle } from './wire';

export const MAX_KLINE_LIMIT = 500;

export interface KlineQuery {
  symbol: string;
  region: string;
  period: number;
  /** Candles before this time (ms). */
  endTime: number;
  limit: number;
}

export interface RestOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Hides a secret in server-supplied text before it reaches an error message. */
  redact?: (text: string) => string;
}

/** A history request failed; the message is for the user and carries no credential. */
export class ItickRestError extends Error {
  override name = 'ItickRestError';
}

export function klineUrl(baseUrl: string, q: KlineQuery): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/crypto/kline`);
  url.searchParams.set('region', q.region);
  url.searchParams.set('code', q.symbol);
  url.searchParams.set('kType', String(q.period));
  url.searchParams.set('limit', String(Math.max(1, Math.min(MAX_KLINE_LIMIT, Math.floor(q.limit)))));
  url.searchParams.set('et', String(Math.floor(q.endTime)));
  return url.toString();
}

/** Reads a kline reply: the candles (malformed ones counted and left out), or why it failed. */
export function parseKlineReply(raw: string): { ok: true; candles: ItickCandle[]; dropped: number } | { ok: false; code: string; message: string } {
  const parsed = parseWireJson(raw);
  if (!parsed.ok || !isObject(parsed.value)) return { ok: false, code: '?', message: 'the reply is not a JSON object' };
  const v = parsed.value;
  if (safeInteger(v.code) !== 0) {
    return { ok: false, code: String(v.code ?? '?').slice(0, 20), message: typeof v.msg === 'string' ? v.msg.slice(0, 200) : 'no message' };
  }
  if (v.data === null || v.data === undefined) return { ok: true, candles: [], dropped: 0 };
  if (!Array.isArray(v.data)) return { ok: false, code: '0', message: 'data is not a list of candles' };
  const candles: ItickCandle[] = [];
  let dropped = 0;
  for (const entry of v.data) {
    const c = parseCandle(entry);
    if (c) candles.push(c);
    else dropped++;
  }
  return { ok: true, candles, dropped };
}

/** A kline page of at most 1000 rows is far smaller than this. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

/** Candles before `endTime`, oldest first, one per open time, at most `limit`. */
export function toHistory(candles: ItickCandle[], endTime: number, limit: number): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of candles) if (c.time < endTime) byTime.set(c.time, { ...c });
  return [...byTime.values()].sort((a, b) => a.time - b.time).slice(-Math.max(0, limit));
}

export async function fetchKlines(options: RestOptions, q: KlineQuery): Promise<{ candles: Candle[]; dropped: number }> {
  const redact = options.redact ?? ((t: string) => t);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(klineUrl(options.baseUrl, q), {
      headers: { token: options.token, accept: 'application/json' },
      redirect: 'error', // the token must not follow a redirect to another host
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new ItickRestError(
      timedOut
        ? `iTick kline history: no reply within ${((options.timeoutMs ?? 10_000) / 1000).toFixed(0)} s`
        : `iTick kline history: cannot reach the server (${redact(error instanceof Error ? error.message : String(error))})`,
    );
  }
  let body: string;
  try {
    body = await readText(response, MAX_REPLY_BYTES);
  } catch (error) {
    throw new ItickRestError(`iTick kline history: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ItickRestError(`iTick rejected the API token (HTTP ${response.status})`);
  }
  if (!response.ok) throw new ItickRestError(`iTick kline history failed: HTTP ${response.status}`);
  const reply = parseKlineReply(body);
  if (!reply.ok) throw new ItickRestError(`iTick kline history failed (code ${redact(reply.code)}): ${redact(reply.message)}`);
  return { candles: toHistory(reply.candles, q.endTime, q.limit), dropped: reply.dropped };
}
