// docs/security.md, hardening review 7 and 13: credentialed requests never follow a redirect, and every collection
// the wire feeds is bounded (open orders, balances, name maps, REST bodies, market lists).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Balance, Order } from '../../../shared/model';
import { MarketNames, MAX_NAMES } from '../coinking/names';
import { CryptomusRest, MAX_MARKETS } from '../cryptomus/rest';
import { fetchKlines } from '../itick/rest';
import { Account, MAX_BALANCES, MAX_OPEN_ORDERS } from '../portfolio/account';
import { BodyTooLargeError, readText } from './http';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; seen: Record<string, string | string[] | undefined>[] }> {
  const seen: Record<string, string | string[] | undefined>[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    handler!(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('credentialed requests and redirects', () => {
  it('Cryptomus: a redirect to another origin is not followed, so userId and sign stay home', async () => {
    const elsewhere = await serve((_req, res) => res.end('{"state":0,"result":[]}'));
    const api = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/steal` });
      res.end();
    });
    const rest = new CryptomusRest({ apiUrl: api.url, marketUrl: api.url, scalesUrl: api.url, credentials: { userId: 'user-secret-1', apiKey: 'key-secret-1' } });
    await expect(rest.wsToken()).rejects.toThrow();
    expect(api.seen[0]!.userid ?? api.seen[0]!.userId).toBeDefined(); // it went to the host it was entered for
    expect(elsewhere.seen).toEqual([]);
  });

  it('iTick: the token does not follow a redirect', async () => {
    const elsewhere = await serve((_req, res) => res.end('{}'));
    const api = await serve((_req, res) => {
      res.writeHead(307, { location: elsewhere.url });
      res.end();
    });
    await expect(fetchKlines({ baseUrl: api.url, token: 'tok-secret' }, { symbol: 'BTCUSDT', region: 'gb', period: 1, endTime: Date.now(), limit: 10 })).rejects.toThrow();
    expect(elsewhere.seen).toEqual([]);
  });
});

describe('bounded by what the wire sends', () => {
  it('a REST body larger than the bound is cut off, not buffered whole', async () => {
    const big = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 400 && res.write(chunk)) sent++;
        if (sent < 400) res.once('drain', more);
        else res.end();
      };
      more();
    });
    await expect(readText(await fetch(big.url), 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    // Through an exchange client: the 25 MB market list is refused at 8 MB.
    const rest = new CryptomusRest({ apiUrl: big.url, marketUrl: big.url, scalesUrl: big.url });
    await expect(rest.markets()).rejects.toThrow(/larger than/);
  });

  it('the Cryptomus market list is cut to MAX_MARKETS', async () => {
    const list = Array.from({ length: MAX_MARKETS + 500 }, (_, i) => ({ id: String(i), symbol: `A${i}_USDT`, baseCurrency: `A${i}`, quoteCurrency: 'USDT', baseMinSize: '1', quoteMinSize: '1', baseMaxSize: '1', quoteMaxSize: '1', basePrec: '2', quotePrec: '2' }));
    const api = await serve((_req, res) => res.end(JSON.stringify({ state: 0, result: list })));
    const rest = new CryptomusRest({ apiUrl: api.url, marketUrl: api.url, scalesUrl: api.url });
    const markets = await rest.markets();
    expect(markets.length).toBeGreaterThan(MAX_MARKETS - 10);
    expect(markets.length).toBeLessThanOrEqual(MAX_MARKETS);
  });

  it('open orders and balances per exchange stay bounded under a feed of ever-new ids', () => {
    const account = new Account();
    const order = (i: number): Order => ({ exchange: 'coinking', id: `o${i}`, market: 'coinking:BTC/USDT', side: 'buy', type: 'limit', price: '1', amount: '1', filled: '0', status: 'open', createdAt: 1_700_000_000_000 + i, updatedAt: 1_700_000_000_000 + i });
    for (let i = 0; i < MAX_OPEN_ORDERS * 3; i += 100) account.setOrders('coinking', Array.from({ length: 100 }, (_, k) => order(i + k)), false);
    const balances: Balance[] = Array.from({ length: MAX_BALANCES * 2 }, (_, i) => ({ exchange: 'coinking', asset: `A${i}`, available: '1', locked: '0' }));
    account.setBalances('coinking', balances, false);
    const snap = account.snapshot();
    expect(snap.orders).toHaveLength(MAX_OPEN_ORDERS);
    expect(snap.orders[0]!.id).toBe(`o${MAX_OPEN_ORDERS * 3 - 1}`); // the newest are kept
    expect(snap.balances).toHaveLength(MAX_BALANCES);
  });

  it('the Cryptomus deal resolver remembers a bounded number of orders', async () => {
    const { DealResolver, MAX_ORDERS_TRACKED } = await import('../cryptomus/deals');
    const resolver = new DealResolver(() => {});
    for (let i = 0; i < MAX_ORDERS_TRACKED + 2000; i++) {
      resolver.order({
        type: 'updated',
        order: { id: `o${i}`, market: 'cryptomus:BTC/USDT', side: 'buy', type: 'limit', price: '1', quantity: '2', filledQuantity: '0', filledValue: '0', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, state: null },
      });
    }
    expect(resolver.trackedOrders).toBe(MAX_ORDERS_TRACKED);
  });

  it('the CoinKing name map stays bounded', () => {
    const names = new MarketNames();
    for (let i = 0; i < MAX_NAMES + 1000; i++) names.learn({ exchange: 'coinking', base: `A${i}`, quote: 'USDT' });
    expect(names.all()).toHaveLength(MAX_NAMES);
  });
});
