import { describe, expect, it } from 'vitest';
import { wireDecimal } from '../wire/values';
import { cryptomusCodec, parseDealUpdate, parseDepth, parseHistoryFills, parseOrderUpdate, parseTime, parseTrades, symbolToMarket } from './wire';

const decode = (v: unknown) => cryptomusCodec.decode(typeof v === 'string' ? v : JSON.stringify(v));

describe('Cryptomus codec', () => {
  it('encodes requests with an integer id, a method and params', () => {
    expect(JSON.parse(cryptomusCodec.encodeRequest(7, 'ping', []))).toEqual({ id: 7, method: 'ping', params: [] });
  });

  it('matches replies by id, including unsubscribe acknowledgements without a method', () => {
    expect(decode({ id: 3, method: 'pong', data: null, error: null })).toEqual({ kind: 'reply', id: 3, result: null, error: null });
    expect(decode({ id: 4, data: { status: 'success' }, error: null })).toEqual({ kind: 'reply', id: 4, result: { status: 'success' }, error: null });
    expect(decode({ id: 5, method: 'trade_subscribe', data: { status: 'success' }, error: null })).toMatchObject({ kind: 'reply', id: 5 });
  });

  it('takes *_update frames as events whatever their id: 0, a number, or a string like "4"', () => {
    for (const id of [0, 9, '4', null]) {
      const d = decode({ id, method: 'balance_update', data: { info: {} }, error: null });
      expect(d).toEqual({ kind: 'push', message: { method: 'balance_update', data: { info: {} }, error: null } });
    }
  });

  it('makes error codes 1 and 2 readable', () => {
    expect(decode({ id: 6, data: null, error: { code: 1, message: '' } })).toMatchObject({ error: { code: 1, message: 'invalid message format' } });
    expect(decode({ id: 6, data: null, error: { code: 2, message: 'Unknown market FOO_USDT' } })).toMatchObject({
      error: { code: 2, message: 'request failed: Unknown market FOO_USDT' },
    });
    expect(decode({ id: null, data: null, error: { code: 1, message: 'Invalid message format' } })).toMatchObject({
      kind: 'push',
      message: { method: 'error', error: { code: 1, message: 'Invalid message format' } },
    });
  });

  it('reports frames that are not JSON objects or carry no usable id as bad', () => {
    expect(decode('{"id":1,"method":')).toEqual({ kind: 'bad', reason: 'not JSON' });
    expect(decode('[1,2]')).toEqual({ kind: 'bad', reason: 'not a JSON object' });
    expect(decode({ id: 'x', data: null })).toMatchObject({ kind: 'bad' });
  });
});

