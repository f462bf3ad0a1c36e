// The one API client of the renderer. Every store talks to the core through it, whichever
// transport serves this window: the Electron preload bridge, or the web host's WebSocket.
import type { CommandName, EventName, Events, ReplyOf, RequestOf, VigilBridge } from '../../../shared/contract';
import { takeSessionToken } from './token';
import { createWebTransport } from './web-transport';

/** The state of the link between this window and the Vigil core (not the exchanges). */
export interface LinkStatus {
  state: 'connecting' | 'open' | 'down';
  /** Whether the link has been up at least once: tells "lost" from "never reached". */
  everOpened: boolean;
  /** Web transport only: whether the page was opened with an access token. */
  hasToken: boolean;
  /** While down: when the next attempt is due (ms since epoch). */
  nextRetryAt: number | null;
  /** Consecutive failed attempts since the link was last up. */
  failures: number;
  reason: string | null;
}

export interface ApiClient extends VigilBridge {
  readonly transport: 'ipc' | 'web';
  link(): LinkStatus;
  /** Calls the listener on every change of the link state; returns the unsubscribe function. */
  onLink(listener: (status: LinkStatus) => void): () => void;
}

/** The preload bridge is already connected for the life of the window. */
function createIpcClient(bridge: VigilBridge): ApiClient {
  const status: LinkStatus = { state: 'open', everOpened: true, hasToken: true, nextRetryAt: null, failures: 0, reason: null };
  return {
    transport: 'ipc',
    invoke: <C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>> => bridge.invoke(command, request),
    on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => bridge.on(event, listener),
    link: () => status,
    onLink: () => () => {},
  };
}

let instance: ApiClient | null = null;

/** Unit tests hand the stores a stand-in client (there is no window to build one from). */
export function setApiClient(client: ApiClient | null): void {
  instance = client;
}

export function api(): ApiClient {
  if (!instance) {
    instance = window.vigil
      ? createIpcClient(window.vigil)
      : createWebTransport(`${location.origin.replace(/^http/, 'ws')}/api`, takeSessionToken());
  }
  return instance;
}
