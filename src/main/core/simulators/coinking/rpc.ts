// The simulator's JSON-RPC methods, one function each, with the ViaBTC server's manners: checks of
// the parameters (code 1), private methods refused before `server.auth` (code 6), a failed auth
// (code 11), and every `*.subscribe` replacing that type's earlier subscription.
import type { WebSocket } from 'ws';
import { DemoAccount } from './account';
import { DepthView } from './depth';
import type { SimMarket } from './market';

export interface SimClient {
  id: number;
  socket: WebSocket;
  authed: boolean;
  /** The account its key logged in as (a real server decides the user by the key). */
  account: DemoAccount | null;
  price: Set<string>;
  state: Set<string>;
  today: Set<string>;
  deals: Set<string>;
  depth: DepthView | null;
  kline: { market: string; interval: number } | null;
  orders: Set<string>;
  assets: Set<string>;
}

export interface SimContext {
  markets: Map<string, SimMarket>;
  /** The account a key logs in as, or null for a key the server does not know. */
  accountFor(token: string): DemoAccount | null;
  notify(client: SimClient, method: string, params: unknown[]): void;
}

/** A reply, or nothing at all (ViaBTC's answer to a method it does not know). */
export type Outcome = { result: unknown; then?: () => void } | { error: { code: number; message: string } } | null;

const INVALID = { error: { code: 1, message: 'invalid argument' } };
const AUTH_REQUIRED = { error: { code: 6, message: 'require authentication' } };
const AUTH_FAILED = { error: { code: 11, message: 'auth fail' } };
const SUCCESS = { result: { status: 'success' } };
const DEPTH_LIMITS = new Set([1, 5, 10, 20, 30, 50, 100]);

const isInt = (v: unknown, min = 0): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

type Handler = (ctx: SimContext, client: SimClient, params: unknown[]) => Outcome;

function market(ctx: SimContext, value: unknown): SimMarket | undefined {
  return typeof value === 'string' ? ctx.markets.get(value) : undefined;
}

function marketList(ctx: SimContext, params: unknown[]): string[] | null {
  return params.every((p) => typeof p === 'string' && ctx.markets.has(p)) ? (params as string[]) : null;
}

/** `*.subscribe` with a market list: the new list replaces the old one. */
function subscribeList(pick: (c: SimClient) => Set<string>, after?: (ctx: SimContext, c: SimClient, list: string[]) => void): Handler {
  return (ctx, client, params) => {
    const list = marketList(ctx, params);
    if (!list) return INVALID;
    const set = pick(client);
    set.clear();
    for (const m of list) set.add(m);
    return { ...SUCCESS, then: after ? () => after(ctx, client, list) : undefined };
  };
}

function unsubscribe(clear: (c: SimClient) => void): Handler {
  return (_ctx, client) => {
    clear(client);
    return SUCCESS;
  };
}

/** Private methods answer code 6 until the connection has authenticated. */
function authed(handler: (ctx: SimContext, client: SimClient, params: unknown[], account: DemoAccount) => Outcome): Handler {
  return (ctx, client, params) => (client.authed && client.account ? handler(ctx, client, params, client.account) : AUTH_REQUIRED);
}

function page<T>(list: T[], offset: number, limit: number): T[] {
  return list.slice(offset, offset + limit);
}

