import { afterEach, describe, expect, it } from 'vitest';
import type { BookLevel } from '../../../shared/model';
import { compareDecimal } from '../market/decimal';
import { OrderBook } from '../market/order-book';
import { settle, startFaultServer, waitFor, type FaultServer } from '../testing/fault-server.test-support';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator, type CoinKingSimulator } from '../simulators/coinking/simulator';
import { FAST, recordingSink, statusTrail } from '../testing/adapter.test-support';

let sim: CoinKingSimulator | null = null;
let adapter: CoinKingAdapter | null = null;
let fault: FaultServer | null = null;

afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await sim?.close();
  sim = null;
  await fault?.close();
  fault = null;
});

const btc = { exchange: 'coinking' as const, base: 'BTC', quote: 'USDT' };
const eth = { exchange: 'coinking' as const, base: 'ETH', quote: 'USDT' };
const QUIET = 3_600_000; // a tick interval that never fires during a test: trades happen on request

describe('candles', () => {
  it('shows the right open, close, high and low: the wire order is open, CLOSE, HIGH, LOW', async () => {
    sim = await startCoinKingSimulator({ seed: 3, tickMs: QUIET });
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    // A chart queries history first: subscribing sends none.
    const history = await adapter.candleHistory(btc, '1m', Date.now(), 50);
    expect(history).toHaveLength(50);
    const truth = new Map(sim.markets.get('BTCUSDT')!.kline(60).all().map((c) => [c.time * 1000, c]));
    for (const c of history) {
      const t = truth.get(c.time)!;
      expect([c.open, c.close, c.high, c.low]).toEqual([t.open, t.close, t.high, t.low].map((x) => x.toFixed(2)));
      expect(compareDecimal(c.high, c.open) >= 0 && compareDecimal(c.high, c.close) >= 0).toBe(true);
      expect(compareDecimal(c.low, c.open) <= 0 && compareDecimal(c.low, c.close) <= 0).toBe(true);
    }
    expect(history.map((c) => c.time)).toEqual([...history.map((c) => c.time)].sort((a, b) => a - b));
    expect(history.every((c) => c.time < Date.now())).toBe(true);

    // Live candles come from kline.update after the subscription.
    await waitFor(() => sim!.requests.some((r) => r.method === 'kline.subscribe'), 'kline.subscribe');
    await waitFor(() => rec.candles.length > 0, 'the gap fill after subscribing');
    const before = rec.candles.length;
    for (let i = 0; i < 5; i++) sim.trade('BTCUSDT');
    await waitFor(() => rec.candles.length >= before + 5, 'kline.update pushes');
    const live = rec.candles[rec.candles.length - 1]!;
    const all = sim.markets.get('BTCUSDT')!.kline(60).all();
    const now = all[all.length - 1]!;
    expect(live.interval).toBe('1m');
    expect(live.candles).toEqual([
      { time: now.time * 1000, open: now.open.toFixed(2), high: now.high.toFixed(2), low: now.low.toFixed(2), close: now.close.toFixed(2), volume: now.volume.toFixed(4) },
    ]);
  });

  it('switches the interval on the same socket, ignoring the old interval rows', async () => {
    sim = await startCoinKingSimulator({ seed: 4, tickMs: QUIET });
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => rec.candles.length > 0, 'candles');
    adapter.focus({ market: btc, interval: '5m' });
    await waitFor(() => rec.candles.some((c) => c.interval === '5m'), '5m candles');
    sim.trade('BTCUSDT');
    await waitFor(() => rec.candles.filter((c) => c.interval === '5m').length >= 2, 'a 5m push');
    const kline = sim.requests.filter((r) => r.method === 'kline.subscribe');
    expect(kline.map((r) => r.params)).toEqual([
      ['BTCUSDT', 60],
      ['BTCUSDT', 300],
    ]);
    expect(new Set(kline.map((r) => r.conn)).size).toBe(1);
    expect(sim.requests.filter((r) => r.method === 'depth.subscribe')).toHaveLength(1); // same market: depth untouched
    for (const c of rec.candles.filter((x) => x.interval === '5m').flatMap((x) => x.candles)) expect(c.time % 300_000).toBe(0);
  });
});

