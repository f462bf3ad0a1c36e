import { describe, expect, it } from 'vitest';
import { intervalOfPeriod, periodCode, ITICK_PERIODS } from './periods';
import { SymbolResolver, splitSymbol } from './symbols';
import { decodeFrame, type ItickMessage } from './wire';

function message(raw: string): ItickMessage {
  const d = decodeFrame(raw);
  if (d.kind !== 'push') throw new Error(`expected a push, got ${JSON.stringify(d)}`);
  return d.message;
}

describe('numbers as decimal strings', () => {
  it('keeps the exact text the server sent, trailing zeros and all digits included', () => {
    const m = message('{"code":1,"data":{"s":"BTCUSDT","ld":67250.10,"v":12345678901234567890.123,"o":0.00000001,"t":1731690011321,"type":"quote"}}');
    expect(m.kind === 'quote' && m.quote).toMatchObject({ last: '67250.10', volume: '12345678901234567890.123', open: '0.00000001', time: 1731690011321 });
  });

  it('writes exponent forms out in plain notation', () => {
    // The rules themselves are tested in wire/values.test.ts; here, that a frame goes through them.
    const big = message('{"code":1,"data":{"s":"BTCUSDT","ld":1.5e21,"type":"quote"}}');
    expect(big.kind === 'quote' && big.quote.last).toBe('1500000000000000000000');
    const m = message('{"code":1,"data":{"s":"SHIBUSDT","ld":1.234e-5,"type":"quote"}}');
    expect(m.kind === 'quote' && m.quote.last).toBe('0.00001234');
  });

  it('drops a quote whose price is no number', () => {
    for (const v of ['"abc"', '""', '"1."', '"NaN"', 'true', 'null', '{}', '-1']) {
      expect(decodeFrame(`{"code":1,"data":{"s":"BTCUSDT","ld":${v},"type":"quote"}}`).kind, v).not.toBe('push');
    }
  });
});