export const HANDLERS: Record<string, Handler> = {
  'server.ping': () => ({ result: 'pong' }),
  'server.time': () => ({ result: Math.floor(Date.now() / 1000) }),
  'server.auth': (ctx, client, [token, source]) => {
    if (typeof token !== 'string' || typeof source !== 'string') return INVALID;
    const account = ctx.accountFor(token);
    if (!account) return AUTH_FAILED;
    client.authed = true;
    client.account = account;
    return SUCCESS;
  },

  'kline.query': (ctx, _client, [name, start, end, interval]) => {
    const m = market(ctx, name);
    if (!m || !isInt(start) || !isInt(end) || !isInt(interval, 60) || interval % 60 !== 0) return INVALID;
    const series = m.kline(interval);
    return { result: series.range(start, end).map((c) => series.row(c)) };
  },
  'kline.subscribe': (ctx, client, [name, interval]) => {
    const m = market(ctx, name);
    if (!m || !isInt(interval, 60) || interval % 60 !== 0) return INVALID;
    m.kline(interval); // start following it; ViaBTC sends no history on subscribe
    client.kline = { market: m.name, interval };
    return SUCCESS;
  },
  'kline.unsubscribe': unsubscribe((c) => (c.kline = null)),

  'price.query': (ctx, _client, [name]) => {
    const m = market(ctx, name);
    return m ? { result: m.walk.price() } : INVALID;
  },
  'price.subscribe': subscribeList((c) => c.price),
  'price.unsubscribe': unsubscribe((c) => c.price.clear()),

  'state.query': (ctx, _client, [name, period]) => {
    const m = market(ctx, name);
    return m && isInt(period, 1) && period <= 30 * 86_400 ? { result: m.walk.state(period) } : INVALID;
  },
  // ViaBTC answers a state subscription with the current state of each market.
  'state.subscribe': subscribeList(
    (c) => c.state,
    (ctx, c, list) => list.forEach((m) => ctx.notify(c, 'state.update', [m, ctx.markets.get(m)!.walk.state()])),
  ),
  'state.unsubscribe': unsubscribe((c) => c.state.clear()),

  'today.query': (ctx, _client, [name]) => {
    const m = market(ctx, name);
    return m ? { result: m.todayState() } : INVALID;
  },
  'today.subscribe': subscribeList(
    (c) => c.today,
    (ctx, c, list) => list.forEach((m) => ctx.notify(c, 'today.update', [m, ctx.markets.get(m)!.todayState()])),
  ),
  'today.unsubscribe': unsubscribe((c) => c.today.clear()),

  'deals.query': (ctx, _client, [name, limit, lastId]) => {
    const m = market(ctx, name);
    if (!m || !isInt(limit, 1) || limit > 1000 || !isInt(lastId)) return INVALID;
    return { result: m.recentDeals(limit, lastId) };
  },
  // A deals subscription starts with the market's recent deals.
  'deals.subscribe': subscribeList(
    (c) => c.deals,
    (ctx, c, list) => list.forEach((m) => ctx.notify(c, 'deals.update', [m, ctx.markets.get(m)!.recentDeals(100)])),
  ),
  'deals.unsubscribe': unsubscribe((c) => c.deals.clear()),

  'depth.query': (ctx, _client, [name, limit, interval]) => {
    const m = market(ctx, name);
    if (!m || !isInt(limit) || !DEPTH_LIMITS.has(limit) || interval !== '0') return INVALID;
    return { result: new DepthView(m.name, limit, interval).snapshot(m.depth) };
  },
  // One depth subscription per connection; it starts with a clean (full) push.
  'depth.subscribe': (ctx, client, [name, limit, interval]) => {
    const m = market(ctx, name);
    if (!m || !isInt(limit) || !DEPTH_LIMITS.has(limit) || interval !== '0') return INVALID;
    const view = new DepthView(m.name, limit, interval);
    client.depth = view;
    return { ...SUCCESS, then: () => client.depth === view && ctx.notify(client, 'depth.update', [true, view.snapshot(m.depth), m.name]) };
  },
  'depth.unsubscribe': unsubscribe((c) => (c.depth = null)),

  'order.query': authed((ctx, _client, [name, offset, limit], account) => {
    const m = market(ctx, name);
    if (!m || !isInt(offset) || !isInt(limit, 1) || limit > 100) return INVALID;
    const all = account.openOrders(m.name);
    const records = page(all, offset, limit).map((o) => DemoAccount.wire(o, account.userId));
    return { result: { offset, limit, total: all.length, records } };
  }),
  // ViaBTC's readhistory checks no market list: an unknown market has simply no history.
  'order.history': authed((_ctx, _client, [name, start, end, offset, limit, side], account) => {
    if (typeof name !== 'string' || name.length === 0 || name.length > 32) return INVALID;
    if (!isInt(start) || !isInt(end) || !isInt(offset) || !isInt(limit, 1) || limit > 100) return INVALID;
    if (side !== 0 && side !== 1 && side !== 2) return INVALID;
    const records = page(account.history(name, start, end, side), offset, limit).map((o) => DemoAccount.wire(o, account.userId));
    return { result: { offset, limit, records } };
  }),
  // accessws keeps the names it is given without checking them (ViaBTC): unknown markets are fine.
  'order.subscribe': authed((_ctx, client, params) => {
    if (!params.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 32)) return INVALID;
    client.orders = new Set(params as string[]);
    return SUCCESS;
  }),
  'order.unsubscribe': authed(unsubscribe((c) => c.orders.clear())),

  'asset.query': authed((_ctx, _client, params, account) => {
    if (!params.every((p) => typeof p === 'string')) return INVALID;
    return { result: account.assets(params as string[]) };
  }),
  'asset.history': authed((_ctx, _client, [asset, business, start, end, offset, limit], account) => {
    if ((asset !== null && typeof asset !== 'string') || (business !== null && typeof business !== 'string')) return INVALID;
    if (!isInt(start) || !isInt(end) || !isInt(offset) || !isInt(limit, 1) || limit > 100) return INVALID;
    return { result: { offset, limit, records: page(account.assetHistory(asset, business, start, end), offset, limit) } };
  }),
  'asset.subscribe': authed((_ctx, client, params) => {
    if (!params.every((p) => typeof p === 'string' && p.length > 0 && p.length < 16)) return INVALID;
    client.assets = new Set(params as string[]);
    return SUCCESS;
  }),
  'asset.unsubscribe': authed(unsubscribe((c) => c.assets.clear())),
};
