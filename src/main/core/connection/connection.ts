// The one resilient socket every exchange adapter uses. It owns the reconnect loop (backoff with
// full jitter, reset after a stable period), the heartbeat and watchdog, request/reply correlation
// with timeouts, the terminal auth-failed state and the status events. Adapters supply only what is
// protocol-specific: the endpoint (fetched anew per connect), a codec, and hooks.
import WebSocket from 'ws';
import type { ConnectionState, ExchangeId, ExchangeStatus } from '../../../shared/model';
import { silentLogger, type Logger } from '../log';
import { Backoff } from './backoff';
import { systemClock, type Clock, type TimerHandle } from './clock';
import type { Coded } from '../../../shared/notices';
import { AuthFailedError, NotConnectedError, RequestFailedError, RequestTimeoutError, codedError, describe, reasonOf } from './errors';

export interface Endpoint {
  url: string;
  headers?: Record<string, string>;
}

export interface WireError {
  code: number | string | null;
  message: string;
}

/** What one inbound text frame turned out to be. Decoding is total: it never throws. */
export type Decoded<M> =
  | { kind: 'reply'; id: number; result: unknown; error: WireError | null }
  | { kind: 'push'; message: M }
  | { kind: 'bad'; reason: string };

export interface WireCodec<M> {
  encodeRequest(id: number, method: string, params: unknown): string;
  decode(raw: string): Decoded<M>;
}

/** The open socket as the adapter's hooks see it. */
export interface Session {
  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown>;
  send(text: string): void;
}

export interface ConnectionHooks<M> {
  /** After every (re)connect: authenticate, then subscribe. Throw AuthFailedError on bad credentials. */
  open(session: Session): Promise<void>;
  /** A decoded push. Throwing here counts the frame as bad; it never closes the socket. */
  message(message: M, session: Session): void;
  /** One heartbeat; resolves when the peer has answered it. */
  heartbeat?(session: Session): Promise<void>;
  /** The server refused the upgrade with an HTTP status: say what that means for this protocol. */
  upgradeRefused?(status: number): Error;
}

export interface ConnectionOptions<M> {
  exchange: ExchangeId;
  endpoint: () => Promise<Endpoint>;
  codec: WireCodec<M>;
  hooks: ConnectionHooks<M>;
  heartbeatMs: number;
  /** No inbound data for this long: the socket is dead even if TCP says otherwise. */
  watchdogMs: number;
  /** No inbound data for this long: show the link as stale (default: half the watchdog). */
  staleMs?: number;
  requestTimeoutMs?: number;
  /**
   * The largest frame this exchange may send (bytes). A larger one closes the socket (code 1009)
   * before it is buffered whole, so one hostile frame cannot take the memory or the event loop.
   */
  maxFrameBytes?: number;
  /** Handshake plus the open hook (auth and subscriptions). */
  openTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number; stableMs: number };
  clock?: Clock;
  random?: () => number;
  log?: Logger;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: TimerHandle;
}

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 30_000, stableMs: 60_000 };

export class Connection<M> {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly stableMs: number;
  private readonly staleMs: number;
  private readonly requestTimeoutMs: number;
  private readonly openTimeoutMs: number;
  private readonly listeners = new Set<(status: ExchangeStatus) => void>();
  private readonly pending = new Map<number, Pending>();
  private readonly session: Session;

  private ws: WebSocket | null = null;
  /** Bumped whenever the current socket is abandoned; events of older sockets are ignored. */
  private generation = 0;
  private nextId = 0;
  private running = false;
  private lastInboundAt = 0;
  /** The same moment on the wall clock: what the UI shows ("last sign of life 09:03:26"). */
  private lastInboundWallAt = 0;
  private retryTimer: TimerHandle | null = null;
  private heartbeatTimer: TimerHandle | null = null;
  private checkTimer: TimerHandle | null = null;
  private stableTimer: TimerHandle | null = null;
  private openTimer: TimerHandle | null = null;
  private current: ExchangeStatus;

