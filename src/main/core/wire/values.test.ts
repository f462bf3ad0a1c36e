import { describe, expect, it } from 'vitest';
import { boundedText, decimal, integerId, messageText, name, nonNegativeDecimal, plainDecimal, safeInteger, wireDecimal } from './values';

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

describe('plainDecimal: exponent notation, exactly', () => {
  it('writes exponent forms in plain notation and keeps plain text as it is', () => {
    expect(plainDecimal('1e-7')).toBe('0.0000001');
    expect(plainDecimal('1.5E-7')).toBe('0.00000015');
    expect(plainDecimal('2.5e+3')).toBe('2500');
    expect(plainDecimal('1.23456e2')).toBe('123.456');
    expect(plainDecimal('-4.2e-2')).toBe('-0.042');
    expect(plainDecimal('0.5e1')).toBe('5');
    expect(plainDecimal('0E-8')).toBe('0'); // libmpdec's zero
    expect(plainDecimal('-0E-8')).toBe('0');
    expect(plainDecimal('1.50E-7')).toBe('0.00000015');
    expect(plainDecimal('0.00010000')).toBe('0.00010000'); // plain text keeps its precision
  });

  it('refuses what would be an enormous string, and what is not a number', () => {
    for (const bad of ['7e400', '1e999999', '1e-101', '1e', 'e5', '01e2', '1.e2', 'Infinity', '1'.repeat(65)]) expect(plainDecimal(bad), bad).toBeNull();
    expect(plainDecimal('1e100')).toBe(`1${'0'.repeat(100)}`);
  });
});

describe('wireDecimal: text, or a JSON number where the rule allows', () => {
  it('reads numbers only when asked, through their shortest exact form', () => {
    expect(wireDecimal(107100.01)).toBeNull();
    expect(wireDecimal(107100.01, { numbers: true })).toBe('107100.01');
    expect(wireDecimal(1e-7, { numbers: true })).toBe('0.0000001');
    expect(wireDecimal(1.5e21, { numbers: true })).toBe('1500000000000000000000');
    for (const bad of [Number.NaN, Infinity, -Infinity]) expect(wireDecimal(bad, { numbers: true })).toBeNull();
  });

  it('is non-negative unless the rule says signed', () => {
    expect(wireDecimal('-1.5')).toBeNull();
    expect(wireDecimal(-1, { numbers: true })).toBeNull();
    expect(wireDecimal('-1.5', { signed: true })).toBe('-1.5');
    expect(wireDecimal('-4.2e-2', { signed: true })).toBe('-0.042');
    for (const bad of ['abc', '', '1.', '.5', '01', '1e', 'NaN', '--1', true, null, {}, []]) {
      expect(wireDecimal(bad, { numbers: true, signed: true }), String(bad)).toBeNull();
    }
  });
});

describe('integers', () => {
  it('safeInteger: a number or a digit string that a double holds exactly', () => {
    expect(safeInteger(42)).toBe(42);
    expect(safeInteger('-7')).toBe(-7);
    expect(safeInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [1.5, 2 ** 53, '9007199254740992', '12345678901234567', '1.0', '', ' 1', '0x1', null, Infinity]) {
      expect(safeInteger(bad), String(bad)).toBeNull();
    }
  });

  it('integerId: one rule for every id, a safe integer from 0 up', () => {
    expect(integerId(0)).toBe(0);
    expect(integerId('4')).toBe(4); // Cryptomus events carry their id as a string
    expect(integerId(123456789)).toBe(123456789);
    for (const bad of [-1, '-1', 1.5, 2 ** 53, 'x', null, {}]) expect(integerId(bad), String(bad)).toBeNull();
  });
});

describe('names and text', () => {
  it('name: a market or asset name, bounded', () => {
    for (const ok of ['BTC', 'BTCUSDT', 'BTC_USDT', 'a-b']) expect(name(ok)).toBe(ok);
    for (const bad of ['', 'BTC/USDT', 'BTC USDT', 'x'.repeat(41), '<script>', 5, null]) expect(name(bad), String(bad)).toBeNull();
  });

  it('boundedText: non-empty and no longer than asked', () => {
    expect(boundedText('abc')).toBe('abc');
    expect(boundedText('x'.repeat(100))).toBe('x'.repeat(100));
    expect(boundedText('x'.repeat(101))).toBeNull();
    expect(boundedText('abc', 2)).toBeNull();
    for (const bad of ['', 5, null]) expect(boundedText(bad)).toBeNull();
  });

  it('messageText: cut to size, empty for what is not text', () => {
    expect(messageText('y'.repeat(500))).toHaveLength(200);
    expect(messageText(404)).toBe('');
  });
});
