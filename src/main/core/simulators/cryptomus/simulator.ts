// A Cryptomus server for demo mode and tests, on 127.0.0.1 at a random port: the REST API (token,
// market list, symbol scales, balance, open orders, order history) and the WebSocket at /ws?token=…
// It keeps the real server's manners (docs/protocols.md, section 1):
// - REST calls of the account are signed: `userId` header and sign = md5(base64(body) + apiKey);
// - a token works once and for 5 minutes; a used, unknown or expired one gets HTTP 401 on upgrade;
// - a socket is closed after 60 s without a request (timed on an injectable clock), and on invalid JSON;
// - subscribing to a type again replaces that type's subscription; `all` follows everything;
// - unsubscribe acknowledgements carry no `method`; private events carry their id as a string.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Big from 'big.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock, type Clock, type TimerHandle } from '../../connection/clock';
import { DEMO_MARKETS, RandomWalkMarket, seededRandom, type SimMarketSpec } from '../random-walk';
import { isObject, parseJson } from '../../wire/json';
import { SimAccount, type AccountEvent } from './account';
import { SimBook } from './book';

/** The demo account's keys: not secret, they open nothing but the simulator. */
// The server's own constants, spelled from the protocol notes, never taken from the adapter.
const TOKEN_PATH = '/v2/user-api/exchange/account/web-socket/token';
const MARKETS_PATH = '/v1/exchange/market';
const SCALES_PATH = '/api/v2/symbol-scales';
const BALANCE_PATH = '/v2/user-api/exchange/account/balance';
const ORDERS_PATH = '/v2/user-api/exchange/orders';
const HISTORY_PATH = '/v2/user-api/exchange/orders/history';

export interface CryptomusCredentials {
  userId: string;
  apiKey: string;
}

/** Cryptomus's request signature: md5 of the base64 of the body text, followed by the API key. */
function signBody(body: string, apiKey: string): string {
  return createHash('md5').update(Buffer.from(body, 'utf8').toString('base64') + apiKey, 'utf8').digest('hex');
}

export const DEMO_CREDENTIALS: CryptomusCredentials = { userId: '5d0c1a9e-demo-4a6e-9c1b-vigil0000001', apiKey: 'vigil-demo-api-key' };

export const TOKEN_TTL_MS = 5 * 60_000;
export const IDLE_CLOSE_MS = 60_000;

const CHANNELS = ['lastprice', 'ticker', 'trade', 'depth', 'order', 'balance', 'deal'] as const;
type Channel = (typeof CHANNELS)[number];

export interface CryptomusSimulatorOptions {
  port?: number;
  markets?: SimMarketSpec[];
  /** How often each market may trade (real time). */
  tickMs?: number;
  /** The chance each market trades on a tick (default 0.5; the UI benchmark uses 1: 10 Hz per row). */
  tradeProbability?: number;
  /** How often the demo account acts (places, fills, cancels); 0: only when a test says so. */
  accountMs?: number;
  credentials?: CryptomusCredentials[];
  /** Seeds the books and the account (default: the time). */
  seed?: number;
  /** Picks the demo world (prices, candles, volume); simulators with the same one agree. Default: the demo world. */
  worldSeed?: number;
  /** Times tokens, idle sockets, event timestamps and the market itself. */
  clock?: Clock;
  /**
   * Deliver the private events of each account action in a random order (deal before or after its
   * order update, balances anywhere): the real server promises no order across channels.
   */
  shufflePrivate?: boolean;
}

interface Client {
  socket: WebSocket;
  subs: Map<Channel, Set<string> | 'all'>;
  idle: TimerHandle | null;
  eventId: number;
}

export interface WsRequest {
  method: string;
  params: unknown;
}

