import { describe, expect, it } from 'vitest';
import { renderCoded } from '../../../shared/codes';
import { describeCondition, parseCondition, ruleMarkets } from './rules';

describe('venue_gap rules', () => {
  it('keeps two venues of one pair, normalising the spelling of the markets', () => {
    const c = parseCondition({ kind: 'venue_gap', a: 'Cryptomus:btc/usdt', b: 'itick:BTC/USDT', pct: '0.25' });
    expect(c).toEqual({ kind: 'venue_gap', a: 'cryptomus:BTC/USDT', b: 'itick:BTC/USDT', pct: '0.25' });
    expect(renderCoded('en', describeCondition(c))).toBe('BTC/USDT differs by more than 0.25 % between Cryptomus and iTick');
    expect(ruleMarkets([{ id: 'r', name: '', enabled: true, condition: c, createdAt: 0 }])).toEqual(['cryptomus:BTC/USDT', 'itick:BTC/USDT']);
  });

  it('refuses one venue twice, two different pairs (USD is not USDT), and a missing or silly threshold', () => {
    expect(() => parseCondition({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'coinking:BTC/USDT', pct: '1' })).toThrow(expect.objectContaining({ code: 'rules.venueGapSame' }));
    expect(() => parseCondition({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'itick:BTC/USD', pct: '1' })).toThrow(expect.objectContaining({ code: 'rules.venueGapPair' }));
    expect(() => parseCondition({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'itick:BTC/USDT' })).toThrow(expect.objectContaining({ code: 'rules.notPositive' }));
    expect(() => parseCondition({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'itick:BTC/USDT', pct: '0' })).toThrow(expect.objectContaining({ code: 'rules.zero' }));
    expect(() => parseCondition({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'itick:BTC/USDT', pct: '5000' })).toThrow(expect.objectContaining({ code: 'rules.moveTooLarge' }));
    expect(() => parseCondition({ kind: 'venue_gap', a: 42, b: 'itick:BTC/USDT', pct: '1' })).toThrow(expect.objectContaining({ code: 'market.invalid' }));
  });
});
