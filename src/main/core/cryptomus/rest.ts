// The Cryptomus REST API (docs/protocols.md, section 1): the one-time WebSocket token, the market list, the
// depth scales of a symbol, and the account's balances, open orders and order history. Payloads come
// under `result` or `data`; a non-2xx reply becomes a CryptomusHttpError carrying the server's message.
// Error messages name the request, never a header: the user id and API key stay out of them.
import { readText } from '../wire/http';
import type { Balance, MarketInfo } from '../../../shared/model';
import { describe } from '../connection/errors';
import { isObject, parseJson, type Json } from '../wire/json';
import { integerId, nonNegativeDecimal } from '../wire/values';
import { authHeaders, type CryptomusCredentials } from './sign';
import { parseHistoryFills, parseOrderInfo, symbolToMarket, type Fill, type OrderInfo } from './wire';

export const TOKEN_PATH = '/v2/user-api/exchange/account/web-socket/token';
export const MARKETS_PATH = '/v1/exchange/market';
export const SCALES_PATH = '/api/v2/symbol-scales';
export const BALANCE_PATH = '/v2/user-api/exchange/account/balance';
export const ORDERS_PATH = '/v2/user-api/exchange/orders';
export const HISTORY_PATH = '/v2/user-api/exchange/orders/history';

/** The server answered with a non-2xx status. */
export class CryptomusHttpError extends Error {
  override name = 'CryptomusHttpError';
  constructor(
    readonly what: string,
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(`${what}: HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`);
  }
}

/** The largest REST reply read (the full market list is the largest, well under this). */
const MAX_REPLY_BYTES = 8 * 1024 * 1024;
/** The most markets read from the market list. */
export const MAX_MARKETS = 5000;

/** No reply in time: a normal, retryable failure. */
export class CryptomusTimeoutError extends Error {
  override name = 'CryptomusTimeoutError';
}

/** A 2xx reply whose payload is not what the API documents. */
export class CryptomusPayloadError extends Error {
  override name = 'CryptomusPayloadError';
}

export interface DepthScale {
  scale: string;
  index: number;
}

export interface CryptomusRestOptions {
  /** https://api.cryptomus.com: token, balances, orders. */
  apiUrl: string;
  /** https://api-app.cryptomus.com: the market list. */
  marketUrl: string;
  /** https://exchange-ws.cryptomus.com: symbol scales. */
  scalesUrl: string;
  credentials?: CryptomusCredentials;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The documented page size limit of the order lists. */
export const PAGE_LIMIT = 100;

export class CryptomusRest {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: CryptomusRestOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A fresh one-time WebSocket token. */
  async wsToken(): Promise<string> {
    const json = await this.get('WebSocket token request', this.options.apiUrl, TOKEN_PATH, {}, true);
    const body = payload(json);
    const token = (isObject(body) ? body.token : undefined) ?? (isObject(json) ? json.token : undefined);
    if (typeof token !== 'string' || !/^[A-Za-z0-9._-]{8,512}$/.test(token)) {
      throw new CryptomusPayloadError('WebSocket token request: the reply has no token');
    }
    return token;
  }

  async markets(): Promise<MarketInfo[]> {
    const list = payload(await this.get('market list', this.options.marketUrl, MARKETS_PATH, {}, false));
    if (!Array.isArray(list)) throw new CryptomusPayloadError('market list: the reply has no list');
    // Bounded: the list drives subscriptions and requests, and a hostile reply could be endless.
    return list.slice(0, MAX_MARKETS).map(parseMarket).filter((m): m is MarketInfo => m !== null);
  }

  async symbolScales(symbol: string): Promise<DepthScale[]> {
    const list = payload(await this.get(`depth scales of ${symbol}`, this.options.scalesUrl, SCALES_PATH, { symbol }, false));
    if (!Array.isArray(list)) throw new CryptomusPayloadError(`depth scales of ${symbol}: the reply has no list`);
    const scales: DepthScale[] = [];
    for (const s of list) {
      if (!isObject(s)) continue;
      const scale = nonNegativeDecimal(s.scale);
      const index = integerId(s.index);
      if (scale !== null && index !== null) scales.push({ scale, index });
    }
    return scales;
  }

  async balances(): Promise<Balance[]> {
    const body = payload(await this.get('balance request', this.options.apiUrl, BALANCE_PATH, {}, true));
    // Documented as a list; some replies wrap it as {balances:[…]} or {wallets:[…]}.
    const list = Array.isArray(body) ? body : isObject(body) ? (body.balances ?? body.wallets) : null;
    if (!Array.isArray(list)) throw new CryptomusPayloadError('balance request: the reply has no list');
    const out: Balance[] = [];
    for (const b of list) {
      if (!isObject(b)) continue;
      const asset = typeof b.ticker === 'string' ? b.ticker.toUpperCase() : typeof b.currency === 'string' ? b.currency.toUpperCase() : null;
      const available = nonNegativeDecimal(b.available ?? b.balance);
      const locked = nonNegativeDecimal(b.held ?? '0');
      if (asset && /^[A-Z0-9]{1,20}$/.test(asset) && available !== null && locked !== null) {
        out.push({ exchange: 'cryptomus', asset, available, locked });
      }
    }
    return out;
  }