describe('Cryptomus parsers', () => {
  it('turns trade numbers into exact decimal strings', () => {
    expect(wireDecimal(107100.01, { numbers: true })).toBe('107100.01');
    expect(wireDecimal(0.000254, { numbers: true })).toBe('0.000254');
    expect(wireDecimal(1e-7, { numbers: true })).toBe('0.0000001');
    expect(wireDecimal(-1, { numbers: true })).toBeNull();
    expect(wireDecimal(Number.NaN, { numbers: true })).toBeNull();
    const e = parseTrades({ symbol: 'BTC_USDT', timestamp: 1750953177, trades: [{ price: 107100.01, quantity: 0.000254, timestamp: 1750953177, direction: 'buy' }] });
    expect(e).toEqual({ market: 'cryptomus:BTC/USDT', trades: [{ price: '107100.01', amount: '0.000254', side: 'buy', time: 1750953177000 }] });
    expect(parseTrades({ symbol: 'BTC_USDT', trades: [{ price: 'x', quantity: 1, timestamp: 1 }] })).toBeNull();
  });

  it('reads depth updates, full or partial', () => {
    const d = parseDepth({ symbol: 'BTC_USDT', timestamp: 1, full_reload: false, scale_index: 0, asks: [['107043.93', '0.304313']], bids: [['106976.11', '0']] });
    expect(d).toEqual({ market: 'cryptomus:BTC/USDT', fullReload: false, scaleIndex: 0, asks: [['107043.93', '0.304313']], bids: [['106976.11', '0']] });
    expect(parseDepth({ symbol: 'BTC_USDT', asks: [], bids: [] })).toBeNull(); // no full_reload flag
    expect(parseDepth({ symbol: 'BTC_USDT', full_reload: true, asks: [['1']], bids: [] })).toBeNull();
    // Decimal identity at parse: "100.10" and "100.1" are one level.
    expect(parseDepth({ symbol: 'BTC_USDT', full_reload: false, asks: [['100.10', '1.000']], bids: [['100.1', '0']] })).toMatchObject({
      asks: [['100.1', '1']],
      bids: [['100.1', '0']],
    });
  });

  it('reads the seed order events, whose times are Unix seconds', () => {
    const info = {
      id: '01JYET5DQ772MPYHHE417FQF1J',
      symbol: 'TRX_USDT',
      orderType: 'limit',
      direction: 'sell',
      price: '0.2200000000000000',
      quantity: '50.0000000000000000',
      value: '11.0000000000000000',
      filledQuantity: '50.0000000000000000',
      filledValue: '11.0000000000000000',
      clientOid: null,
      createTs: 1750696376,
      finishTs: 1750696417,
      state: 'completed',
      internalState: 'filled',
    };
    expect(parseOrderUpdate({ type: 'finished', info })).toMatchObject({
      type: 'finished',
      order: { id: info.id, market: 'cryptomus:TRX/USDT', side: 'sell', createdAt: 1750696376000, updatedAt: 1750696417000, state: 'filled' },
    });
    expect(parseOrderUpdate({ type: 'moved', info })).toBeNull();
  });

  it('reads REST times written as "YYYY-MM-DD HH:MM:SS" as UTC', () => {
    expect(parseTime('2024-12-12 11:40:21')).toBe(Date.UTC(2024, 11, 12, 11, 40, 21));
    expect(parseTime(1750774869)).toBe(1750774869000);
    expect(parseTime('12/12/2024')).toBeNull();
  });

  it('names one fill the same from deal_update and from the order history', () => {
    const push = parseDealUpdate({
      info: {
        dealId: 'D1',
        symbol: 'TRX_USDT',
        dealState: 'completed',
        transactionId: 'T1',
        filledPrice: '0.2726960000000000',
        filledQuantity: '100.0000000000000000',
        filledValue: '27.2696000000000000',
        fee: '1.0907840000000000',
        feeCurrency: 'USDT',
        tradeRole: 'taker',
        committedAt: 1750774869,
      },
    });
    const order = {
      id: 'O1',
      direction: 'sell',
      symbol: 'TRX_USDT',
      quantity: '100',
      filledQuantity: '100',
      createdAt: '2025-06-24 14:20:00',
      finishedAt: '2025-06-24 14:21:09',
      deal: {
        id: 'D1',
        transactions: [
          { id: 'T1', tradeRole: 'taker', filledPrice: '0.2726960000000000', filledQuantity: '100.0000000000000000', filledValue: '27.2696000000000000', fee: '1.0907840000000000', feeCurrency: 'USDT', committedAt: '2025-06-24 14:21:09' },
        ],
      },
    };
    const [fromHistory] = parseHistoryFills(order)!;
    expect(push!.transactionId).toBe('T1');
    expect(fromHistory!.transactionId).toBe('T1');
    expect(fromHistory!.time).toBe(push!.time);
    expect(push!.side).toBeNull(); // the event does not say; the adapter resolves it
    expect(fromHistory!.side).toBe('sell');
    // A transaction without an id still gets a stable one.
    const noId = { ...order, deal: { id: 'D1', transactions: [{ ...order.deal.transactions[0]!, id: undefined }] } };
    expect(parseHistoryFills(noId)![0]!.transactionId).toMatch(/^D1:1750774869:/);
  });
});

describe('symbolToMarket', () => {
  it('maps wire symbols to market ids, the same after its memory of them fills and empties', () => {
    expect(symbolToMarket('BTC_USDT')).toBe('cryptomus:BTC/USDT');
    expect(symbolToMarket('btc_usdt')).toBeNull();
    expect(symbolToMarket('BTCUSDT')).toBeNull();
    expect(symbolToMarket(7)).toBeNull();
    for (let i = 0; i < 10_000; i++) expect(symbolToMarket(`X${i}_USDT`)).toBe(`cryptomus:X${i}/USDT`);
    expect(symbolToMarket('BTC_USDT')).toBe('cryptomus:BTC/USDT');
    expect(symbolToMarket('X42_USDT')).toBe('cryptomus:X42/USDT');
  });
});
