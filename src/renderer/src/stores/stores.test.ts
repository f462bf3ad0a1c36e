// The stores against a stand-in API client: on-screen edits that later replies cannot undo, pushes
// and replies in their channel order, and bounded per-frame history.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, EventName, Events, ReplyOf, RequestOf } from '../../../shared/contract';
import type { ExchangeStatus, Ticker, Watchlist } from '../../../shared/model';
import { useFreshness, useMarketFreshness } from '../composables/use-freshness';
import { setApiClient, type ApiClient, type LinkStatus } from '../api/client';
import { createRemote } from './remote';
import { SPARK_BUCKET_MS, SPARK_POINTS, useMarketStore } from './use-market-store';
import { useCatalogStore } from './use-catalog-store';
import { useWatchlistStore } from './use-watchlist-store';
import { useNoticeStore } from './use-notice-store';
import { useToastStore } from './use-toast-store';
import { i18n } from '../i18n';
import { codeText, errorMessage, listName } from '../i18n/coded';

interface Call {
  command: CommandName;
  request: unknown;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

function fakeClient() {
  const calls: Call[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const status: LinkStatus = { state: 'open', everOpened: true, hasToken: true, nextRetryAt: null, failures: 0, reason: null };
  const client: ApiClient = {
    transport: 'web',
    invoke<C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
      return new Promise((resolve, reject) => calls.push({ command, request, resolve: resolve as (r: unknown) => void, reject }));
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (p: unknown) => void);
      return () => listeners.get(event)!.delete(listener as (p: unknown) => void);
    },
    link: () => status,
    onLink: () => () => {},
  };
  const push = <E extends EventName>(event: E, payload: Events[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { client, calls, push };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const list = (markets: string[]): Watchlist => ({ id: 'main', name: 'Main', markets: markets as Watchlist['markets'] });

let fake: ReturnType<typeof fakeClient>;
beforeEach(() => {
  fake = fakeClient();
  setApiClient(fake.client);
  setActivePinia(createPinia());
});

describe('watchlist store', () => {
  it('moves at once, and an earlier reply does not undo a later move', async () => {
    const store = useWatchlistStore();
    store.subscribe();
    const l = store.load();
    fake.calls.shift()!.resolve([list(['coinking:A/U', 'coinking:B/U', 'coinking:C/U'])]);
    await l;

    void store.moveMarket('main', 'coinking:C/U', 1);
    expect(store.active?.markets).toEqual(['coinking:A/U', 'coinking:C/U', 'coinking:B/U']);
    void store.moveMarket('main', 'coinking:C/U', 0);
    expect(store.active?.markets).toEqual(['coinking:C/U', 'coinking:A/U', 'coinking:B/U']);

    // The first reply and its push arrive while the second move is still on its way.
    fake.push('watchlist.changed', [list(['coinking:A/U', 'coinking:C/U', 'coinking:B/U'])]);
    fake.calls.shift()!.resolve(list(['coinking:A/U', 'coinking:C/U', 'coinking:B/U']));
    await tick();
    expect(store.active?.markets).toEqual(['coinking:C/U', 'coinking:A/U', 'coinking:B/U']);

    fake.calls.shift()!.resolve(list(['coinking:C/U', 'coinking:A/U', 'coinking:B/U']));
    await tick();
    expect(store.active?.markets).toEqual(['coinking:C/U', 'coinking:A/U', 'coinking:B/U']);
    // A push was held back meanwhile: the store asks for the lists again to be sure.
    expect(fake.calls.map((c) => c.command)).toEqual(['watchlist.list']);
  });

  it('restores the core’s lists and keeps the reason when an edit is refused', async () => {
    const store = useWatchlistStore();
    const l = store.load();
    fake.calls.shift()!.resolve([list(['coinking:A/U', 'coinking:B/U'])]);
    await l;
    const removing = store.removeMarket('main', 'coinking:A/U');
    expect(store.active?.markets).toEqual(['coinking:B/U']);
    fake.calls.shift()!.reject(new Error('Unknown watchlist'));
    await removing;
    expect(store.editError).toBe('Unknown watchlist');
    const reload = fake.calls.shift()!;
    expect(reload.command).toBe('watchlist.list');
    reload.resolve([list(['coinking:A/U', 'coinking:B/U'])]);
    await tick();
    expect(store.active?.markets).toEqual(['coinking:A/U', 'coinking:B/U']);
  });
});

describe('remote replies', () => {
  it('load on first use, show errors, and take pushes', async () => {
    const remote = createRemote(() => fake.client.invoke('portfolio.get', undefined));
    expect(remote.state.value).toBe('loading');
    remote.ensure();
    fake.calls.shift()!.reject(new Error('"portfolio.get" is not available in this build.'));
    await tick();
    expect(remote.state.value).toBe('error');
    expect(remote.error.value).toMatch(/portfolio\.get/);
    const view = { quote: 'USDT', total: '1', holdings: [], realisedPnl: '0', unrealisedPnl: '0', at: 1 };
    remote.set(view);
    expect(remote.state.value).toBe('ready');
    expect(remote.data.value).toBe(view);
  });

  it('let a reply that is on its way win over an earlier push', async () => {
    const remote = createRemote(() => fake.client.invoke('alerts.list', undefined));
    const loading = remote.reload();
    remote.set([]);
    const rule = { id: 'r', name: 'n', enabled: true, createdAt: 0, condition: { kind: 'order_filled' as const, exchange: null } };
    fake.calls.shift()!.resolve([rule]);
    await loading;
    expect(remote.data.value).toEqual([rule]);
  });
});

describe('market store', () => {
  const ticker = (last: string): Ticker => ({
    market: 'coinking:BTC/USDT',
    last,
    open24h: null,
    high24h: '70000.5',
    low24h: null,
    volume24h: null,
    changePct24h: null,
    updatedAt: 0,
    stale: false,
    notice: null,
  });

  it('keeps one sparkline point per bucket, bounded', () => {
    const store = useMarketStore();
    for (let i = 0; i < SPARK_POINTS * 3; i++) {
      store.applyFrame({ seq: i, at: i * (SPARK_BUCKET_MS / 2), tickers: [ticker(String(100 + i))] });
    }
    const points = store.sparkline('coinking:BTC/USDT');
    expect(points).toHaveLength(SPARK_POINTS);
    expect(points[points.length - 1]).toBe(100 + SPARK_POINTS * 3 - 1);
  });

  it('moves the sparkline clock once a second, not on every frame', () => {
    const store = useMarketStore();
    const seconds: number[] = [];
    for (let i = 0; i < 30; i++) {
      store.applyFrame({ seq: i, at: 5_000 + i * 100, tickers: [ticker(String(100 + i))] });
      if (seconds.at(-1) !== store.sparkSecond) seconds.push(store.sparkSecond);
    }
    expect(seconds).toEqual([5, 6, 7]);
  });

  it('touches nothing on screen while the window is hidden, and catches up at once when it is shown', () => {
    // The page's visibility is the browser's; this stands in for document's two members the store uses.
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
    (globalThis as { document?: unknown }).document = page;
    try {
      const store = useMarketStore();
      const off = store.subscribe();
      fake.push('market.frame', { seq: 1, at: 1_000, tickers: [ticker('100')] });
      const before = store.tickers;
      expect(before.get('coinking:BTC/USDT')?.last).toBe('100');
      page.visibilityState = 'hidden';
      for (let i = 0; i < 50; i++) fake.push('market.frame', { seq: 2 + i, at: 1_100 + i * 100, tickers: [ticker(String(101 + i))] });
      expect(store.tickers).toBe(before); // no new state, so no render
      expect(store.sparkline('coinking:BTC/USDT').at(-1)).toBe(150); // the history still follows
      page.visibilityState = 'visible';
      page.dispatchEvent(new Event('visibilitychange'));
      expect(store.tickers.get('coinking:BTC/USDT')?.last).toBe('150');
      off();
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });

  it('learns a market’s precision from the prices it sees until its exchange lists it', () => {
    const store = useMarketStore();
    store.applyFrame({ seq: 1, at: 0, tickers: [ticker('67000.1')] });
    expect(useCatalogStore().precision('coinking:BTC/USDT')).toEqual({ price: 1, amount: null });
  });
});

describe('freshness', () => {
  const status = (state: ExchangeStatus['state'], since: number, problem: ExchangeStatus['problem'] = null): ExchangeStatus => ({
    exchange: 'coinking', state, reason: null, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since, problem,
  });
  const at = new Date(2026, 0, 1, 9, 3, 26).getTime();

  it('says since when and why the data is not live, from the exchange statuses', () => {
    const market = useMarketStore();
    const fresh = useFreshness(() => ['coinking', 'itick']);
    market.applyStatus(status('live', at - 60_000));
    expect(fresh.value).toMatchObject({ live: true, text: null });
    market.applyStatus(status('backing_off', at));
    market.applyStatus(status('connecting', at + 2000)); // still the same outage: the "as of" stays
    expect(fresh.value).toMatchObject({ live: false, asOf: at, down: ['coinking'], text: 'As of 09:03:26 · CoinKing Connecting' });
    market.applyStatus(status('live', at + 5000));
    expect(fresh.value.live).toBe(true);
  });

  it('counts a rejected key against account data, not against prices', () => {
    const market = useMarketStore();
    market.applyStatus(status('live', at, { code: 'link.authRejected', params: { exchange: 'CoinKing', detail: '11' } }));
    expect(useFreshness(() => ['coinking'], { account: true }).value).toMatchObject({ live: false, text: 'No data yet · CoinKing Key rejected' });
    expect(useFreshness(() => ['coinking']).value.live).toBe(true);
  });

  it('keeps a quiet market on a live link live: only the core marks a ticker stale', () => {
    const market = useMarketStore();
    market.applyStatus(status('live', at));
    const quiet: Ticker = { market: 'coinking:BTC/USDT', last: '1', open24h: null, high24h: null, low24h: null, volume24h: null, changePct24h: null, updatedAt: at - 3_600_000, stale: false, notice: null };
    market.applyFrame({ seq: 1, at, tickers: [quiet] });
    const fresh = useMarketFreshness(() => 'coinking:BTC/USDT');
    expect(fresh.value.live).toBe(true);
    market.applyFrame({ seq: 2, at, tickers: [{ ...quiet, stale: true }] });
    expect(fresh.value).toMatchObject({ live: false, text: 'As of 08:03:26 · Stale' });
  });
});

describe('coded messages in the UI', () => {
  it('word a core code in the current language, nested reasons too, with amounts grouped', () => {
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(codeText({ code: 'alert.above', params: { pair: 'BTC/USDT', exchange: 'CoinKing', price: '67327.9', threshold: '67250' } })).toBe(
        'CoinKing 上 BTC/USDT 为 67,327.9，高于 67,250。',
      );
      const reason = { code: 'link.keyInUse', params: { minutes: 2 } };
      expect(codeText({ code: 'alert.disconnectedBecause', params: { exchange: 'iTick', seconds: 30, reason } })).toMatch(/^iTick 已断开 30 秒：API 密钥正在别处使用/);
      expect(listName({ name: '', label: { code: 'list.main' } })).toBe('主列表');
      expect(listName({ name: 'Mine' })).toBe('Mine');
      // A command error from either transport: the coded form inside the message (IPC) or the error itself (web).
      expect(errorMessage(new Error('Error invoking remote method: Error: {"vigilError":{"code":"watchlist.lastList"}}'))).toBe('不能删除最后一个自选列表。');
    } finally {
      i18n.global.locale.value = 'en';
    }
  });
});

describe('notice store', () => {
  it('shows each posted notice as a toast in the current language, one entry per notice id', () => {
    const store = useNoticeStore();
    store.subscribe();
    i18n.global.locale.value = 'zh-CN';
    const notice = { id: 'x', level: 'error' as const, at: 1, count: 1, message: { code: 'no.such.code' } };
    fake.push('notice.posted', notice);
    fake.push('notice.posted', { ...notice, count: 2 });
    i18n.global.locale.value = 'en';
    expect(store.notices).toHaveLength(1);
    const toasts = useToastStore().toasts;
    expect(toasts.map((t) => t.tone)).toEqual(['bad', 'bad']);
    // An untranslated code is named, never hidden, and the text is the user's language.
    expect(toasts[0]!.title).toBe('Vigil 报告了一个问题（no.such.code）。');
  });
});
