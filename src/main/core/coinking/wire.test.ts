import { describe, expect, it } from 'vitest';
import { seededRandom } from '../simulators/random-walk';
import { balancesFromAssets, candleFromRow, dealFromFinished, orderFromWire } from './mapping';
import { MarketNames } from './names';
import { coinkingCodec, parseState } from './wire';
import { parseAssetHistory, parseAssetUpdate, parseAssets, parseOrder, parseOrderPage, parseOrderUpdate } from './wire-account';
import { parseDeal, parseDealsUpdate, parseDepth, parseDepthUpdate, parseKlineRow, parseKlineRows } from './wire-market';
import { wireDecimal } from '../wire/values';

const btc = { exchange: 'coinking' as const, base: 'BTC', quote: 'USDT' };

const order = {
  id: 42,
  market: 'BTCUSDT',
  source: 'web',
  type: 1,
  side: 2,
  user: 7,
  ctime: 1700000000.25,
  mtime: 1700000060.5,
  price: '60000.00',
  amount: '0.5',
  taker_fee: '0.001',
  maker_fee: '0.001',
  left: '0.2',
  deal_stock: '0.3',
  deal_money: '18000.000',
  deal_fee: '0.0003',
};

describe('kline rows', () => {
  it('reads [time, open, CLOSE, HIGH, LOW, volume, amount, market], not OHLC', () => {
    const row = parseKlineRow([1492358400, '7000.00', '8000.0', '8100.00', '6800.00', '1000.00', '123456.00', 'BTCUSDT']);
    expect(row).toEqual({ time: 1492358400, open: '7000.00', close: '8000.0', high: '8100.00', low: '6800.00', volume: '1000.00', amount: '123456.00', market: 'BTCUSDT' });
    expect(candleFromRow(row!)).toEqual({ time: 1492358400_000, open: '7000.00', high: '8100.00', low: '6800.00', close: '8000.0', volume: '1000.00' });
  });

  it('drops a whole push when any row is malformed', () => {
    const good = [1700000000, '1', '1', '1', '1', '1', '1', 'BTCUSDT'];
    expect(parseKlineRows([good, good])).toHaveLength(2);
    expect(parseKlineRows([good, [1700000000, 1, '1', '1', '1', '1', '1', 'BTCUSDT']])).toBeNull(); // a number price
    expect(parseKlineRows([good, good.slice(0, 7)])).toBeNull(); // no market
    expect(parseKlineRows([[1700000000.5, '1', '1', '1', '1', '1', '1', 'BTCUSDT']])).toBeNull(); // fractional time
  });
});

describe('depth', () => {
  it('keeps an absent side absent, so a diff does not wipe it', () => {
    expect(parseDepthUpdate([false, { bids: [['100.5', '0']] }, 'BTCUSDT'])).toEqual({ clean: false, sides: { bids: [['100.5', '0']] }, market: 'BTCUSDT' });
    expect(parseDepth({ asks: [['1', '2']], bids: [] })).toEqual({ asks: [['1', '2']], bids: [] });
    expect(parseDepthUpdate(['false', {}, 'BTCUSDT'])).toBeNull();
    expect(parseDepthUpdate([true, { asks: [['1']] }, 'BTCUSDT'])).toBeNull();
  });

  it('gives one price one text at parse ("100.10" is level "100.1"), so a delete never leaves a ghost', () => {
    expect(parseDepthUpdate([false, { asks: [['100.10', '0.500']], bids: [['99.000', '0']] }, 'BTCUSDT'])).toEqual({
      clean: false,
      sides: { asks: [['100.1', '0.5']], bids: [['99', '0']] },
      market: 'BTCUSDT',
    });
  });
});

describe('deals', () => {
  it('reads {id, time (float seconds), price, amount, type}', () => {
    expect(parseDeal({ id: 5, time: 1700000000.123456, price: '1.5', amount: '2', type: 'sell' })).toEqual({ id: 5, time: 1700000000.123456, price: '1.5', amount: '2', type: 'sell' });
    expect(parseDeal({ id: '5', time: 1, price: '1', amount: '1', type: 'buy' })).toBeNull();
    expect(parseDeal({ id: 5, time: 1, price: '1', amount: '1', type: 'hold' })).toBeNull();
    expect(parseDealsUpdate(['BTCUSDT', [{ id: 1, time: 1700000000, price: '1', amount: '1', type: 'buy' }]])?.deals).toHaveLength(1);
  });
});

