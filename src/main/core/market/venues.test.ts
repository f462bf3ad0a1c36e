import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Big from 'big.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { VenueComparison } from '../../../shared/contract';
import type { MarketId, MarketInfo, Ticker } from '../../../shared/model';
import { scriptedCore } from '../alerts/scripted-core.test-support';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import { silentLogger } from '../log';
import { waitFor } from '../testing/fault-server.test-support';
import { compareVenues, normalAsset, samePair, venueIn, type VenueInput } from './venues';

function ticker(market: MarketId, last: string, stale = false, updatedAt = 1_000): Ticker {
  return { market, last, open24h: null, high24h: null, low24h: null, volume24h: '12.5', changePct24h: null, updatedAt, stale, notice: null };
}

function venue(market: MarketId, bid: string, ask: string, stale = false): VenueInput {
  return { market, ticker: ticker(market, bid, stale), top: { bid, ask, at: 2_000 } };
}

describe('matching a pair across venues', () => {
  it('treats XBT as BTC and keeps USD apart from USDT', () => {
    expect(normalAsset(' xbt ')).toBe('BTC');
    expect(samePair({ base: 'XBT', quote: 'USDT' }, { base: 'BTC', quote: 'USDT' })).toBe(true);
    expect(samePair({ base: 'BTC', quote: 'USD' }, { base: 'BTC', quote: 'USDT' })).toBe(false);
    const catalog: MarketInfo[] = [
      { market: 'itick:BTC/USD', base: 'BTC', quote: 'USD', pricePrecision: 2, amountPrecision: 4 },
      { market: 'itick:BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 4 },
    ];
    expect(venueIn(catalog, { base: 'BTC', quote: 'USDT' })).toBe('itick:BTC/USDT');
    expect(venueIn(catalog, { base: 'ETH', quote: 'USDT' })).toBeNull();
  });
});

describe('compareVenues', () => {
  it('marks the best bid and ask and measures each venue against them in basis points', () => {
    const rows = compareVenues([
      venue('cryptomus:BTC/USDT', '67000.00', '67010.00'),
      venue('itick:BTC/USDT', '67020.50', '67030.00'),
      venue('coinking:BTC/USDT', '66990.00', '67005.00'),
    ]);
    const [c, i, k] = rows;
    expect(i!.bestBid).toBe(true);
    expect(k!.bestAsk).toBe(true);
    expect(rows.filter((r) => r.bestBid)).toHaveLength(1);
    expect(rows.filter((r) => r.bestAsk)).toHaveLength(1);
    // (67000 − 67020.5) / 67020.5 × 10 000 = −3.0587…
    expect(c!.bidVsBestBp).toBe('-3.06');
    expect(i!.bidVsBestBp).toBe('0.00');
    // (67030 − 67005) / 67005 × 10 000 = 3.7311…
    expect(i!.askVsBestBp).toBe('3.73');
    expect(c!.spread).toBe('10');
    // 10 / 67005 × 10 000 = 1.4924…
    expect(c!.spreadBp).toBe('1.49');
    expect(k!.volume24h).toBe('12.5');
    expect(c!.asOf).toBe(2_000);
  });

  it('marks every venue at the best price, however the price is written', () => {
    const rows = compareVenues([venue('cryptomus:BTC/USDT', '67000.0', '67010'), venue('coinking:BTC/USDT', '67000.00', '67010.00')]);
    expect(rows.map((r) => [r.bestBid, r.bestAsk, r.bidVsBestBp])).toEqual([
      [true, true, '0.00'],
      [true, true, '0.00'],
    ]);
  });

  it('never makes a stale venue the best, yet still measures it', () => {
    const rows = compareVenues([
      venue('cryptomus:BTC/USDT', '67100.00', '67101.00', true),
      venue('coinking:BTC/USDT', '67000.00', '67010.00'),
    ]);
    expect(rows[0]!.stale).toBe(true);
    expect(rows[0]!.bestBid).toBe(false);
    expect(rows[1]!.bestBid).toBe(true);
    expect(rows[1]!.bestAsk).toBe(true);
    // 100 / 67000 × 10 000 = 14.925…: shown, but it is not the best.
    expect(rows[0]!.bidVsBestBp).toBe('14.93');
  });

  it('leaves bid, ask and differences empty for a venue whose book has not arrived', () => {
    const rows = compareVenues([
      { market: 'itick:ETH/USDT', ticker: ticker('itick:ETH/USDT', '3500.1'), top: null },
      venue('coinking:ETH/USDT', '3500.00', '3500.20'),
    ]);
    expect(rows[0]).toMatchObject({ bid: null, ask: null, spread: null, bidVsBestBp: null, askVsBestBp: null, last: '3500.1', bestBid: false });
  });
});

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

describe('venue comparison against the three simulators', () => {
  it('finds BTC/USDT on every venue, streams tops of book with bp differences, and stops when closed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-venues-'));
    const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } });
    core = createCore(config, { log: silentLogger });
    const frames: VenueComparison[] = [];
    core.subscribe((event, payload) => {
      if (event === 'venues.frame') frames.push(payload as VenueComparison);
    });
    await core.start();
    // As a user would: the market view opens once the links are up. (A CoinKing focus opened in the
    // first moments after start loses its book to a focus-socket reconnect, on main too.)
    const snapshotLive = async () => (await core!.invoke('market.snapshot', undefined)).statuses.every((s) => s.state === 'live');
    for (let i = 0; i < 100 && !(await snapshotLive()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000));
    // The market view on CoinKing, the comparison beside it: the other two venues get a side focus.
    await core.invoke('market.focus', { market: 'coinking:BTC/USDT', interval: '1m' });
    const opened = await core.invoke('venues.compare', { market: 'coinking:BTC/USDT' });
    expect(opened!.rows.map((r) => r.market)).toEqual(['cryptomus:BTC/USDT', 'itick:BTC/USDT', 'coinking:BTC/USDT']);
    const complete = (f: VenueComparison) => f.rows.length === 3 && f.rows.every((r) => r.bid !== null && r.ask !== null && r.last !== null && !r.stale);
    await waitFor(() => frames.some(complete), 'every venue with a live top of book', 20_000);
    // A chart interval change keeps the other venues' books flowing.
    await core.invoke('market.focus', { market: 'coinking:BTC/USDT', interval: '5m' });
    const after = frames.length;
    await waitFor(() => frames.slice(after).some(complete), 'the books still flowing after the interval change', 20_000);
    const frame = frames.filter(complete).at(-1)!;
    const bestBid = frame.rows.find((r) => r.bestBid)!;
    const bestAsk = frame.rows.find((r) => r.bestAsk)!;
    for (const r of frame.rows) {
      expect(new Big(r.ask!).gte(r.bid!)).toBe(true);
      expect(r.spread).toBe(new Big(r.ask!).minus(r.bid!).toFixed());
      // Recomputed here from the row's own prices: the bp figures are exact, rounded to two decimals.
      expect(r.bidVsBestBp).toBe(new Big(r.bid!).minus(bestBid.bid!).div(bestBid.bid!).times(10_000).round(2).toFixed(2));
      expect(r.askVsBestBp).toBe(new Big(r.ask!).minus(bestAsk.ask!).div(bestAsk.ask!).times(10_000).round(2).toFixed(2));
      expect(new Big(r.bidVsBestBp!).lte(0)).toBe(true);
      expect(new Big(r.askVsBestBp!).gte(0)).toBe(true);
    }
    expect(await core.invoke('venues.compare', null)).toBeNull();
    const closedAt = frames.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(frames.length).toBe(closedAt);
  }, 60_000);

  it('refuses a malformed market', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-venues-'));
    const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } });
    core = createCore(config, { log: silentLogger });
    await expect(core.invoke('venues.compare', { market: 'nowhere:BTC' as MarketId })).rejects.toMatchObject({ code: 'market.invalid' });
  });
});

