import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, toQuery } from './filters';

describe('deal filters', () => {
  it('turns the form into a deal query', () => {
    expect(toQuery(EMPTY_FILTER)).toEqual({ query: {}, problem: null });
    const q = toQuery({ exchange: 'coinking', market: 'btc/usdt', side: 'buy', from: '2025-01-01', to: '2025-01-31' });
    expect(q.problem).toBeNull();
    expect(q.query).toEqual({
      exchange: 'coinking',
      market: 'coinking:BTC/USDT',
      side: 'buy',
      from: new Date(2025, 0, 1).getTime(),
      to: new Date(2025, 1, 1).getTime(),
    });
    expect(toQuery({ ...EMPTY_FILTER, market: 'coinking:ETH/USDT' }).query).toEqual({ market: 'coinking:ETH/USDT' });
    // A pair without an exchange is that pair on every exchange.
    expect(toQuery({ ...EMPTY_FILTER, market: ' btc/usdt ' })).toEqual({ query: { pair: 'BTC/USDT' }, problem: null });
  });

  it('names what is wrong instead of guessing', () => {
    expect(toQuery({ ...EMPTY_FILTER, market: 'bitcoin' }).problem).toBe('market');
    expect(toQuery({ ...EMPTY_FILTER, exchange: 'itick', market: 'coinking:BTC/USDT' }).problem).toBe('market');
    expect(toQuery({ ...EMPTY_FILTER, from: '2025-02-01', to: '2025-01-01' }).problem).toBe('dates');
    // One day is a valid range: from its midnight to the next.
    expect(toQuery({ ...EMPTY_FILTER, from: '2025-02-01', to: '2025-02-01' }).problem).toBeNull();
  });
});