describe('orders and assets', () => {
  it('maps an open order, a finished one, and its fill as one Deal keyed by the order id', () => {
    const o = parseOrder(order)!;
    expect(orderFromWire(btc, o, false)).toMatchObject({ id: '42', side: 'buy', type: 'limit', price: '60000.00', amount: '0.5', filled: '0.3', status: 'partially_filled', createdAt: 1700000000250 });
    expect(orderFromWire(btc, { ...o, left: '0', dealStock: '0.5' }, true).status).toBe('filled');
    expect(orderFromWire(btc, o, true).status).toBe('cancelled');
    expect(dealFromFinished(btc, o)).toEqual({
      exchange: 'coinking',
      id: '42',
      orderId: '42',
      market: 'coinking:BTC/USDT',
      side: 'buy',
      price: '60000',
      amount: '0.3',
      value: '18000.000',
      fee: '0.0003',
      feeAsset: 'BTC',
      role: null,
      time: 1700000060500,
    });
    expect(dealFromFinished(btc, { ...o, dealStock: '0' })).toBeNull();
  });

  it('reads history records (ftime, no left) and the finish time from them', () => {
    const { mtime: _m, left: _l, ...rest } = order;
    const page = parseOrderPage({ offset: 0, limit: 100, records: [{ ...rest, ftime: 1700000100, deal_stock: '0.5' }] })!;
    const rec = page.records[0]!;
    expect(orderFromWire(btc, rec, true).status).toBe('filled');
    expect(dealFromFinished(btc, rec)?.time).toBe(1700000100_000);
    // One unreadable record is skipped and counted; the page and its other records stand.
    const mixed = parseOrderPage({ offset: 0, limit: 100, records: [{ ...order, price: 1 }, order, { ...order, type: 7 }] })!;
    expect(mixed.records.map((r) => r.id)).toEqual([order.id]);
    expect(mixed.skipped).toBe(2);
    expect(parseOrderPage({ offset: 0, limit: 100, records: 'x' })).toBeNull();
  });

  it('reads order events 1, 2, 3 and nothing else', () => {
    expect(parseOrderUpdate([1, order])?.event).toBe('put');
    expect(parseOrderUpdate([2, order])?.event).toBe('update');
    expect(parseOrderUpdate([3, order])?.event).toBe('finish');
    expect(parseOrderUpdate([4, order])).toBeNull();
  });

  it('reads assets, skipping an entry that says nothing (the seed shows "CNY": {})', () => {
    const assets = parseAssetUpdate([{ BTC: { available: '1.10000000', freeze: '9.90000000' }, CNY: {} }])!;
    expect(balancesFromAssets(assets)).toEqual([{ exchange: 'coinking', asset: 'BTC', available: '1.10000000', locked: '9.90000000' }]);
    expect(parseAssets({ BTC: { available: '1' } })).toBeNull();
    const skipped: string[] = [];
    expect(parseAssets({ BTC: { available: '1' }, ETH: { available: '2', freeze: '0' } }, skipped)).toEqual([{ asset: 'ETH', available: '2', freeze: '0' }]);
    expect(skipped).toEqual(['BTC']);
    expect(parseAssetHistory({ offset: 0, limit: 10, records: [{ time: 1700000000, asset: 'BTC', business: 'trade', change: '-0.5', balance: '1', detail: { id: 1 } }] })?.records[0]?.change).toBe('-0.5');
  });

  it('rewrites libmpdec zeros like "0E-8" instead of dropping the record', () => {
    expect(wireDecimal('0E-8')).toBe('0');
    expect(wireDecimal('1.5E+2')).toBe('150');
    expect(wireDecimal('1e999999')).toBeNull();
    expect(wireDecimal('-1')).toBeNull();
    expect(wireDecimal(1)).toBeNull();
  });
});

describe('market names', () => {
  it('splits learned names exactly and unknown ones by a known quote', () => {
    const names = new MarketNames();
    names.learn({ exchange: 'coinking', base: 'USDC', quote: 'USDT' });
    expect(names.resolve('USDCUSDT')).toEqual({ exchange: 'coinking', base: 'USDC', quote: 'USDT' });
    expect(names.resolve('ETHBTC')).toEqual({ exchange: 'coinking', base: 'ETH', quote: 'BTC' });
    expect(names.resolve('USDT')).toBeNull();
  });
});

describe('parsing is total', () => {
  it('never throws on random JSON', () => {
    const random = seededRandom(99);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const leaf = () => pick<unknown>([null, true, 0, -1, 1.5, '', '1', '0E-8', 'x', 'BTCUSDT', [], {}, 1e308]);
    const value = (depth: number): unknown => {
      if (depth <= 0 || random() < 0.3) return leaf();
      if (random() < 0.5) return Array.from({ length: Math.floor(random() * 9) }, () => value(depth - 1));
      const keys = ['id', 'time', 'price', 'amount', 'type', 'asks', 'bids', 'market', 'records', 'offset', 'limit', 'BTC', 'available', 'freeze', 'side', 'ctime', 'deal_stock'];
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [pick(keys), value(depth - 1)]));
    };
    for (let i = 0; i < 3000; i++) {
      const v = value(4);
      const params = Array.isArray(v) ? v : [v];
      expect(() => {
        parseKlineRows(v);
        parseDepthUpdate(params);
        parseDealsUpdate(params);
        parseOrderUpdate(params);
        parseOrderPage(v);
        parseAssetUpdate(params);
        parseAssetHistory(v);
        parseState(v);
        coinkingCodec.decode(JSON.stringify(v) ?? 'null');
      }).not.toThrow();
    }
  });
});
