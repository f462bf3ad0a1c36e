import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState, ExchangeStatus } from '../../../shared/model';
import { coinkingCodec, type CoinKingPush } from '../coinking/wire';
import { settle, startFaultServer, waitFor, type FaultServer } from '../testing/fault-server.test-support';
import { ManualClock } from './clock';
import { Connection, type ConnectionOptions } from './connection';
import { AuthFailedError, RequestFailedError, RequestTimeoutError } from './errors';

const BACKOFF = { baseMs: 500, maxMs: 30_000, stableMs: 60_000 };

let server: FaultServer;
let clock: ManualClock;
let conn: Connection<CoinKingPush> | null = null;
const statuses: ExchangeStatus[] = [];
const pushes: CoinKingPush[] = [];

beforeEach(async () => {
  server = await startFaultServer();
  clock = new ManualClock();
  statuses.length = 0;
  pushes.length = 0;
});

afterEach(async () => {
  conn?.stop();
  conn = null;
  await server.close();
});

/** A connection that authenticates, then subscribes, on every open: like an exchange adapter. */
function connect(overrides: Partial<ConnectionOptions<CoinKingPush>> = {}): Connection<CoinKingPush> {
  conn = new Connection<CoinKingPush>({
    exchange: 'coinking',
    endpoint: async () => ({ url: server.url }),
    codec: coinkingCodec,
    heartbeatMs: 10_000,
    watchdogMs: 30_000,
    requestTimeoutMs: 5_000,
    backoff: BACKOFF,
    clock,
    random: () => 0.999,
    hooks: {
      open: async (session) => {
        await session.request('server.auth', ['key', 'web']);
        await session.request('price.subscribe', ['BTCUSDT']);
      },
      message: (m) => void pushes.push(m),
      heartbeat: async (session) => void (await session.request('server.ping', [])),
    },
    ...overrides,
  });
  conn.onStatus((s) => statuses.push(s));
  conn.start();
  return conn;
}

/** Moves virtual time in steps, letting real socket I/O (pings, pongs) happen between them. */
async function advanceLive(ms: number, step = 5_000): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await settle(15);
  }
}

const state = (): ConnectionState => conn!.status.state;
const methods = () => server.requests.map((r) => r.method);


/** A status reason as the user reads it, in English. */
const en = (c: Coded | null) => (c ? renderCoded('en', c) : '');

