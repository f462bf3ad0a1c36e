// Cryptomus WebSocket wire format (docs/protocols.md, section 1):
// request  {"id":int,"method":"...","params":[...]}
// reply    {"id":int,"method"?:"...","data":…,"error":null|{"code","message"}}  (unsubscribe acks have no method)
// event    {"id":0|"4","method":"<type>_update","data":{…},"error":null}      (id may be a string: ignored)
// Every parser here is total: it returns null for anything that does not match, and never throws.
import type { BookLevel, MarketId, Side } from '../../../shared/model';
import type { Decoded, WireCodec, WireError } from '../connection/connection';
import { trimDecimal } from '../market/decimal';
import { isObject, parseJson } from '../wire/json';
import { isSaneTime, timeMs } from '../wire/time';
import { boundedText as str, decimal, integerId, nonNegativeDecimal, wireDecimal } from '../wire/values';

const trimmed = (d: string | null): string | null => (d === null ? null : trimDecimal(d));

export interface CryptomusPush {
  /** `<type>_update`, or `error` for an error the server sent without a request id. */
  method: string;
  data: unknown;
  error: WireError | null;
}

/** Cryptomus error codes, as the user should read them. */
export const CRYPTOMUS_ERRORS: Record<number, string> = {
  1: 'invalid message format',
  2: 'request failed',
};

function wireError(value: unknown): WireError | null {
  if (value == null) return null;
  if (!isObject(value)) return { code: null, message: String(value).slice(0, 200) };
  const code = typeof value.code === 'number' ? value.code : typeof value.code === 'string' ? value.code : null;
  const text = typeof value.message === 'string' && value.message ? value.message.slice(0, 200) : null;
  const known = typeof code === 'number' ? CRYPTOMUS_ERRORS[code] : undefined;
  // Say what the code means and what the server said, so "code 2" is never all the user sees.
  const message = known && text && text.toLowerCase() !== known ? `${known}: ${text}` : (text ?? known ?? 'unknown error');
  return { code, message };
}

// Request ids are integers; events may carry them as strings ("1"): integerId reads both.
export const cryptomusCodec: WireCodec<CryptomusPush> = {
  encodeRequest(id, method, params) {
    return JSON.stringify({ id, method, params });
  },
  decode(raw): Decoded<CryptomusPush> {
    const parsed = parseJson(raw);
    if (!parsed.ok) return { kind: 'bad', reason: 'not JSON' };
    const v = parsed.value;
    if (!isObject(v)) return { kind: 'bad', reason: 'not a JSON object' };
    const method = typeof v.method === 'string' ? v.method : null;
    // Events are told apart by their method, not their id: the seed's events carry ids too.
    if (method !== null && method.endsWith('_update')) {
      return { kind: 'push', message: { method, data: v.data ?? null, error: wireError(v.error) } };
    }
    const id = integerId(v.id);
    if (id !== null) return { kind: 'reply', id, result: v.data ?? null, error: wireError(v.error) };
    if (v.error != null) return { kind: 'push', message: { method: 'error', data: null, error: wireError(v.error) } };
    return { kind: 'bad', reason: 'neither a reply nor an event' };
  },
};

// ---- names and numbers ----

/** Cryptomus names markets BASE_QUOTE. */
export function wireSymbol(base: string, quote: string): string {
  return `${base}_${quote}`;
}

const SYMBOL = /^([A-Z0-9]{1,20})_([A-Z0-9]{1,20})$/;

/**
 * Wire symbol → market id, remembered: the same few hundred symbols arrive thousands of times a
 * second, and a remembered id also hashes once for the followed-set lookups after it. Bounded
 * (emptied when full), and only well-formed symbols are kept.
 */
const MARKET_OF = new Map<string, MarketId>();
const MARKET_OF_LIMIT = 4096;

export function symbolToMarket(symbol: unknown): MarketId | null {
  if (typeof symbol !== 'string') return null;
  const known = MARKET_OF.get(symbol);
  if (known !== undefined) return known;
  const m = SYMBOL.exec(symbol);
  if (!m) return null;
  const market: MarketId = `cryptomus:${m[1]}/${m[2]}`;
  if (MARKET_OF.size >= MARKET_OF_LIMIT) MARKET_OF.clear();
  MARKET_OF.set(symbol, market);
  return market;
}

/** A price or amount, as text or as a JSON number (trade_update and depth send numbers). */
const numberOrDecimal = (value: unknown): string | null => wireDecimal(value, { numbers: true });

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A time as the REST API writes it: Unix seconds, ms, or "2024-12-12 11:40:21" (read as UTC when it
 * names no zone). Returns ms, or null.
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') return value > 1e11 ? timeMs(value, 'ms') : timeMs(value, 's');
  if (typeof value !== 'string') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return parseTime(Number(value));
  if (!DATE_TIME.test(value)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
  const ms = Date.parse(zoned);
  return isSaneTime(ms) ? ms : null;
}

