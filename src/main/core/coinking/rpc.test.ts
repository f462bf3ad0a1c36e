// Every method of the seed, typed by CoinKingRpc, against the simulator over a real socket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from '../connection/connection';
import { RequestFailedError, RequestTimeoutError } from '../connection/errors';
import { settle, waitFor } from '../testing/fault-server.test-support';
import { CoinKingTimeoutError } from './errors';
import { CoinKingRpc } from './rpc';
import { startCoinKingSimulator, type CoinKingSimulator } from '../simulators/coinking/simulator';
import { FAST } from '../testing/adapter.test-support';
import { coinkingCodec, type CoinKingPush } from './wire';
import { parseDepthUpdate, parseKlineRows } from './wire-market';

const TOKEN = 'rpc-key';
let sim: CoinKingSimulator;
let conn: Connection<CoinKingPush>;
let rpc: CoinKingRpc;
let pushes: CoinKingPush[];

beforeEach(async () => {
  sim = await startCoinKingSimulator({ seed: 21, tickMs: 3_600_000, depthSnapshotMs: 3_600_000, statePushMs: 30, tokens: [TOKEN], historyOrders: 4 });
  pushes = [];
  conn = new Connection<CoinKingPush>({
    exchange: 'coinking',
    endpoint: async () => ({ url: sim.url }),
    codec: coinkingCodec,
    hooks: { open: async () => {}, message: (m) => void pushes.push(m) },
    heartbeatMs: 60_000,
    watchdogMs: 120_000,
    requestTimeoutMs: 300,
    ...FAST,
  });
  conn.start();
  await waitFor(() => conn.status.state === 'live', 'live');
  rpc = new CoinKingRpc(conn);
});

afterEach(async () => {
  conn.stop();
  await sim.close();
});

const of = (method: string) => pushes.filter((p) => p.method === method);

/** Subscribing, a trade, the push; unsubscribing, a trade, silence. */
async function followsThenStops(method: string, unsubscribe: () => Promise<void>, market = 'BTCUSDT'): Promise<void> {
  const n = of(method).length;
  sim.trade(market);
  await waitFor(() => of(method).length > n, method);
  await unsubscribe();
  const m = of(method).length;
  sim.trade(market);
  await settle(40);
  expect(of(method).length).toBe(m);
}

describe('system methods', () => {
  it('server.ping, server.time, server.auth (code 11 for a bad key)', async () => {
    await rpc.ping();
    expect(Math.abs((await rpc.time()) - Date.now() / 1000)).toBeLessThan(5);
    const bad = await rpc.auth('nope').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RequestFailedError);
    expect((bad as RequestFailedError).code).toBe(11);
    await rpc.auth(TOKEN);
  });

  it('an unknown method times out with an error that says why', async () => {
    const error = await rpc.call('kline.mystery', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoinKingTimeoutError);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/^CoinKing gave no reply to kline\.mystery within 0\.3 s \(it sends none for a method it does not know/);
    await rpc.ping(); // the socket is fine
  });
});

describe('market methods', () => {
  it('kline: query gives history, subscribe gives none until something trades', async () => {
    const now = Math.floor(Date.now() / 1000);
    const rows = await rpc.klineQuery('BTCUSDT', now - 3600, now, 60);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(rows.every((r) => r.market === 'BTCUSDT' && r.time % 60 === 0)).toBe(true);
    await rpc.klineSubscribe('BTCUSDT', 60);
    await settle(40);
    expect(of('kline.update')).toHaveLength(0);
    await followsThenStops('kline.update', () => rpc.klineUnsubscribe());
    expect(parseKlineRows(of('kline.update')[0]!.params)?.[0]?.market).toBe('BTCUSDT');
    await expect(rpc.klineQuery('BTCUSDT', 0, now, 61)).rejects.toMatchObject({ code: 1 });
  });

  it('price: query, subscribe (a new list replaces the old), update, unsubscribe', async () => {
    expect(await rpc.priceQuery('ETHUSDT')).toBe(sim.markets.get('ETHUSDT')!.walk.price());
    await rpc.priceSubscribe(['BTCUSDT']);
    await rpc.priceSubscribe(['ETHUSDT']);
    sim.trade('BTCUSDT');
    await settle(40);
    expect(of('price.update')).toHaveLength(0); // BTC was replaced by ETH
    await followsThenStops('price.update', () => rpc.priceUnsubscribe(), 'ETHUSDT');
    expect(of('price.update')[0]!.params).toEqual(['ETHUSDT', expect.stringMatching(/^\d+\.\d{2}$/)]);
  });

  it('state and today: query, subscribe (answered with the current value), update, unsubscribe', async () => {
    const state = await rpc.stateQuery('BTCUSDT', 86_400);
    expect(Object.keys(state).sort()).toEqual(['deal', 'high', 'last', 'low', 'open', 'volume']);
    const today = await rpc.todayQuery('BTCUSDT');
    expect(today.last).toBe(state.last);
    await rpc.stateSubscribe(['BTCUSDT']);
    await rpc.todaySubscribe(['BTCUSDT']);
    await waitFor(() => of('state.update').length === 1 && of('today.update').length === 1, 'the current values');
    sim.trade('BTCUSDT');
    await waitFor(() => of('state.update').length === 2 && of('today.update').length === 2, 'batched updates');
    await rpc.stateUnsubscribe();
    await rpc.todayUnsubscribe();
    sim.trade('BTCUSDT');
    await settle(100);
    expect([of('state.update').length, of('today.update').length]).toEqual([2, 2]);
  });

  it('deals: query after last_id (newest first), subscribe starts with recent deals, update, unsubscribe', async () => {
    for (let i = 0; i < 4; i++) sim.trade('BTCUSDT');
    const all = await rpc.dealsQuery('BTCUSDT', 100, 0);
    expect(all).toHaveLength(4);
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((a, b) => b - a));
    expect(await rpc.dealsQuery('BTCUSDT', 100, all[1]!.id)).toEqual([all[0]]);
    await rpc.dealsSubscribe(['BTCUSDT']);
    await waitFor(() => of('deals.update').length === 1, 'recent deals');
    expect(of('deals.update')[0]!.params).toEqual(['BTCUSDT', all]);
    await followsThenStops('deals.update', () => rpc.dealsUnsubscribe());
  });

  it('depth: query, subscribe with a clean push first, diffs, unsubscribe', async () => {
    const book = await rpc.depthQuery('BTCUSDT', 10);
    expect(book.bids).toHaveLength(10);
    expect(book.asks).toHaveLength(10);
    expect(Number(book.bids[0]![0])).toBeLessThan(Number(book.asks[0]![0]));
    expect(Number(book.bids[0]![0])).toBeGreaterThan(Number(book.bids[1]![0]));
    await rpc.depthSubscribe('BTCUSDT', 10);
    await waitFor(() => of('depth.update').length === 1, 'the clean push');
    expect(parseDepthUpdate(of('depth.update')[0]!.params)?.clean).toBe(true);
    await followsThenStops('depth.update', () => rpc.depthUnsubscribe());
    expect(parseDepthUpdate(of('depth.update')[1]!.params)?.clean).toBe(false);
    await expect(rpc.depthQuery('BTCUSDT', 7 as 5)).rejects.toMatchObject({ code: 1 });
  });
});