describe('venue comparison in the engine (scripted exchanges on a manual clock)', () => {
  it('matches XBT as BTC but not USD as USDT, greys a venue whose link drops, and unfollows on close', async () => {
    const sc = await scriptedCore([], { watchlist: ['coinking:ETH/USDT'] });
    try {
      const { exchanges, core } = sc;
      exchanges.cryptomus.markets = [sc.info('cryptomus:XBT/USDT')];
      exchanges.itick.markets = [sc.info('itick:BTC/USD')];
      const opened = await core.invoke('venues.compare', { market: 'coinking:BTC/USDT' });
      expect(opened!.rows.map((r) => r.market)).toEqual(['cryptomus:XBT/USDT', 'coinking:BTC/USDT']);
      expect(exchanges.cryptomus.watched()).toEqual(['cryptomus:XBT/USDT']);
      for (const [ex, market, bid, ask] of [
        ['cryptomus', 'cryptomus:XBT/USDT', '67010.00', '67012.00'],
        ['coinking', 'coinking:BTC/USDT', '67000.00', '67020.00'],
      ] as const) {
        exchanges[ex].sink().ticker(market, { last: bid, volume24h: '10' });
        exchanges[ex].sink().book(market, { kind: 'snapshot', bids: [[bid, '1']], asks: [[ask, '1']] });
      }
      sc.advance(300);
      let last = sc.of('venues.frame').at(-1)!;
      expect(last.rows.map((r) => [r.exchange, r.bestBid, r.bestAsk, r.bidVsBestBp, r.askVsBestBp])).toEqual([
        ['cryptomus', true, true, '0.00', '0.00'],
        // (67000 − 67010) / 67010 × 10 000 = −1.4923…; (67020 − 67012) / 67012 × 10 000 = 1.1938…
        ['coinking', false, false, '-1.49', '1.19'],
      ]);
      // Cryptomus drops: its row goes stale, its book is gone, CoinKing is now the best on both sides.
      exchanges.cryptomus.setStatus('backing_off');
      sc.advance(300);
      last = sc.of('venues.frame').at(-1)!;
      expect(last.rows[0]).toMatchObject({ exchange: 'cryptomus', stale: true, bid: null, ask: null, bestBid: false, bestAsk: false, last: '67010.00' });
      expect(last.rows[1]).toMatchObject({ exchange: 'coinking', stale: false, bestBid: true, bestAsk: true, bidVsBestBp: '0.00' });
      expect(await core.invoke('venues.compare', null)).toBeNull();
      expect(exchanges.cryptomus.watched()).toEqual([]);
      expect(exchanges.coinking.watched()).toEqual(['coinking:ETH/USDT']);
    } finally {
      await sc.core.stop();
    }
  });
});