describe('Connection', () => {
  it('reconnects after the server drops it, re-authenticating before resubscribing', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    expect(methods()).toEqual(['server.auth', 'price.subscribe']);

    server.dropAll();
    await waitFor(() => state() === 'backing_off', 'backing off');
    const { nextRetryAt, reason } = conn!.status;
    expect(en(reason)).toMatch(/closed|reach/i);
    expect(nextRetryAt).toBeGreaterThan(clock.now());
    clock.advance(nextRetryAt! - clock.now());
    await waitFor(() => state() === 'live', 'live again');
    expect(methods()).toEqual(['server.auth', 'price.subscribe', 'server.auth', 'price.subscribe']);
    expect(server.attempts).toBe(2);
  });

  it('closes a socket whose peer stops answering within the watchdog window', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.answer = () => 'silence'; // the peer is gone but TCP stays up: pings get no pong
    clock.advance(29_000);
    await settle(20);
    expect(server.requests.filter((r) => r.method === 'server.ping').length).toBeGreaterThan(0);
    expect(state()).toBe('stale'); // shown as stale, not live, before it is declared dead
    expect(server.clients()).toHaveLength(1);

    clock.advance(1_000); // the next watchdog check falls at 30 s of silence
    expect(state()).toBe('backing_off');
    expect(conn!.status.reason).toEqual({ code: 'link.dead', params: { seconds: '30.0' } });
    await waitFor(() => server.clients().length === 0, 'the server to see the socket closed');
  });

  it('fails a request that gets no reply with a timeout error', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.answer = (req) => (req.method === 'kline.mystery' ? 'silence' : { result: 'ok' });
    const reply = conn!.request('kline.mystery', [], 5_000);
    const outcome = reply.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await waitFor(() => methods().includes('kline.mystery'), 'the request to arrive');
    clock.advance(4_999);
    await settle(10);
    clock.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe('kline.mystery: no reply within 5.0 s');
    expect(state()).toBe('live'); // a lost reply is an error for the caller, not a dead link
  });

  it('passes server errors to the caller with their code and message', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.answer = () => ({ error: { code: 1, message: 'invalid argument' } });
    await expect(conn!.request('price.query', ['NOPE'])).rejects.toThrowError(RequestFailedError);
    await expect(conn!.request('price.query', ['NOPE'])).rejects.toThrow('price.query failed (code 1): invalid argument');
  });

  it('stops for good on bad credentials: no reconnect in the next 10 s', async () => {
    let endpointCalls = 0;
    server.answer = (req) => (req.method === 'server.auth' ? { error: { code: 11, message: 'auth fail' } } : { result: 'ok' });
    connect({
      endpoint: async () => {
        endpointCalls++;
        return { url: server.url };
      },
      hooks: {
        open: async (session) => {
          try {
            await session.request('server.auth', ['bad-key', 'web']);
          } catch (e) {
            if (e instanceof RequestFailedError && e.code === 11) throw new AuthFailedError({ code: 'link.authRejected', params: { exchange: 'Test', detail: e.serverMessage } });
            throw e;
          }
        },
        message: () => {},
      },
    });
    await waitFor(() => state() === 'auth_failed', 'auth failed');
    expect(en(conn!.status.reason)).toBe('Test rejected the API key (auth fail).');
    expect(conn!.status.nextRetryAt).toBeNull();
    for (let t = 0; t < 10; t++) {
      clock.advance(1_000);
      await settle(10);
    }
    expect(state()).toBe('auth_failed');
    expect(server.attempts).toBe(1);
    expect(endpointCalls).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    expect(statuses.some((s) => s.state === 'backing_off')).toBe(false);
  });

  it('stays failed when credentials are rejected in-band while it is backing off', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.refuseWith = 503;
    server.dropAll();
    await waitFor(() => state() === 'backing_off', 'backing off');
    conn!.failAuth({ code: 'link.authRejected', params: { exchange: 'Test', detail: 'revoked' } });
    expect(state()).toBe('auth_failed');
    const attempts = server.attempts;
    clock.advance(60_000);
    await settle(30);
    expect(server.attempts).toBe(attempts);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('treats an endpoint provider that rejects the credentials as terminal too', async () => {
    let calls = 0;
    connect({
      endpoint: async () => {
        calls++;
        throw new AuthFailedError({ code: 'link.authRejectedHttp', params: { exchange: 'Test', status: 401 } });
      },
    });
    await waitFor(() => state() === 'auth_failed', 'auth failed');
    clock.advance(10_000);
    await settle(20);
    expect(calls).toBe(1);
    expect(server.attempts).toBe(0);
  });

  it('grows the backoff on repeated failures and resets it after a stable period', async () => {
    server.refuseWith = 503;
    connect();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await waitFor(() => state() === 'backing_off' && server.attempts === i + 1, `failure ${i + 1}`);
      const delay = conn!.status.nextRetryAt! - clock.now();
      delays.push(delay);
      expect(conn!.status.attempt).toBe(i + 1);
      if (i < 4) clock.advance(delay);
    }
    // Full jitter with random()≈1: each delay is just under the doubling ceiling.
    expect(delays).toEqual([499, 999, 1998, 3996, 7992]);
    expect(en(conn!.status.reason)).toMatch(/503/);

    server.refuseWith = null;
    clock.advance(delays[4]!);
    await waitFor(() => state() === 'live', 'live');
    expect(conn!.status.attempt).toBe(5); // not reset yet: the link has not proven stable
    await advanceLive(BACKOFF.stableMs - 1_000);
    expect(state()).toBe('live');
    server.dropAll();
    // Dropped before the stable period ended: the next delay keeps growing.
    await waitFor(() => state() === 'backing_off', 'backing off');
    expect(conn!.status.nextRetryAt! - clock.now()).toBe(15_984);

    clock.advance(15_984);
    await waitFor(() => state() === 'live', 'live again');
    await advanceLive(BACKOFF.stableMs);
    expect(state()).toBe('live');
    expect(conn!.status.attempt).toBe(0);
    server.dropAll();
    await waitFor(() => state() === 'backing_off', 'backing off after a stable period');
    expect(conn!.status.nextRetryAt! - clock.now()).toBe(499);
  });

  it('counts and drops bad frames without closing a healthy socket', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.pushRaw('{"method":"price.update","params":');
    server.pushRaw('[1,2,3]');
    server.push({ method: 'price.update', params: 'BTCUSDT' });
    server.push({ method: 'price.update', params: ['BTCUSDT', '67000.10'], id: null });
    await waitFor(() => pushes.length === 1, 'the good push');
    expect(conn!.status.badFrames).toBe(3);
    expect(state()).toBe('live');
    expect(server.clients()).toHaveLength(1);
    expect(pushes[0]).toEqual({ method: 'price.update', params: ['BTCUSDT', '67000.10'] });
  });

  it('counts a push its handler rejects as a bad frame, and keeps going', async () => {
    connect({
      hooks: {
        open: async () => {},
        message: (m) => {
          if (m.params.length === 0) throw new Error('empty params');
          pushes.push(m);
        },
      },
    });
    await waitFor(() => state() === 'live', 'live');
    server.push({ method: 'x.update', params: [], id: null });
    server.push({ method: 'x.update', params: [1], id: null });
    await waitFor(() => pushes.length === 1, 'the good push');
    expect(conn!.status.badFrames).toBe(1);
  });

  it('beats at once on connect, then every interval, and reports the round trip', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    expect(conn!.status.rttMs).toBeNull();
    clock.advance(0); // the first beat is due immediately
    await waitFor(() => conn!.status.rttMs !== null, 'a round trip');
    expect(conn!.status.rttMs).toBe(0); // the manual clock did not move while the pong travelled
    const pings = () => server.requests.filter((r) => r.method === 'server.ping').length;
    expect(pings()).toBe(1);
    clock.advance(9_999);
    await settle(20);
    expect(pings()).toBe(1);
    clock.advance(1);
    await waitFor(() => pings() === 2, 'the second beat');
  });

  it('fails pending requests when the link drops, and rejects requests while down', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.answer = () => 'silence';
    const pending = conn!.request('state.query', ['BTCUSDT', 86400]);
    await waitFor(() => methods().includes('state.query'), 'the request');
    server.dropAll();
    await expect(pending).rejects.toThrow(/state\.query/);
    await expect(conn!.request('server.time', [])).rejects.toThrow('server.time: not connected');
  });

  it('stops cleanly: no timers left, status stopped', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    conn!.stop();
    expect(state()).toBe('stopped');
    expect(clock.pendingTimers()).toBe(0);
    await waitFor(() => server.clients().length === 0, 'closed');
  });
});

