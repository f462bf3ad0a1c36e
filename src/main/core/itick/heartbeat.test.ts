// The heartbeat in virtual time (ManualClock) over real sockets: pings carry a millisecond
// timestamp, only the matching echo counts, and the watchdog closes a socket that only says nonsense.
import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../connection/clock';
import { settle, waitFor } from '../testing/fault-server.test-support';
import { ItickAdapter } from './adapter';
import { startItickSimulator, type ItickSimulator } from '../simulators/itick/simulator';
import { recordingSink } from '../testing/adapter.test-support';

const TOKEN = 'heartbeat-token-77aa';
const btc = { exchange: 'itick' as const, base: 'BTC', quote: 'USDT' };

let sim: ItickSimulator | null = null;
let adapter: ItickAdapter | null = null;

afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await sim?.close();
  sim = null;
});

/** A logged-in adapter on a silent market, so pongs are the only frames that arrive. */
async function silentLink(pongEcho: 'same' | 'wrong', clock = new ManualClock()) {
  sim = await startItickSimulator({ tokens: [TOKEN], seed: 3 });
  sim.setSilent(true);
  sim.pongEcho = pongEcho;
  adapter = new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, token: () => TOKEN, sink: recordingSink().sink, clock });
  adapter.watch([btc]);
  await waitFor(() => adapter!.status().state === 'live', 'live');
  await waitFor(() => sim!.received.some((r) => r.ac === 'subscribe'), 'the subscription');
  await settle(20); // the subscribe reply, the last data frame in a while
  return { sim, adapter, clock };
}

const pings = () => sim!.received.filter((r) => r.ac === 'ping');

/** Moves virtual time in steps, letting real I/O (pings out, pongs back) happen in between. */
async function advance(clock: ManualClock, totalMs: number, stepMs = 5_000) {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    await settle(10);
  }
}


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('iTick heartbeat', () => {
  it('pings with a millisecond timestamp and counts the echoed pong: the link stays live through silence', async () => {
    const { adapter, clock } = await silentLink('same');
    clock.advance(0); // the first beat is due at once
    await waitFor(() => adapter.status().rttMs !== null, 'a round trip');
    expect(pings()[0]).toEqual({ ac: 'ping', params: String(clock.now()) });
    await advance(clock, 90_000);
    expect(pings().length).toBe(4); // at 0, 30, 60 and 90 s
    expect(adapter.status().state).toBe('live');
    expect(adapter.status().badFrames).toBe(0);
  });

  it('does not count a pong with the wrong echo, not even as a sign of life: the watchdog closes the socket', async () => {
    const { adapter, clock } = await silentLink('wrong');
    const reasons: string[] = [];
    adapter.onStatus((s) => void (s.state === 'backing_off' && reasons.push(en(s.reason))));
    clock.advance(0);
    await waitFor(() => adapter.status().badFrames === 1, 'the wrong pong dropped');
    expect(adapter.status().rttMs).toBeNull();
    await advance(clock, 60_000);
    expect(adapter.status().state).toBe('stale');
    expect(pings().length).toBeGreaterThanOrEqual(2); // the beat goes on after a pong timeout
    expect(adapter.status().rttMs).toBeNull();
    expect(reasons).toEqual([]);
    await advance(clock, 15_000);
    expect(reasons[0]).toMatch(/^No data for 7\d\.\d s: the connection is dead\.$/);
    await waitFor(() => sim!.stats.connections === 2, 'a new connection after the watchdog closed the old one');
  });

  it('shows the round trip measured on the real clock', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 3 });
    adapter = new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, token: () => TOKEN, sink: recordingSink().sink });
    const before = Date.now();
    adapter.watch([btc]);
    await waitFor(() => adapter!.status().rttMs !== null, 'a round trip');
    const rtt = adapter.status().rttMs!;
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(rtt).toBeLessThan(1000);
    const sent = Number(pings()[0]!.params);
    expect(sent).toBeGreaterThanOrEqual(before);
    expect(sent).toBeLessThanOrEqual(Date.now());
  });
});
