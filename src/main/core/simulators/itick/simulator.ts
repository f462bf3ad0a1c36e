// An iTick crypto server for demo mode and tests: one HTTP server on 127.0.0.1 that upgrades
// /cws to the WebSocket API and answers GET /crypto/kline. It keeps the real server's manners
// (docs/protocols.md, section 2): the `token` header checked on connect, "Connected Successfully" then
// the auth verdict (and a close after "auth failed"), one connection per key (a newer login drops
// the older), the plan's subscription limit, the pong echo, a drop after a minute without ping, and
// the slow-consumer cut-off when a client's unread backlog grows too large.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Big from 'big.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock, type Clock } from '../../connection/clock';
import { DEMO_MARKETS, RandomWalkMarket, seededRandom, type SimMarketSpec } from '../random-walk';
import { isObject, parseJson } from '../../wire/json';

// The server's own constants, spelled from the protocol notes (never from the adapter, so a
// misreading cannot be shared). Period codes: the newer docs' table (3 = 15 min).
const ITICK_PERIODS: readonly { code: number; ms: number }[] = [
  { code: 1, ms: 60_000 },
  { code: 2, ms: 300_000 },
  { code: 3, ms: 900_000 },
  { code: 4, ms: 1_800_000 },
  { code: 5, ms: 3_600_000 },
  { code: 6, ms: 7_200_000 },
  { code: 7, ms: 14_400_000 },
  { code: 8, ms: 86_400_000 },
  { code: 9, ms: 604_800_000 },
  { code: 10, ms: 2_592_000_000 },
];
const MAX_KLINE_LIMIT = 500;
const SUBSCRIPTION_LIMIT_MESSAGE = 'exceeding the maximum subscription limit';

export interface ItickSimulatorOptions {
  port?: number;
  markets?: SimMarketSpec[];
  /** Tokens the server accepts; one random token when not given. */
  tokens?: string[];
  /** How often each market may move. */
  tickMs?: number;
  /** The chance each market moves on a tick (default 0.6; the UI benchmark uses 1: 10 Hz per row). */
  moveProbability?: number;
  /** The plan's limit: distinct symbols per connection. */
  maxSymbols?: number;
  /** Unread bytes queued for a client before it is cut off as a slow consumer; 0 turns the rule off. */
  slowConsumerBytes?: number;
  /** A client that sends no ping for this long is dropped; 0 turns the rule off. */
  heartbeatTimeoutMs?: number;
  /** How pushes spell symbols: the seed's "ETH_USDT", or "ETHUSDT" as subscribed. */
  symbolStyle?: 'underscore' | 'plain';
  /** The seed's quote (ld, t, v, tu, ts), or the current server's (with o, h, l, p, ch, chp). */
  quoteStyle?: 'seed' | 'full';
  /** Seeds the book and the move timing (default: the time). */
  seed?: number;
  /** Picks the demo world (prices, candles, volume); simulators with the same one agree. Default: the demo world. */
  worldSeed?: number;
  /** Market time: prices, candles and the 24 h figures follow it (heartbeats keep real time). */
  clock?: Clock;
  /**
   * The kline periods this feed serves; a subscription to any other kline type is refused, as a
   * plan or a server version without it does. Default: every period.
   */
  klinePeriods?: number[];
  /** Period lengths that differ from today's table, e.g. { 3: 600_000 }: the seed's server, where 3 is 10 minutes. */
  periodMs?: Record<number, number>;
}

export interface ItickSimulatorStats {
  /** WebSocket connections accepted. */
  connections: number;
  logins: number;
  authFailures: number;
  /** Older connections dropped because the same key logged in again. */
  displaced: number;
  /** Connections cut off as slow consumers. */
  cutOffs: number;
  /** Connections dropped for want of a ping. */
  heartbeatDrops: number;
}

export interface ReceivedAction {
  ac: string;
  params?: string;
  types?: string;
}

export interface HistoryRequest {
  query: Record<string, string>;
  tokenAccepted: boolean;
}

