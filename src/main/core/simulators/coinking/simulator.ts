// A CoinKing (ViaBTC JSON-RPC) server for demo mode and tests: a real WebSocket server on 127.0.0.1
// with random-walk markets, and the market summary over HTTP on the same port. It keeps the server's
// real manners (docs/protocols.md, section 3): no reply to an unknown method, the socket closed on
// non-JSON input, a non-integer id or non-array params, every subscribe replacing the earlier
// subscription of its type, no history on kline.subscribe, depth diffs that never report levels
// pushed below the limit, a periodic clean depth snapshot, and private methods behind server.auth.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock, type Clock } from '../../connection/clock';
import { DEMO_MARKETS, seededRandom, type SimMarketSpec } from '../random-walk';
import { isObject, parseJson } from '../../wire/json';
import { DemoAccount, type SimOrder } from './account';
import { SimMarket } from './market';
import { HANDLERS, type SimClient, type SimContext } from './rpc';
import { summaryBody } from './summary';

// The server's own constants, from the protocol notes: the market summary's path, and ViaBTC's
// market names (base and quote glued, "BTCUSDT").
const SUMMARY_PATH = '/api/api/summary';
const wireMarket = (base: string, quote: string): string => `${base}${quote}`;
/** A key a demo user may open an account with: printable, no white space, of a sane length. */
const OPEN_KEY = /^[\x21-\x7e]{8,128}$/;
const MAX_ACCOUNTS = 16;
const SUB_ACCOUNT_SCALE = '0.2';

export interface CoinKingSimulatorOptions {
  port?: number;
  markets?: SimMarketSpec[];
  /** How often each market may trade. */
  tickMs?: number;
  /** The chance that a market trades on a tick (default 0.6; the UI benchmark uses 1 for 10 Hz rows). */
  tradeProbability?: number;
  /** Told of every price pushed, with the send time (ms): the UI benchmark's feed-to-DOM latency. */
  onPrice?: (market: string, price: string, sentAt: number) => void;
  /**
   * API keys that `server.auth` accepts; each is its own user with its own balances and orders (the
   * first is `account`), as on a real server, where the key decides the account.
   */
  tokens?: string[];
  /**
   * Demo: a well-formed key that starts with this prefix (e.g. "demo-") and is not listed opens a new
   * account of its own on first use, so a demo user can add a second account with a key of their
   * choice. Any other unknown key fails (code 11), as on the real server.
   */
  openAccounts?: string;
  /** Seeds the book, the account and the trade timing (default: the time). */
  seed?: number;
  /** Picks the demo world (prices, candles, volume); simulators with the same one agree. Default: the demo world. */
  worldSeed?: number;
  /** Market time: trades, candles and the 24 h figures follow it (a test may drive it). */
  clock?: Clock;
  /** How often every depth subscriber gets a clean (full) snapshot; the real server: 60 s. */
  depthSnapshotMs?: number;
  /** How often changed 24 h state and today's numbers are pushed; the real server batches by the second. */
  statePushMs?: number;
  /** How often the demo user's orders move (place, fill, cancel); off unless set. */
  accountMs?: number;
  /** Finished orders the demo user starts with. */
  historyOrders?: number;
}

export interface SimRequest {
  /** Which connection (1, 2, … in the order they opened). */
  conn: number;
  method: string;
  /** The parameters, with the API key of `server.auth` masked. */
  params: unknown[];
}

export interface CoinKingSimulator {
  readonly url: string;
  /** The HTTP base URL (the summary is at {apiUrl}/api/api/summary). */
  readonly apiUrl: string;
  /** Every request the simulator received, in order (method names), for tests. */
  readonly received: string[];
  /** The same, with the connection each came on. */
  readonly requests: SimRequest[];
  readonly markets: Map<string, SimMarket>;
  /** The first key's account. */
  readonly account: DemoAccount;
  /** The account a key logs in as (null: the key fails). */
  accountFor(token: string): DemoAccount | null;
  connectionCount(): number;
  /** Drops every client connection, as a server restart would. */
  dropAll(): void;
  /** Refuses new connections (HTTP 503) until called with false: an outage. */
  refuseConnections(refuse: boolean): void;
  /** Stops trading and pushing (a silent but open server), or resumes. */
  setSilent(silent: boolean): void;
  /** Makes one market trade now and pushes what follows from it. */
  trade(market: string): void;
  /** Changes one market's book at random until `pushes` depth diffs went out; returns how many did. */
  churnDepth(market: string, pushes: number): number;
  /** Sends every depth subscriber a clean snapshot now (what the periodic timer does). */
  sendDepthSnapshots(): void;
  /** Sends raw text to every client (hostile-size frames for the main-process benchmark). */
  pushRaw(text: string): void;
  close(): Promise<void>;
}

