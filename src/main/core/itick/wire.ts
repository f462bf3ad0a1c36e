// iTick's WebSocket frames (docs/protocols.md, section 2): their types, the codec and total parsers.
// in:  {"code":1,"msg":"Connected Successfully"}, {"code":1|0,"resAc":"auth"|"subscribe","msg":…},
//      {"resAc":"pong","data":{"params":"<ms>"}}, {"code":1,"data":{…,"type":"quote"|"depth"}},
//      {"code":0,"data":{"s":…,"t":<period>,"k":{…}}} (a kline push: no type, and code 0 in the seed)
// out: {"ac":"subscribe","params":"BTCUSDT,ETHUSDT","types":"quote,depth"}, {"ac":"ping","params":"<ms>"}
// iTick sends money as JSON numbers: they are read as the exact text the server sent, never as floats.
import type { BookLevel } from '../../../shared/model';
import type { Decoded, WireCodec } from '../connection/connection';
import { compareDecimal, isZeroDecimal } from '../market/decimal';
import { isObject, type JsonObject } from '../wire/json';
import { timeMs } from '../wire/time';
import { boundedText, messageText, safeInteger, wireDecimal } from '../wire/values';

export interface ItickQuote {
  symbol: string;
  last: string;
  /** The exchange's time of the quote, ms. */
  time: number | null;
  /** In the seed, the volume and turnover of the latest trade; the day's totals on newer servers. */
  volume: string | null;
  turnover: string | null;
  /** 0 normal, 1 suspended, 2 delisted, 3 circuit break. */
  status: number | null;
  // Newer servers only: the day's open, high, low, the previous close and the change.
  open: string | null;
  high: string | null;
  low: string | null;
  prevClose: string | null;
  change: string | null;
  changePct: string | null;
}

export interface ItickDepth {
  symbol: string;
  /** Best first: bids descending, asks ascending. */
  bids: BookLevel[];
  asks: BookLevel[];
}

export interface ItickCandle {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface ItickKline {
  symbol: string;
  period: number;
  candle: ItickCandle;
}

export type ItickMessage =
  | { kind: 'connected' }
  | { kind: 'auth'; ok: boolean; message: string }
  | { kind: 'subscribe'; ok: boolean; message: string }
  | { kind: 'pong'; echo: string }
  | { kind: 'quote'; quote: ItickQuote }
  | { kind: 'depth'; depth: ItickDepth }
  | { kind: 'kline'; kline: ItickKline }
  /** `code:0` for an action other than auth and subscribe ("cannot be resolved action"). */
  | { kind: 'refused'; action: string | null; message: string }
  /** Well-formed, but nothing this client follows (a `tick` push, an unknown notice). */
  | { kind: 'ignored'; what: string };

export const SUBSCRIPTION_LIMIT_MESSAGE = 'exceeding the maximum subscription limit';

// ---- Numbers --------------------------------------------------------------------------------

// Prices come as JSON numbers or, past a double's digits, as their source text (parseWireJson).
const wireNonNegative = (value: unknown): string | null => wireDecimal(value, { numbers: true });
const wireSigned = (value: unknown): string | null => wireDecimal(value, { numbers: true, signed: true });

/**
 * Whether the frame holds a run of 16 or more digits (a dot allowed among them): a numeric literal
 * longer than a double is sure to carry. A plain loop: a regex here backtracks at every position.
 */
function hasLongNumber(raw: string): boolean {
  let run = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 16) return true;
    } else if (c !== 46) run = 0;
  }
  return false;
}

/**
 * JSON.parse for iTick frames, which send prices as JSON numbers. A plain parse, then each number's
 * shortest round-trip form, is exact for every value a double holds (up to 15 significant digits)
 * and is what the hot path uses; trailing zeros ("3034.10") are not kept, as they carry no value
 * (display precision comes from the market list). Only a frame with a longer literal goes through
 * the reviver's source text (Node 22+), which is exact for any length but five times slower.
 * Never throws.
 */
export function parseWireJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    if (!hasLongNumber(raw)) return { ok: true, value: JSON.parse(raw) };
    return {
      ok: true,
      value: JSON.parse(raw, (_key: string, value: unknown, context?: { source?: string }) =>
        typeof value === 'number' ? (context?.source ?? value) : value,
      ),
    };
  } catch {
    return { ok: false };
  }
}

// ---- Parsers --------------------------------------------------------------------------------

const text = (value: unknown): string => messageText(value);
const symbolOf = (value: unknown): string | null => boundedText(value, 48);

export function parseQuote(d: JsonObject): ItickQuote | null {
  const symbol = symbolOf(d.s);
  const last = wireNonNegative(d.ld);
  if (symbol === null || last === null) return null;
  // Optional fields may be absent; one that is present but malformed makes the frame malformed.
  let wellFormed = true;
  const optional = <T>(value: unknown, parse: (v: unknown) => T | null): T | null => {
    if (value === undefined || value === null) return null;
    const parsed = parse(value);
    if (parsed === null) wellFormed = false;
    return parsed;
  };
  const quote: ItickQuote = {
    symbol,
    last,
    time: optional(d.t, (v) => timeMs(safeInteger(v), 'ms')),
    volume: optional(d.v, wireNonNegative),
    turnover: optional(d.tu, wireNonNegative),
    status: optional(d.ts, safeInteger),
    open: optional(d.o, wireNonNegative),
    high: optional(d.h, wireNonNegative),
    low: optional(d.l, wireNonNegative),
    prevClose: optional(d.p, wireNonNegative),
    change: optional(d.ch, wireSigned),
    changePct: optional(d.chp, wireSigned),
  };
  return wellFormed ? quote : null;
}

