// The independent client: it watches the account only through the contract (portfolio.get,
// account.snapshot, deals.page) of a core started by createCore against the strict simulators (not
// demo mode: endpoints and credentials from the environment, as at real exchanges), with a real
// SQLite file, and checks that within 30 s of each event the account tells the truth.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deal } from '../../shared/model';
import { loadConfig } from './config';
import type { Core } from './core';
import { createCore } from './create-core';
import { silentLogger } from './log';
import { startCoinKingSimulator, type CoinKingSimulator } from './simulators/coinking/simulator';
import { DEMO_CREDENTIALS, startCryptomusSimulator, type CryptomusSimulator } from './simulators/cryptomus/simulator';
import { openStores } from './store/sqlite';
import type { Stores } from './store/ports';
import { waitFor } from './testing/fault-server.test-support';

const WITHIN = 30_000;
const TOKEN = 'independent-client-key';

let cryptomus: CryptomusSimulator | null = null;
let coinking: CoinKingSimulator | null = null;
let running: { core: Core; stores: Stores } | null = null;

afterEach(async () => {
  await stopCore();
  await cryptomus?.close();
  await coinking?.close();
  cryptomus = coinking = null;
});

async function stopCore(): Promise<void> {
  if (!running) return;
  await running.core.stop();
  running.stores.close();
  running = null;
}

async function startCore(home: string): Promise<Core> {
  const env = {
    VIGIL_HOME: home,
    VIGIL_DEMO: '0',
    VIGIL_WATCHLIST: 'coinking:BTC/USDT,cryptomus:BTC/USDT',
    VIGIL_CRYPTOMUS_USER_ID: DEMO_CREDENTIALS.userId,
    VIGIL_CRYPTOMUS_API_KEY: DEMO_CREDENTIALS.apiKey,
    VIGIL_CRYPTOMUS_API_URL: cryptomus!.httpUrl,
    VIGIL_CRYPTOMUS_MARKET_URL: cryptomus!.httpUrl,
    VIGIL_CRYPTOMUS_SCALES_URL: cryptomus!.httpUrl,
    VIGIL_CRYPTOMUS_WS_URL: cryptomus!.wsUrl,
    VIGIL_COINKING_TOKEN: TOKEN,
    VIGIL_COINKING_WS_URL: coinking!.url,
    VIGIL_COINKING_API_URL: coinking!.apiUrl,
  };
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env });
  const stores = openStores(home, { log: silentLogger });
  const core = createCore(config, { log: silentLogger, stores });
  running = { core, stores };
  await core.start();
  return core;
}

async function allDeals(core: Core, exchange: Deal['exchange']): Promise<Deal[]> {
  return (await core.invoke('deals.page', { exchange, offset: 0, limit: 500 })).rows;
}

const within = (what: string, check: () => Promise<boolean>) => {
  let ok = false;
  const poll = () => {
    void check().then((v) => (ok = v));
    return ok;
  };
  return waitFor(poll, what, WITHIN);
};

async function sims(): Promise<void> {
  cryptomus = await startCryptomusSimulator({ accountMs: 0, tickMs: 1_000_000, seed: 3, shufflePrivate: true });
  coinking = await startCoinKingSimulator({ tokens: [TOKEN], seed: 3, historyOrders: 0 });
}