const MAX_LOGGED = 20_000;

export async function startCoinKingSimulator(options: CoinKingSimulatorOptions = {}): Promise<CoinKingSimulator> {
  const random = seededRandom(options.seed ?? Date.now());
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now();
  const nowSeconds = () => clock.now() / 1000;
  let dealId = 1_000_000;
  const markets = new Map<string, SimMarket>();
  for (const spec of options.markets ?? DEMO_MARKETS) {
    const name = wireMarket(spec.base, spec.quote);
    markets.set(name, new SimMarket(name, spec, random, () => ++dealId, nowMs, options.worldSeed));
  }
  const clients = new Set<SimClient>();
  const received: string[] = [];
  const requests: SimRequest[] = [];
  let silent = false;
  let refusing = false;
  let nextConn = 0;

  const send = (client: SimClient, message: unknown) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };
  const notify = (client: SimClient, method: string, params: unknown[]) => send(client, { method, params, id: null });

  /** One account per key, created on the key's first use, bounded (keys are the server's, or a demo user's). */
  const accounts = new Map<string, DemoAccount>();
  let nextOrderId = 5_000_000;
  const openAccount = (): DemoAccount => {
    const index = accounts.size;
    const created: DemoAccount = new DemoAccount(
      markets,
      random,
      nowSeconds,
      {
        order(event, order: SimOrder) {
          const wire = DemoAccount.pushed(order, created.userId);
          for (const c of clients) if (c.account === created && c.orders.has(order.market)) notify(c, 'order.update', [event, wire]);
        },
        assets(changed) {
          for (const c of clients) {
            if (c.account !== created) continue;
            const mine = changed.filter((a) => c.assets.has(a));
            if (mine.length) notify(c, 'asset.update', [created.assets(mine)]);
          }
        },
      },
      // Every further account starts smaller, so two accounts are told apart at a glance.
      { userId: 1001 + index, scale: index === 0 ? '1' : SUB_ACCOUNT_SCALE, nextOrderId: () => nextOrderId++ },
    );
    created.seedHistory(options.historyOrders ?? 12);
    return created;
  };
  const tokens = options.tokens ?? [];
  const account = openAccount();
  if (tokens[0] !== undefined) accounts.set(tokens[0], account);
  for (const t of tokens.slice(1)) if (!accounts.has(t)) accounts.set(t, openAccount());
  const accountFor = (token: string): DemoAccount | null => {
    const known = accounts.get(token);
    if (known) return known;
    const prefix = options.openAccounts;
    if (!prefix || !token.startsWith(prefix) || !OPEN_KEY.test(token) || accounts.size >= MAX_ACCOUNTS) return null;
    const created = openAccount();
    accounts.set(token, created);
    return created;
  };
  const ctx: SimContext = { markets, accountFor, notify };

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === SUMMARY_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(summaryBody(markets.values())));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  const server = new WebSocketServer({
    server: http,
    verifyClient: (_info, done) => (refusing ? done(false, 503) : done(true)),
  });
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve);
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1');
  });

  function handle(client: SimClient, id: number, method: string, params: unknown[]): void {
    received.push(method);
    requests.push({ conn: client.id, method, params: method === 'server.auth' ? ['***', ...params.slice(1)] : params });
    // A demo runs for hours: keep the request log bounded.
    if (requests.length > MAX_LOGGED) {
      received.splice(0, MAX_LOGGED / 2);
      requests.splice(0, MAX_LOGGED / 2);
    }
    const handler = HANDLERS[method];
    if (!handler) return; // ViaBTC sends no reply at all to a method it does not know
    const outcome = handler(ctx, client, params);
    if (!outcome) return;
    if ('error' in outcome) return send(client, { error: outcome.error, result: null, id });
    send(client, { error: null, result: outcome.result, id });
    outcome.then?.();
  }

  server.on('connection', (socket: WebSocket) => {
    const client: SimClient = {
      id: ++nextConn,
      socket,
      authed: false,
      account: null,
      price: new Set(),
      state: new Set(),
      today: new Set(),
      deals: new Set(),
      depth: null,
      kline: null,
      orders: new Set(),
      assets: new Set(),
    };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      const parsed = isBinary ? { ok: false as const } : parseJson(data.toString());
      if (!parsed.ok || !isObject(parsed.value)) return socket.close(1003, 'invalid message');
      const { id, method, params } = parsed.value;
      if (typeof id !== 'number' || !Number.isInteger(id) || typeof method !== 'string' || !Array.isArray(params)) {
        return socket.close(1003, 'invalid request');
      }
      handle(client, id, method, params);
    });
  });

  function pushDepthDiffs(m: SimMarket): boolean {
    let pushed = false;
    for (const c of clients) {
      if (c.depth?.market !== m.name) continue;
      const diff = c.depth.diff(m.depth);
      if (diff) {
        notify(c, 'depth.update', [false, diff, m.name]);
        pushed = true;
      }
    }
    return pushed;
  }

  const dirty = new Set<string>();
  function tradeOnce(m: SimMarket): void {
    const deal = m.trade();
    m.depth.churn(Number(deal.price));
    dirty.add(m.name);
    options.onPrice?.(m.name, deal.price, Date.now());
    for (const c of clients) {
      if (c.price.has(m.name)) notify(c, 'price.update', [m.name, deal.price]);
      if (c.deals.has(m.name)) notify(c, 'deals.update', [m.name, [deal]]);
      if (c.kline?.market === m.name) {
        const series = m.kline(c.kline.interval);
        notify(c, 'kline.update', [series.row(series.last())]);
      }
    }
    pushDepthDiffs(m);
  }

  function sendDepthSnapshots(): void {
    for (const c of clients) {
      const m = c.depth ? markets.get(c.depth.market) : undefined;
      if (c.depth && m) notify(c, 'depth.update', [true, c.depth.snapshot(m.depth), m.name]);
    }
  }

  // Trading: each tick, every market trades with some probability. The 24 h state and today's
  // numbers are pushed in batches (once a second by default), as the real server does.
  const timers = [
    setInterval(() => {
      if (silent) return;
      const p = options.tradeProbability ?? 0.6;
      for (const m of markets.values()) if (random() <= p) tradeOnce(m);
    }, options.tickMs ?? 250),
    setInterval(() => {
      if (silent) return;
      for (const name of dirty) {
        const m = markets.get(name)!;
        for (const c of clients) {
          if (c.state.has(name)) notify(c, 'state.update', [name, m.walk.state()]);
          if (c.today.has(name)) notify(c, 'today.update', [name, m.todayState()]);
        }
      }
      dirty.clear();
    }, options.statePushMs ?? 1000),
    setInterval(() => !silent && sendDepthSnapshots(), options.depthSnapshotMs ?? 60_000),
  ];
  if (options.accountMs) timers.push(setInterval(() => !silent && new Set([account, ...accounts.values()]).forEach((a) => a.step()), options.accountMs));

  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${port}`,
    received,
    requests,
    markets,
    account,
    accountFor,
    connectionCount: () => clients.size,
    dropAll() {
      for (const c of clients) c.socket.terminate();
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    setSilent(value) {
      silent = value;
    },
    trade(name) {
      const m = markets.get(name);
      if (m) tradeOnce(m);
    },
    churnDepth(name, pushes) {
      const m = markets.get(name);
      if (!m) return 0;
      let sent = 0;
      const last = Number(m.walk.price());
      for (let i = 0; sent < pushes && i < pushes * 20; i++) {
        m.depth.churn(last);
        if (pushDepthDiffs(m)) sent++;
      }
      return sent;
    },
    sendDepthSnapshots,
    pushRaw(text) {
      for (const c of clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
    },
    async close() {
      for (const t of timers) clearInterval(t);
      for (const c of clients) c.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
