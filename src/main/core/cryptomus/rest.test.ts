import { afterEach, describe, expect, it } from 'vitest';
import { CryptomusHttpError, CryptomusRest, CryptomusTimeoutError } from './rest';
import { DEMO_CREDENTIALS, startCryptomusSimulator, type CryptomusSimulator } from '../simulators/cryptomus/simulator';

let sim: CryptomusSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

function client(s: CryptomusSimulator, credentials = DEMO_CREDENTIALS): CryptomusRest {
  return new CryptomusRest({ apiUrl: s.httpUrl, marketUrl: s.httpUrl, scalesUrl: s.httpUrl, credentials });
}

/** A fetch that answers every request with this status and JSON body. */
function fakeFetch(status: number, body: unknown): typeof fetch {
  return (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
}

const fake = (f: typeof fetch, timeoutMs?: number) =>
  new CryptomusRest({ apiUrl: 'http://127.0.0.1:9', marketUrl: 'http://127.0.0.1:9', scalesUrl: 'http://127.0.0.1:9', credentials: DEMO_CREDENTIALS, fetch: f, timeoutMs });

describe('CryptomusRest against the simulator', () => {
  it('gets a 64-hex one-time token, and a new one each time', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0 });
    const rest = client(sim);
    const a = await rest.wsToken();
    const b = await rest.wsToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
  });

  it('turns a refused signature into a typed error with the server message and no secret', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0 });
    const wrongKey = client(sim, { userId: DEMO_CREDENTIALS.userId, apiKey: 'not-the-key' });
    const error = await wrongKey.wsToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptomusHttpError);
    expect((error as CryptomusHttpError).status).toBe(401);
    expect((error as CryptomusHttpError).serverMessage).toBe('Invalid sign');
    expect(String((error as Error).message)).not.toContain('not-the-key');
    expect(String((error as Error).message)).not.toContain(DEMO_CREDENTIALS.userId);
    const unknownUser = client(sim, { userId: 'nobody', apiKey: DEMO_CREDENTIALS.apiKey });
    await expect(unknownUser.balances()).rejects.toMatchObject({ status: 404, serverMessage: 'User *** not found' });
  });

  it('reads markets (precisions from basePrec/quotePrec), scales, balances, orders and history', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0, seed: 3 });
    const rest = client(sim);
    const markets = await rest.markets();
    expect(markets.find((m) => m.market === 'cryptomus:DOGE/USDT')).toEqual({
      market: 'cryptomus:DOGE/USDT',
      base: 'DOGE',
      quote: 'USDT',
      pricePrecision: 6,
      amountPrecision: 6,
    });
    expect(await rest.symbolScales('BTC_USDT')).toEqual([
      { scale: '0.01', index: 0 },
      { scale: '0.1', index: 1 },
      { scale: '1', index: 2 },
    ]);
    await expect(rest.symbolScales('NOPE_USDT')).rejects.toMatchObject({ status: 404, serverMessage: 'Symbol not found' });
    expect(await rest.balances()).toContainEqual({ exchange: 'cryptomus', asset: 'USDT', available: '25000.00000000', locked: '0.00000000' });

    const order = sim.account.place('BTC_USDT', 'buy', '60000', '0.01')!;
    sim.account.fill(order.id, '0.004');
    const open = await rest.openOrders();
    expect(open).toHaveLength(1);
    // The API writes 16 decimals ("0.0040000000000000"); the zeros past the last digit are dropped.
    expect(open[0]).toMatchObject({ id: order.id, side: 'buy', filledQuantity: '0.004' });
    expect(await rest.balances()).toContainEqual({ exchange: 'cryptomus', asset: 'USDT', available: '24400.00000000', locked: '360.00000000' });

    sim.account.fill(order.id);
    const { fills } = await rest.historyFills(null);
    expect(fills.map((f) => [f.orderId, f.side, f.amount])).toEqual([
      [order.id, 'buy', '0.004'],
      [order.id, 'buy', '0.006'],
    ]);
    // Orders that finished before `since` are known already: none is fetched again.
    expect((await rest.historyFills(Date.now() + 60_000)).fills).toEqual([]);
  });
});

describe('CryptomusRest replies', () => {
  it('accepts the payload under result, data, or at the top level', async () => {
    expect(await fake(fakeFetch(200, { result: { token: 'abcdef0123456789' } })).wsToken()).toBe('abcdef0123456789');
    expect(await fake(fakeFetch(200, { data: { token: 'abcdef0123456789' } })).wsToken()).toBe('abcdef0123456789');
    expect(await fake(fakeFetch(200, { token: 'abcdef0123456789' })).wsToken()).toBe('abcdef0123456789');
    const market = { symbol: 'BTC_USDT', basePrec: '8', quotePrec: '2' };
    expect(await fake(fakeFetch(200, { data: [market] })).markets()).toHaveLength(1);
    expect(await fake(fakeFetch(200, { result: [market] })).markets()).toHaveLength(1);
  });

  it('carries the status and message of a non-2xx reply', async () => {
    const error = await fake(fakeFetch(500, { message: 'Internal server error' }))
      .wsToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptomusHttpError);
    expect((error as Error).message).toBe('WebSocket token request: HTTP 500: Internal server error');
  });

  it('gives up on a request without a reply after its timeout', async () => {
    const hang = ((_url: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const started = Date.now();
    const error = await fake(hang, 50)
      .wsToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptomusTimeoutError);
    expect((error as Error).message).toBe('WebSocket token request: no reply within 0.1 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
