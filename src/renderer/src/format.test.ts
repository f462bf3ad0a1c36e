import { describe, expect, it } from 'vitest';
import { changeDirection, formatChangePct, formatDecimal, secondsUntil } from './format';

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
});
