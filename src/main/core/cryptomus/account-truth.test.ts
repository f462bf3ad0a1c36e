// Account truth against the strict simulator: held funds released when a resting order fills (no
// balance push tells it), interleaved same-size opposite fills each with its true side, and the
// reconciliation that re-reads REST after private events.
import { afterEach, describe, expect, it } from 'vitest';
import type { Balance } from '../../../shared/model';
import { waitFor } from '../testing/fault-server.test-support';
import { harness, type Harness } from './harness.test-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** The newest live value of one asset's balance (pushes and snapshots alike). */
const latest = (asset: string): Balance | undefined =>
  h!.rec.balances.flatMap((b) => b.balances).filter((b) => b.asset === asset).at(-1);

describe('Cryptomus account truth', () => {
  it('releases the held funds of a resting sell when it fills, though no balance push says so', async () => {
    h = await harness();
    const sell = h.sim.account.place('ETH_USDT', 'sell', '4000', '1.5')!;
    h.adapter.watch([]);
    await waitFor(() => latest('ETH')?.locked === '1.50000000', 'the held 1.5 ETH from REST');
    h.sim.account.fill(sell.id); // the available ETH does not move: the server pushes no ETH balance
    await waitFor(() => h!.rec.history.list().length === 1, 'the fill');
    await waitFor(() => latest('ETH')?.locked === '0', 'the held ETH released');
    // And REST agrees (the reconciliation re-read it after the events).
    await waitFor(() => h!.rec.reconciled.length > 0, 'a reconciliation read');
    const rest = h.rec.reconciled.at(-1)!.balances!.find((b) => b.asset === 'ETH')!;
    expect(rest.locked).toBe('0.00000000');
    expect(latest('ETH')!.locked).toBe('0.00000000');
  });

  it('counts held quote of a resting buy at once, before any REST read', async () => {
    h = await harness({ adapter: { historyDebounceMs: 60_000 } });
    h.adapter.watch([]);
    await waitFor(() => latest('USDT')?.locked === '0.00000000', 'the REST snapshot');
    h.sim.account.place('BTC_USDT', 'buy', '60000', '0.02');
    await waitFor(() => latest('USDT')?.locked === '1200', 'the 1200 USDT held by the buy');
    expect(latest('USDT')!.available).toBe('23800.00000000');
  });

  it('gives two interleaved same-size opposite fills each its true side, whatever the event order', async () => {
    h = await harness();
    h.adapter.watch([]);
    await waitFor(() => h!.rec.orders.some((o) => o.snapshot), 'the snapshots');
    const buy = h.sim.account.place('BTC_USDT', 'buy', '60000', '0.01')!;
    const sell = h.sim.account.place('BTC_USDT', 'sell', '60000', '0.01')!;
    await waitFor(() => h!.rec.orders.filter((o) => !o.snapshot).length >= 2, 'both orders');
    h.sim.holdPrivate();
    const txBuy = h.sim.account.fill(buy.id)!;
    const txSell = h.sim.account.fill(sell.id)!;
    const held = h.sim.heldPrivate();
    const idx = (method: string, pick: (d: { info: Record<string, unknown> }) => boolean) =>
      held.findIndex((e) => e.method === method && pick(e.data as { info: Record<string, unknown> }));
    const dealBuy = idx('deal_update', (d) => d.info.transactionId === txBuy.id);
    const dealSell = idx('deal_update', (d) => d.info.transactionId === txSell.id);
    const orderBuy = idx('order_update', (d) => d.info.id === buy.id);
    const orderSell = idx('order_update', (d) => d.info.id === sell.id);
    const rest = held.map((_, i) => i).filter((i) => ![dealBuy, dealSell, orderBuy, orderSell].includes(i));
    // Both deals first, then the orders in the opposite order: an amount-only match swaps the sides.
    h.sim.releasePrivate([dealBuy, dealSell, orderSell, orderBuy, ...rest]);
    await waitFor(() => h!.rec.history.list().length === 2, 'both fills');
    const side = Object.fromEntries(h.rec.history.list().map((d) => [d.id, [d.side, d.orderId]]));
    expect(side[txBuy.id]).toEqual(['buy', buy.id]);
    expect(side[txSell.id]).toEqual(['sell', sell.id]);
    // Never emitted with a wrong side on the way.
    expect(h.rec.dealsEmitted.filter((d) => d.id === txBuy.id).every((d) => d.side === 'buy')).toBe(true);
    expect(h.rec.dealsEmitted.filter((d) => d.id === txSell.id).every((d) => d.side === 'sell')).toBe(true);
  });

  it('keeps every side true when the server shuffles every action’s private events', async () => {
    h = await harness({ sim: { shufflePrivate: true, seed: 5 } });
    h.adapter.watch([]);
    await waitFor(() => h!.rec.orders.some((o) => o.snapshot), 'the snapshots');
    const truth = new Map<string, 'buy' | 'sell'>();
    for (let i = 0; i < 6; i++) {
      const buy = h.sim.account.place('BTC_USDT', 'buy', '60000', '0.01')!;
      const sell = h.sim.account.place('BTC_USDT', 'sell', '60000', '0.01')!;
      truth.set(h.sim.account.fill(sell.id, '0.005')!.id, 'sell');
      truth.set(h.sim.account.fill(buy.id, '0.005')!.id, 'buy');
      truth.set(h.sim.account.fill(buy.id)!.id, 'buy');
      truth.set(h.sim.account.fill(sell.id)!.id, 'sell');
    }
    await waitFor(() => h!.rec.history.list().length === truth.size, 'every fill');
    for (const d of h.rec.dealsEmitted) expect([d.id, d.side]).toEqual([d.id, truth.get(d.id)]);
  });

  it('re-reads REST after private events and converges on it when the live state drifted', async () => {
    h = await harness({ adapter: { historyDebounceMs: 50 } });
    h.adapter.watch([]);
    await waitFor(() => latest('USDT') !== undefined, 'the snapshot');
    // The exchange changes a balance without telling (as a withdrawal hold would), then an event comes.
    h.sim.account.balances.get('USDT')!.held = h.sim.account.balances.get('USDT')!.held.plus(5);
    h.sim.account.place('BTC_USDT', 'buy', '60000', '0.01');
    await waitFor(() => h!.rec.reconciled.length > 0, 'the reconciliation');
    await waitFor(() => latest('USDT')?.locked === '605.00000000', 'the held USDT as REST says');
  });
});
