// The exact strings the adapters send, spelled out literally from protocols.md and the seeds: a
// silent rename of a REST path or a WebSocket method on the client side fails here, even where a
// simulator written from the same misreading would still answer.
import { afterEach, describe, expect, it } from 'vitest';
import { CoinKingRpc } from './coinking/rpc';
import { BALANCE_PATH, HISTORY_PATH, MARKETS_PATH, ORDERS_PATH, SCALES_PATH, TOKEN_PATH } from './cryptomus/rest';
import { harness, ref, type Harness } from './cryptomus/harness.test-support';
import { waitFor } from './testing/fault-server.test-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('protocol literals', () => {
  it('Cryptomus REST paths', () => {
    expect([TOKEN_PATH, MARKETS_PATH, SCALES_PATH, BALANCE_PATH, ORDERS_PATH, HISTORY_PATH]).toEqual([
      '/v2/user-api/exchange/account/web-socket/token',
      '/v1/exchange/market',
      '/api/v2/symbol-scales',
      '/v2/user-api/exchange/account/balance',
      '/v2/user-api/exchange/orders',
      '/v2/user-api/exchange/orders/history',
    ]);
  });

  it('Cryptomus: every WebSocket method and REST path a session uses is one of the documented ones', async () => {
    h = await harness();
    h.adapter.watch([ref('BTC')]);
    h.adapter.focus({ market: ref('ETH'), interval: '1m' });
    await waitFor(() => h!.adapter.status().state === 'live', 'live');
    await waitFor(() => h!.rec.orders.some((o) => o.snapshot), 'the account snapshot');
    await waitFor(() => h!.sim.received.some((r) => r.method === 'depth_subscribe'), 'the depth subscription');
    h.adapter.focus(null);
    await waitFor(() => h!.sim.received.some((r) => r.method === 'depth_unsubscribe'), 'the depth unsubscription');
    const documented = new Set([
      'ping',
      ...['lastprice', 'ticker', 'trade', 'depth', 'order', 'balance', 'deal'].flatMap((c) => [`${c}_subscribe`, `${c}_unsubscribe`]),
    ]);
    const sent = new Set(h.sim.received.map((r) => r.method));
    for (const m of sent) expect(documented.has(m), m).toBe(true);
    for (const m of ['ticker_subscribe', 'lastprice_subscribe', 'trade_subscribe', 'depth_subscribe', 'order_subscribe', 'balance_subscribe', 'deal_subscribe']) {
      expect(sent.has(m), m).toBe(true);
    }
    const paths = new Set(h.sim.http.map((r) => r.path));
    for (const p of paths) {
      expect(
        [
          '/v2/user-api/exchange/account/web-socket/token',
          '/v1/exchange/market',
          '/api/v2/symbol-scales',
          '/v2/user-api/exchange/account/balance',
          '/v2/user-api/exchange/orders',
          '/v2/user-api/exchange/orders/history',
        ],
      ).toContain(p);
    }
    for (const p of ['/v2/user-api/exchange/account/web-socket/token', '/v2/user-api/exchange/account/balance', '/v2/user-api/exchange/orders', '/v2/user-api/exchange/orders/history']) {
      expect(paths.has(p), p).toBe(true);
    }
  });

  it('CoinKing: every JSON-RPC method, as the ViaBTC protocol names it', async () => {
    const sent: { method: string; params: unknown }[] = [];
    const rpc = new CoinKingRpc({
      request: async (method, params) => {
        sent.push({ method, params });
        return { status: 'success' };
      },
    });
    const calls: (() => Promise<unknown>)[] = [
      () => rpc.ping(),
      () => rpc.time(),
      () => rpc.auth('k'),
      () => rpc.klineQuery('BTCUSDT', 1, 2, 60),
      () => rpc.klineSubscribe('BTCUSDT', 60),
      () => rpc.klineUnsubscribe(),
      () => rpc.priceQuery('BTCUSDT'),
      () => rpc.priceSubscribe(['BTCUSDT']),
      () => rpc.priceUnsubscribe(),
      () => rpc.stateQuery('BTCUSDT', 86_400),
      () => rpc.stateSubscribe(['BTCUSDT']),
      () => rpc.stateUnsubscribe(),
      () => rpc.todayQuery('BTCUSDT'),
      () => rpc.todaySubscribe(['BTCUSDT']),
      () => rpc.todayUnsubscribe(),
      () => rpc.dealsQuery('BTCUSDT', 10, 0),
      () => rpc.dealsSubscribe(['BTCUSDT']),
      () => rpc.dealsUnsubscribe(),
      () => rpc.depthQuery('BTCUSDT', 50),
      () => rpc.depthSubscribe('BTCUSDT', 50),
      () => rpc.depthUnsubscribe(),
      () => rpc.orderQuery('BTCUSDT', 0, 100),
      () => rpc.orderHistory('BTCUSDT', 0, 0, 0, 100),
      () => rpc.orderSubscribe(['BTCUSDT']),
      () => rpc.orderUnsubscribe(),
      () => rpc.assetQuery([]),
      () => rpc.assetHistory({ asset: null, business: null, start: 0, end: 0, offset: 0, limit: 10 }),
      () => rpc.assetSubscribe(['BTC']),
      () => rpc.assetUnsubscribe(),
    ];
    for (const call of calls) await call().catch(() => {}); // replies are not what they parse: only the names matter here
    expect(sent.map((s) => s.method)).toEqual([
      'server.ping',
      'server.time',
      'server.auth',
      'kline.query',
      'kline.subscribe',
      'kline.unsubscribe',
      'price.query',
      'price.subscribe',
      'price.unsubscribe',
      'state.query',
      'state.subscribe',
      'state.unsubscribe',
      'today.query',
      'today.subscribe',
      'today.unsubscribe',
      'deals.query',
      'deals.subscribe',
      'deals.unsubscribe',
      'depth.query',
      'depth.subscribe',
      'depth.unsubscribe',
      'order.query',
      'order.history',
      'order.subscribe',
      'order.unsubscribe',
      'asset.query',
      'asset.history',
      'asset.subscribe',
      'asset.unsubscribe',
    ]);
    // Parameter order as the server reads it.
    expect(sent.find((s) => s.method === 'order.history')!.params).toEqual(['BTCUSDT', 0, 0, 0, 100, 0]);
    expect(sent.find((s) => s.method === 'depth.subscribe')!.params).toEqual(['BTCUSDT', 50, '0']);
    expect(sent.find((s) => s.method === 'server.auth')!.params).toEqual(['k', 'web']);
  });
});
