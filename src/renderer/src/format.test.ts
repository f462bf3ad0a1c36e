import { describe, expect, it } from 'vitest';
import { changeDirection, decimalsOf, formatChangePct, formatDecimal, formatFixed, formatSigned, roundDecimal, secondsUntil } from './format';

describe('format', () => {
  it('groups prices as text, keeping every digit the exchange sent', () => {
    expect(formatDecimal('107152.55')).toBe('107,152.55');
    expect(formatDecimal('1234567890.123456789')).toBe('1,234,567,890.123456789');
    expect(formatDecimal('0.00001230')).toBe('0.00001230');
    expect(formatDecimal('999')).toBe('999');
    expect(formatDecimal('-1000.5')).toBe('\u22121,000.5');
    expect(formatDecimal(null)).toBe('—');
  });

  it('signs and colours 24 h changes', () => {
    expect(formatChangePct('-1.25')).toBe('\u22121.25%');
    expect(formatChangePct('0.4')).toBe('+0.40%');
    expect(formatChangePct('0.00')).toBe('0.00%');
    expect(formatChangePct('-0.00')).toBe('0.00%');
    expect(formatChangePct(null)).toBe('—');
    expect(changeDirection('-0.01')).toBe('down');
    expect(changeDirection('2.5')).toBe('up');
    expect(changeDirection('-0.00')).toBe('flat');
  });

  it('counts down whole seconds and never below zero', () => {
    expect(secondsUntil(10_500, 9_000)).toBe(2);
    expect(secondsUntil(9_000, 10_000)).toBe(0);
  });

  it('rounds decimal strings as text, at the market precision', () => {
    expect(roundDecimal('67501.785', 2)).toBe('67501.79');
    expect(roundDecimal('67501.784', 2)).toBe('67501.78');
    expect(roundDecimal('0.1', 4)).toBe('0.1000');
    expect(roundDecimal('9.995', 2)).toBe('10.00');
    expect(roundDecimal('99.5', 0)).toBe('100');
    expect(roundDecimal('-0.004', 2)).toBe('0.00');
    expect(roundDecimal('-1.005', 2)).toBe('-1.01');
    expect(roundDecimal('.5', 1)).toBe('0.5');
    expect(roundDecimal('1e-8', 8)).toBe('0.00000001');
    expect(formatFixed('1234567.891', 2)).toBe('1,234,567.89');
    expect(formatFixed('1.1219150000000000', null)).toBe('1.1219150000000000');
    expect(formatFixed(null, 2)).toBe('—');
    expect(formatSigned('12.5', 2)).toBe('+12.50');
    expect(formatSigned('-12.5', 2)).toBe('\u221212.50');
    expect(formatSigned('0.001', 2)).toBe('0.00');
    expect(formatSigned('-0.001', 2)).toBe('0.00');
    expect(decimalsOf('0.0100')).toBe(4);
    expect(decimalsOf('100')).toBe(0);
  });
});

describe('times no date can hold', () => {
  it('shows a dash for 1e300, Infinity and NaN instead of throwing (a record stored by an earlier version)', async () => {
    const { formatClock, formatDate, formatDateTime } = await import('./format');
    for (const t of [1e300, Infinity, NaN, -1e300]) {
      expect(formatClock(t)).toBe('—');
      expect(formatDate(t)).toBe('—');
      expect(formatDateTime(t)).toBe('—');
    }
  });
});
