import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketInfo, Ticker } from '../../../shared/model';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import { silentLogger } from '../log';
import { waitFor } from '../testing/fault-server.test-support';
import { matchRank, rankMarkets } from './market-search';
import { REQUEST_PARSERS } from './requests';

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

function info(exchange: 'cryptomus' | 'itick' | 'coinking', base: string, quote: string): MarketInfo {
  return { market: `${exchange}:${base}/${quote}`, base, quote, pricePrecision: 2, amountPrecision: 4 };
}

describe('markets.search ranking', () => {
  it('ranks the exact pair, then the base, then the quote, then a base prefix; larger volume first within a rank', () => {
    const catalogs = [
      { exchange: 'cryptomus' as const, markets: [info('cryptomus', 'ETH', 'USDT'), info('cryptomus', 'ETHW', 'USDT'), info('cryptomus', 'LINK', 'ETH'), info('cryptomus', 'BTC', 'USDT')] },
      { exchange: 'coinking' as const, markets: [info('coinking', 'ETH', 'USDT'), info('coinking', 'ETH', 'BTC')] },
    ];
    const volumes: Record<string, string> = { 'coinking:ETH/USDT': '900.5', 'cryptomus:ETH/USDT': '1200', 'coinking:ETH/BTC': '10' };
    const ticker = (m: MarketInfo) => (volumes[m.market] ? ({ last: '1', volume24h: volumes[m.market] } as Ticker) : null);
    const { results, truncated } = rankMarkets(catalogs, 'eth', 10, ticker);
    expect(results.map((r) => r.market)).toEqual(['cryptomus:ETH/USDT', 'coinking:ETH/USDT', 'coinking:ETH/BTC', 'cryptomus:LINK/ETH', 'cryptomus:ETHW/USDT']);
    expect(truncated).toBe(false);
    // A market the core follows no feed for has no price: null, never a guess.
    expect(results.find((r) => r.market === 'cryptomus:LINK/ETH')).toMatchObject({ last: null, volume24h: null, volumeUnit: 'LINK' });
    expect(rankMarkets(catalogs, 'eth/usdt', 1, ticker)).toEqual({ results: [expect.objectContaining({ market: 'cryptomus:ETH/USDT' })], truncated: true });
    expect(matchRank({ base: 'ETH', quote: 'USDT' }, 'ethusdt')).toBe(0);
    expect(matchRank({ base: 'BTC', quote: 'USDT' }, 'eth')).toBe(-1);
  });

  it('says when a price is stale, with its time, so no screen shows it as live', () => {
    const catalogs = [{ exchange: 'itick' as const, markets: [info('itick', 'ETH', 'USDT'), info('itick', 'ETH', 'BTC')] }];
    const tickers: Record<string, Ticker> = {
      'itick:ETH/USDT': { last: '3000', volume24h: '5', stale: true, updatedAt: 1_700_000_000_000 } as Ticker,
      'itick:ETH/BTC': { last: '0.05', volume24h: '1', stale: false, updatedAt: 1_700_000_100_000 } as Ticker,
    };
    const { results } = rankMarkets(catalogs, 'eth', 10, (m) => tickers[m.market] ?? null);
    expect(results.find((r) => r.market === 'itick:ETH/USDT')).toMatchObject({ last: '3000', stale: true, asOf: 1_700_000_000_000 });
    expect(results.find((r) => r.market === 'itick:ETH/BTC')).toMatchObject({ last: '0.05', stale: false, asOf: 1_700_000_100_000 });
  });

  it('parses the request totally and bounds the limit', () => {
    const parse = REQUEST_PARSERS['markets.search'];
    expect(parse({ query: 'eth', limit: 10_000 })).toEqual({ query: 'eth', limit: 100 });
    expect(parse({ query: 'e'.repeat(100) })).toEqual({ query: 'e'.repeat(41), limit: 50 });
    for (const bad of [null, {}, { query: 5 }, { query: 'x', limit: 0 }, { query: 'x', limit: 1.5 }, { query: 'x', limit: '3' }, { query: 'x'.repeat(201) }]) {
      expect(() => parse(bad), JSON.stringify(bad)).toThrow();
    }
  });
});

describe('markets.search against the three simulators', () => {
  it('finds ETH on every venue, with the live price of a followed market and none for the rest', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-search-'));
    core = createCore(loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } }), { log: silentLogger });
    let ethSeen = false;
    core.subscribe((event, payload) => {
      if (event === 'market.frame') ethSeen ||= (payload as { tickers: Ticker[] }).tickers.some((t) => t.market === 'coinking:ETH/USDT' && t.last !== null);
    });
    await core.start();
    const lists = await core.invoke('watchlist.list', undefined);
    await core.invoke('watchlist.add', { listId: lists[0]!.id, market: 'coinking:ETH/USDT' });
    await waitFor(() => ethSeen, 'a CoinKing ETH price', 10_000);
    const reply = await core.invoke('markets.search', { query: 'eth', limit: 40 });
    expect(reply.unavailable).toEqual([]);
    expect(new Set(reply.results.map((r) => r.exchange))).toEqual(new Set(['cryptomus', 'itick', 'coinking']));
    const firstQuoteMatch = reply.results.findIndex((r) => r.base !== 'ETH');
    // Every ETH-based market comes before any market that only has ETH as its quote (or in its name).
    expect(reply.results.slice(firstQuoteMatch < 0 ? reply.results.length : firstQuoteMatch).every((r) => r.base !== 'ETH')).toBe(true);
    const followed = reply.results.find((r) => r.market === 'coinking:ETH/USDT')!;
    expect(followed.last).toMatch(/^\d+(\.\d+)?$/);
    expect(followed.volumeUnit).toBe('ETH');
    const followedMarkets = new Set((await core.invoke('market.snapshot', undefined)).tickers.map((t) => t.market));
    for (const r of reply.results) if (!followedMarkets.has(r.market)) expect(r.last).toBeNull();
    expect(await core.invoke('markets.search', { query: '   ', limit: 5 })).toEqual({ results: [], truncated: false, unavailable: [] });
  });
});