export interface CryptomusSimulator {
  /** Base URL of every REST endpoint (api, api-app and exchange-ws hosts are all this one). */
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly endpoints: { cryptomusApi: string; cryptomusMarket: string; cryptomusScales: string; cryptomusWs: string };
  /** WebSocket requests in arrival order, across all connections. */
  readonly received: WsRequest[];
  /** REST requests: path and the status answered. */
  readonly http: { path: string; status: number }[];
  /** Upgrades refused for a bad token. */
  readonly refusedUpgrades: number;
  readonly account: SimAccount;
  connectionCount(): number;
  /** Drops every client connection, as a server restart would. */
  dropAll(): void;
  /** Answers the token endpoint with this status (500: an outage), or normally again (null). */
  failTokens(status: number | null): void;
  /** Sends raw text to every client (for malformed-frame tests). */
  pushRaw(text: string): void;
  /** Trades once in a market now, as a tick would. */
  trade(symbol: string): void;
  /** The market's last price. */
  price(symbol: string): string;
  /** Refuses subscriptions that name these symbols (status "failed", as for a delisted market). */
  refuseSubscriptions(symbols: string[]): void;
  /** Holds private events from now on, until `release` sends them in the order it is given. */
  holdPrivate(): void;
  /** The held private events (method and data), in the order they happened. */
  heldPrivate(): { method: string; data: unknown }[];
  /** Sends the held events in this order of their indexes (default: as they happened), stops holding. */
  releasePrivate(order?: number[]): void;
  close(): Promise<void>;
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export async function startCryptomusSimulator(options: CryptomusSimulatorOptions = {}): Promise<CryptomusSimulator> {
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? Date.now());
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const credentials = options.credentials ?? [DEMO_CREDENTIALS];
  const specs = options.markets ?? DEMO_MARKETS;
  const markets = new Map<string, RandomWalkMarket>();
  for (const spec of specs) {
    markets.set(`${spec.base}_${spec.quote}`, new RandomWalkMarket(spec, { venue: 'cryptomus', seed: options.worldSeed, now: () => clock.now() }));
  }
  const tokens = new Map<string, { issuedAt: number; used: boolean }>();
  const clients = new Set<Client>();
  const books = new Map<string, SimBook>();
  const received: WsRequest[] = [];
  const http: { path: string; status: number }[] = [];
  let refusedUpgrades = 0;
  /** Listed symbols whose subscriptions are refused (delisted, say). */
  const refusedSymbols = new Set<string>();
  let tokenFailure: number | null = null;

  const scalesOf = (symbol: string): Big[] => {
    const p = markets.get(symbol)!.spec.pricePrecision;
    const tick = new Big(1).div(new Big(10).pow(p));
    return [tick, tick.times(10), tick.times(100)];
  };

  // ---- events ----

  const wants = (c: Client, channel: Channel, key: string) => {
    const s = c.subs.get(channel);
    return s === 'all' || (s !== undefined && s.has(key));
  };
  const publish = (channel: Channel, key: string, method: string, data: unknown, privateEvent = false) => {
    for (const c of clients) {
      if (!wants(c, channel, key)) continue;
      // The seed's private events carry string ids ("1", "4"); public ones carry 0.
      send(c.socket, { id: privateEvent ? String(++c.eventId) : 0, method, data, error: null });
    }
  };
  let held: AccountEvent[] | null = null;
  let batch: AccountEvent[] | null = null;
  const deliver = (e: AccountEvent) => publish(e.channel, e.key, e.method, e.data, true);
  const account = new SimAccount(
    random,
    nowSeconds,
    (e: AccountEvent) => {
      if (held) return void held.push(e);
      if (!options.shufflePrivate) return deliver(e);
      // One account action's events leave together, in a random order, right after the action.
      if (!batch) {
        batch = [];
        queueMicrotask(() => {
          const list = batch!;
          batch = null;
          for (let i = list.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [list[i], list[j]] = [list[j]!, list[i]!];
          }
          for (const x of list) deliver(x);
        });
      }
      batch.push(e);
    },
    { USDT: '25000', BTC: '0.35', ETH: '4.2', SOL: '60', TRX: '12000' },
  );

  const tickerData = (symbol: string) => {
    const m = markets.get(symbol)!;
    const s = m.state();
    const change = new Big(s.last).minus(s.open).div(s.open).times(100).toFixed(2);
    return { symbol, timestamp: nowSeconds(), price: s.last, open: s.open, high: s.high, low: s.low, volume: s.volume, quote_volume: s.deal, price_change: change };
  };

