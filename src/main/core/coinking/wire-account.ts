// The user's orders and assets on the CoinKing wire (ViaBTC order and balance objects). Total
// parsers: null for anything that does not match, never a throw.
import { isObject } from '../wire/json';
import { unixSeconds } from '../wire/time';
import { integerId, name, wireDecimal } from '../wire/values';

/** A ViaBTC order. `mtime`/`left` on open orders and pushes; `ftime` on finished (history) records. */
export interface WireOrder {
  id: number;
  market: string;
  /** 1 limit, 2 market. */
  type: 1 | 2;
  /** 1 sell, 2 buy. */
  side: 1 | 2;
  ctime: number;
  mtime: number | null;
  ftime: number | null;
  price: string;
  /** Base amount; for a market buy ViaBTC puts the quote amount to spend here. */
  amount: string;
  left: string | null;
  takerFee: string | null;
  makerFee: string | null;
  /** Filled so far, in base. */
  dealStock: string;
  /** Filled so far, in quote. */
  dealMoney: string;
  /** Fees so far: in base for a buy, in quote for a sell. */
  dealFee: string;
}

function optionalAmount(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return wireDecimal(value) ?? undefined; // undefined: present but malformed
}

function optionalSeconds(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  return unixSeconds(value) ?? undefined;
}

export function parseOrder(value: unknown): WireOrder | null {
  if (!isObject(value)) return null;
  const id = integerId(value.id);
  const market = name(value.market);
  const type = value.type === 1 || value.type === 2 ? value.type : null;
  const side = value.side === 1 || value.side === 2 ? value.side : null;
  const ctime = unixSeconds(value.ctime);
  const price = wireDecimal(value.price);
  const size = wireDecimal(value.amount);
  const dealStock = wireDecimal(value.deal_stock);
  const dealMoney = wireDecimal(value.deal_money);
  const dealFee = wireDecimal(value.deal_fee);
  if (id === null || market === null || type === null || side === null || ctime === null) return null;
  if (price === null || size === null || dealStock === null || dealMoney === null || dealFee === null) return null;
  const mtime = optionalSeconds(value.mtime);
  const ftime = optionalSeconds(value.ftime);
  const left = optionalAmount(value.left);
  const takerFee = optionalAmount(value.taker_fee);
  const makerFee = optionalAmount(value.maker_fee);
  if (mtime === undefined || ftime === undefined || left === undefined || takerFee === undefined || makerFee === undefined) return null;
  return { id, market, type, side, ctime, mtime, ftime, price, amount: size, left, takerFee, makerFee, dealStock, dealMoney, dealFee };
}

/** `order.query` / `order.history` result: `{offset, limit, total?, records}`. */
export interface OrderPage {
  offset: number;
  limit: number;
  total: number | null;
  records: WireOrder[];
  /** Records that did not parse (an order type the seed does not list, say): skipped, not fatal. */
  skipped: number;
}

export function parseOrderPage(value: unknown): OrderPage | null {
  if (!isObject(value) || !Array.isArray(value.records)) return null;
  const offset = integerId(value.offset);
  const limit = integerId(value.limit);
  const total = value.total === undefined ? null : integerId(value.total);
  if (offset === null || limit === null || (value.total !== undefined && total === null)) return null;
  const records: WireOrder[] = [];
  let skipped = 0;
  for (const raw of value.records) {
    const order = parseOrder(raw);
    if (order) records.push(order);
    else skipped++;
  }
  return { offset, limit, total, records, skipped };
}

export type OrderEvent = 'put' | 'update' | 'finish';
const EVENTS: Record<number, OrderEvent> = { 1: 'put', 2: 'update', 3: 'finish' };

/** `order.update` params: [event (1 put, 2 update, 3 finish), order]. */
export function parseOrderUpdate(params: unknown[]): { event: OrderEvent; order: WireOrder } | null {
  const [e, raw] = params;
  const event = typeof e === 'number' ? EVENTS[e] : undefined;
  const order = parseOrder(raw);
  if (!event || !order) return null;
  return { event, order };
}

export interface WireAsset {
  asset: string;
  available: string;
  freeze: string;
}

/**
 * `{"BTC": {"available", "freeze"}, …}` (`asset.query` result, each `asset.update` param). An
 * entry without both amounts (the seed's example shows `"CNY": {}`) says nothing and is skipped.
 */
export function parseAssets(value: unknown, skipped?: string[]): WireAsset[] | null {
  if (!isObject(value)) return null;
  const out: WireAsset[] = [];
  for (const [key, entry] of Object.entries(value)) {
    const asset = name(key);
    if (asset !== null && isObject(entry) && entry.available === undefined && entry.freeze === undefined) continue;
    const available = asset !== null && isObject(entry) ? wireDecimal(entry.available) : null;
    const freeze = asset !== null && isObject(entry) ? wireDecimal(entry.freeze) : null;
    if (asset === null || available === null || freeze === null) {
      // One unreadable entry must not cost the others (the login lists them all): skip and say which.
      if (!skipped) return null;
      skipped.push(key.slice(0, 20));
      continue;
    }
    out.push({ asset, available, freeze });
  }
  return out;
}

/** `asset.update` params: [{ASSET: {available, freeze}}, …]. */
export function parseAssetUpdate(params: unknown[]): WireAsset[] | null {
  const out: WireAsset[] = [];
  for (const p of params) {
    const assets = parseAssets(p);
    if (!assets) return null;
    out.push(...assets);
  }
  return out;
}

/** One `asset.history` record: a balance change and the balance after it. */
export interface WireAssetChange {
  time: number;
  asset: string;
  business: string;
  /** Signed: negative for a debit. */
  change: string;
  balance: string;
  detail: Record<string, unknown>;
}

const SIGNED = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export function parseAssetHistory(value: unknown): { offset: number; limit: number; records: WireAssetChange[] } | null {
  if (!isObject(value) || !Array.isArray(value.records)) return null;
  const offset = integerId(value.offset);
  const limit = integerId(value.limit);
  if (offset === null || limit === null) return null;
  const records: WireAssetChange[] = [];
  for (const r of value.records) {
    if (!isObject(r)) return null;
    const time = unixSeconds(r.time);
    const asset = name(r.asset);
    const business = typeof r.business === 'string' ? r.business : null;
    const change = typeof r.change === 'string' && r.change.length <= 64 && SIGNED.test(r.change) ? r.change : null;
    const balance = wireDecimal(r.balance);
    if (time === null || asset === null || business === null || change === null || balance === null) return null;
    records.push({ time, asset, business, change, balance, detail: isObject(r.detail) ? r.detail : {} });
  }
  return { offset, limit, records };
}