describe('decoding frames', () => {
  it('maps a seed quote: last, time, volume, turnover, trading status', () => {
    const m = message('{"code":1,"data":{"s":"ETH_USDT","ld":3034,"t":1731690011321,"v":0.6186,"tu":1876.832564,"ts":0,"type":"quote"}}');
    expect(m).toEqual({
      kind: 'quote',
      quote: {
        symbol: 'ETH_USDT',
        last: '3034',
        time: 1731690011321,
        volume: '0.6186',
        turnover: '1876.832564',
        status: 0,
        open: null,
        high: null,
        low: null,
        prevClose: null,
        change: null,
        changePct: null,
      },
    });
  });

  it("maps a current server's quote with the day's open, high, low and change", () => {
    const m = message(
      '{"code":1,"data":{"s":"BTCUSDT","ld":67250.5,"o":66000,"h":67500.25,"l":65800.75,"p":66010,"ch":-1.5,"chp":-0.02,"v":1234.5,"tu":8.3e7,"ts":3,"r":"BA","type":"quote"}}',
    );
    expect(m.kind === 'quote' && m.quote).toMatchObject({ open: '66000', high: '67500.25', low: '65800.75', prevClose: '66010', change: '-1.5', changePct: '-0.02', turnover: '83000000', status: 3 });
  });

  it('builds a depth snapshot best first, dropping empty levels', () => {
    const m = message(
      '{"code":1,"data":{"s":"ETH_USDT","a":[{"po":2,"p":3034.03,"v":0.0017,"o":1},{"po":1,"p":3034.01,"v":10.6023,"o":3},{"po":3,"p":3034.5,"v":0,"o":0}],"b":[{"po":1,"p":3034,"v":20.9758,"o":2},{"po":2,"p":3033.99,"v":1.8408,"o":1}],"type":"depth"}}',
    );
    expect(m).toEqual({
      kind: 'depth',
      depth: {
        symbol: 'ETH_USDT',
        asks: [
          ['3034.01', '10.6023'],
          ['3034.03', '0.0017'],
        ],
        bids: [
          ['3034', '20.9758'],
          ['3033.99', '1.8408'],
        ],
      },
    });
  });

  it("reads the seed's kline push (code 0, no type) with its period", () => {
    const m = message('{"code":0,"msg":null,"data":{"s":"ETH_USDT","t":1,"k":{"tu":157513,"c":3059.39,"t":1731660060000,"v":28,"h":3061.41,"l":3055.24,"o":3055.36}}}');
    expect(m).toEqual({
      kind: 'kline',
      kline: { symbol: 'ETH_USDT', period: 1, candle: { time: 1731660060000, open: '3055.36', high: '3061.41', low: '3055.24', close: '3059.39', volume: '28' } },
    });
  });

  it('reads connect, auth, subscribe and pong replies, and never keeps the echoed token', () => {
    expect(message('{"code":1,"msg":"Connected Successfully"}')).toEqual({ kind: 'connected' });
    const auth = message('{"code":1,"resAc":"auth","msg":"authenticated","data":{"params":"secret-token-abc"}}');
    expect(auth).toEqual({ kind: 'auth', ok: true, message: 'authenticated' });
    expect(JSON.stringify(auth)).not.toContain('secret-token-abc');
    expect(message('{"code":0,"resAc":"auth","msg":"auth failed"}')).toEqual({ kind: 'auth', ok: false, message: 'auth failed' });
    expect(message('{"code":0,"resAc":"subscribe","msg":"exceeding the maximum subscription limit"}')).toEqual({
      kind: 'subscribe',
      ok: false,
      message: 'exceeding the maximum subscription limit',
    });
    expect(message('{"resAc":"pong","data":{"params":"1731688569840"}}')).toEqual({ kind: 'pong', echo: '1731688569840' });
    expect(message('{"code":0,"resAc":"history","msg":"cannot be resolved action"}')).toEqual({ kind: 'refused', action: 'history', message: 'cannot be resolved action' });
    expect(message('{"code":1,"data":{"s":"BTCUSDT","type":"tick","ld":1}}')).toEqual({ kind: 'ignored', what: 'tick push' });
  });

  it('is total: malformed frames come back as bad, with reasons that quote no data', () => {
    const bad = [
      'not json',
      '[1,2]',
      '"text"',
      '{"code":1,"data":{"s":"BTCUSDT","ld":"abc","type":"quote"}}',
      '{"code":1,"data":{"s":"BTCUSDT","ld":-1,"type":"quote"}}',
      '{"code":1,"data":{"ld":1,"type":"quote"}}',
      '{"code":1,"data":{"s":"BTCUSDT","ld":1,"ts":"x","type":"quote"}}',
      '{"code":1,"data":{"s":"BTCUSDT","a":[{"p":1}],"b":[],"type":"depth"}}',
      '{"code":1,"data":{"s":"BTCUSDT","a":"x","type":"depth"}}',
      '{"code":0,"data":{"s":"BTCUSDT","t":1,"k":{"o":1}}}',
      '{"code":1,"data":{"s":"BTCUSDT"}}',
      '{"resAc":"pong","data":{}}',
      '{"code":1,"data":{"s":"BTCUSDT","ld":1e99999,"type":"quote"}}',
    ];
    for (const raw of bad) {
      const d = decodeFrame(raw);
      expect(d.kind, raw).toBe('bad');
      if (d.kind === 'bad') expect(d.reason).not.toContain('BTCUSDT');
    }
    // Random garbage never throws.
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      const chars = '{}[]":,01a.-e tdskl';
      let s = '';
      for (let j = 0; j < 30; j++) s += chars[(seed = (seed * 1103515245 + 12345) % 2147483648) % chars.length];
      expect(() => decodeFrame(s)).not.toThrow();
    }
  });
});

describe('symbols', () => {
  it('normalises every spelling of a market to one id', () => {
    const r = new SymbolResolver();
    r.setKnown([
      { exchange: 'itick', base: 'ETH', quote: 'USDT' },
      { exchange: 'itick', base: 'ETH', quote: 'BTC' },
    ]);
    for (const s of ['ETHUSDT', 'ETH_USDT', 'eth_usdt', 'ETHUSDT$BA', 'BA_ETH_USDT', 'ETH-USDT']) expect(r.resolve(s), s).toBe('itick:ETH/USDT');
    expect(r.resolve('ETHBTC')).toBe('itick:ETH/BTC');
  });

  it('splits names it did not ask for by separator or known quote currency', () => {
    const r = new SymbolResolver();
    expect(r.resolve('SOLUSDC')).toBe('itick:SOL/USDC');
    expect(r.resolve('PEPE_TRY')).toBe('itick:PEPE/TRY');
    expect(r.resolve('LINKETH')).toBe('itick:LINK/ETH');
    expect(r.resolve('WEIRDNAME')).toBeNull();
    expect(r.resolve('')).toBeNull();
    expect(splitSymbol('A_B_C_D')).toBeNull();
  });
});

describe('kline periods', () => {
  it('map every app interval onto one iTick code, from one table', () => {
    expect(['1m', '5m', '15m', '1h', '4h', '1d'].map((i) => periodCode(i as never))).toEqual([1, 2, 3, 5, 7, 8]);
    expect(intervalOfPeriod(3)).toBe('15m');
    expect(intervalOfPeriod(4)).toBeNull();
    expect(ITICK_PERIODS.map((p) => p.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