describe('depth', () => {
  it('opening a second market does not stop the watchlist socket: price updates keep flowing', async () => {
    sim = await startCoinKingSimulator({ seed: 5, tickMs: 15 });
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    const trail = statusTrail(adapter.connection);
    adapter.watch([btc, eth]);
    await waitFor(() => adapter!.connection.status.state === 'live', 'live');
    const prices = (m: string) => rec.tickers.filter((t) => t.market === m && t.patch.open24h === undefined && t.patch.last).length;

    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => rec.books.some((b) => b.market === 'coinking:BTC/USDT' && b.update.kind === 'snapshot'), 'the BTC book');
    adapter.focus({ market: eth, interval: '1m' });
    await waitFor(() => rec.books.some((b) => b.market === 'coinking:ETH/USDT' && b.update.kind === 'snapshot'), 'the ETH book');
    const [b0, e0] = [prices('coinking:BTC/USDT'), prices('coinking:ETH/USDT')];
    await waitFor(() => prices('coinking:BTC/USDT') >= b0 + 3 && prices('coinking:ETH/USDT') >= e0 + 3, 'more price updates for both');

    const priceConn = sim.requests.filter((r) => r.method === 'price.subscribe');
    expect(priceConn).toHaveLength(1); // never re-subscribed, never reconnected
    const focusRequests = sim.requests.filter((r) => r.method === 'depth.subscribe' || r.method === 'kline.subscribe');
    expect(sim.requests.filter((r) => r.method === 'depth.subscribe').map((r) => r.params[0])).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(focusRequests.every((r) => r.conn !== priceConn[0]!.conn)).toBe(true);
    expect(new Set(focusRequests.map((r) => r.conn)).size).toBe(1); // one focus socket, re-subscribed in place
    const states = trail.map((s) => s.state);
    const sinceLive = states.slice(states.indexOf('live'));
    expect(sinceLive).toEqual(sinceLive.map(() => 'live')); // the main socket never left live
    // After the switch only ETH's book is fed.
    const lastBtc = rec.books.map((b) => b.market).lastIndexOf('coinking:BTC/USDT');
    const firstEth = rec.books.findIndex((b) => b.market === 'coinking:ETH/USDT');
    expect(lastBtc).toBeLessThan(firstEth);
  });

  it('stays within its limit over 10,000 random diffs and equals a fresh snapshot at the next clean push', async () => {
    sim = await startCoinKingSimulator({ seed: 6, tickMs: QUIET, depthSnapshotMs: QUIET });
    const limit = 20;
    const book = new OrderBook('coinking:BTC/USDT');
    const uncut = new OrderBook('coinking:BTC/USDT'); // the same updates without the limit: proves the cut matters
    let longest = 0;
    let deltas = 0;
    let snapshots = 0;
    let before: { bids: BookLevel[]; asks: BookLevel[] } | null = null;
    let fresh: { bids: BookLevel[]; asks: BookLevel[] } | null = null;
    const { sink } = recordingSink({
      book: (_market, update) => {
        if (update.kind === 'reset') return; // the socket opening: covered by the next test
        if (update.kind === 'snapshot') {
          snapshots++;
          if (snapshots === 2) {
            before = { bids: book.bids.slice(), asks: book.asks.slice() };
            fresh = { bids: update.bids, asks: update.asks };
          }
        } else deltas++;
        expect(update.limit).toBe(limit);
        book.apply(update, Date.now());
        uncut.apply({ ...update, limit: undefined }, Date.now());
        longest = Math.max(longest, book.bids.length, book.asks.length);
      },
    });
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, depthLimit: limit, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => snapshots === 1, 'the first snapshot');
    expect(sim.churnDepth('BTCUSDT', 10_000)).toBe(10_000);
    await waitFor(() => deltas === 10_000, '10,000 diffs', 15_000);
    expect(longest).toBe(limit);
    expect(book.bids).toHaveLength(limit);
    expect(book.asks).toHaveLength(limit);
    expect(uncut.bids.length + uncut.asks.length).toBeGreaterThan(2 * limit); // levels pushed out were never sent as 0
    sim.sendDepthSnapshots();
    await waitFor(() => snapshots === 2, 'the clean push');
    expect(fresh!.bids).toHaveLength(limit);
    expect(before).toEqual(fresh);
  });

  it('drops diffs until the first clean snapshot of each socket, and pushes of a market no longer focused', async () => {
    fault = await startFaultServer();
    const diff = (price: string) => ({ method: 'depth.update', params: [false, { asks: [[price, '1']] }, 'BTCUSDT'], id: null });
    fault.answer = (req) => {
      if (req.method === 'depth.subscribe') {
        fault!.push(diff('101')); // before any snapshot on this socket: relative to nothing
        setTimeout(() => {
          fault!.push({ method: 'depth.update', params: [true, { asks: [['100', '2']], bids: [['99', '1']] }, 'BTCUSDT'], id: null });
          fault!.push(diff('102'));
          fault!.push({ method: 'depth.update', params: [false, { bids: [['98', '1']] }, 'ETHUSDT'], id: null }); // not focused
        }, 5);
      }
      return req.method === 'kline.query' || req.method === 'deals.query' ? { result: [] } : { result: { status: 'success' } };
    };
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: fault.url, sink, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => rec.books.length === 3, 'reset, snapshot and diff');
    fault.dropAll();
    await waitFor(() => rec.books.length === 6, 'reset, snapshot and diff after the reconnect');
    await settle(30);
    // Each new socket first blanks the book (it may have missed diffs), then rebuilds it from a snapshot.
    expect(rec.books.map((b) => [b.update.kind, b.update.asks[0]?.[0]])).toEqual([
      ['reset', undefined],
      ['snapshot', '100'],
      ['delta', '102'],
      ['reset', undefined],
      ['snapshot', '100'],
      ['delta', '102'],
    ]);
    expect(rec.books.every((b) => b.market === 'coinking:BTC/USDT')).toBe(true);
    expect(rec.books[2]!.update.bids).toEqual([]); // an absent side is an empty change, not an empty side
  });

  it('blanks the book as soon as the focus socket drops, not only when it reopens', async () => {
    // The engine leaves CoinKing's book to the adapter (its status is the main socket's).
    fault = await startFaultServer();
    fault.answer = (req) => {
      if (req.method === 'depth.subscribe') setTimeout(() => fault!.push({ method: 'depth.update', params: [true, { asks: [['100', '2']], bids: [['99', '1']] }, 'BTCUSDT'], id: null }), 5);
      return req.method === 'kline.query' || req.method === 'deals.query' ? { result: [] } : { result: { status: 'success' } };
    };
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: fault.url, sink, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => rec.books.length === 2 && adapter!.focusFeed.connection.status.state === 'live', 'reset and snapshot on a live socket');
    fault.refuseWith = 503;
    fault.dropAll();
    await waitFor(() => rec.books.length === 3, 'the reset at the drop');
    expect(rec.books.map((b) => b.update.kind)).toEqual(['reset', 'snapshot', 'reset']);
    expect(adapter.focusFeed.connection.status.state).not.toBe('live');
  });

  it('closes the focus socket on focus(null)', async () => {
    sim = await startCoinKingSimulator({ seed: 7, tickMs: QUIET });
    const { sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => adapter!.status().state === 'live', 'live');
    expect(sim.connectionCount()).toBe(1);
    adapter.focus(null);
    await waitFor(() => sim!.connectionCount() === 0, 'the focus socket to close');
    expect(adapter.focusFeed.connection.status.state).toBe('stopped');
    expect(adapter.status().state).toBe('idle'); // nothing followed at all
  });
});

