// The market view's arithmetic: the candle series, the chart's window, and the book ladder.
import { describe, expect, it } from 'vitest';
import type { Candle, OrderBookView } from '../../../../shared/model';
import { followWindow, initialWindow, windowFromPercent } from './candle-view';
import { MAX_CANDLES, prependCandles, upsertCandles } from './candles';
import { depthPoints, ladder } from './depth';

const candle = (time: number, close = '1'): Candle => ({ time, open: '1', high: '2', low: '0.5', close, volume: '10' });

describe('candle series', () => {
  it('updates the forming candle, appends new ones and places corrections', () => {
    const s = [candle(1), candle(2)];
    expect(upsertCandles(s, [candle(2, '1.5')])).toBe('tail');
    expect(s.map((c) => c.close)).toEqual(['1', '1.5']);
    expect(upsertCandles(s, [candle(3)])).toBe('tail');
    expect(upsertCandles(s, [candle(0)])).toBe('reset');
    expect(s.map((c) => c.time)).toEqual([0, 1, 2, 3]);
    expect(upsertCandles(s, [])).toBeNull();
  });

  it('stays bounded', () => {
    const s = Array.from({ length: MAX_CANDLES }, (_, i) => candle(i));
    upsertCandles(s, [candle(MAX_CANDLES)]);
    expect(s).toHaveLength(MAX_CANDLES);
    expect(s[0]!.time).toBe(1);
  });

  it('puts older history in front, without duplicates', () => {
    const s = [candle(10), candle(11)];
    expect(prependCandles(s, [candle(8), candle(9), candle(10)])).toBe(2);
    expect(s.map((c) => c.time)).toEqual([8, 9, 10, 11]);
    expect(prependCandles(s, [])).toBe(0);
  });
});

describe('candle window', () => {
  it('opens on the newest candles and follows them while at the right edge', () => {
    expect(initialWindow(300)).toEqual({ start: 180, end: 299 });
    expect(followWindow({ start: 180, end: 299 }, 300, 301, 0)).toEqual({ start: 181, end: 300 });
    // Looking at older candles: the view stays put.
    expect(followWindow({ start: 10, end: 100 }, 300, 301, 0)).toEqual({ start: 10, end: 100 });
    // History in front: the same candles stay in view.
    expect(followWindow({ start: 0, end: 119 }, 300, 600, 300)).toEqual({ start: 300, end: 419 });
  });

  it('reads a zoom event as candle indices', () => {
    expect(windowFromPercent(0, 100, 301)).toEqual({ start: 0, end: 300 });
    expect(windowFromPercent(50, 75, 101)).toEqual({ start: 50, end: 75 });
  });
});

describe('order book ladder', () => {
  const book: OrderBookView = {
    market: 'coinking:BTC/USDT',
    bids: [
      ['99', '1'],
      ['98', '2'],
    ],
    asks: [
      ['101', '0.5'],
      ['102', '4'],
    ],
    updatedAt: 0,
  };

  it('accumulates depth per side and measures the spread', () => {
    const l = ladder(book, 10);
    expect(l.bids.map((r) => r.total)).toEqual([1, 3]);
    expect(l.asks.map((r) => r.total)).toEqual([0.5, 4.5]);
    expect(l.asks[1]!.share).toBe(1);
    expect(l.spread).toBe(2);
    expect(l.mid).toBe(100);
    expect(l.spreadBps).toBe(200);
    expect(ladder(book, 1).asks).toHaveLength(1);
    expect(ladder(null, 5)).toMatchObject({ asks: [], bids: [], spread: null, mid: null });
  });

  it('draws depth from far bids to far asks', () => {
    expect(depthPoints(book)).toEqual({
      bids: [
        [98, 3],
        [99, 1],
      ],
      asks: [
        [101, 0.5],
        [102, 4.5],
      ],
    });
  });
});