  const book = (symbol: string, index: number): SimBook => {
    const key = `${symbol}:${index}`;
    let b = books.get(key);
    if (!b) {
      const scale = scalesOf(symbol)[index]!;
      const digits = Math.max(0, markets.get(symbol)!.spec.pricePrecision - index);
      // Coarser scales gather more orders per level.
      books.set(key, (b = new SimBook(scale, digits, random, markets.get(symbol)!.path.minuteVolume * 10 ** index)));
      b.refresh(markets.get(symbol)!.price());
    }
    return b;
  };
  const depthEvent = (symbol: string, index: number, fullReload: boolean, levels: { bids: unknown[]; asks: unknown[] }) => ({
    symbol,
    timestamp: nowSeconds(),
    full_reload: fullReload,
    scale_index: index,
    asks: levels.asks,
    bids: levels.bids,
  });

  const tradeOnce = (symbol: string) => {
    const m = markets.get(symbol)!;
    const t = m.step();
    const ts = nowSeconds();
    // Trades are JSON numbers on this channel, unlike every other price.
    publish('trade', symbol, 'trade_update', {
      symbol,
      timestamp: ts,
      trades: [{ price: Number(t.price), quantity: Number(t.amount), timestamp: ts, direction: t.side }],
    });
    publish('lastprice', symbol, 'lastprice_update', { symbol, timestamp: ts, price: t.price });
    for (let index = 0; index < 3; index++) {
      const key = `${symbol}:${index}`;
      // `all` follows every market at its finest scale (index 0), as its full reload did.
      const followers = [...clients].filter((c) => {
        const s = c.subs.get('depth');
        return s === 'all' ? index === 0 : s?.has(key) === true;
      });
      if (followers.length === 0) continue;
      const delta = book(symbol, index).refresh(t.price);
      if (delta.bids.length + delta.asks.length === 0) continue;
      for (const c of followers) send(c.socket, { id: 0, method: 'depth_update', data: depthEvent(symbol, index, false, delta), error: null });
    }
  };

  // ---- WebSocket requests ----

  const error = (code: number, message: string) => ({ code, message });
  const reply = (c: Client, id: unknown, method: string | null, data: unknown, err: unknown = null) =>
    send(c.socket, method ? { id, method, data, error: err } : { id, data, error: err });

  function validKey(channel: Channel, key: string): boolean {
    if (channel === 'balance') return /^[A-Z0-9]{1,20}$/.test(key);
    if (channel === 'depth') {
      const [symbol, index] = key.split(':');
      return !!symbol && markets.has(symbol) && /^[0-2]$/.test(index ?? '');
    }
    return markets.has(key);
  }

  function handle(c: Client, id: unknown, method: string, params: unknown[]): void {
    if (method === 'ping') return reply(c, id, 'pong', null);
    const m = /^([a-z]+)_(subscribe|unsubscribe)$/.exec(method);
    const channel = m && (CHANNELS as readonly string[]).includes(m[1]!) ? (m[1] as Channel) : null;
    if (!m || !channel) return reply(c, id, method, null, error(2, `Unknown method ${method}`));
    if (!params.every((p) => typeof p === 'string')) return reply(c, id, method, null, error(1, 'Invalid message format'));
    const keys = params as string[];
    const all = keys.includes('all');
    const bad = all ? undefined : keys.find((k) => !validKey(channel, k) || refusedSymbols.has(k.split(':')[0]!));
    // The seed: every subscribe answers with a status; a refusal is `{"status":"failed"}` with error null.
    if (bad !== undefined) return reply(c, id, method, { status: 'failed' }, null);
    if (m[2] === 'unsubscribe') {
      const held = c.subs.get(channel);
      if (all || keys.length === 0 || held === 'all') c.subs.delete(channel);
      else if (held) for (const k of keys) held.delete(k);
      return reply(c, id, null, { status: 'success' }); // no `method` on unsubscribe acknowledgements
    }
    // A new subscription of a type replaces the previous one.
    c.subs.set(channel, all ? 'all' : new Set(keys));
    reply(c, id, method, { status: 'success' });
    if (channel === 'depth') {
      const list = all ? [...markets.keys()].map((s) => `${s}:0`) : keys;
      for (const key of list) {
        const [symbol, index] = key.split(':') as [string, string];
        send(c.socket, { id: 0, method: 'depth_update', data: depthEvent(symbol, Number(index), true, book(symbol, Number(index)).snapshot()), error: null });
      }
    }
    if (channel === 'ticker') {
      for (const symbol of all ? markets.keys() : keys) send(c.socket, { id: 0, method: 'ticker_update', data: tickerData(symbol), error: null });
    }
  }

