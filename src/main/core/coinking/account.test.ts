import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deal } from '../../../shared/model';
import { MemoryDealHistory } from '../portfolio/deal-history';
import { settle, startFaultServer, waitFor, type FaultServer } from '../testing/fault-server.test-support';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator, type CoinKingSimulator } from '../simulators/coinking/simulator';
import { FAST, recordingLogger, recordingSink, statusTrail } from '../testing/adapter.test-support';

let sim: CoinKingSimulator | null = null;
let fault: FaultServer | null = null;
let adapter: CoinKingAdapter | null = null;

afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await sim?.close();
  sim = null;
  await fault?.close();
  fault = null;
});

const TOKEN = 'ck-secret-4f1e9a';
const QUIET = 3_600_000;
const btc = { exchange: 'coinking' as const, base: 'BTC', quote: 'USDT' };

function startAdapter(s: CoinKingSimulator, history = new MemoryDealHistory()) {
  const emitted: Deal[] = [];
  const { rec, sink } = recordingSink({
    deals: (_exchange, deals) => {
      emitted.push(...deals);
      history.add(deals);
    },
  });
  const a = new CoinKingAdapter({ wsUrl: s.url, apiUrl: s.apiUrl, token: TOKEN, sink, deals: history, connection: FAST });
  return { a, rec, emitted, history };
}