function side(value: unknown): Side | null {
  return value === 'buy' || value === 'sell' ? value : null;
}

// ---- public channels ----

export interface LastPriceEvent {
  market: MarketId;
  price: string;
}

export function parseLastPrice(data: unknown): LastPriceEvent | null {
  if (!isObject(data)) return null;
  const market = symbolToMarket(data.symbol);
  const price = nonNegativeDecimal(data.price);
  return market && price !== null ? { market, price } : null;
}

export interface TickerEvent {
  market: MarketId;
  last: string;
  open: string;
  high: string;
  low: string;
  volume: string;
}

export function parseTicker(data: unknown): TickerEvent | null {
  if (!isObject(data)) return null;
  const market = symbolToMarket(data.symbol);
  const last = nonNegativeDecimal(data.price);
  const open = nonNegativeDecimal(data.open);
  const high = nonNegativeDecimal(data.high);
  const low = nonNegativeDecimal(data.low);
  const volume = nonNegativeDecimal(data.volume);
  if (!market || last === null || open === null || high === null || low === null || volume === null) return null;
  return { market, last, open, high, low, volume };
}

export interface TradeEvent {
  market: MarketId;
  trades: { price: string; amount: string; side: Side | null; time: number }[];
}

export function parseTrades(data: unknown): TradeEvent | null {
  if (!isObject(data) || !Array.isArray(data.trades)) return null;
  const market = symbolToMarket(data.symbol);
  if (!market) return null;
  const trades: TradeEvent['trades'] = [];
  for (const t of data.trades) {
    if (!isObject(t)) return null;
    const price = numberOrDecimal(t.price);
    const amount = numberOrDecimal(t.quantity);
    const time = timeMs(t.timestamp ?? data.timestamp, 's');
    if (price === null || amount === null || time === null) return null;
    trades.push({ price, amount, side: side(t.direction), time });
  }
  return { market, trades };
}

export interface DepthEvent {
  market: MarketId;
  fullReload: boolean;
  scaleIndex: number | null;
  bids: BookLevel[];
  asks: BookLevel[];
}

function levels(value: unknown): BookLevel[] | null {
  if (value == null) return [];
  if (!Array.isArray(value)) return null;
  const out: BookLevel[] = [];
  for (const level of value) {
    if (!Array.isArray(level)) return null;
    const price = trimmed(numberOrDecimal(level[0]));
    const amount = trimmed(numberOrDecimal(level[1]));
    if (price === null || amount === null) return null;
    // One price, one text: "100.10" and "100.1" must be the same book level.
    out.push([price, amount]);
  }
  return out;
}

export function parseDepth(data: unknown): DepthEvent | null {
  if (!isObject(data)) return null;
  const market = symbolToMarket(data.symbol);
  const bids = levels(data.bids);
  const asks = levels(data.asks);
  if (!market || bids === null || asks === null || typeof data.full_reload !== 'boolean') return null;
  const scaleIndex = integerId(data.scale_index);
  return { market, fullReload: data.full_reload, scaleIndex, bids, asks };
}

// ---- private channels ----

export interface OrderInfo {
  id: string;
  market: MarketId;
  side: Side;
  type: 'limit' | 'market';
  price: string | null;
  quantity: string;
  filledQuantity: string;
  /** Quote value filled so far: with filledQuantity, what tells one fill's order (deal_update has neither side nor order id). */
  filledValue: string;
  createdAt: number;
  updatedAt: number;
  /** `state` / `internalState` when the order has finished ("completed"/"filled", "cancelled"…). */
  state: string | null;
}

/** One order, from `order_update` info or the REST order lists (field names vary a little). */
export function parseOrderInfo(value: unknown): OrderInfo | null {
  if (!isObject(value)) return null;
  const id = str(value.id);
  const market = symbolToMarket(value.symbol ?? value.market);
  const dir = side(value.direction ?? value.side);
  // Cryptomus writes quantities with 16 decimals; the zeros past the last digit carry nothing.
  const quantity = trimmed(nonNegativeDecimal(value.quantity));
  const filledQuantity = trimmed(nonNegativeDecimal(value.filledQuantity ?? '0'));
  const filledValue = trimmed(nonNegativeDecimal(value.filledValue ?? '0'));
  if (!id || !market || !dir || quantity === null || filledQuantity === null || filledValue === null) return null;
  const rawPrice = value.price == null ? null : nonNegativeDecimal(value.price);
  if (value.price != null && rawPrice === null) return null;
  const kind = value.orderType ?? value.type;
  const type = kind === 'market' ? 'market' : kind === 'limit' ? 'limit' : rawPrice !== null ? 'limit' : 'market';
  const createdAt = parseTime(value.createTs ?? value.createdAt);
  if (createdAt === null) return null;
  const updatedAt = parseTime(value.finishTs ?? value.finishedAt ?? value.updateTs ?? value.updatedAt) ?? createdAt;
  const state = str(value.internalState) ?? str(value.state);
  return { id, market, side: dir, type, price: rawPrice === null ? null : trimDecimal(rawPrice), quantity, filledQuantity, filledValue, createdAt, updatedAt, state };
}