export interface ItickSimulator {
  readonly wsUrl: string;
  readonly apiUrl: string;
  readonly tokens: readonly string[];
  /** Actions received from clients, in order (a ping's or subscribe's params; never a token). */
  readonly received: ReceivedAction[];
  readonly historyRequests: HistoryRequest[];
  readonly stats: ItickSimulatorStats;
  /** How pongs answer: with the ping's timestamp, a wrong one, or not at all. */
  pongEcho: 'same' | 'wrong' | 'none';
  connectionCount(): number;
  /** Distinct symbols each open connection has subscribed, in connection order. */
  subscriptions(): string[][];
  /** Stops moving and pushing (a silent but open server), or resumes. */
  setSilent(silent: boolean): void;
  /** Sets a market's trading status `ts` (0 normal, 1 suspended, 2 delisted, 3 circuit break). */
  setTradingStatus(symbol: string, status: number): void;
  /** Sends text to every logged-in client. */
  pushRaw(text: string): void;
  /**
   * Sends `count` quote frames to every client subscribed to quotes, as fast as the socket takes
   * them, each frame one tick above the last. Resolves with the last price sent per symbol.
   */
  burst(count: number): Promise<{ sent: number; last: Map<string, string> }>;
  /** Moves one market now and pushes what follows, as a tick would ("BTCUSDT"). */
  trade(symbol: string): void;
  /** A market's last price. */
  price(symbol: string): string;
  dropAll(): void;
  close(): Promise<void>;
}

interface Client {
  socket: WebSocket;
  token: string | null;
  authed: boolean;
  lastPingAt: number;
  /** symbol → subscribed types ("quote", "depth", "tick", "kline@N"). */
  subs: Map<string, Set<string>>;
}

interface SimMarket {
  symbol: string;
  walk: RandomWalkMarket;
  status: number;
  /** The 24 h fields of a full quote, as of the last move (bursts reuse them). */
  day: { open: string; high: string; low: string; volume: string; turnover: string } | null;
}

const TYPES = new Set(['quote', 'depth', 'tick', ...ITICK_PERIODS.map((p) => `kline@${p.code}`)]);
const MARK = '\u0001';

/**
 * JSON in which values made by `num` appear as number literals written exactly as given
 * ("67250.00"), the way a server writes its numbers: JSON.stringify would turn them into floats.
 */
function json(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001([-0-9.eE+]+)\\u0001"/g, '$1');
}
const num = (d: string | number | Big) => `${MARK}${d.toString()}${MARK}`;

