import { describe, expect, it } from 'vitest';
import type { MarketInfo } from '../../../../shared/model';
import { searchMarkets, typedMarket } from './market-search';
import { dropIndex } from './use-row-drag';

const info = (base: string, quote: string): MarketInfo => ({ market: `coinking:${base}/${quote}`, base, quote, pricePrecision: 2, amountPrecision: 4 });
const LIST = [info('ETH', 'BTC'), info('BTC', 'USDT'), info('ETH', 'USDT'), info('WBTC', 'USDT'), info('SOL', 'USDT')];

describe('market search', () => {
  it('ranks the exact pair, then the base, then prefixes and the rest', () => {
    expect(searchMarkets(LIST, 'eth/usdt').map((m) => m.market)[0]).toBe('coinking:ETH/USDT');
    expect(searchMarkets(LIST, 'ethusdt').map((m) => m.market)[0]).toBe('coinking:ETH/USDT');
    expect(searchMarkets(LIST, 'btc').map((m) => `${m.base}/${m.quote}`)).toEqual(['BTC/USDT', 'ETH/BTC', 'WBTC/USDT']);
    expect(searchMarkets(LIST, 'usdt')).toHaveLength(4);
    expect(searchMarkets(LIST, 'zzz')).toEqual([]);
    expect(searchMarkets(LIST, '')).toHaveLength(LIST.length);
  });

  it('turns a typed pair into a market id', () => {
    expect(typedMarket('itick', ' btc/usdt ')).toBe('itick:BTC/USDT');
    expect(typedMarket('itick', 'bitcoin')).toBeNull();
  });
});

describe('dropping a dragged row', () => {
  const markets = ['coinking:A/U', 'coinking:B/U', 'coinking:C/U', 'coinking:D/U'] as const;
  it('gives the index the market ends up at', () => {
    expect(dropIndex(markets, 'coinking:A/U', { market: 'coinking:C/U', edge: 'below' })).toBe(2);
    expect(dropIndex(markets, 'coinking:D/U', { market: 'coinking:A/U', edge: 'above' })).toBe(0);
    expect(dropIndex(markets, 'coinking:B/U', { market: 'coinking:D/U', edge: 'above' })).toBe(2);
    // Dropped where it already is: nothing moves.
    expect(dropIndex(markets, 'coinking:B/U', { market: 'coinking:A/U', edge: 'below' })).toBeNull();
    expect(dropIndex(markets, 'coinking:B/U', { market: 'coinking:C/U', edge: 'above' })).toBeNull();
  });
});
