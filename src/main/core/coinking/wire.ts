// CoinKing speaks ViaBTC's JSON-RPC over WebSocket (docs/protocols.md, section 3):
// request  {"id":int,"method":"...","params":[...]}
// response {"result":...,"error":null|{"code","message"},"id":int}
// push     {"method":"...","params":[...],"id":null}
import type { Decoded, WireCodec } from '../connection/connection';
import { isObject, type Json } from '../wire/json';
import { integerId, messageText, nonNegativeDecimal, safeInteger } from '../wire/values';

export interface CoinKingPush {
  method: string;
  params: unknown[];
}

/** ViaBTC error codes, as the user should read them. */
export const COINKING_ERRORS: Record<number, string> = {
  1: 'invalid argument',
  2: 'internal error',
  3: 'service unavailable',
  4: 'method not found',
  5: 'service timeout',
  6: 'authentication required',
  11: 'authentication failed',
};

export const coinkingCodec: WireCodec<CoinKingPush> = {
  encodeRequest(id, method, params) {
    return JSON.stringify({ id, method, params });
  },
  decode(raw): Decoded<CoinKingPush> {
    // Hot path (every frame): parse directly rather than through parseJson's result object.
    let v: Json;
    try {
      v = JSON.parse(raw) as Json;
    } catch {
      return { kind: 'bad', reason: 'not JSON' };
    }
    if (!isObject(v)) return { kind: 'bad', reason: 'not a JSON object' };
    if (typeof v.method === 'string' && v.id == null) {
      if (!Array.isArray(v.params)) return { kind: 'bad', reason: `${v.method}: params is not an array` };
      return { kind: 'push', message: { method: v.method, params: v.params } };
    }
    const id = integerId(v.id);
    if (id !== null && typeof v.id === 'number') {
      if (v.error == null) return { kind: 'reply', id, result: v.result ?? null, error: null };
      if (!isObject(v.error)) return { kind: 'reply', id, result: null, error: { code: null, message: messageText(String(v.error)) } };
      const code = safeInteger(v.error.code);
      const text = messageText(v.error.message) || null;
      const known = code !== null ? COINKING_ERRORS[code] : undefined;
      return { kind: 'reply', id, result: null, error: { code, message: text ?? known ?? 'unknown error' } };
    }
    return { kind: 'bad', reason: 'neither a reply nor a notification' };
  },
};

/** `state` and `today` objects: 24 h open/last/high/low, `volume` in base, `deal` in quote. */
export interface CoinKingState {
  open: string;
  last: string;
  high: string;
  low: string;
  volume: string;
  deal: string;
}

export function parseState(value: unknown): CoinKingState | null {
  if (!isObject(value)) return null;
  const open = nonNegativeDecimal(value.open);
  const last = nonNegativeDecimal(value.last);
  const high = nonNegativeDecimal(value.high);
  const low = nonNegativeDecimal(value.low);
  const volume = nonNegativeDecimal(value.volume);
  const deal = nonNegativeDecimal(value.deal);
  if (open === null || last === null || high === null || low === null || volume === null || deal === null) return null;
  return { open, last, high, low, volume, deal };
}

/** `state.update` params: [market, state]. */
export function parseStateUpdate(params: unknown[]): { market: string; state: CoinKingState } | null {
  const [market, raw] = params;
  const state = parseState(raw);
  if (typeof market !== 'string' || !market || state === null) return null;
  return { market, state };
}

/** `today.update` params: [market, today]; the same object as `state` over the current day. */
export const parseTodayUpdate = parseStateUpdate;

/** CoinKing names markets by gluing base and quote: BTC/USDT is "BTCUSDT". */
export function wireMarket(base: string, quote: string): string {
  return `${base}${quote}`;
}
