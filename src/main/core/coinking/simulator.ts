// A CoinKing (ViaBTC JSON-RPC) server for demo mode and tests: a real WebSocket server on 127.0.0.1
// with random-walk markets. It keeps the server's real manners (protocols.md section 3): no reply to
// an unknown method, the socket closed on non-JSON input, a non-integer id or non-array params, and
// every subscribe replacing the earlier subscription of its type.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEMO_MARKETS, RandomWalkMarket, seededRandom, type SimMarketSpec } from '../demo/random-walk';
import { isObject, parseJson } from '../wire/json';
import { wireMarket } from './wire';

export interface CoinKingSimulatorOptions {
  port?: number;
  markets?: SimMarketSpec[];
  /** How often each market may trade. */
  tickMs?: number;
  /** API keys that `server.auth` accepts. */
  tokens?: string[];
  seed?: number;
}

interface Client {
  socket: WebSocket;
  authed: boolean;
  price: Set<string>;
  state: Set<string>;
}

export interface CoinKingSimulator {
  readonly url: string;
  /** Every request the simulator received, in order (method names), for tests. */
  readonly received: string[];
  connectionCount(): number;
  /** Drops every client connection, as a server restart would. */
  dropAll(): void;
  /** Stops trading and pushing (a silent but open server), or resumes. */
  setSilent(silent: boolean): void;
  close(): Promise<void>;
}

const ERR_INVALID_ARGUMENT = { code: 1, message: 'invalid argument' };
const ERR_AUTH_REQUIRED = { code: 6, message: 'require authentication' };
const ERR_AUTH_FAILED = { code: 11, message: 'auth fail' };

export async function startCoinKingSimulator(options: CoinKingSimulatorOptions = {}): Promise<CoinKingSimulator> {
  const random = seededRandom(options.seed ?? Date.now());
  const markets = new Map<string, RandomWalkMarket>();
  for (const spec of options.markets ?? DEMO_MARKETS) {
    markets.set(wireMarket(spec.base, spec.quote), new RandomWalkMarket(spec, random));
  }
  const tokens = new Set(options.tokens ?? []);
  const clients = new Set<Client>();
  const received: string[] = [];
  let silent = false;

  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const send = (client: Client, message: unknown) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };
  const reply = (client: Client, id: number, result: unknown, error: unknown = null) => send(client, { error, result, id });
  const notify = (client: Client, method: string, params: unknown[]) => send(client, { method, params, id: null });

  function marketsParam(params: unknown[]): string[] | null {
    if (!params.every((p) => typeof p === 'string' && markets.has(p))) return null;
    return params as string[];
  }

  function handle(client: Client, id: number, method: string, params: unknown[]): void {
    received.push(method);
    switch (method) {
      case 'server.ping':
        return reply(client, id, 'pong');
      case 'server.time':
        return reply(client, id, Math.floor(Date.now() / 1000));
      case 'server.auth': {
        const [token] = params;
        if (typeof token === 'string' && tokens.has(token)) {
          client.authed = true;
          return reply(client, id, { status: 'success' });
        }
        return reply(client, id, null, ERR_AUTH_FAILED);
      }
      case 'price.query': {
        const m = typeof params[0] === 'string' ? markets.get(params[0]) : undefined;
        return m ? reply(client, id, m.price()) : reply(client, id, null, ERR_INVALID_ARGUMENT);
      }
      case 'state.query': {
        const m = typeof params[0] === 'string' ? markets.get(params[0]) : undefined;
        return m ? reply(client, id, m.state()) : reply(client, id, null, ERR_INVALID_ARGUMENT);
      }
      case 'price.subscribe':
      case 'state.subscribe': {
        const list = marketsParam(params);
        if (!list) return reply(client, id, null, ERR_INVALID_ARGUMENT);
        // One subscription per type per connection: a new subscribe replaces the old one.
        const set = method === 'price.subscribe' ? client.price : client.state;
        set.clear();
        for (const m of list) set.add(m);
        reply(client, id, { status: 'success' });
        // ViaBTC answers a state subscription with the current state of each market.
        if (method === 'state.subscribe') for (const m of list) notify(client, 'state.update', [m, markets.get(m)!.state()]);
        return;
      }
      case 'price.unsubscribe':
        client.price.clear();
        return reply(client, id, { status: 'success' });
      case 'state.unsubscribe':
        client.state.clear();
        return reply(client, id, { status: 'success' });
      case 'order.query':
      case 'order.subscribe':
      case 'asset.query':
      case 'asset.subscribe':
        if (!client.authed) return reply(client, id, null, ERR_AUTH_REQUIRED);
        return reply(client, id, null, ERR_INVALID_ARGUMENT);
      default:
        return; // ViaBTC sends no reply at all to a method it does not know
    }
  }

  server.on('connection', (socket) => {
    const client: Client = { socket, authed: false, price: new Set(), state: new Set() };
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

  // Trading: each tick, every market trades with some probability; subscribers hear the new price.
  // The 24 h state is pushed at most once a second per market, as the real server batches it.
  const tickMs = options.tickMs ?? 250;
  const dirtyState = new Set<string>();
  const trade = setInterval(() => {
    if (silent) return;
    for (const [name, m] of markets) {
      if (random() > 0.6) continue;
      m.step();
      dirtyState.add(name);
      for (const c of clients) if (c.price.has(name)) notify(c, 'price.update', [name, m.price()]);
    }
  }, tickMs);
  const stateTimer = setInterval(() => {
    if (silent) return;
    for (const name of dirtyState) {
      const state = markets.get(name)!.state();
      for (const c of clients) if (c.state.has(name)) notify(c, 'state.update', [name, state]);
    }
    dirtyState.clear();
  }, 1000);

  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    connectionCount: () => clients.size,
    dropAll() {
      for (const c of clients) c.socket.terminate();
    },
    setSilent(value) {
      silent = value;
    },
    async close() {
      clearInterval(trade);
      clearInterval(stateTimer);
      for (const c of clients) c.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