/** A summary host that answers only when released (a slow CDN at login time). */
async function slowSummary(upstream: string): Promise<{ url: string; release(): void; close(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server: Server = createServer((req, res) => {
    void released.then(async () => {
      const body = await (await fetch(upstream + (req.url ?? '/'))).text();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    release,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A coded reason as the user reads it, in English. */
const en = (c: Coded | null | undefined) => (c ? renderCoded('en', c) : '');

describe('CoinKing account', () => {
  it('widens order.subscribe and reads the orders of every listed market when the market list arrives after the login', async () => {
    sim = await startCoinKingSimulator({ seed: 4, tickMs: QUIET, tokens: [TOKEN], historyOrders: 0 });
    const eth = sim.account.place('ETHUSDT', 'buy', '100', '0.5')!; // outside the watchlist
    const summary = await slowSummary(sim.apiUrl);
    try {
      const { rec, sink } = recordingSink();
      adapter = new CoinKingAdapter({ wsUrl: sim.url, apiUrl: summary.url, token: TOKEN, sink, connection: FAST });
      adapter.watch([btc]);
      await waitFor(() => rec.orders.some((o) => o.snapshot), 'the login without the market list', 10_000);
      expect(rec.orders.flatMap((o) => o.orders).some((o) => o.id === String(eth.id))).toBe(false);
      summary.release();
      await waitFor(() => rec.orders.flatMap((o) => o.orders).some((o) => o.id === String(eth.id)), 'the ETH order once the list arrived');
      const subs = sim.requests.filter((r) => r.method === 'order.subscribe');
      expect(subs.at(-1)!.params).toContain('ETHUSDT');
    } finally {
      await adapter?.stop();
      adapter = null;
      await summary.close();
    }
  });

  it('authenticates before order.subscribe and asset.subscribe after every reconnect, and never repeats a deal', async () => {
    sim = await startCoinKingSimulator({ seed: 11, tickMs: QUIET, tokens: [TOKEN], historyOrders: 5 });
    const { a, emitted, history } = startAdapter(sim);
    adapter = a;
    adapter.watch([btc]);
    await waitFor(() => emitted.length === 5, 'the stored history');

    // A fill while connected arrives as an order.update finish.
    const live = sim.account.place('BTCUSDT', 'buy', '60000.00', '0.0100')!;
    sim.account.fill(live.id);
    await waitFor(() => emitted.length === 6, 'the finished order as a deal');
    expect(emitted[5]!.id).toBe(String(live.id));

    // A fill while disconnected comes back through order.history, from the newest stored deal on.
    sim.refuseConnections(true);
    sim.dropAll();
    await waitFor(() => adapter!.status().state === 'backing_off', 'backing off');
    const missed = sim.account.place('BTCUSDT', 'sell', '70000.00', '0.0200')!;
    sim.account.fill(missed.id);
    sim.refuseConnections(false);
    await waitFor(() => emitted.length === 7, 'the deal missed while away');
    await adapter.account!.backfilled;
    await settle(50);

    expect(new Set(emitted.map((d) => d.id)).size).toBe(emitted.length); // no deal given twice
    expect(history.list({ exchange: 'coinking' })).toHaveLength(7);
    const truth = sim.markets.size && [...sim.markets.keys()].flatMap((m) => sim!.account.history(m, 0, 0, 0));
    expect(new Set(emitted.map((d) => d.id))).toEqual(new Set((truth || []).map((o) => String(o.id))));

    // The second sync asked only from the newest stored deal's second: the overlap was real.
    const historyCalls = sim.requests.filter((r) => r.method === 'order.history' && r.params[0] === 'BTCUSDT');
    expect(historyCalls[0]!.params[1]).toBe(0);
    expect(historyCalls[historyCalls.length - 1]!.params[1]).toBe(Math.floor(emitted[5]!.time / 1000));

    const conns = [...new Set(sim.requests.filter((r) => r.method === 'order.subscribe').map((r) => r.conn))];
    expect(conns).toHaveLength(2);
    for (const conn of conns) {
      const methods = sim.requests.filter((r) => r.conn === conn).map((r) => r.method);
      const auth = methods.indexOf('server.auth');
      expect(auth).toBeGreaterThanOrEqual(0);
      expect(auth).toBeLessThan(methods.indexOf('order.subscribe'));
      expect(auth).toBeLessThan(methods.indexOf('asset.subscribe'));
      expect(auth).toBeLessThan(methods.indexOf('order.query'));
      expect(auth).toBeLessThan(methods.indexOf('asset.query'));
    }
  });

  it('replaces balances and open orders with snapshots on connect, then follows order and asset updates', async () => {
    sim = await startCoinKingSimulator({ seed: 12, tickMs: QUIET, tokens: [TOKEN], historyOrders: 0 });
    const resting = sim.account.place('ETHUSDT', 'sell', '4000.00', '1.5000')!;
    const { a, rec, emitted } = startAdapter(sim);
    adapter = a;
    adapter.watch([]); // no watchlist: the account alone keeps the main socket up
    await waitFor(() => rec.orders.length > 0 && rec.balances.length > 0, 'snapshots');
    expect(rec.balances[0]!.snapshot).toBe(true);
    const usdt = rec.balances[0]!.balances.find((b) => b.asset === 'USDT')!;
    expect(usdt).toEqual({ exchange: 'coinking', asset: 'USDT', available: '25000', locked: '0' });
    expect(rec.balances[0]!.balances.find((b) => b.asset === 'ETH')).toMatchObject({ available: '4.5', locked: '1.5' });
    expect(rec.orders[0]).toEqual({
      snapshot: true,
      orders: [expect.objectContaining({ id: String(resting.id), market: 'coinking:ETH/USDT', side: 'sell', type: 'limit', status: 'open', price: '4000', amount: '1.5', filled: '0' })],
    });
    expect(sim.requests.some((r) => r.method === 'price.subscribe')).toBe(false);

    const o = sim.account.place('BTCUSDT', 'buy', '50000.00', '0.2000')!;
    sim.account.fill(o.id, '0.05');
    sim.account.fill(o.id);
    sim.account.cancel(resting.id);
    await waitFor(() => rec.orders.length === 5, 'four order events');
    const events = rec.orders.slice(1).map((u) => [u.snapshot, u.orders[0]!.id, u.orders[0]!.status, u.orders[0]!.filled]);
    expect(events).toEqual([
      [false, String(o.id), 'open', '0'],
      [false, String(o.id), 'partially_filled', '0.05'],
      [false, String(o.id), 'filled', '0.2'],
      [false, String(resting.id), 'cancelled', '0'],
    ]);
    expect(emitted.map((d) => [d.id, d.side, d.price, d.amount, d.value, d.fee, d.feeAsset])).toEqual([
      [String(o.id), 'buy', '50000', '0.2', '10000', '0.0002', 'BTC'],
    ]);
    await waitFor(() => rec.balances.some((u) => !u.snapshot && u.balances.some((b) => b.asset === 'ETH' && b.locked === '0')), 'ETH released');
    const last = (asset: string) => rec.balances.flatMap((u) => u.balances).filter((b) => b.asset === asset).pop();
    await waitFor(() => last('BTC')?.available === sim!.account.assets(['BTC']).BTC!.available, 'BTC balance update');
    expect(last('USDT')).toMatchObject({ available: sim.account.assets(['USDT']).USDT!.available, locked: '0' });
  });

  it('shows code 11 (bad key) and code 6 (refused private method) as the reason, without the key', async () => {
    const log = recordingLogger();
    const { lines } = log;
    sim = await startCoinKingSimulator({ tokens: ['another-key'], tickMs: QUIET });
    const { sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, token: TOKEN, sink, log, connection: FAST });
    const trail = statusTrail(adapter);
    adapter.watch([btc]);
    await waitFor(() => adapter!.status().account === 'rejected' && adapter!.status().state === 'live', 'the key rejected, market data live');
    expect(adapter.status()).toMatchObject({ state: 'live', reason: null });
    expect(en(adapter.status().problem)).toBe('CoinKing rejected the API key (11: auth fail).');
    await adapter.stop();

    // A server that takes the key but then refuses the account (code 6), and echoes the key back.
    fault = await startFaultServer();
    fault.answer = (req) =>
      req.method === 'order.subscribe' || req.method === 'asset.subscribe'
        ? { error: { code: 6, message: `require authentication for ${TOKEN}` } }
        : { result: { status: 'success' } };
    adapter = new CoinKingAdapter({ wsUrl: fault.url, token: TOKEN, sink, log, connection: FAST });
    trail.push(...statusTrail(adapter));
    adapter.watch([]);
    await waitFor(() => adapter!.status().account === 'rejected' && adapter!.status().state === 'live', 'the account refused on code 6, the link live');
    expect(en(adapter.status().problem)).toMatch(/^CoinKing refused (order|asset)\.subscribe: the API key is not accepted\.$/);
    await settle(150);
    expect(fault.requests.filter((r) => r.method === 'server.auth')).toHaveLength(1); // no reconnect storm

    const everything = [...lines, ...trail.map((s) => JSON.stringify(s))].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain('code 6');
  });

  it('an unknown method asked through the adapter times out with a clear error; the socket stays live', async () => {
    sim = await startCoinKingSimulator({ tickMs: QUIET });
    const { sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: { ...FAST, requestTimeoutMs: 200 } });
    adapter.watch([btc]);
    await waitFor(() => adapter!.status().state === 'live', 'live');
    const error = await adapter.rpc.call('order.mystery', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'CoinKing gave no reply to order.mystery within 0.2 s (it sends none for a method it does not know, or it is overloaded)',
    );
    expect(adapter.status().state).toBe('live'); // a missing reply is an error, not a dead socket
  });
});
