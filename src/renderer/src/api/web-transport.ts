// The contract over the web host's loopback WebSocket. Requests are correlated by id; the socket
// is re-opened after a short delay whenever it drops, and the UI is told through the link status.
import {
  CommandError,
  isEventName,
  type CommandName,
  type EventName,
  type Events,
  type ReplyOf,
  type RequestOf,
  type WebClientMessage,
  type WebServerMessage,
} from '../../../shared/contract';
import type { ApiClient, LinkStatus } from './client';

const REQUEST_TIMEOUT_MS = 20_000;
/** Reconnect delays by consecutive failure; short, because the core is on this machine. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000];

interface Pending {
  resolve(reply: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type AnyListener = (payload: unknown) => void;

export function createWebTransport(url: string, token: string | null): ApiClient {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failures = 0;
  let status: LinkStatus = { state: 'connecting', everOpened: false, hasToken: token !== null, nextRetryAt: null, failures: 0, reason: null };
  const pending = new Map<number, Pending>();
  /** Commands issued while the socket is still opening, sent as soon as it opens. */
  let outbox: WebClientMessage[] = [];
  const eventListeners = new Map<EventName, Set<AnyListener>>();
  const linkListeners = new Set<(s: LinkStatus) => void>();

  function setStatus(next: Partial<LinkStatus>): void {
    status = { ...status, ...next };
    for (const listener of linkListeners) listener(status);
  }

  function connect(): void {
    setStatus({ state: 'connecting', nextRetryAt: null });
    // The token rides in a subprotocol: browsers cannot set headers on a WebSocket handshake.
    const ws = new WebSocket(url, token ? ['vigil', `vigil-token.${token}`] : ['vigil']);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      setStatus({ state: 'open', everOpened: true, failures: 0, reason: null });
      const queued = outbox;
      outbox = [];
      for (const message of queued) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (e) => receive(e.data);
    ws.onclose = (e) => {
      if (socket !== ws) return;
      socket = null;
      failPending(new Error('The connection to Vigil core was closed'));
      const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)]!;
      failures += 1;
      setStatus({ state: 'down', nextRetryAt: Date.now() + delay, failures, reason: e.reason || `closed (code ${e.code})` });
      setTimeout(connect, delay);
    };
  }

  function failPending(error: Error): void {
    outbox = [];
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  }

  function receive(data: unknown): void {
    let message: WebServerMessage;
    try {
      message = JSON.parse(String(data)) as WebServerMessage;
    } catch {
      console.warn('Vigil: dropped a message that is not JSON');
      return;
    }
    if (message.kind === 'reply') {
      const p = pending.get(message.id);
      if (!p) return; // Timed out already.
      pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.reply);
      else p.reject(CommandError.fromWire(message.error));
    } else if (message.kind === 'event' && isEventName(message.event)) {
      for (const listener of eventListeners.get(message.event) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`Vigil: a listener of ${message.event} failed`, error);
        }
      }
    }
  }

  function invoke<C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
    if (status.state === 'down') return Promise.reject(new Error('Not connected to Vigil core'));
    const id = nextId++;
    const message: WebClientMessage = { kind: 'command', id, command, request };
    return new Promise<ReplyOf<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Vigil core did not answer ${command} in time`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (reply: unknown) => void, reject, timer });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      else outbox.push(message);
    });
  }

  function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = eventListeners.get(event);
    if (!set) eventListeners.set(event, (set = new Set()));
    const entry = listener as AnyListener;
    set.add(entry);
    return () => set.delete(entry);
  }

  connect();

  return {
    transport: 'web',
    invoke,
    on,
    link: () => status,
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
}
