import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import { settle, startFaultServer, waitFor, type FaultServer } from '../testing/fault-server.test-support';
import { FAST, recordingSink } from '../testing/adapter.test-support';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator, type CoinKingSimulator } from '../simulators/coinking/simulator';


let sim: CoinKingSimulator | null = null;
let fault: FaultServer | null = null;
let adapter: CoinKingAdapter | null = null;

afterEach(async () => {
  adapter?.stop();
  adapter = null;
  await sim?.close();
  sim = null;
  await fault?.close();
  fault = null;
});

function recordingTickers() {
  const { rec, sink } = recordingSink();
  return { updates: rec.tickers, sink };
}

const btc = { exchange: 'coinking' as const, base: 'BTC', quote: 'USDT' };
const eth = { exchange: 'coinking' as const, base: 'ETH', quote: 'USDT' };


/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('CoinKingAdapter against the simulator', () => {
  it('fills each market at once from state.query, then follows price and state pushes', async () => {
    sim = await startCoinKingSimulator({ tickMs: 20, seed: 7 });
    const { updates, sink } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    adapter.watch([btc, eth]);
    await waitFor(() => adapter!.connection.status.state === 'live', 'live');
    const first = updates.filter((u) => u.patch.open24h !== undefined);
    expect(new Set(first.map((u) => u.market))).toEqual(new Set(['coinking:BTC/USDT', 'coinking:ETH/USDT']));
    for (const u of first) {
      expect(u.patch.last).toMatch(/^\d+\.\d{2}$/);
      expect(u.patch.high24h).toMatch(/^\d+\.\d{2}$/);
    }
    await waitFor(() => updates.some((u) => u.patch.open24h === undefined && u.patch.last !== undefined), 'a price.update push');
    expect(sim.received.slice(0, 2).sort()).toEqual(['price.subscribe', 'state.subscribe']);
  });

  it('sends the whole market list again when a market is added, and queries only the new one', async () => {
    fault = await startFaultServer();
    fault.answer = (req) =>
      req.method === 'state.query'
        ? { result: { open: '1.00', last: '1.10', high: '1.20', low: '0.90', volume: '5', deal: '5.5' } }
        : { result: { status: 'success' } };
    const { sink } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: fault.url, sink, connection: FAST });
    adapter.watch([btc]);
    await waitFor(() => adapter!.connection.status.state === 'live', 'live');
    adapter.watch([btc, eth]);
    await waitFor(() => fault!.requests.filter((r) => r.method === 'price.subscribe').length === 2, 'a second subscribe');
    await waitFor(() => fault!.requests.filter((r) => r.method === 'state.query').length === 2, 'a query of the new market');
    const subs = fault.requests.filter((r) => r.method === 'price.subscribe' || r.method === 'state.subscribe');
    expect(subs.map((r) => r.params)).toEqual([['BTCUSDT'], ['BTCUSDT'], ['BTCUSDT', 'ETHUSDT'], ['BTCUSDT', 'ETHUSDT']]);
    const queries = fault.requests.filter((r) => r.method === 'state.query').map((r) => r.params);
    expect(queries).toEqual([
      ['BTCUSDT', 86400],
      ['ETHUSDT', 86400],
    ]);
  });

  it('maps malformed pushes to bad frames and keeps the connection', async () => {
    fault = await startFaultServer();
    fault.answer = (req) => (req.method === 'state.query' ? { error: { code: 1, message: 'invalid argument' } } : { result: { status: 'success' } });
    const { updates, sink } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: fault.url, sink, connection: FAST });
    adapter.watch([btc]);
    await waitFor(() => adapter!.connection.status.state === 'live', 'live');
    fault.push({ method: 'price.update', params: ['BTCUSDT', 67000.5], id: null }); // a number, not a decimal string
    fault.push({ method: 'state.update', params: ['BTCUSDT', { open: '1' }], id: null });
    fault.push({ method: 'price.update', params: ['BTCUSDT', '1e5'], id: null });
    fault.push({ method: 'price.update', params: ['BTCUSDT', '67000.50'], id: null });
    await waitFor(() => updates.length === 1, 'the good update');
    expect(updates[0]).toEqual({ market: 'coinking:BTC/USDT', patch: { last: '67000.50' } });
    expect(adapter.connection.status.badFrames).toBe(3);
    expect(adapter.connection.status.state).toBe('live');
  });

  it('on a rejected API key fails only the account: public market data keeps flowing, the status says so', async () => {
    sim = await startCoinKingSimulator({ tokens: ['good-key'] });
    const { sink, updates } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, token: 'wrong-key', sink, connection: FAST });
    adapter.watch([btc]);
    await waitFor(() => adapter!.status().account === 'rejected' && adapter!.status().state === 'live', 'the key rejected, market data live');
    expect(adapter.status()).toMatchObject({ state: 'live', account: 'rejected', reason: null });
    expect(en(adapter.status().problem)).toBe('CoinKing rejected the API key (11: auth fail).');
    const before = updates.length;
    sim.trade('BTCUSDT');
    await waitFor(() => updates.length > before, 'BTC prices after the rejection');
    await settle(300); // many backoff periods at this speed
    expect(sim.received.filter((m) => m === 'server.auth')).toHaveLength(1); // not asked again: no storm
    expect(sim.received).not.toContain('order.subscribe');
  });

  it('authenticates with a good key before it subscribes, after every reconnect', async () => {
    sim = await startCoinKingSimulator({ tokens: ['good-key'] });
    const { sink } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, token: 'good-key', sink, connection: FAST });
    adapter.watch([btc]);
    await waitFor(() => adapter!.connection.status.state === 'live', 'live');
    sim.dropAll();
    await waitFor(() => sim!.received.filter((m) => m === 'server.auth').length === 2, 'a second auth');
    await waitFor(() => adapter!.connection.status.state === 'live', 'live again');
    // Only the methods this test is about: with a key, the account's requests follow these.
    const order = sim.received.filter((m) => m === 'server.auth' || m === 'price.subscribe' || m === 'state.subscribe');
    expect(order.slice(0, 3)).toEqual(['server.auth', 'price.subscribe', 'state.subscribe']);
    expect(order[3]).toBe('server.auth');
    expect(order.slice(4, 6).sort()).toEqual(['price.subscribe', 'state.subscribe']);
  });

  it('connects only while it follows a market', async () => {
    sim = await startCoinKingSimulator();
    const { sink } = recordingTickers();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    adapter.watch([]);
    await settle(50);
    expect(sim.connectionCount()).toBe(0);
    adapter.watch([btc]);
    await waitFor(() => sim!.connectionCount() === 1, 'a connection');
    adapter.watch([]);
    await waitFor(() => sim!.connectionCount() === 0, 'the connection to close');
    expect(adapter.connection.status.state).toBe('stopped');
  });
});

describe('CoinKing simulator manners', () => {
  it('gives no reply to an unknown method and closes on invalid input', async () => {
    sim = await startCoinKingSimulator();
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(sim.url);
    const messages: string[] = [];
    ws.on('message', (d) => messages.push(d.toString()));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ id: 1, method: 'kline.mystery', params: [] }));
    ws.send(JSON.stringify({ id: 2, method: 'server.ping', params: [] }));
    await waitFor(() => messages.length === 1, 'the ping reply');
    expect(JSON.parse(messages[0]!)).toEqual({ error: null, result: 'pong', id: 2 });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 3, method: 'server.ping', params: {} }));
    expect(await closed).toBe(1003);
  });
});