describe('trade tape', () => {
  it('fills the gap after a reconnect with deals.query, without repeating a deal', async () => {
    sim = await startCoinKingSimulator({ seed: 8, tickMs: QUIET });
    for (let i = 0; i < 5; i++) sim.trade('BTCUSDT');
    const { rec, sink } = recordingSink();
    adapter = new CoinKingAdapter({ wsUrl: sim.url, sink, connection: FAST });
    const ids = () => rec.trades.flatMap((t) => t.trades.map((d) => Number(d.id)));
    adapter.focus({ market: btc, interval: '1m' });
    await waitFor(() => ids().length === 5, 'the recent deals');
    sim.trade('BTCUSDT');
    sim.trade('BTCUSDT');
    await waitFor(() => ids().length === 7, 'live deals');
    const seen = ids()[6]!;

    sim.refuseConnections(true);
    sim.dropAll();
    await waitFor(() => adapter!.status().state === 'backing_off', 'backing off');
    for (let i = 0; i < 3; i++) sim.trade('BTCUSDT'); // while nobody listens
    sim.refuseConnections(false);
    await waitFor(() => ids().length === 10, 'the gap filled');
    sim.trade('BTCUSDT');
    await waitFor(() => ids().length === 11, 'live again');

    const truth = sim.markets.get('BTCUSDT')!.recentDeals(100).map((d) => d.id).reverse();
    expect(ids()).toEqual(truth);
    const queries = sim.requests.filter((r) => r.method === 'deals.query');
    expect(queries.map((r) => r.params)).toEqual([
      ['BTCUSDT', 100, 0],
      ['BTCUSDT', 100, seen],
    ]);
    expect(rec.trades.every((t) => t.market === 'coinking:BTC/USDT')).toBe(true);
    const first = rec.trades[0]!.trades[0]!;
    expect(first.time).toBeGreaterThan(1_600_000_000_000); // float seconds became ms
  });
});