export async function startItickSimulator(options: ItickSimulatorOptions = {}): Promise<ItickSimulator> {
  const random = seededRandom(options.seed ?? Date.now());
  const tokens = options.tokens ?? [randomBytes(16).toString('hex')];
  const accepted = new Set(tokens);
  const maxSymbols = options.maxSymbols ?? 500;
  const slowConsumerBytes = options.slowConsumerBytes ?? 1024 * 1024;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 60_000;
  const full = (options.quoteStyle ?? 'full') === 'full';
  const clock = options.clock ?? systemClock;
  /** A period's candle length on this server, or null for a code it does not know. */
  const periodMs = (code: number): number | null => options.periodMs?.[code] ?? ITICK_PERIODS.find((p) => p.code === code)?.ms ?? null;
  const served = (type: string) => !type.startsWith('kline@') || !options.klinePeriods || options.klinePeriods.includes(Number(type.slice(6)));
  const markets = new Map<string, SimMarket>();
  for (const spec of options.markets ?? DEMO_MARKETS) {
    const symbol = `${spec.base}${spec.quote}`;
    const walk = new RandomWalkMarket(spec, { venue: 'itick', seed: options.worldSeed, now: () => clock.now() });
    markets.set(symbol, { symbol, walk, status: 0, day: null });
  }
  const clients = new Set<Client>();
  const received: ReceivedAction[] = [];
  const historyRequests: HistoryRequest[] = [];
  const stats: ItickSimulatorStats = { connections: 0, logins: 0, authFailures: 0, displaced: 0, cutOffs: 0, heartbeatDrops: 0 };
  let silent = false;

  const spell = (m: SimMarket) =>
    options.symbolStyle === 'plain' ? m.symbol : `${m.walk.spec.base}_${m.walk.spec.quote}`;

  /** "BTCUSDT", "BTC_USDT", "btcusdt$BA": the server is lenient in what it reads. */
  const lookup = (name: string) => markets.get(name.toUpperCase().split('$')[0]!.replace(/[_\-/]/g, ''));

  /** Sends, then cuts the client off if its unread backlog has grown past the limit. */
  function send(client: Client, text: string): boolean {
    const socket = client.socket;
    if (socket.readyState !== socket.OPEN) return false;
    socket.send(text);
    if (slowConsumerBytes > 0 && socket.bufferedAmount > slowConsumerBytes) {
      stats.cutOffs++;
      client.authed = false;
      socket.terminate(); // a close frame would queue behind the backlog it is meant to end
      return false;
    }
    return true;
  }

  // ---- Frames -----------------------------------------------------------------------------------

  function quoteFrame(m: SimMarket, last: string, amount: string): string {
    const w = m.walk;
    const p = w.spec.pricePrecision;
    const data: Record<string, unknown> = {
      s: spell(m),
      ld: num(last),
      t: m.walk.lastAt,
      v: num(amount),
      tu: num(new Big(amount).times(last).toFixed(p + 4)),
      ts: m.status,
      type: 'quote',
    };
    if (full) {
      // The current server: the 24 h open/high/low (open doubling as the previous close), and the
      // 24 h volume in v.
      if (!m.day) {
        const s = w.state();
        m.day = { open: s.open, high: s.high, low: s.low, volume: s.volume, turnover: s.deal };
      }
      const change = new Big(last).minus(m.day.open);
      Object.assign(data, {
        o: num(m.day.open),
        h: num(m.day.high),
        l: num(m.day.low),
        p: num(m.day.open),
        v: num(m.day.volume),
        tu: num(m.day.turnover),
        ch: num(change.toFixed(p)),
        // A display percentage from the simulator: floats are fine here, and Big's division is slow.
        chp: num(Number(m.day.open) === 0 ? '0' : ((Number(change) / Number(m.day.open)) * 100).toFixed(2)),
        r: 'BA',
      });
    }
    return json({ code: 1, data });
  }

  function depthFrame(m: SimMarket): string {
    const p = m.walk.spec.pricePrecision;
    const tick = new Big(1).div(new Big(10).pow(p));
    const last = m.walk.last;
    const level = (i: number, side: 1 | -1) => {
      const amount = (random() ** 1.5 * 2.5 * m.walk.path.minuteVolume + 0.0001).toFixed(4);
      return { po: i + 1, p: num(last.plus(tick.times(side * (i + 1))).toFixed(p)), v: num(amount), o: num(Math.ceil(random() * 20)) };
    };
    const asks = [0, 1, 2, 3, 4].map((i) => level(i, 1));
    const bids = [0, 1, 2, 3, 4].map((i) => level(i, -1));
    return json({ code: 1, data: { s: spell(m), a: asks, b: bids, type: 'depth' } });
  }

  /** A period's candle opening at `time` (ms), as of the market's last move, in the wire's fields. */
  function candleFields(m: SimMarket, ms: number, time: number): Record<string, unknown> | null {
    const c = m.walk.candle(ms / 1000, time / 1000);
    if (!c) return null;
    const p = m.walk.spec.pricePrecision;
    return { tu: num(c.amount.toFixed(2)), c: num(c.close.toFixed(p)), t: time, v: num(c.volume.toFixed(4)), h: num(c.high.toFixed(p)), l: num(c.low.toFixed(p)), o: num(c.open.toFixed(p)) };
  }

  function klineFrame(m: SimMarket, period: number): string | null {
    const ms = periodMs(period)!;
    const k = candleFields(m, ms, Math.floor(m.walk.lastAt / ms) * ms);
    if (!k) return null;
    // The seed's kline push: code 0, msg null, and no `type`.
    return json({
      code: 0,
      msg: null,
      data: {
        s: spell(m),
        t: period,
        k,
      },
    });
  }

  /** Pushes what a client follows of one market. */
  function pushMarket(client: Client, m: SimMarket, types: Set<string>, amount: string): void {
    for (const type of types) {
      if (!client.authed) return;
      if (type === 'quote') send(client, quoteFrame(m, m.walk.price(), amount));
      else if (type === 'depth') send(client, depthFrame(m));
      else if (type.startsWith('kline@')) {
        const frame = klineFrame(m, Number(type.slice(6)));
        if (frame) send(client, frame);
      }
    }
  }

  // ---- WebSocket --------------------------------------------------------------------------------

  function subscribe(client: Client, params: unknown, types: unknown): void {
    const reply = (code: 0 | 1, msg: string) => send(client, json({ code, resAc: 'subscribe', msg }));
    if (typeof params !== 'string' || typeof types !== 'string') return void reply(0, 'cannot be resolved action');
    const names = params.split(',').map((s) => s.trim()).filter(Boolean);
    const wanted = types.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length === 0 || wanted.length === 0 || !wanted.every((t) => TYPES.has(t) && served(t))) return void reply(0, 'cannot be resolved action');
    // Unknown symbols are accepted and simply never pushed, as a data vendor does.
    const found = names.map(lookup).filter((m): m is SimMarket => m !== undefined);
    const after = new Set([...client.subs.keys(), ...found.map((m) => m.symbol)]);
    if (after.size > maxSymbols) return void reply(0, SUBSCRIPTION_LIMIT_MESSAGE);
    for (const m of found) {
      const set = client.subs.get(m.symbol) ?? new Set<string>();
      for (const t of wanted) set.add(t);
      client.subs.set(m.symbol, set);
    }
    if (!reply(1, 'subscribe Successfully')) return;
    if (silent) return;
    // The current values at once, so a new row does not wait for the market to move.
    for (const m of found) pushMarket(client, m, new Set(wanted), '0.0001');
  }

  const server = createServer((req, res) => history(req, res));
  const wss = new WebSocketServer({ server, path: '/cws' });

  wss.on('connection', (socket, req) => {
    const header = req.headers.token;
    const token = typeof header === 'string' ? header : null;
    const client: Client = { socket, token, authed: false, lastPingAt: Date.now(), subs: new Map() };
    stats.connections++;
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => socket.terminate());
    send(client, json({ code: 1, msg: 'Connected Successfully' }));
    if (token === null || !accepted.has(token)) {
      stats.authFailures++;
      send(client, json({ code: 0, resAc: 'auth', msg: 'auth failed' }));
      socket.close(1008, 'auth failed');
      return;
    }
    // One connection per key: this login drops any older connection with the same key.
    for (const other of clients) {
      if (other !== client && other.authed && other.token === token) {
        stats.displaced++;
        other.authed = false;
        other.socket.close(1008, 'another connection logged in with this key');
      }
    }
    client.authed = true;
    stats.logins++;
    // The real server echoes the token here: a client must never log this message.
    send(client, json({ code: 1, resAc: 'auth', msg: 'authenticated', data: { params: token } }));

    socket.on('message', (data, isBinary) => {
      const parsed = isBinary ? { ok: false as const } : parseJson(data.toString());
      if (!parsed.ok || !isObject(parsed.value) || typeof parsed.value.ac !== 'string') {
        send(client, json({ code: 0, msg: 'cannot be resolved action' }));
        return;
      }
      const { ac, params, types } = parsed.value;
      if (!client.authed) return;
      switch (ac) {
        case 'ping': {
          received.push({ ac, params: typeof params === 'string' ? params : undefined });
          client.lastPingAt = Date.now();
          if (simulator.pongEcho === 'none') return;
          const echo = simulator.pongEcho === 'same' ? params : `${String(params)}1`;
          send(client, json({ resAc: 'pong', data: { params: echo } }));
          return;
        }
        case 'subscribe':
          received.push({ ac, params: typeof params === 'string' ? params : undefined, types: typeof types === 'string' ? types : undefined });
          return subscribe(client, params, types);
        default:
          received.push({ ac: ac.slice(0, 40) });
          send(client, json({ code: 0, resAc: ac.slice(0, 40), msg: 'cannot be resolved action' }));
      }
    });
  });

  // ---- REST kline history ---------------------------------------------------------------------

  function history(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(json(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/crypto/kline') return reply(404, { code: 404, msg: 'not found' });
    const header = req.headers.token;
    const tokenAccepted = typeof header === 'string' && accepted.has(header);
    historyRequests.push({ query: Object.fromEntries(url.searchParams), tokenAccepted });
    if (!tokenAccepted) return reply(401, { code: 401, msg: 'invalid token' });
    const m = lookup(url.searchParams.get('code') ?? '');
    const period = Number(url.searchParams.get('kType'));
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const et = Number(url.searchParams.get('et') ?? Date.now());
    if (url.searchParams.get('region') !== 'BA' || !m) return reply(200, { code: -1, msg: 'invalid region or code', data: null });
    const ms = periodMs(period);
    if (ms === null || !served(`kline@${period}`)) return reply(200, { code: -1, msg: 'invalid kType', data: null });
    const p = { ms };
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_KLINE_LIMIT) return reply(200, { code: -1, msg: `limit must be 1 to ${MAX_KLINE_LIMIT}`, data: null });
    if (!Number.isFinite(et)) return reply(200, { code: -1, msg: 'invalid et', data: null });
    // The same path the live pushes read: a page of history joins the live candle without a seam.
    const newest = Math.floor(Math.min(et, m.walk.lastAt) / p.ms) * p.ms; // the latest `limit` before et
    const data = [];
    for (let i = limit - 1; i >= 0; i--) {
      const k = candleFields(m, p.ms, newest - i * p.ms);
      if (k) data.push(k);
    }
    reply(200, { code: 0, msg: null, data });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  // ---- Market movement and house rules --------------------------------------------------------

  function move(m: SimMarket): void {
    const { amount } = m.walk.step();
    m.day = null;
    for (const c of clients) {
      const types = c.authed ? c.subs.get(m.symbol) : undefined;
      if (types) pushMarket(c, m, types, amount);
    }
  }

  const moveProbability = options.moveProbability ?? 0.6;
  const tick = setInterval(() => {
    if (silent) return;
    for (const m of markets.values()) if (random() <= moveProbability) move(m);
  }, options.tickMs ?? 250);

  const idle = setInterval(() => {
    if (heartbeatTimeoutMs <= 0) return;
    const now = Date.now();
    for (const c of clients) {
      if (c.authed && now - c.lastPingAt > heartbeatTimeoutMs) {
        stats.heartbeatDrops++;
        c.authed = false;
        c.socket.close(1000, 'heartbeat timeout');
      }
    }
  }, Math.max(10, Math.min(1000, heartbeatTimeoutMs / 2)));

  const port = (server.address() as AddressInfo).port;

  const simulator: ItickSimulator = {
    wsUrl: `ws://127.0.0.1:${port}/cws`,
    apiUrl: `http://127.0.0.1:${port}`,
    tokens,
    received,
    historyRequests,
    stats,
    pongEcho: 'same',
    connectionCount: () => clients.size,
    subscriptions: () => [...clients].map((c) => [...c.subs.keys()]),
    setSilent(value) {
      silent = value;
    },
    setTradingStatus(symbol, status) {
      const m = lookup(symbol);
      if (m) m.status = status;
    },
    pushRaw(text) {
      for (const c of clients) if (c.authed) send(c, text);
    },
    async burst(count) {
      const targets = [...clients]
        .map((client) => ({ client, symbols: [...client.subs].filter(([, t]) => t.has('quote')).map(([s]) => markets.get(s)!) }))
        .filter((t) => t.client.authed && t.symbols.length > 0);
      const last = new Map<string, string>();
      let sent = 0;
      const CHUNK = 500;
      /** The market's price plus `i` ticks, in integer arithmetic (Big's division is too slow here). */
      const priceAt = (m: SimMarket, i: number) => {
        const p = m.walk.spec.pricePrecision;
        const units = (BigInt(m.walk.price().replace('.', '')) + BigInt(i)).toString().padStart(p + 1, '0');
        return p === 0 ? units : `${units.slice(0, -p)}.${units.slice(-p)}`;
      };
      for (let i = 0; i < count; ) {
        for (let j = 0; j < CHUNK && i < count; j++, i++) {
          for (const { client: c, symbols } of targets) {
            const m = symbols[i % symbols.length]!;
            const price = priceAt(m, i);
            if (send(c, quoteFrame(m, price, '0.0001'))) {
              sent++;
              last.set(m.symbol, price);
            }
          }
        }
        // Let the clients read between chunks, as a network would pace a real burst.
        await new Promise((r) => setImmediate(r));
      }
      return { sent, last };
    },
    trade(symbol) {
      const m = lookup(symbol);
      if (m) move(m);
    },
    price: (symbol) => lookup(symbol)?.walk.price() ?? '',
    dropAll() {
      for (const c of clients) c.socket.terminate();
    },
    async close() {
      clearInterval(tick);
      clearInterval(idle);
      for (const c of clients) c.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // history clients keep their HTTP connections alive
      await closed;
    },
  };
  return simulator;
}