export interface OrderEvent {
  type: 'created' | 'updated' | 'finished';
  order: OrderInfo;
}

export function parseOrderUpdate(data: unknown): OrderEvent | null {
  if (!isObject(data)) return null;
  const type = data.type;
  if (type !== 'created' && type !== 'updated' && type !== 'finished') return null;
  const order = parseOrderInfo(data.info);
  return order ? { type, order } : null;
}

export interface BalanceEvent {
  asset: string;
  /** The wallet's balance after the change. */
  balance: string;
  /** …and before it (null when absent): chains events the server delivered out of order. */
  previous: string | null;
}

export function parseBalanceUpdate(data: unknown): BalanceEvent | null {
  if (!isObject(data) || !isObject(data.info)) return null;
  const asset = typeof data.info.currencyCode === 'string' && /^[A-Z0-9]{1,20}$/.test(data.info.currencyCode) ? data.info.currencyCode : null;
  const balance = decimal(data.info.newBalance);
  const previous = data.info.oldBalance == null ? null : decimal(data.info.oldBalance);
  return asset && balance !== null ? { asset, balance, previous } : null;
}

/** One fill of the user's, from `deal_update` or from a history order's transactions. */
export interface Fill {
  /** The transaction id: the same fill has the same one in both sources. */
  transactionId: string;
  dealId: string | null;
  market: MarketId;
  /** Known from the order (history) or the event (when the server includes it). */
  side: Side | null;
  orderId: string | null;
  price: string;
  amount: string;
  value: string;
  fee: string;
  feeAsset: string | null;
  role: 'maker' | 'taker' | null;
  time: number;
}

function role(value: unknown): 'maker' | 'taker' | null {
  return value === 'maker' || value === 'taker' ? value : null;
}

export function parseDealUpdate(data: unknown): Fill | null {
  if (!isObject(data) || !isObject(data.info)) return null;
  const i = data.info;
  const transactionId = str(i.transactionId);
  const market = symbolToMarket(i.symbol);
  const price = nonNegativeDecimal(i.filledPrice);
  const amount = trimmed(nonNegativeDecimal(i.filledQuantity));
  const value = trimmed(nonNegativeDecimal(i.filledValue));
  const fee = nonNegativeDecimal(i.fee ?? '0');
  const time = parseTime(i.committedAt);
  if (!transactionId || !market || price === null || amount === null || value === null || fee === null || time === null) return null;
  return {
    transactionId,
    dealId: str(i.dealId),
    market,
    side: side(i.direction ?? i.side),
    orderId: str(i.orderId),
    price,
    amount,
    value,
    fee,
    feeAsset: str(i.feeCurrency, 20),
    role: role(i.tradeRole),
    time,
  };
}

/**
 * The fills of one history order (`deal.transactions[]`). A transaction without an id of its own
 * gets one made of what both sources carry, so it still deduplicates.
 */
export function parseHistoryFills(order: unknown): Fill[] | null {
  const info = parseOrderInfo(order);
  if (!info || !isObject(order)) return null;
  const deal = order.deal;
  if (deal == null) return [];
  if (!isObject(deal)) return null;
  const txs = deal.transactions ?? [];
  if (!Array.isArray(txs)) return null;
  const dealId = str(deal.id);
  const fills: Fill[] = [];
  for (const t of txs) {
    if (!isObject(t)) return null;
    const price = nonNegativeDecimal(t.filledPrice);
    const amount = trimmed(nonNegativeDecimal(t.filledQuantity));
    const value = trimmed(nonNegativeDecimal(t.filledValue));
    const fee = nonNegativeDecimal(t.fee ?? '0');
    const time = parseTime(t.committedAt);
    if (price === null || amount === null || value === null || fee === null || time === null) return null;
    const transactionId = str(t.id) ?? str(t.transactionId) ?? `${dealId ?? info.id}:${time / 1000}:${amount}:${price}`;
    fills.push({
      transactionId,
      dealId,
      market: info.market,
      side: info.side,
      orderId: info.id,
      price,
      amount,
      value,
      fee,
      feeAsset: str(t.feeCurrency, 20),
      role: role(t.tradeRole),
      time,
    });
  }
  return fills;
}
