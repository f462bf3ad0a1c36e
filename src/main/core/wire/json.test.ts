import { describe, expect, it } from 'vitest';
import { decimal, nonNegativeDecimal } from './json';

describe('decimal', () => {
  it('accepts the decimal strings exchanges send for money', () => {
    for (const ok of ['0', '7', '107152.55', '0.00010000', '-1.5', '-0', '0.0', '90071992547409931.123456789']) expect(decimal(ok)).toBe(ok);
  });

  it('rejects everything else, whatever it is', () => {
    for (const bad of ['', '-', '.5', '5.', '1e5', '1E-7', '007', '-01', '1.2.3', ' 1', '1 ', '+1', '0x10', 'NaN', '1,000', '１']) {
      expect(decimal(bad), bad).toBeNull();
    }
    for (const bad of [1, null, undefined, {}, ['1'], true]) expect(decimal(bad)).toBeNull();
    expect(decimal('1'.repeat(65))).toBeNull();
    expect(nonNegativeDecimal('-1.5')).toBeNull();
    expect(nonNegativeDecimal('1.5')).toBe('1.5');
  });
});