  const armIdle = (c: Client) => {
    clock.clearTimeout(c.idle);
    c.idle = clock.setTimeout(() => c.socket.close(1000, 'no request for 60 s'), IDLE_CLOSE_MS);
  };

  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket: WebSocket) => {
    const c: Client = { socket, subs: new Map(), idle: null, eventId: 0 };
    clients.add(c);
    armIdle(c);
    socket.on('close', () => {
      clock.clearTimeout(c.idle);
      clients.delete(c);
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      const parsed = isBinary ? ({ ok: false } as const) : parseJson(data.toString());
      // Invalid JSON ends the connection, as the seed warns.
      if (!parsed.ok) return socket.close(1003, 'invalid JSON');
      armIdle(c); // any request counts as activity
      const v = parsed.value;
      if (!isObject(v) || typeof v.method !== 'string' || !Array.isArray(v.params) || !(typeof v.id === 'number' && Number.isInteger(v.id))) {
        return reply(c, isObject(v) ? (v.id ?? null) : null, null, null, error(1, 'Invalid message format'));
      }
      received.push({ method: v.method, params: v.params });
      handle(c, v.id, v.method, v.params);
    });
  });

  // ---- REST ----

  const json = (res: ServerResponse, path: string, status: number, body: unknown) => {
    http.push({ path, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  /** Checks the signed headers; answers and returns false when they are wrong. */
  function authorised(req: IncomingMessage, res: ServerResponse, path: string, body: string): boolean {
    const userId = req.headers['userid'];
    const sign = req.headers['sign'];
    const account = credentials.find((c) => c.userId === userId);
    if (!account) {
      // Echoes the id it was sent, as servers do: the client must keep it out of its messages.
      json(res, path, 404, { state: 1, message: `User ${typeof userId === 'string' ? userId.slice(0, 64) : ''} not found` });
      return false;
    }
    if (typeof sign !== 'string' || sign !== signBody(body, account.apiKey)) {
      json(res, path, 401, { state: 1, message: 'Invalid sign' });
      return false;
    }
    return true;
  }

  function paged<T>(list: T[], url: URL): T[] {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    return list.slice(offset, offset + limit);
  }

  function route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (req.method !== 'GET') return json(res, path, 405, { state: 1, message: 'Method not allowed' });
    switch (path) {
      case TOKEN_PATH: {
        if (!authorised(req, res, path, body)) return;
        if (tokenFailure !== null) return json(res, path, tokenFailure, { state: 1, message: 'Internal server error' });
        const token = randomBytes(32).toString('hex');
        tokens.set(token, { issuedAt: clock.now(), used: false });
        return json(res, path, 200, { token });
      }
      case MARKETS_PATH:
        return json(res, path, 200, {
          result: specs.map((s) => ({
            id: account.newId(),
            symbol: `${s.base}_${s.quote}`,
            baseCurrency: s.base,
            quoteCurrency: s.quote,
            baseMinSize: '0.0000100000000000',
            quoteMinSize: '0.1000000000000000',
            baseMaxSize: '10000000000.0000000000000000',
            quoteMaxSize: '99999999.0000000000000000',
            basePrec: '6',
            quotePrec: String(s.pricePrecision),
            baseCurrencyFullName: s.base,
            quoteCurrencyFullName: s.quote,
          })),
        });
      case SCALES_PATH: {
        const symbol = url.searchParams.get('symbol') ?? '';
        if (!markets.has(symbol)) return json(res, path, 404, { status: 'error', message: 'Symbol not found', data: null });
        const data = scalesOf(symbol).map((scale, index) => ({ scale: scale.toFixed(), index }));
        return json(res, path, 200, { status: 'success', message: 'success', data });
      }
      case BALANCE_PATH: {
        if (!authorised(req, res, path, body)) return;
        const result = [...account.balances].map(([ticker, w]) => ({ ticker, available: w.available.toFixed(8), held: w.held.toFixed(8) }));
        return json(res, path, 200, { state: 0, result });
      }
      case ORDERS_PATH: {
        if (!authorised(req, res, path, body)) return;
        const market = url.searchParams.get('market');
        const open = [...account.open.values()].filter((o) => !market || o.symbol === market).reverse();
        return json(res, path, 200, { state: 0, result: paged(open, url).map((o) => account.restOrder(o, false)) });
      }
      case HISTORY_PATH: {
        if (!authorised(req, res, path, body)) return;
        const market = url.searchParams.get('market');
        // Newest CREATED first: the API promises no order, and finish order is what a client would assume.
        const done = account.history.filter((o) => !market || o.symbol === market).sort((a, b) => b.createTs - a.createTs);
        return json(res, path, 200, { state: 0, result: paged(done, url).map((o) => account.restOrder(o, true)) });
      }
      default:
        return json(res, path, 404, { state: 1, message: 'Not found' });
    }
  }

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => route(req, res, body));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    const entry = tokens.get(token);
    const valid = url.pathname === '/ws' && entry && !entry.used && clock.now() - entry.issuedAt < TOKEN_TTL_MS;
    if (!valid) {
      refusedUpgrades++;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"Invalid token"}');
      return;
    }
    entry.used = true; // one successful connection per token
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  // ---- the market and the account moving ----

  const tickMs = options.tickMs ?? 300;
  const tradeProbability = options.tradeProbability ?? 0.5;
  const trading = setInterval(() => {
    for (const symbol of markets.keys()) if (random() < tradeProbability) tradeOnce(symbol);
  }, tickMs);
  const tickers = setInterval(() => {
    for (const symbol of markets.keys()) publish('ticker', symbol, 'ticker_update', tickerData(symbol));
  }, 1_000);
  const accountMs = options.accountMs ?? 2_000;
  const acting = accountMs > 0 ? setInterval(() => actRandomly(), accountMs) : null;

  /** The demo account trades: places orders near the market, fills them in parts, cancels some. */
  function actRandomly(): void {
    const open = [...account.open.values()];
    const roll = random();
    if (open.length > 0 && roll < 0.55) {
      const o = open[Math.floor(random() * open.length)]!;
      const left = o.quantity.minus(o.filledQuantity);
      account.fill(o.id, random() < 0.5 ? left.toFixed() : left.div(2).toFixed(6));
    } else if (open.length > 0 && roll < 0.65) {
      account.cancel(open[0]!.id);
    } else if (open.length < 5) {
      const symbols = [...markets.keys()].filter((s) => s.endsWith('_USDT'));
      const symbol = symbols[Math.floor(random() * symbols.length)]!;
      const m = markets.get(symbol)!;
      const buy = random() < 0.5;
      const price = new Big(m.price()).times(buy ? 0.999 : 1.001).toFixed(m.spec.pricePrecision);
      const budget = new Big(50 + Math.floor(random() * 200));
      const quantity = budget.div(price).toFixed(6);
      account.place(symbol, buy ? 'buy' : 'sell', price, quantity);
    }
  }

  const port = (server.address() as AddressInfo).port;
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  return {
    httpUrl,
    wsUrl,
    endpoints: { cryptomusApi: httpUrl, cryptomusMarket: httpUrl, cryptomusScales: httpUrl, cryptomusWs: wsUrl },
    received,
    http,
    get refusedUpgrades() {
      return refusedUpgrades;
    },
    account,
    connectionCount: () => clients.size,
    dropAll() {
      for (const c of clients) c.socket.terminate();
    },
    failTokens(status) {
      tokenFailure = status;
    },
    pushRaw(text) {
      for (const c of clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
    },
    trade: (symbol) => tradeOnce(symbol),
    refuseSubscriptions(symbols) {
      refusedSymbols.clear();
      for (const s of symbols) refusedSymbols.add(s);
    },
    holdPrivate() {
      held ??= [];
    },
    heldPrivate: () => (held ?? []).map((e) => ({ method: e.method, data: e.data })),
    releasePrivate(order) {
      const list = held ?? [];
      held = null;
      for (const i of order ?? list.map((_, i) => i)) if (list[i]) deliver(list[i]!);
    },
    price: (symbol) => markets.get(symbol)!.price(),
    async close() {
      clearInterval(trading);
      clearInterval(tickers);
      if (acting) clearInterval(acting);
      for (const c of clients) {
        clock.clearTimeout(c.idle);
        c.socket.terminate();
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
