// MarketFocus, the one owner of the market view, against the Cryptomus simulator through the real
// adapter: the depth step is chosen here, remembered per market, and the adapter only follows it.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeId } from '../../../shared/model';
import type { ExchangeAdapter } from '../exchange-adapter';
import { harness, ref, type Harness } from '../cryptomus/harness.test-support';
import { waitFor } from '../testing/fault-server.test-support';
import { MarketFocus } from './focused-market';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const depthSubscribes = () => h!.sim.received.filter((r) => r.method === 'depth_subscribe').map((r) => r.params);

describe('MarketFocus', () => {
  it('opens a market at the finest depth step, follows the one chosen, and remembers it for that market', async () => {
    h = await harness({ sim: { tickMs: 15 } });
    const adapters = new Map<ExchangeId, ExchangeAdapter>([['cryptomus', h.adapter]]);
    const focus = new MarketFocus(adapters);

    const btc = focus.open(ref('BTC'), '1m', h.adapter);
    expect(focus.current).toBe(btc);
    await waitFor(() => depthSubscribes().length === 1, 'the first depth subscribe');
    expect(depthSubscribes()).toEqual([['BTC_USDT:0']]);
    expect(await focus.depthSteps(ref('BTC'), h.adapter)).toEqual([
      { scale: '0.01', index: 0, selected: true },
      { scale: '0.1', index: 1, selected: false },
      { scale: '1', index: 2, selected: false },
    ]);

    await expect(focus.chooseDepthStep(ref('BTC'), 7, h.adapter)).rejects.toThrow(RangeError);
    await expect(focus.chooseDepthStep(ref('BTC'), 1.5, h.adapter)).rejects.toThrow(RangeError);
    const steps = await focus.chooseDepthStep(ref('BTC'), 2, h.adapter);
    expect(steps.filter((s) => s.selected).map((s) => s.index)).toEqual([2]);
    await waitFor(() => depthSubscribes().length === 2, 'the depth subscribe at the chosen step');
    expect(depthSubscribes().at(-1)).toEqual(['BTC_USDT:2']);

    // Another market starts at its finest step; back on BTC, the step chosen there holds.
    focus.open(ref('ETH'), '1m', h.adapter);
    await waitFor(() => depthSubscribes().length === 3, 'ETH depth');
    expect(depthSubscribes().at(-1)).toEqual(['ETH_USDT:0']);
    focus.open(ref('BTC'), '5m', h.adapter);
    await waitFor(() => depthSubscribes().length === 4, 'BTC depth again');
    expect(depthSubscribes().at(-1)).toEqual(['BTC_USDT:2']);
    expect((await focus.depthSteps(ref('BTC'), h.adapter)).find((s) => s.selected)?.index).toBe(2);
    expect((await focus.depthSteps(ref('ETH'), h.adapter)).find((s) => s.selected)?.index).toBe(0);
  });

  it('keeps the book and tape across an interval change, and lets every adapter go on close', async () => {
    h = await harness({ sim: { tickMs: 15 } });
    const focus = new MarketFocus(new Map<ExchangeId, ExchangeAdapter>([['cryptomus', h.adapter]]));
    const first = focus.open(ref('BTC'), '1m', h.adapter);
    first.applyBook({ kind: 'snapshot', bids: [['100', '1']], asks: [['101', '2']] }, 1);
    const second = focus.open(ref('BTC'), '1h', h.adapter);
    expect(second).not.toBe(first);
    expect(second.interval).toBe('1h');
    expect(second.snapshot().book).toMatchObject({ bids: [['100', '1']], asks: [['101', '2']] });
    await waitFor(() => depthSubscribes().length === 1, 'depth');
    focus.close();
    expect(focus.current).toBeNull();
    await waitFor(() => h!.sim.received.some((r) => r.method === 'depth_unsubscribe'), 'the depth unsubscribe');
  });

});
