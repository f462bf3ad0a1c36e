// Public market data on the CoinKing wire: kline rows, depth, deals (docs/protocols.md, section 3).
// Every parser is total: it returns null for anything that does not match, and never throws.
import { trimDecimal } from '../market/decimal';
import type { BookLevel } from '../../../shared/model';
import { isObject } from '../wire/json';
import { unixSeconds } from '../wire/time';
import { integerId, name, wireDecimal } from '../wire/values';

/**
 * One kline row. The wire order is [time, open, CLOSE, HIGH, LOW, volume, amount, market]: close
 * comes before high and low, unlike the usual OHLC order, so the fields are named here once.
 */
export interface KlineRow {
  /** Open time, Unix seconds. */
  time: number;
  open: string;
  close: string;
  high: string;
  low: string;
  /** Base-currency volume. */
  volume: string;
  /** Quote-currency turnover. */
  amount: string;
  market: string;
}

export function parseKlineRow(value: unknown): KlineRow | null {
  if (!Array.isArray(value) || value.length < 8) return null;
  const [t, o, c, h, l, v, a, m] = value as unknown[];
  const time = unixSeconds(t);
  const open = wireDecimal(o);
  const close = wireDecimal(c);
  const high = wireDecimal(h);
  const low = wireDecimal(l);
  const volume = wireDecimal(v);
  const turnover = wireDecimal(a);
  const market = name(m);
  if (time === null || !Number.isInteger(time) || market === null) return null;
  if (open === null || close === null || high === null || low === null || volume === null || turnover === null) return null;
  return { time, open, close, high, low, volume, amount: turnover, market };
}

/** A list of kline rows (`kline.query` result, `kline.update` params); null if any row is bad. */
export function parseKlineRows(value: unknown): KlineRow[] | null {
  if (!Array.isArray(value)) return null;
  const rows: KlineRow[] = [];
  for (const raw of value) {
    const row = parseKlineRow(raw);
    if (!row) return null;
    rows.push(row);
  }
  return rows;
}

function parseLevels(value: unknown): BookLevel[] | null {
  if (!Array.isArray(value)) return null;
  const levels: BookLevel[] = [];
  for (const raw of value) {
    if (!Array.isArray(raw) || raw.length < 2) return null;
    const price = wireDecimal(raw[0]);
    const size = wireDecimal(raw[1]);
    if (price === null || size === null) return null;
    // One price, one text: "100.10" and "100.1" are the same level of the book (decimal identity).
    levels.push([trimDecimal(price), trimDecimal(size)]);
  }
  return levels;
}

/** `{asks?, bids?}`: a side that is absent is undefined (a diff that did not touch it). */
export interface DepthSides {
  asks?: BookLevel[];
  bids?: BookLevel[];
}

export function parseDepth(value: unknown): DepthSides | null {
  if (!isObject(value)) return null;
  const out: DepthSides = {};
  if (value.asks !== undefined && value.asks !== null) {
    const asks = parseLevels(value.asks);
    if (!asks) return null;
    out.asks = asks;
  }
  if (value.bids !== undefined && value.bids !== null) {
    const bids = parseLevels(value.bids);
    if (!bids) return null;
    out.bids = bids;
  }
  return out;
}

/** `depth.update` params: [clean, {asks?, bids?}, market]. */
export function parseDepthUpdate(params: unknown[]): { clean: boolean; sides: DepthSides; market: string } | null {
  const [clean, raw, m] = params;
  const sides = parseDepth(raw);
  const market = name(m);
  if (typeof clean !== 'boolean' || !sides || market === null) return null;
  return { clean, sides, market };
}

/** One public deal: `{id, time (float seconds), price, amount, type}`. */
export interface WireDeal {
  id: number;
  time: number;
  price: string;
  amount: string;
  type: 'buy' | 'sell';
}

export function parseDeal(value: unknown): WireDeal | null {
  if (!isObject(value)) return null;
  const id = integerId(value.id);
  const time = unixSeconds(value.time);
  const price = wireDecimal(value.price);
  const size = wireDecimal(value.amount);
  const type = value.type === 'buy' || value.type === 'sell' ? value.type : null;
  if (id === null || time === null || price === null || size === null || type === null) return null;
  return { id, time, price, amount: size, type };
}

export function parseDeals(value: unknown): WireDeal[] | null {
  if (!Array.isArray(value)) return null;
  const deals: WireDeal[] = [];
  for (const raw of value) {
    const d = parseDeal(raw);
    if (!d) return null;
    deals.push(d);
  }
  return deals;
}

/** `deals.update` params: [market, [deal…]]. */
export function parseDealsUpdate(params: unknown[]): { market: string; deals: WireDeal[] } | null {
  const [m, list] = params;
  const market = name(m);
  const deals = parseDeals(list);
  if (market === null || !deals) return null;
  return { market, deals };
}
