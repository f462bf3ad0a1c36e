// The deal pages against a stand-in core of 100,000 deals: only what is on screen is fetched, the
// cache stays bounded, stale replies are dropped and errors do not loop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Deal } from '../../../../shared/model';
import { createDealPages, type FetchPage } from './deal-pages';

const TOTAL = 100_000;

function deal(i: number): Deal {
  return {
    exchange: 'coinking',
    id: String(TOTAL - i),
    orderId: null,
    market: 'coinking:BTC/USDT',
    side: i % 2 ? 'buy' : 'sell',
    price: '100',
    amount: '1',
    value: '100',
    fee: '0.1',
    feeAsset: 'USDT',
    role: 'taker',
    time: 1_700_000_000_000 - i * 1000,
  };
}

function fakeCore(total = TOTAL) {
  const calls: number[] = [];
  const fetch: FetchPage = async (offset, limit) => {
    calls.push(offset);
    const rows: Deal[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push(deal(i));
    return { total, rows, totals: { count: total, value: { USDT: String(total * 100) }, fees: { USDT: String(total / 10) } } };
  };
  return { calls, fetch };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('deal pages', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches the first page, then only the pages scrolled to', async () => {
    const core = fakeCore();
    const pages = createDealPages({ pageSize: 100, maxPages: 10 });
    pages.reset(core.fetch);
    await flush();
    expect(core.calls).toEqual([0]);
    expect(pages.total.value).toBe(TOTAL);
    expect(pages.totals.value?.count).toBe(TOTAL);
    expect(pages.rowAt(5)?.id).toBe(String(TOTAL - 5));
    expect(pages.rowAt(150)).toBeUndefined();

    // A fast scroll through the whole history: many windows within one settle period.
    for (let top = 0; top < TOTAL; top += 2_000) pages.want(top, top + 30);
    pages.want(73_210, 73_240);
    await vi.advanceTimersByTimeAsync(100);
    await flush();
    expect(core.calls).toEqual([0, 73_200]);
    expect(pages.rowAt(73_215)?.id).toBe(String(TOTAL - 73_215));
  });

  it('keeps the cache bounded while scrolling the whole history', async () => {
    const core = fakeCore();
    const pages = createDealPages({ pageSize: 100, maxPages: 8 });
    pages.reset(core.fetch);
    for (let top = 0; top < TOTAL; top += 5_000) {
      pages.want(top, top + 40);
      await vi.advanceTimersByTimeAsync(100);
      await flush();
      expect(pages.stats().cached).toBeLessThanOrEqual(8);
    }
    expect(pages.stats().requested).toBeLessThanOrEqual(TOTAL / 5_000 + 2);
  });

  it('fetches a window that spans two pages, at most a few at a time', async () => {
    const core = fakeCore();
    const pages = createDealPages({ pageSize: 100, maxInFlight: 2 });
    pages.reset(core.fetch);
    await flush();
    pages.want(250, 720);
    await vi.advanceTimersByTimeAsync(100);
    expect(pages.stats().inFlight).toBeLessThanOrEqual(2);
    await flush();
    await flush();
    await flush();
    expect(new Set(core.calls)).toEqual(new Set([0, 200, 300, 400, 500, 600, 700]));
  });

  it('drops replies to an earlier filter', async () => {
    let release: (() => void) | null = null;
    const slow: FetchPage = () =>
      new Promise((resolve) => {
        release = () => resolve({ total: 1, rows: [deal(0)], totals: { count: 1, value: {}, fees: {} } });
      });
    const pages = createDealPages();
    pages.reset(slow);
    const core = fakeCore(5);
    pages.reset(core.fetch);
    await flush();
    release!();
    await flush();
    expect(pages.total.value).toBe(5);
  });

  it('shows an error once, and fetches again only when asked', async () => {
    let fail = true;
    let calls = 0;
    const flaky: FetchPage = async () => {
      calls++;
      if (fail) throw new Error('"deals.page" is not available in this build.');
      return { total: 0, rows: [], totals: { count: 0, value: {}, fees: {} } };
    };
    const pages = createDealPages();
    pages.reset(flaky);
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    expect(pages.state.value).toBe('error');
    expect(pages.error.value).toMatch(/deals\.page/);
    expect(calls).toBe(1);
    fail = false;
    pages.retry();
    await flush();
    expect(pages.state.value).toBe('ready');
    expect(calls).toBe(2);
  });
});