describe('account methods', () => {
  it('are refused with code 6 before server.auth', async () => {
    for (const call of [() => rpc.orderQuery('BTCUSDT', 0, 10), () => rpc.assetQuery(), () => rpc.orderSubscribe(['BTCUSDT']), () => rpc.assetHistory({ asset: null, business: null, start: 0, end: 0, offset: 0, limit: 10 })]) {
      await expect(call()).rejects.toMatchObject({ code: 6 });
    }
  });

  it('order: query, history, subscribe, update, unsubscribe', async () => {
    await rpc.auth(TOKEN);
    const o = sim.account.place('BTCUSDT', 'buy', '50000.00', '0.1000')!;
    const open = await rpc.orderQuery('BTCUSDT', 0, 10);
    expect(open.total).toBe(1);
    expect(open.records[0]).toMatchObject({ id: o.id, side: 2, type: 1, left: '0.1', dealStock: '0' });
    await rpc.orderSubscribe(['BTCUSDT']);
    sim.account.fill(o.id, '0.04');
    await waitFor(() => of('order.update').length === 1, 'an update event');
    expect(of('order.update')[0]!.params[0]).toBe(2);
    sim.account.fill(o.id);
    await waitFor(() => of('order.update').length === 2, 'a finish event');
    expect(of('order.update')[1]!.params[0]).toBe(3);
    const history = await rpc.orderHistory('BTCUSDT', 0, 0, 0, 100);
    expect(history.records[0]).toMatchObject({ id: o.id, dealStock: '0.1', left: null });
    expect(history.records[0]!.ftime).not.toBeNull();
    await rpc.orderUnsubscribe();
    sim.account.place('BTCUSDT', 'buy', '50000.00', '0.1000');
    await settle(40);
    expect(of('order.update')).toHaveLength(2);
  });

  it('asset: query, history, subscribe, update, unsubscribe', async () => {
    await rpc.auth(TOKEN);
    const all = await rpc.assetQuery();
    expect(all.find((a) => a.asset === 'USDT')).toEqual({ asset: 'USDT', available: '25000', freeze: '0' });
    expect(await rpc.assetQuery(['BTC'])).toEqual([{ asset: 'BTC', available: '0.75', freeze: '0' }]);
    await rpc.assetSubscribe(['USDT']);
    sim.account.place('BTCUSDT', 'buy', '50000.00', '0.1000');
    await waitFor(() => of('asset.update').length === 1, 'an asset update');
    expect(of('asset.update')[0]!.params).toEqual([{ USDT: { available: '20000', freeze: '5000' } }]);
    const history = await rpc.assetHistory({ asset: 'USDT', business: 'deposit', start: 0, end: 0, offset: 0, limit: 10 });
    expect(history.records).toEqual([expect.objectContaining({ asset: 'USDT', business: 'deposit', change: '25000', balance: '25000' })]);
    await rpc.assetUnsubscribe();
    sim.account.place('BTCUSDT', 'buy', '50000.00', '0.1000');
    await settle(40);
    expect(of('asset.update')).toHaveLength(1);
  });
});