describe('an independent client, through the contract only', () => {
  it('sees held funds released, true sides of interleaved fills, no duplicate after reconnects', async () => {
    await sims();
    const core = await startCore(mkdtempSync(join(tmpdir(), 'vigil-truth-')));
    const balance = async (exchange: string, asset: string) =>
      (await core.invoke('account.snapshot', undefined)).balances.find((b) => b.exchange === exchange && b.asset === asset);
    await within('the Cryptomus balances', async () => (await balance('cryptomus', 'ETH')) !== undefined);

    // A resting sell holds 1.5 ETH; when it fills, the hold is released (no balance push says so).
    const sell = cryptomus!.account.place('ETH_USDT', 'sell', '4000', '1.5')!;
    await within('1.5 ETH held', async () => Number((await balance('cryptomus', 'ETH'))?.locked) === 1.5);
    cryptomus!.account.fill(sell.id);
    await within('the held ETH released', async () => Number((await balance('cryptomus', 'ETH'))?.locked) === 0);
    const portfolio = await core.invoke('portfolio.get', undefined);
    const eth = portfolio.holdings.find((h) => h.exchange === 'cryptomus' && h.asset === 'ETH')!;
    expect(Number(eth.amount)).toBeCloseTo(4.2 - 1.5, 8); // not counted as still held on top

    // Two same-size, same-price fills on opposite sides, their events shuffled by the server.
    const buy = cryptomus!.account.place('BTC_USDT', 'buy', '60000', '0.01')!;
    const sell2 = cryptomus!.account.place('BTC_USDT', 'sell', '60000', '0.01')!;
    const txBuy = cryptomus!.account.fill(buy.id)!;
    const txSell = cryptomus!.account.fill(sell2.id)!;
    await within('both fills', async () => (await allDeals(core, 'cryptomus')).filter((d) => d.id === txBuy.id || d.id === txSell.id).length === 2);
    const deals = await allDeals(core, 'cryptomus');
    expect(deals.find((d) => d.id === txBuy.id)!.side).toBe('buy');
    expect(deals.find((d) => d.id === txSell.id)!.side).toBe('sell');

    // Repeated reconnects replay history and snapshots: no deal appears twice.
    const ck = coinking!.account.place('BTCUSDT', 'buy', '100', '0.01')!;
    coinking!.account.fill(ck.id);
    await within('the CoinKing deal', async () => (await allDeals(core, 'coinking')).length === 1);
    for (let i = 0; i < 3; i++) {
      cryptomus!.dropAll();
      coinking!.dropAll();
      await within('live again', async () => {
        const s = (await core.invoke('market.snapshot', undefined)).statuses;
        return s.filter((x) => x.exchange !== 'itick').every((x) => x.state === 'live');
      });
    }
    await within('a reconciliation after the reconnects', async () => {
      const r = (await core.invoke('account.snapshot', undefined)).reconciliation;
      return r.some((x) => x.exchange === 'cryptomus' && x.at !== null) && r.some((x) => x.exchange === 'coinking' && x.at !== null);
    });
    const cDeals = await allDeals(core, 'cryptomus');
    const kDeals = await allDeals(core, 'coinking');
    expect(new Set(cDeals.map((d) => d.id)).size).toBe(cDeals.length);
    expect(cDeals).toHaveLength(3);
    expect(kDeals).toHaveLength(1);
    // The account agreed with the exchange all along: the reconciliation corrected nothing.
    const r = (await core.invoke('account.snapshot', undefined)).reconciliation;
    expect(r.map((x) => [x.exchange, x.corrections])).toEqual([
      ['coinking', 0],
      ['cryptomus', 0],
    ]);

    // The exchange moves funds without a push (a hold of its own): the next check finds it, counts
    // one correction, and the account converges on the exchange's numbers.
    const usdt = cryptomus!.account.balances.get('USDT')!;
    usdt.held = usdt.held.plus(5);
    cryptomus!.account.place('BTC_USDT', 'buy', '50000', '0.001'); // any private event triggers a check
    await within('one correction counted', async () =>
      (await core.invoke('account.snapshot', undefined)).reconciliation.some((x) => x.exchange === 'cryptomus' && x.corrections === 1),
    );
    expect(Number((await balance('cryptomus', 'USDT'))!.locked)).toBe(Number(usdt.held.toFixed(8)));
  }, 120_000);

  it('after a restart, lists a CoinKing order that filled while closed exactly once, and logs in despite an unreadable order', async () => {
    await sims();
    const home = mkdtempSync(join(tmpdir(), 'vigil-truth-'));
    let core = await startCore(home);
    // A resting order, then (a second later) another that fills while Vigil runs: the newest deal.
    const resting = coinking!.account.place('BTCUSDT', 'sell', '999999', '0.01')!;
    await within('the resting order', async () => (await core.invoke('account.snapshot', undefined)).orders.some((o) => o.id === String(resting.id)));
    await new Promise((r) => setTimeout(r, 1_100)); // the next order is created in a later second
    const quick = coinking!.account.place('BTCUSDT', 'buy', '100', '0.01')!;
    coinking!.account.fill(quick.id);
    await within('the quick deal', async () => (await allDeals(core, 'coinking')).some((d) => d.orderId === String(quick.id)));
    await stopCore();

    // While closed: the resting order fills; and an order of a type the seed does not list appears.
    coinking!.account.fill(resting.id);
    const odd = coinking!.account.place('ETHUSDT', 'buy', '100', '0.01')!;
    (odd as { type: number }).type = 3;
    const visible = coinking!.account.place('ETHUSDT', 'buy', '101', '0.01')!;

    core = await startCore(home);
    await within('the offline fill in the deal history', async () => (await allDeals(core, 'coinking')).some((d) => d.orderId === String(resting.id)));
    await within('logged in, the readable order listed', async () => (await core.invoke('account.snapshot', undefined)).orders.some((o) => o.id === String(visible.id)));
    const deals = await allDeals(core, 'coinking');
    expect(deals.filter((d) => d.orderId === String(resting.id))).toHaveLength(1);
    expect(deals.filter((d) => d.orderId === String(quick.id))).toHaveLength(1);
    const snapshot = await core.invoke('account.snapshot', undefined);
    expect(snapshot.orders.some((o) => o.id === String(odd.id))).toBe(false);
    expect(snapshot.orders.some((o) => o.id === String(resting.id))).toBe(false);
    const notices = await core.invoke('notices.list', undefined);
    expect(notices.find((n) => n.message.code === 'account.ordersSkipped')?.message.params).toMatchObject({ market: 'ETH/USDT', count: 1 });
    const status = (await core.invoke('market.snapshot', undefined)).statuses.find((s) => s.exchange === 'coinking')!;
    expect(status.state).toBe('live');
  }, 120_000);
});