describe('Connection hardening', () => {
  it('measures silence with the monotonic clock: a backward wall-clock step does not make a dead feed look live', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    server.answer = () => 'silence';
    clock.advance(10_000);
    clock.stepWall(-3_600_000); // NTP (or the user) sets the clock back an hour mid-silence
    clock.advance(20_000);
    expect(state()).toBe('backing_off');
    expect(conn!.status.reason).toEqual({ code: 'link.dead', params: { seconds: '30.0' } });
  });

  it('reports the last sign of life on the wall clock (the UI prints it as a time of day)', async () => {
    connect();
    await waitFor(() => state() === 'live', 'live');
    const alive = conn!.status.aliveAt!;
    expect(Math.abs(alive - clock.now())).toBeLessThan(60_000);
  });

  it('survives a malformed URL from the endpoint provider ("#" in it): backs off, no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      connect({ endpoint: async () => ({ url: `${server.url}/ws#fragment` }) });
      await waitFor(() => state() === 'backing_off', 'backing off');
      await settle(30);
      expect(JSON.stringify(conn!.status.reason)).toMatch(/fragment|URL/i);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('closes the socket on a frame larger than the exchange allows, before handling it', async () => {
    connect({ maxFrameBytes: 4096 });
    await waitFor(() => state() === 'live', 'live');
    server.push({ method: 'price.update', params: ['BTCUSDT', '1'.repeat(8192)], id: null });
    await waitFor(() => state() === 'backing_off', 'the oversized frame to close the socket');
    expect(pushes).toHaveLength(0);
  });
});