  constructor(private readonly options: ConnectionOptions<M>) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
    const b = options.backoff ?? DEFAULT_BACKOFF;
    this.backoff = new Backoff({ baseMs: b.baseMs, maxMs: b.maxMs, random: options.random });
    this.stableMs = b.stableMs;
    this.staleMs = options.staleMs ?? options.watchdogMs / 2;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.openTimeoutMs = options.openTimeoutMs ?? 15_000;
    this.session = {
      request: (method, params, timeoutMs) => this.request(method, params, timeoutMs),
      send: (text) => this.send(text),
    };
    this.current = {
      exchange: options.exchange,
      state: 'idle',
      reason: null,
      nextRetryAt: null,
      attempt: 0,
      rttMs: null,
      badFrames: 0,
      since: this.clock.now(),
    };
  }

  get status(): ExchangeStatus {
    return { ...this.current, aliveAt: this.lastInboundWallAt || null };
  }

  onStatus(listener: (status: ExchangeStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect().catch((error: unknown) => this.log.error(`${this.options.exchange}: connect failed: ${describe(error)}`));
  }

  /** Closes the socket for good; pending requests fail. */
  stop(): void {
    if (!this.running && this.current.state === 'stopped') return;
    this.running = false;
    this.abandon(new NotConnectedError('connection stopped'));
    this.clearTimer('retryTimer');
    this.setState('stopped', null);
  }

  /** Connects again at once: after new credentials, or when the user asks. Leaves auth-failed. */
  reconnectNow(): void {
    this.running = true;
    this.backoff.reset();
    this.clearTimer('retryTimer');
    this.abandon(new NotConnectedError('reconnecting'));
    void this.connect().catch((error: unknown) => this.log.error(`${this.options.exchange}: connect failed: ${describe(error)}`));
  }

  /** The adapter saw the server reject the credentials in-band (e.g. an auth message). */
  failAuth(reason: Coded, detail?: string): void {
    const gen = this.generation;
    const ws = this.ws;
    this.down(gen, new AuthFailedError(reason, detail));
    ws?.terminate();
  }

  /** Handles one text frame exactly as if the current socket had received it (benchmarks, replays). */
  receive(text: string): void {
    this.inbound(this.generation, text, false);
  }

  request(method: string, params: unknown, timeoutMs = this.requestTimeoutMs): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new NotConnectedError(`${method}: not connected`));
    }
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestTimeoutError(method, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      ws.send(this.options.codec.encodeRequest(id, method, params), (err) => {
        if (!err) return;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        this.clock.clearTimeout(p.timer);
        reject(new NotConnectedError(`${method}: ${describe(err)}`, reasonOf(err)));
      });
    });
  }

  send(text: string): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) throw new NotConnectedError('not connected');
    ws.send(text);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.setState('connecting', null);
    let endpoint: Endpoint;
    try {
      endpoint = await this.options.endpoint();
    } catch (error) {
      if (gen === this.generation) this.down(gen, error);
      return;
    }
    if (gen !== this.generation || !this.running) return;

    let ws: WebSocket;
    try {
      ws = new WebSocket(endpoint.url, {
        headers: endpoint.headers,
        handshakeTimeout: this.openTimeoutMs,
        maxPayload: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      });
    } catch (error) {
      // A malformed URL ("#" in it, an unknown scheme) throws here: retry with backoff, never reject.
      this.down(gen, codedError('link.badUrl', { detail: describe(error).slice(0, 120) }, `the endpoint URL is not usable: ${describe(error)}`));
      return;
    }
    this.ws = ws;
    let lastError: unknown = null;
    ws.on('unexpected-response', (req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      req.destroy();
      const refusal = this.options.hooks.upgradeRefused?.(status) ?? codedError('link.refusedHttp', { status }, `the server refused the connection (HTTP ${status})`);
      this.down(gen, refusal);
    });
    ws.on('open', () => void this.opened(gen));
    ws.on('message', (data, isBinary) => this.inbound(gen, data, isBinary));
    ws.on('error', (error) => {
      lastError = error;
    });
    ws.on('close', (code, reason) => {
      const detail = reason.toString('utf8').slice(0, 200);
      const closed = detail
        ? codedError('link.closedBecause', { code, detail }, `the server closed the connection (code ${code}: ${detail})`)
        : codedError('link.closed', { code }, `the server closed the connection (code ${code})`);
      this.down(gen, lastError ?? closed);
    });
  }

  private async opened(gen: number): Promise<void> {
    this.lastInboundAt = this.clock.monotonic();
    this.lastInboundWallAt = this.clock.now();
    this.scheduleCheck(gen);
    this.openTimer = this.clock.setTimeout(
      () => this.drop(gen, codedError('link.openTimeout', { seconds: this.openTimeoutMs / 1000 })),
      this.openTimeoutMs,
    );
    try {
      await this.options.hooks.open(this.session);
    } catch (error) {
      this.drop(gen, error);
      return;
    } finally {
      if (gen === this.generation) this.clearTimer('openTimer');
    }
    if (gen !== this.generation) return;
    this.setState('live', null);
    this.scheduleHeartbeat(gen, 0); // a first beat at once, so the round trip is known from the start
    this.stableTimer = this.clock.setTimeout(() => {
      if (gen !== this.generation) return;
      this.backoff.reset();
      this.current.attempt = 0;
      this.emit();
    }, this.stableMs);
  }

  private inbound(gen: number, data: WebSocket.RawData | string, isBinary: boolean): void {
    if (gen !== this.generation) return;
    const decoded: Decoded<M> = isBinary
      ? { kind: 'bad', reason: 'binary frame' }
      : this.options.codec.decode(typeof data === 'string' ? data : data.toString());
    if (decoded.kind === 'bad') {
      this.countBadFrame(decoded.reason);
      return;
    }
    this.lastInboundAt = this.clock.monotonic();
    this.lastInboundWallAt = this.clock.now();
    if (this.current.state === 'stale') this.setState('live', null);
    if (decoded.kind === 'reply') {
      const p = this.pending.get(decoded.id);
      if (!p) return; // a late reply to a request that already timed out
      this.pending.delete(decoded.id);
      this.clock.clearTimeout(p.timer);
      if (decoded.error) p.reject(new RequestFailedError(p.method, decoded.error.code, decoded.error.message));
      else p.resolve(decoded.result);
      return;
    }
    try {
      this.options.hooks.message(decoded.message, this.session);
    } catch (error) {
      this.countBadFrame(describe(error));
    }
  }

  private countBadFrame(reason: string): void {
    this.current.badFrames++;
    // Log the first few and then every thousandth, so a hostile feed cannot flood the log.
    const n = this.current.badFrames;
    if (n <= 5 || n % 1000 === 0) this.log.warn(`${this.options.exchange}: dropped bad frame #${n}: ${reason.slice(0, 200)}`);
    this.emit();
  }

  private scheduleHeartbeat(gen: number, delayMs = this.options.heartbeatMs): void {
    const beat = this.options.hooks.heartbeat;
    if (!beat) return;
    this.heartbeatTimer = this.clock.setTimeout(async () => {
      if (gen !== this.generation) return;
      const sentAt = this.clock.monotonic();
      try {
        await beat(this.session);
        if (gen !== this.generation) return;
        this.current.rttMs = this.clock.monotonic() - sentAt;
        this.emit();
      } catch (error) {
        // A missed heartbeat alone does not kill the link: the watchdog decides from silence.
        if (gen === this.generation) this.log.warn(`${this.options.exchange}: heartbeat failed: ${describe(error)}`);
      }
      if (gen === this.generation) this.scheduleHeartbeat(gen);
    }, delayMs);
  }

  private scheduleCheck(gen: number): void {
    const every = Math.max(5, Math.min(this.staleMs, this.options.watchdogMs) / 4);
    this.checkTimer = this.clock.setTimeout(() => {
      if (gen !== this.generation) return;
      const silent = this.clock.monotonic() - this.lastInboundAt;
      if (silent >= this.options.watchdogMs) {
        this.drop(gen, codedError('link.dead', { seconds: (silent / 1000).toFixed(1) }));
        return;
      }
      if (silent >= this.staleMs && this.current.state === 'live') {
        this.setState('stale', { code: 'link.silent', params: { seconds: (silent / 1000).toFixed(1) } });
      }
      this.scheduleCheck(gen);
    }, every);
  }

  /** Abandons the socket of generation `gen` because of `error`, and closes it. */
  private drop(gen: number, error: unknown): void {
    if (gen !== this.generation) return;
    const ws = this.ws;
    this.down(gen, error);
    ws?.terminate();
  }

  /** The socket of generation `gen` is gone: clean up, then retry, stop, or stay failed. */
  private down(gen: number, error: unknown): void {
    if (gen !== this.generation) return;
    this.abandon(error instanceof Error ? error : new Error(describe(error)));
    this.clearTimer('retryTimer'); // whatever comes next replaces a pending retry
    const words = describe(error);
    const reason = reasonOf(error);
    if (!this.running) {
      this.setState('stopped', null);
    } else if (error instanceof AuthFailedError) {
      this.log.warn(`${this.options.exchange}: authentication failed, not retrying until credentials change: ${words}`);
      this.setState('auth_failed', reason);
    } else {
      const delay = this.backoff.next();
      this.log.info(`${this.options.exchange}: connection lost (${words}); retry ${this.backoff.attempt} in ${delay} ms`);
      this.current.attempt = this.backoff.attempt;
      this.setState('backing_off', reason, this.clock.now() + delay);
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = null;
        if (this.running) void this.connect().catch((error: unknown) => this.log.error(`${this.options.exchange}: connect failed: ${describe(error)}`));
      }, delay);
    }
  }

  /** Forgets the current socket: its timers, its pending requests, and its later events. */
  private abandon(error: Error): void {
    this.generation++;
    for (const name of ['heartbeatTimer', 'checkTimer', 'stableTimer', 'openTimer'] as const) this.clearTimer(name);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      this.clock.clearTimeout(p.timer);
      p.reject(error instanceof AuthFailedError ? error : new NotConnectedError(`${p.method}: ${error.message}`, reasonOf(error)));
    }
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      ws.removeAllListeners('message');
      ws.on('error', () => {}); // an abandoned socket may still report an error while closing
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    }
  }

  private clearTimer(name: 'retryTimer' | 'heartbeatTimer' | 'checkTimer' | 'stableTimer' | 'openTimer'): void {
    this.clock.clearTimeout(this[name]);
    this[name] = null;
  }

  private setState(state: ConnectionState, reason: Coded | null, nextRetryAt: number | null = null): void {
    if (state !== this.current.state) this.current.since = this.clock.now();
    this.current.state = state;
    this.current.reason = reason;
    this.current.nextRetryAt = nextRetryAt;
    if (state === 'auth_failed' || state === 'stopped') this.current.attempt = this.backoff.attempt;
    this.emit();
  }

  private emit(): void {
    const snapshot = this.status;
    for (const listener of this.listeners) listener(snapshot);
  }
}