  /** Every open order, page by page. */
  async openOrders(maxPages = 10): Promise<OrderInfo[]> {
    const out: OrderInfo[] = [];
    for (let page = 0; page < maxPages; page++) {
      const list = await this.page('open orders request', ORDERS_PATH, page);
      for (const o of list) {
        const info = parseOrderInfo(o);
        if (info) out.push(info);
      }
      if (list.length < PAGE_LIMIT) break;
    }
    return out;
  }

  /**
   * Fills of orders finished at or after `since` (ms; null: all). The API promises no order of the
   * list (newest finished first? newest created first?), so no page can show that the rest is older:
   * it is read to its end (a short page), up to `maxPages`. Filtering by the order's finish time, not
   * the fill's, keeps the early fills of an order that completed later.
   */
  async historyFills(since: number | null, maxPages = 20): Promise<{ fills: Fill[]; orders: OrderInfo[]; complete: boolean }> {
    const fills: Fill[] = [];
    const orders: OrderInfo[] = [];
    for (let page = 0; page < maxPages; page++) {
      const list = await this.page('order history request', HISTORY_PATH, page);
      for (const o of list) {
        const info = parseOrderInfo(o);
        const orderFills = parseHistoryFills(o);
        if (!info || !orderFills) continue;
        if (since !== null && info.updatedAt < since) continue;
        orders.push(info);
        fills.push(...orderFills);
      }
      if (list.length < PAGE_LIMIT) return { fills, orders, complete: true };
    }
    return { fills, orders, complete: false };
  }

  private async page(what: string, path: string, page: number): Promise<unknown[]> {
    const query = { limit: String(PAGE_LIMIT), offset: String(page * PAGE_LIMIT) };
    const body = payload(await this.get(what, this.options.apiUrl, path, query, true));
    const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.items) ? body.items : null;
    if (!list) throw new CryptomusPayloadError(`${what}: the reply has no list`);
    return list;
  }

  private async get(what: string, base: string, path: string, query: Record<string, string>, signed: boolean): Promise<Json> {
    const credentials = this.options.credentials;
    if (signed && !credentials) throw new CryptomusPayloadError(`${what}: no API credentials`);
    const url = new URL(base.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // A GET has no body: it signs the empty string.
    const headers: Record<string, string> = { accept: 'application/json', ...(signed && credentials ? authHeaders(credentials, '') : {}) };
    let response: Response;
    try {
      // redirect 'error': a redirect (to another origin, say) would carry userId and sign with it.
      response = await this.fetch(url, { method: 'GET', headers, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new CryptomusTimeoutError(`${what}: no reply within ${(this.timeoutMs / 1000).toFixed(1)} s`, { cause: error });
      }
      const cause = error instanceof Error && error.cause ? `: ${describe(error.cause)}` : '';
      throw new Error(`${what}: ${this.redact(describe(error) + cause)}`, { cause: error });
    }
    let text: string;
    try {
      text = await readText(response, MAX_REPLY_BYTES);
    } catch (error) {
      throw new Error(`${what}: reading the reply failed: ${this.redact(describe(error))}`, { cause: error });
    }
    const parsed = parseJson(text);
    if (!response.ok) throw new CryptomusHttpError(what, response.status, this.redact(serverMessage(parsed.ok ? parsed.value : null, text)));
    if (!parsed.ok) throw new CryptomusPayloadError(`${what}: the reply is not JSON`);
    return parsed.value;
  }

  /** Servers sometimes echo what they were sent; no credential may reach a message. */
  private redact(text: string): string {
    const c = this.options.credentials;
    let out = text;
    for (const secret of c ? [c.apiKey, c.userId] : []) if (secret.length >= 4) out = out.split(secret).join('***');
    return out;
  }
}

/** The payload of a reply: under `result` or `data`, or the reply itself. */
export function payload(json: unknown): unknown {
  if (!isObject(json)) return json;
  if (json.result !== undefined) return json.result;
  if (json.data !== undefined) return json.data;
  return json;
}

function serverMessage(json: unknown, text: string): string {
  if (isObject(json)) {
    if (typeof json.message === 'string' && json.message) return json.message.slice(0, 200);
    if (isObject(json.error) && typeof json.error.message === 'string') return json.error.message.slice(0, 200);
    if (isObject(json.errors)) {
      const first = Object.values(json.errors)[0];
      const msg = Array.isArray(first) ? first[0] : first;
      if (typeof msg === 'string') return msg.slice(0, 200);
    }
  }
  return text.trim().replace(/\s+/g, ' ').slice(0, 200);
}

function precision(value: unknown): number | null {
  const n = integerId(value); // a digit count, sent as a string or a number
  return n !== null && n <= 30 ? n : null;
}

export function parseMarket(value: unknown): MarketInfo | null {
  if (!isObject(value)) return null;
  const market = symbolToMarket(value.symbol);
  const pricePrecision = precision(value.quotePrec);
  const amountPrecision = precision(value.basePrec);
  if (!market || pricePrecision === null || amountPrecision === null) return null;
  const [base, quote] = market.slice('cryptomus:'.length).split('/') as [string, string];
  return { market, base, quote, pricePrecision, amountPrecision };
}
