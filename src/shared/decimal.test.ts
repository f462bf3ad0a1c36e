import { describe, expect, it } from 'vitest';
import { typedDecimal, typedPositiveDecimal } from './decimal';

describe('typed decimals (the alert form and the core read them alike)', () => {
  it('keeps what a person types as a price, trimmed', () => {
    for (const ok of ['0', '7', '100.50', '0.00010000', ` 65000.1 `]) expect(typedDecimal(ok)).toBe(ok.trim());
    expect(typedPositiveDecimal('0.001')).toBe('0.001');
  });

  it('refuses leading zeros, exponents, signs, separators and overlong numbers', () => {
    for (const bad of ['', '0100', '1e5', '-1', '+1', '1,000', '.5', '5.', '1.2.3', '1'.repeat(19), `1.${'0'.repeat(19)}`]) {
      expect(typedDecimal(bad), bad).toBeNull();
    }
  });

  it('zero is a decimal but not a positive one', () => {
    for (const zero of ['0', '0.00']) {
      expect(typedDecimal(zero)).toBe(zero);
      expect(typedPositiveDecimal(zero)).toBeNull();
    }
  });
});
