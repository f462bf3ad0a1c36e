import { describe, expect, it } from 'vitest';
import { sortByKey } from '../../composables/column-sort';
import { distancePct, openValue } from './order-figures';

describe('open order figures', () => {
  it('measures the distance from the last price in percent, exactly', () => {
    expect(distancePct({ price: '99000' }, '100000')).toBe('-1.00');
    expect(distancePct({ price: '0.30000001' }, '0.1')).toBe('200.00');
    expect(distancePct({ price: '1.005' }, '1')).toBe('0.50');
    expect(distancePct({ price: null }, '100')).toBeNull();
    expect(distancePct({ price: '1' }, null)).toBeNull();
    expect(distancePct({ price: '1' }, '0')).toBeNull();
  });

  it('values what is still open at the order price', () => {
    expect(openValue({ price: '0.1', amount: '3', filled: '1' })).toBe('0.2');
    expect(openValue({ price: '107152.55', amount: '0.5', filled: '0.25' })).toBe('26788.1375');
    expect(openValue({ price: null, amount: '1', filled: '0' })).toBeNull();
  });

  it('sorts by a decimal key with unknowns last either way', () => {
    const rows = [{ k: '-1.5' }, { k: null }, { k: '10' }, { k: '2' }];
    const key = (r: { k: string | null }) => (r.k === null ? null : Number(r.k));
    expect(sortByKey(rows, key, 'asc').map((r) => r.k)).toEqual(['-1.5', '2', '10', null]);
    expect(sortByKey(rows, key, 'desc').map((r) => r.k)).toEqual(['10', '2', '-1.5', null]);
  });
});
