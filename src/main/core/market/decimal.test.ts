import { describe, expect, it } from 'vitest';
import { changePercent, compareDecimal, isZeroDecimal, padDecimal, trimDecimal } from './decimal';

describe('the core decimal maths', () => {
  it('computes the 24 h change in decimals, not floats', () => {
    expect(changePercent('0.3', '0.1')).toBe('200.00');
    expect(changePercent('67000.10', '68000.00')).toBe('-1.47');
    expect(changePercent('1', '0')).toBeNull();
    expect(changePercent(null, '1')).toBeNull();
    expect(changePercent('1.00005', '1')).toBe('0.01'); // half away from zero
    expect(changePercent('0.99995', '1')).toBe('-0.01');
    expect(changePercent('0.99996', '1.00000')).toBe('0.00');
    expect(changePercent('100.004', '100')).toBe('0.00');
    expect(changePercent('0.00000001', '0.00000002')).toBe('-50.00');
    expect(changePercent('90071992547409931.5', '90071992547409930')).toBe('0.00');
    expect(changePercent('67350.12', '65000')).toBe('3.62');
  });

  it('computes the change for fractions longer than its table of powers of ten', () => {
    const tiny = `0.${'0'.repeat(45)}1`; // 47 fraction digits, within a wire decimal's 64 characters
    expect(changePercent(tiny, `0.${'0'.repeat(45)}2`)).toBe('-50.00');
    expect(changePercent('1', tiny)).toBe(`${'9'.repeat(46)}00.00`); // (10^46 - 1) × 100 %
  });

  it('orders, tests, pads and trims decimal strings exactly', () => {
    expect(compareDecimal('100.10', '100.1')).toBe(0);
    expect(compareDecimal('9.99', '10')).toBeLessThan(0);
    expect(isZeroDecimal('0.000')).toBe(true);
    expect(isZeroDecimal('0.001')).toBe(false);
    expect(padDecimal('67250', 2)).toBe('67250.00');
    expect(padDecimal('67250.125', 2)).toBe('67250.125'); // never cuts
    expect(trimDecimal('1.1219150000000000')).toBe('1.121915');
    expect(trimDecimal('5.000')).toBe('5');
  });
});
