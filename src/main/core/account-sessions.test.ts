// Two CoinKing accounts in one core against the simulator (which decides the account by the key, as
// the real server does): market data on one connection, each account's balances, orders and deals
// arriving separately, stamped with its label, stored in a real SQLite file, filterable by account.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import type { Core } from './core';
import { createCore } from './create-core';
import { silentLogger } from './log';
import { startCoinKingSimulator, type CoinKingSimulator } from './simulators/coinking/simulator';
import { openStores } from './store/sqlite';
import type { Stores } from './store/ports';
import { waitFor } from './testing/fault-server.test-support';

const MAIN_KEY = 'ck-main-account-key-0001';
const SUB_KEY = 'ck-sub-account-key-0002';

let sim: CoinKingSimulator | null = null;
let running: { core: Core; stores: Stores } | null = null;

afterEach(async () => {
  await running?.core.stop();
  running?.stores.close();
  running = null;
  await sim?.close();
  sim = null;
});

async function startCore(): Promise<Core> {
  sim = await startCoinKingSimulator({ tokens: [MAIN_KEY, SUB_KEY], seed: 5, historyOrders: 0, tickMs: 1_000_000 });
  const home = mkdtempSync(join(tmpdir(), 'vigil-accounts-'));
  const env = {
    VIGIL_HOME: home,
    VIGIL_DEMO: '0',
    VIGIL_WATCHLIST: 'coinking:BTC/USDT',
    VIGIL_COINKING_TOKEN: MAIN_KEY,
    VIGIL_COINKING_WS_URL: sim.url,
    VIGIL_COINKING_API_URL: sim.apiUrl,
  };
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env });
  const stores = openStores(home, { log: silentLogger });
  const core = createCore(config, { log: silentLogger, stores });
  running = { core, stores };
  await core.start();
  return core;
}

const poll = (what: string, check: () => Promise<boolean>) => {
  let ok = false;
  return waitFor(
    () => {
      void check().then((v) => (ok = v));
      return ok;
    },
    what,
    20_000,
  );
};

describe('several CoinKing accounts in one core', () => {
  it('receives both accounts\' balances, orders and deals separately labelled, and forgets a removed one', async () => {
    const core = await startCore();
    const usdt = async (account: string) =>
      (await core.invoke('account.snapshot', undefined)).balances.find((b) => b.exchange === 'coinking' && b.account === account && b.asset === 'USDT');
    await poll('the main account', async () => (await usdt('main')) !== undefined);

    const events: unknown[] = [];
    core.subscribe((event, payload) => event === 'accounts.changed' && events.push(payload));
    const added = await core.invoke('accounts.add', { exchange: 'coinking', label: 'Sub 1', fields: { token: SUB_KEY } });
    expect(added).toEqual([expect.objectContaining({ exchange: 'coinking', label: 'Sub 1', hint: '…0002', demo: false })]);
    expect(JSON.stringify(added)).not.toContain(SUB_KEY);
    await poll('the sub-account', async () => (await usdt('Sub 1')) !== undefined);
    expect((await usdt('main'))!.available).toBe('25000');
    expect((await usdt('Sub 1'))!.available).toBe('5000');
    await poll('the sub-account live', async () => (await core.invoke('accounts.list', undefined))[0]?.link === 'live');
    expect(events.length).toBeGreaterThan(0);
    // Market data stays one connection: the sub-account's socket subscribes to no prices.
    const priceSubscribers = new Set(sim!.requests.filter((r) => r.method === 'price.subscribe').map((r) => r.conn));
    const authed = sim!.requests.filter((r) => r.method === 'server.auth').map((r) => r.conn);
    expect(authed).toHaveLength(2);
    expect(authed.filter((c) => priceSubscribers.has(c))).toHaveLength(1);

    // A fill on the main account first: the sub-account's orders must not reuse its ids.
    const mainFill = sim!.account.place('BTCUSDT', 'buy', '100', '0.01')!;
    sim!.account.fill(mainFill.id);
    await poll('the main account deal', async () => (await core.invoke('deals.page', { exchange: 'coinking', account: 'main', offset: 0, limit: 50 })).total === 1);

    // An order and a fill on the sub-account arrive with its label, and the deals filter by it.
    const sub = sim!.accountFor(SUB_KEY)!;
    const order = sub.place('BTCUSDT', 'sell', '999999', '0.01')!;
    await poll('the sub-account order', async () =>
      (await core.invoke('account.snapshot', undefined)).orders.some((o) => o.id === String(order.id) && o.account === 'Sub 1'),
    );
    const fill = sub.place('BTCUSDT', 'buy', '100', '0.01')!;
    sub.fill(fill.id);
    await poll('the sub-account deal', async () => (await core.invoke('deals.page', { exchange: 'coinking', account: 'Sub 1', offset: 0, limit: 50 })).total === 1);
    const mainDeals = (await core.invoke('deals.page', { exchange: 'coinking', account: 'main', offset: 0, limit: 50 })).rows;
    expect(mainDeals.map((d) => d.orderId)).toEqual([String(mainFill.id)]);
    const [deal] = (await core.invoke('deals.page', { exchange: 'coinking', account: 'Sub 1', offset: 0, limit: 50 })).rows;
    expect(deal).toMatchObject({ account: 'Sub 1', market: 'coinking:BTC/USDT', side: 'buy' });
    // The two accounts' orders never share an id (the server numbers them across users): no deal was rewritten.
    expect((await core.invoke('account.snapshot', undefined)).reconciliation.every((r) => r.corrections === 0)).toBe(true);

    // Removed: its balances and orders leave the portfolio; the main account stays.
    expect(await core.invoke('accounts.remove', { exchange: 'coinking', label: 'Sub 1' })).toEqual([]);
    const after = await core.invoke('account.snapshot', undefined);
    expect(after.balances.some((b) => b.account === 'Sub 1')).toBe(false);
    expect(after.orders.some((o) => o.account === 'Sub 1')).toBe(false);
    expect((await usdt('main'))!.available).toBe('24999'); // its own 1 USDT buy only
  });

  it('shows a key the exchange refuses as that account\'s problem, and refuses a taken label', async () => {
    const core = await startCore();
    await core.invoke('accounts.add', { exchange: 'coinking', label: 'wrong', fields: { token: 'not-a-key-of-this-server' } });
    await poll('the rejection', async () => (await core.invoke('accounts.list', undefined))[0]?.link === 'rejected');
    expect((await core.invoke('accounts.list', undefined))[0]!.problem).not.toBeNull();
    await expect(core.invoke('accounts.add', { exchange: 'coinking', label: 'WRONG', fields: { token: SUB_KEY } })).rejects.toMatchObject({ code: 'account.labelTaken' });
    await expect(core.invoke('accounts.add', { exchange: 'itick', label: 'x', fields: { token: SUB_KEY } })).rejects.toMatchObject({ code: 'account.unsupported' });
  });
});
