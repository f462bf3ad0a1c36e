// A JSON-RPC WebSocket server for connection tests that misbehaves on demand: it can refuse
// upgrades, stay silent, drop clients, or answer however a test says. Real sockets on 127.0.0.1.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RpcRequest {
  id: number;
  method: string;
  params: unknown[];
}

export type Answer = { result: unknown } | { error: { code: number; message: string } } | 'silence';

export interface FaultServer {
  readonly url: string;
  /** Requests in arrival order, across all connections. */
  readonly requests: RpcRequest[];
  /** Upgrades attempted (accepted or refused). */
  attempts: number;
  /** Answer each request; defaults to `{ result: 'ok' }`. */
  answer: (req: RpcRequest) => Answer;
  /** When set, upgrades are refused with this HTTP status. */
  refuseWith: number | null;
  clients(): WebSocket[];
  dropAll(): void;
  push(message: unknown): void;
  pushRaw(text: string): void;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, done) => {
      state.attempts++;
      if (state.refuseWith !== null) done(false, state.refuseWith);
      else done(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const state: FaultServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    requests: [],
    attempts: 0,
    answer: () => ({ result: 'ok' }),
    refuseWith: null,
    clients: () => [...wss.clients],
    dropAll: () => wss.clients.forEach((c) => c.terminate()),
    push: (message) => wss.clients.forEach((c) => c.send(JSON.stringify(message))),
    pushRaw: (text) => wss.clients.forEach((c) => c.send(text)),
    close: () =>
      new Promise<void>((resolve) => {
        wss.clients.forEach((c) => c.terminate());
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const req = JSON.parse(data.toString()) as RpcRequest;
      state.requests.push(req);
      const answer = state.answer(req);
      if (answer === 'silence') return;
      socket.send(JSON.stringify({ id: req.id, error: 'error' in answer ? answer.error : null, result: 'result' in answer ? answer.result : null }));
    });
  });
  return state;
}

/** Polls with real timers until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets real I/O run for a while (for asserting that something does NOT happen). */
export function settle(ms = 100): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
