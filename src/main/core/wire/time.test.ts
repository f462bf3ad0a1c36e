import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, MIN_TIME_MS, isSaneTime, timeMs } from './time';

describe('timeMs', () => {
  it('reads seconds and ms, as numbers or digit strings', () => {
    expect(timeMs(1_700_000_000, 's')).toBe(1_700_000_000_000);
    expect(timeMs(1_700_000_000.123456, 's')).toBe(1_700_000_000_123);
    expect(timeMs('1700000000.5', 's')).toBe(1_700_000_000_500);
    expect(timeMs(1_700_000_000_000, 'ms')).toBe(1_700_000_000_000);
  });

  it('refuses absurd times: 1e300, negative, Infinity, NaN, nanoseconds, microseconds, 1970', () => {
    for (const bad of [1e300, -5, -1_700_000_000, Infinity, -Infinity, NaN, 1_700_000_000_000_000_000, 1_700_000_000_000_000, 0, 1]) {
      expect(timeMs(bad, 'ms'), String(bad)).toBeNull();
    }
    expect(timeMs(1e300, 's')).toBeNull();
    expect(timeMs(1_700_000_000_000, 's')).toBeNull(); // ms sent where seconds are meant
    expect(timeMs('1e300', 's')).toBeNull();
    expect(timeMs('-5', 's')).toBeNull();
    expect(timeMs(null, 's')).toBeNull();
    expect(timeMs({}, 's')).toBeNull();
    expect(isSaneTime(MIN_TIME_MS)).toBe(true);
    expect(isSaneTime(MAX_TIME_MS)).toBe(false);
  });
});

describe('the three adapters read times through timeMs', () => {
  const absurd = [1e300, -1, Infinity, 1_700_000_000_000_000_000];

  it('Cryptomus: REST and push times outside the window are refused', async () => {
    const { parseTime } = await import('../cryptomus/wire');
    for (const t of absurd) {
      expect(parseTime(t), String(t)).toBeNull();
      expect(timeMs(t, 's'), String(t)).toBeNull();
    }
    expect(parseTime('9999-12-31 23:59:59')).toBeNull();
    expect(parseTime(1_750_774_869)).toBe(1_750_774_869_000);
  });

  it('CoinKing: a deal, order or kline with an absurd time is dropped', async () => {
    const { parseDeal } = await import('../coinking/wire-market');
    const { unixSeconds: seconds } = await import('./time');
    for (const t of absurd) {
      expect(seconds(t), String(t)).toBeNull();
      expect(parseDeal({ id: 5, time: t, price: '1.5', amount: '2', type: 'sell' }), String(t)).toBeNull();
    }
    expect(parseDeal({ id: 5, time: 1_700_000_000.25, price: '1.5', amount: '2', type: 'sell' })).not.toBeNull();
  });

  it('iTick: a quote or kline with an absurd time is dropped', async () => {
    const { parseQuote, parseCandle } = await import('../itick/wire');
    expect(parseQuote({ s: 'BTCUSDT', ld: '1', t: 1_700_000_000_000 })).not.toBeNull();
    expect(parseCandle({ t: 1_700_000_000_000, o: '1', h: '1', l: '1', c: '1', v: '1' })).not.toBeNull();
    for (const t of [1e300, -1, 1_700_000_000_000_000_000, '1e300']) {
      expect(parseQuote({ s: 'BTCUSDT', ld: '1', t } as never), String(t)).toBeNull();
      expect(parseCandle({ t, o: '1', h: '1', l: '1', c: '1', v: '1' }), String(t)).toBeNull();
    }
  });
});
