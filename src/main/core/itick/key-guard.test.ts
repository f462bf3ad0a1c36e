import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../shared/model';
import { ManualClock } from '../connection/clock';
import { settle, waitFor } from '../testing/fault-server.test-support';
import { ItickAdapter } from './adapter';
import { KeyInUseGuard } from './key-guard';
import { startItickSimulator, type ItickSimulator } from '../simulators/itick/simulator';
import { FAST as FAST_RETRY, recordingSink } from '../testing/adapter.test-support';

const TOKEN = 'shared-key-9d1e';
const btc = { exchange: 'itick' as const, base: 'BTC', quote: 'USDT' };
// A link must not count as stable during the test: a refused key would otherwise reset the backoff.
const FAST = { backoff: { ...FAST_RETRY.backoff, maxMs: 100, stableMs: 60_000 } };

let sim: ItickSimulator | null = null;
const adapters: ItickAdapter[] = [];

afterEach(async () => {
  for (const a of adapters.splice(0)) await a.stop();
  await sim?.close();
  sim = null;
});

function instance(s: ItickSimulator): ItickAdapter {
  const a = new ItickAdapter({
    wsUrl: s.wsUrl,
    apiUrl: s.apiUrl,
    token: () => TOKEN,
    sink: recordingSink().sink,
    connection: FAST,
    keyInUse: { windowMs: 5_000, pauseMs: 60_000 },
  });
  adapters.push(a);
  return a;
}


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('two clients with one key', () => {
  it('the older one says the key is in use elsewhere and stops fighting the newer one', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 5 });
    const older = instance(sim);
    older.watch([btc]);
    await waitFor(() => older.status().state === 'live', 'the older client live');
    const newer = instance(sim);
    newer.watch([btc]);
    await waitFor(() => en(older.status().reason).includes('in use elsewhere'), 'the older client to give way');
    await waitFor(() => newer.status().state === 'live', 'the newer client live');
    const status = older.status();
    expect(status.state).toBe('backing_off');
    expect(en(status.reason)).toMatch(/^API key in use elsewhere: .*trying again in 1 min/);
    expect(status.nextRetryAt! - Date.now()).toBeGreaterThan(55_000);

    // No more fighting: the newer client keeps the key undisturbed.
    const connections = sim.stats.connections;
    await settle(500); // at this backoff, a fighting client would reconnect many times
    expect(sim.stats.connections).toBe(connections);
    expect(sim.connectionCount()).toBe(1);
    expect(newer.status().state).toBe('live');
    expect(sim.stats.displaced).toBeLessThanOrEqual(3);
  });

  it('a single drop (a server restart) is no sign of a shared key: it reconnects at once', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 5 });
    const a = instance(sim);
    a.watch([btc]);
    await waitFor(() => a.status().state === 'live', 'live');
    await settle(50);
    sim.dropAll();
    await waitFor(() => sim!.stats.logins === 2 && a.status().state === 'live', 'live again');
    expect(a.status().reason).toBeNull();
  });

  it('reconnect() ends the pause at once, when the user asks', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 5 });
    const older = instance(sim);
    older.watch([btc]);
    await waitFor(() => older.status().state === 'live', 'live');
    const newer = instance(sim);
    newer.watch([btc]);
    await waitFor(() => en(older.status().reason).includes('in use elsewhere'), 'the pause');
    await newer.stop();
    older.reconnect();
    await waitFor(() => older.status().state === 'live', 'live again');
  });
});

describe('KeyInUseGuard', () => {
  function run(steps: [ConnectionState, number][]) {
    const clock = new ManualClock();
    const events: string[] = [];
    const guard = new KeyInUseGuard(
      clock,
      { windowMs: 60_000, pauseMs: 120_000, maxPauseMs: 300_000 },
      () => events.push(`pause ${guard.pausedUntil! - clock.now()}`),
      () => events.push('resume'),
    );
    let previous: ConnectionState = 'idle';
    for (const [state, after] of steps) {
      clock.advance(after);
      guard.observe(previous, state);
      previous = state;
    }
    return { events, clock, guard };
  }

  it('pauses when a session is dropped again right after login, doubling each time up to the cap', () => {
    const fight: [ConnectionState, number][] = [
      ['connecting', 0],
      ['live', 100],
      ['backing_off', 3_600_000], // a long session, then dropped: the first strike
      ['connecting', 500],
      ['live', 100],
      ['backing_off', 2_000], // dropped 2 s after login: the key is being fought over
    ];
    const { events, clock, guard } = run(fight);
    expect(events).toEqual(['pause 120000']);
    clock.advance(120_000);
    expect(events).toEqual(['pause 120000', 'resume']);
    for (const [state, after] of [['connecting', 0], ['live', 100], ['backing_off', 1_000]] as [ConnectionState, number][]) {
      clock.advance(after);
      guard.observe(state === 'connecting' ? 'stopped' : state === 'live' ? 'connecting' : 'live', state);
    }
    expect(events.at(-1)).toBe('pause 240000');
  });

  it('does not pause for drops between long sessions, for our own reconnects, or for failed attempts', () => {
    const { events } = run([
      ['live', 0],
      ['backing_off', 120_000],
      ['connecting', 500],
      ['live', 100],
      ['backing_off', 90_000], // long-lived again: a flaky network, not a second client
      ['connecting', 500],
      ['live', 100],
      ['connecting', 1_000], // reconnectNow of ours: breaks the run
      ['live', 100],
      ['backing_off', 1_000], // a short session dropped, but the first in a row
      ['connecting', 100],
      ['live', 100],
      ['stopped', 1_000], // stop of ours
      ['connecting', 100],
      ['backing_off', 100], // refused before login
      ['connecting', 100],
      ['backing_off', 100],
    ]);
    expect(events).toEqual([]);
  });
});
