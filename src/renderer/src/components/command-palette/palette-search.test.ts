import { describe, expect, it } from 'vitest';
import type { ExchangeId, MarketInfo } from '../../../../shared/model';
import { MAX_MARKET_RESULTS, matchCommands, normalizeQuery, searchAllVenues } from './palette-search';

function info(exchange: ExchangeId, base: string, quote: string): MarketInfo {
  return { market: `${exchange}:${base}/${quote}`, base, quote, pricePrecision: 2, amountPrecision: 4 } as MarketInfo;
}

const cryptomus = [info('cryptomus', 'BTC', 'USDT'), info('cryptomus', 'ETH', 'USDT'), info('cryptomus', 'WETH', 'USDT'), info('cryptomus', 'ETHW', 'USDT')];
const itick = [info('itick', 'ETH', 'USDT'), info('itick', 'SOL', 'USDT')];
const coinking = [info('coinking', 'ETH', 'BTC'), info('coinking', 'ETH', 'USDT'), info('coinking', 'BTC', 'ETH')];

describe('palette market search', () => {
  it('finds a base on every venue, exact base first, the same pair together', () => {
    const found = searchAllVenues([cryptomus, itick, coinking], ' eth ').map((m) => m.market);
    expect(found.slice(0, 4)).toEqual(['coinking:ETH/BTC', 'cryptomus:ETH/USDT', 'itick:ETH/USDT', 'coinking:ETH/USDT']);
    // Then ETHW (base prefix), then BTC/ETH (quote), then WETH (contains).
    expect(found.slice(4)).toEqual(['cryptomus:ETHW/USDT', 'coinking:BTC/ETH', 'cryptomus:WETH/USDT']);
  });

  it('puts an exact pair above the rest and lists nothing for empty text', () => {
    expect(searchAllVenues([cryptomus, coinking], 'eth/btc')[0]!.market).toBe('coinking:ETH/BTC');
    expect(searchAllVenues([cryptomus, itick, coinking], '   ')).toEqual([]);
  });

  it('is bounded however large the catalogs', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => info('coinking', `E${i}`, 'USDT'));
    expect(searchAllVenues([many], 'e')).toHaveLength(MAX_MARKET_RESULTS);
    expect(normalizeQuery('x'.repeat(10_000))).toHaveLength(64);
  });
});

describe('palette commands', () => {
  const commands = [
    { id: 'screen:deals', label: 'Deal history', keywords: ['deals'] },
    { id: 'screen:settings', label: 'Settings', keywords: ['settings'] },
    { id: 'reconnect:coinking', label: 'Reconnect CoinKing', keywords: ['coinking', 'reconnect'] },
    { id: 'language:th', label: 'Language: ไทย', keywords: ['th', 'thai', 'language'] },
  ];

  it('lists labels starting with the text first, then any with every word', () => {
    expect(matchCommands(commands, 'Se')).toEqual({ leading: [commands[1]], other: [] });
    const r = matchCommands(commands, 'coin re');
    expect(r.leading).toEqual([]);
    expect(r.other.map((c) => c.id)).toEqual(['reconnect:coinking']);
    expect(matchCommands(commands, 'thai').other.map((c) => c.id)).toEqual(['language:th']);
    expect(matchCommands(commands, 'nothing like it')).toEqual({ leading: [], other: [] });
  });

  it('lists every command for empty text', () => {
    expect(matchCommands(commands, '').leading).toHaveLength(commands.length);
  });
});