const MAX_LEVELS = 50;

function parseLevels(value: unknown, side: 'bid' | 'ask'): BookLevel[] | null {
  if (!Array.isArray(value) || value.length > MAX_LEVELS) return null;
  const levels: BookLevel[] = [];
  for (const entry of value) {
    if (!isObject(entry)) return null;
    const price = wireNonNegative(entry.p);
    const amount = wireNonNegative(entry.v);
    if (price === null || amount === null) return null;
    if (!isZeroDecimal(amount)) levels.push([price, amount]);
  }
  // `po` numbers the levels best first already; sorting by price is cheap at 5 levels and makes
  // the book right even when a server lists them otherwise.
  levels.sort(side === 'bid' ? (a, b) => compareDecimal(b[0], a[0]) : (a, b) => compareDecimal(a[0], b[0]));
  return levels;
}

export function parseDepth(d: JsonObject): ItickDepth | null {
  const symbol = symbolOf(d.s);
  const bids = parseLevels(d.b ?? [], 'bid');
  const asks = parseLevels(d.a ?? [], 'ask');
  if (symbol === null || bids === null || asks === null) return null;
  return { symbol, bids, asks };
}

/** One candle `{t, o, h, l, c, v, tu}`, as in kline pushes and the REST history. */
export function parseCandle(k: unknown): ItickCandle | null {
  if (!isObject(k)) return null;
  const time = timeMs(safeInteger(k.t), 'ms');
  const open = wireNonNegative(k.o);
  const high = wireNonNegative(k.h);
  const low = wireNonNegative(k.l);
  const close = wireNonNegative(k.c);
  const volume = wireNonNegative(k.v);
  if (time === null || open === null || high === null || low === null || close === null || volume === null) return null;
  return { time, open, high, low, close, volume };
}

export function parseKline(d: JsonObject): ItickKline | null {
  const symbol = symbolOf(d.s);
  const period = safeInteger(d.t);
  const candle = parseCandle(d.k);
  if (symbol === null || period === null || candle === null) return null;
  return { symbol, period, candle };
}

function isOk(code: unknown): boolean {
  return safeInteger(code) === 1;
}

/** Decodes one text frame. Total: anything unexpected is `bad`, with a reason that quotes no data. */
export function decodeFrame(raw: string): Decoded<ItickMessage> {
  const parsed = parseWireJson(raw);
  if (!parsed.ok) return { kind: 'bad', reason: 'not JSON' };
  const v = parsed.value;
  if (!isObject(v)) return { kind: 'bad', reason: 'not a JSON object' };
  const push = (message: ItickMessage): Decoded<ItickMessage> => ({ kind: 'push', message });

  if (typeof v.resAc === 'string') {
    switch (v.resAc) {
      case 'pong': {
        const echo = isObject(v.data) ? v.data.params : undefined;
        return typeof echo === 'string' ? push({ kind: 'pong', echo }) : { kind: 'bad', reason: 'pong without an echo' };
      }
      case 'auth':
        // The success message echoes the token in data.params: it is deliberately never read.
        return push({ kind: 'auth', ok: isOk(v.code), message: text(v.msg) });
      case 'subscribe':
        return push({ kind: 'subscribe', ok: isOk(v.code), message: text(v.msg) });
      default:
        return isOk(v.code)
          ? push({ kind: 'ignored', what: `reply to ${text(v.resAc).slice(0, 20)}` })
          : push({ kind: 'refused', action: text(v.resAc).slice(0, 20), message: text(v.msg) });
    }
  }

  if (isObject(v.data)) {
    const d = v.data;
    const type = typeof d.type === 'string' ? d.type : null;
    if (type === 'quote') {
      const quote = parseQuote(d);
      return quote ? push({ kind: 'quote', quote }) : { kind: 'bad', reason: 'malformed quote' };
    }
    if (type === 'depth') {
      const depth = parseDepth(d);
      return depth ? push({ kind: 'depth', depth }) : { kind: 'bad', reason: 'malformed depth' };
    }
    if (d.k !== undefined || (type !== null && type.startsWith('kline'))) {
      const kline = parseKline(d);
      return kline ? push({ kind: 'kline', kline }) : { kind: 'bad', reason: 'malformed kline' };
    }
    if (type !== null) return push({ kind: 'ignored', what: `${type.slice(0, 20)} push` });
    return { kind: 'bad', reason: 'data of no known type' };
  }

  if (v.code !== undefined && !isOk(v.code)) return push({ kind: 'refused', action: null, message: text(v.msg) });
  if (text(v.msg) === 'Connected Successfully') return push({ kind: 'connected' });
  return push({ kind: 'ignored', what: 'message' });
}

/** iTick does not correlate replies by id, so the adapter only ever uses `send`; requests still encode sensibly. */
export const itickCodec: WireCodec<ItickMessage> = {
  encodeRequest: (_id, method, params) => JSON.stringify({ ac: method, params }),
  decode: decodeFrame,
};

export function subscribeFrame(symbols: readonly string[], types: readonly string[]): string {
  return JSON.stringify({ ac: 'subscribe', params: symbols.join(','), types: types.join(',') });
}

export function pingFrame(echo: string): string {
  return JSON.stringify({ ac: 'ping', params: echo });
}

/** The kline subscription type for a period code (the current server's `kline@N`). */
export function klineType(period: number): string {
  return `kline@${period}`;
}
