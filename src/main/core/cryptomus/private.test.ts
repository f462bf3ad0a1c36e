import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../connection/clock';
import { waitFor } from '../testing/fault-server.test-support';
import { harness, ref, type Harness } from './harness.test-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const live = () => h!.adapter.status().state === 'live';
const dealIds = () => h!.rec.history.list().map((d) => d.id).sort();

describe('CryptomusAdapter: private data', () => {
  it('takes REST snapshots of balances and open orders, then follows order, balance and deal pushes', async () => {
    h = await harness();
    const resting = h.sim.account.place('ETH_USDT', 'sell', '4000', '1.5')!;
    h.adapter.watch([]);
    await waitFor(() => h!.rec.orders.some((o) => o.snapshot) && h!.rec.balances.some((b) => b.snapshot), 'the snapshots');
    expect(h.rec.orders.find((o) => o.snapshot)!.orders).toEqual([
      expect.objectContaining({ exchange: 'cryptomus', id: resting.id, market: 'cryptomus:ETH/USDT', side: 'sell', type: 'limit', status: 'open' }),
    ]);
    expect(h.rec.balances.find((b) => b.snapshot)!.balances).toContainEqual({ exchange: 'cryptomus', asset: 'ETH', available: '2.70000000', locked: '1.50000000' });

    // A buy is placed, half filled, then filled.
    const buy = h.sim.account.place('BTC_USDT', 'buy', '60000', '0.02')!;
    await waitFor(() => h!.rec.orders.some((o) => !o.snapshot && o.orders[0]!.id === buy.id), 'the created order');
    const tx1 = h.sim.account.fill(buy.id, '0.01')!;
    await waitFor(() => h!.rec.history.list().length === 1, 'the first deal');
    const tx2 = h.sim.account.fill(buy.id)!;
    await waitFor(() => h!.rec.history.list().length === 2, 'the second deal');

    const statuses = h.rec.orders.filter((o) => !o.snapshot && o.orders[0]!.id === buy.id).map((o) => o.orders[0]!.status);
    expect(statuses).toEqual(['open', 'partially_filled', 'filled']);
    expect(h.rec.history.list().map((d) => [d.id, d.side, d.orderId, d.market, d.amount, d.price])).toEqual(
      expect.arrayContaining([
        [tx1.id, 'buy', buy.id, 'cryptomus:BTC/USDT', '0.01', '60000'],
        [tx2.id, 'buy', buy.id, 'cryptomus:BTC/USDT', '0.01', '60000'],
      ]),
    );
    expect(h.rec.history.list()[0]).toMatchObject({ fee: '0.00001', feeAsset: 'BTC', value: '600' });
    // USDT: 25000 - 1200 held for the order; BTC: 0.35 + 0.02 minus the 0.1 % fees.
    const latest = (asset: string) => h!.rec.balances.filter((b) => !b.snapshot).flatMap((b) => b.balances).filter((b) => b.asset === asset).at(-1);
    await waitFor(() => latest('BTC')?.available === '0.36998000', 'the BTC balance');
    expect(latest('USDT')).toEqual({ exchange: 'cryptomus', asset: 'USDT', available: '23800.00000000', locked: '0.00000000' });
  });

  it('stores every deal once, whether it came before, during or after a reconnect', async () => {
    h = await harness();
    const account = h.sim.account;
    h.adapter.watch([ref('BTC')]);
    await waitFor(live, 'live');

    const a = account.place('BTC_USDT', 'buy', '60000', '0.02')!;
    const tx1 = account.fill(a.id, '0.005')!; // pushed while connected
    await waitFor(() => dealIds().length === 1, 'the first deal');

    h.sim.failTokens(503); // keep the adapter offline while the account trades
    h.sim.dropAll();
    await waitFor(() => h!.adapter.status().state === 'backing_off', 'offline');
    const tx2 = account.fill(a.id)!; // finishes A offline
    const b = account.place('ETH_USDT', 'sell', '3500', '0.5')!;
    const tx3 = account.fill(b.id)!;
    const c = account.place('SOL_USDT', 'buy', '150', '2')!;
    const tx4 = account.fill(c.id, '1')!; // C stays open: its history shows it only when it completes

    h.sim.failTokens(null);
    await waitFor(live, 'live again');
    // The reconnect's REST sync: open orders (C, part filled), then the history (A and B finished).
    await waitFor(() => h!.rec.orders.filter((o) => o.snapshot).length === 2, 'the open orders after the reconnect');
    await waitFor(() => dealIds().length === 3, 'the offline fills of finished orders');
    expect(h.rec.orders.filter((o) => o.snapshot)[1]!.orders.map((o) => [o.id, o.status])).toEqual([[c.id, 'partially_filled']]);
    const tx5 = account.fill(c.id)!; // pushed after the reconnect; C completes
    await waitFor(() => dealIds().length === 5, 'every deal');

    expect(dealIds()).toEqual([tx1, tx2, tx3, tx4, tx5].map((t) => t.id).sort());
    const side = Object.fromEntries(h.rec.history.list().map((d) => [d.id, d.side]));
    expect([tx1, tx2, tx3, tx4, tx5].map((t) => side[t.id])).toEqual(['buy', 'buy', 'sell', 'buy', 'buy']);
    // The same fills came from both sources (pushes and history) under the same id.
    expect(h.rec.dealsEmitted.filter((d) => d.id === tx1.id).length).toBeGreaterThanOrEqual(2);
    expect(h.rec.dealsEmitted.filter((d) => d.id === tx5.id).length).toBeGreaterThanOrEqual(2);
  });

  it('fetches only the order history after the newest stored deal', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 2, 10));
    h = await harness({ sim: { clock } });
    const account = h.sim.account;
    for (let i = 0; i < 250; i++) account.fill(account.place('TRX_USDT', 'buy', '0.1', '1')!.id);
    clock.advance(600_000);
    const late = account.place('TRX_USDT', 'sell', '0.2', '5')!;
    account.fill(late.id);
    const historyPages = () => h!.sim.http.filter((r) => r.path.endsWith('/orders/history')).length;

    h.adapter.watch([]);
    await waitFor(() => dealIds().length === 251, 'the whole history on the first start');
    expect(historyPages()).toBe(3); // 100 + 100 + 51
    const emitted = h.rec.dealsEmitted.length;

    h.sim.dropAll();
    await waitFor(() => historyPages() > 3, 'the history after the reconnect');
    await waitFor(() => h!.rec.dealsEmitted.length > emitted, 'the recent deal again');
    // The API promises no order of the list, so it is read to its end; only the recent order is new.
    expect(historyPages()).toBe(6);
    expect(h.rec.dealsEmitted.slice(emitted).map((d) => d.orderId)).toEqual([late.id]);
    expect(dealIds()).toHaveLength(251);
  });
});
