import { describe, expect, it } from 'vitest';
import type { Deal, MarketId } from '../../../shared/model';
import { MemoryDealHistory } from './deal-history';
import { PnlBook, positionsFrom, type Position } from './pnl';

const BTC: MarketId = 'coinking:BTC/USDT';
let seq = 0;
function deal(side: Deal['side'], amount: string, price: string, fee = '0', feeAsset: string | null = 'USDT', over: Partial<Deal> = {}): Deal {
  seq++;
  return {
    exchange: 'coinking',
    id: `d${String(seq).padStart(4, '0')}`,
    orderId: null,
    market: BTC,
    side,
    price,
    amount,
    value: (Number(amount) * Number(price)).toString(), // exact for the small numbers used here
    fee,
    feeAsset,
    role: null,
    time: 1_700_000_000_000 + seq * 1000,
    ...over,
  };
}

const show = (p: Position | undefined) => p && { qty: p.qty.toFixed(), cost: p.cost.toFixed(), realised: p.realised.toFixed() };

describe('average-cost P&L', () => {
  it('averages buys, realises partial sells against the average, and fees in the quote reduce the P&L', () => {
    const position = positionsFrom([
      deal('buy', '1', '100', '1'), // cost 101
      deal('buy', '1', '200', '1'), // cost 302 for 2: average 151
      deal('sell', '0.5', '300', '1.5'), // proceeds 150 - 1.5 = 148.5; cost out 75.5 → +73
    ]).get(BTC);
    expect(show(position)).toEqual({ qty: '1.5', cost: '226.5', realised: '73' });

    // Another partial sell at a loss: 0.5 × 140 = 70 - 0.7 fee = 69.3; cost out 75.5 → -6.2.
    const later = positionsFrom([deal('buy', '1', '100', '1'), deal('buy', '1', '200', '1'), deal('sell', '0.5', '300', '1.5'), deal('sell', '0.5', '140', '0.7')]).get(BTC);
    expect(show(later)).toEqual({ qty: '1', cost: '151', realised: '66.8' });
  });

  it('the same trades without fees realise more: exactly the fees more', () => {
    const withFees = positionsFrom([deal('buy', '2', '100', '2'), deal('sell', '1', '150', '1.5')]).get(BTC)!;
    const without = positionsFrom([deal('buy', '2', '100'), deal('sell', '1', '150')]).get(BTC)!;
    expect(without.realised.toFixed()).toBe('50');
    expect(withFees.realised.toFixed()).toBe('47.5'); // 150 - 1.5 - (202 / 2)
    expect(without.realised.minus(withFees.realised).toFixed()).toBe('2.5'); // half the buy fee + the sell fee
  });

  it('a fee in the base reduces the amount received, and on a sell costs its share at average cost', () => {
    const bought = positionsFrom([deal('buy', '1', '100', '0.01', 'BTC')]).get(BTC)!;
    expect(show(bought)).toEqual({ qty: '0.99', cost: '100', realised: '0' });
    const sold = positionsFrom([deal('buy', '2', '100'), deal('sell', '1', '100', '0.1', 'BTC')]).get(BTC)!;
    // Sold 1 at cost (0 P&L), then 0.1 more BTC went as the fee: -10.
    expect(show(sold)).toEqual({ qty: '0.9', cost: '90', realised: '-10' });
  });

  it('fees in a third asset are kept apart, per asset', () => {
    const p = positionsFrom([deal('buy', '1', '100', '0.5', 'KCS'), deal('sell', '1', '110', '0.25', 'KCS')]).get(BTC)!;
    expect(p.realised.toFixed()).toBe('10');
    expect(p.otherFees.get('KCS')!.toFixed()).toBe('0.75');
  });

  it('selling more than the history bought realises only the part with a known cost', () => {
    const p = positionsFrom([deal('buy', '1', '100'), deal('sell', '2', '150')]).get(BTC)!;
    expect(show(p)).toEqual({ qty: '0', cost: '0', realised: '50' });
    const none = positionsFrom([deal('sell', '1', '150')]).get(BTC)!;
    expect(show(none)).toEqual({ qty: '0', cost: '0', realised: '0' });
  });

  it('leaves no cost behind when a position is emptied after divisions that do not terminate', () => {
    const p = positionsFrom([deal('buy', '3', '100', '1'), deal('sell', '1', '100'), deal('sell', '1', '100'), deal('sell', '1', '100')]).get(BTC)!;
    expect(p.cost.toFixed()).toBe('0');
    expect(p.realised.round(10).toFixed()).toBe('-1');
  });

  it('orders deals by time whatever order they come in', () => {
    const a = deal('buy', '1', '100');
    const b = deal('sell', '1', '200');
    expect(show(positionsFrom([b, a]).get(BTC))).toEqual(show(positionsFrom([a, b]).get(BTC)));
  });
});

describe('FIFO P&L', () => {
  const showLots = (p: Position) => p.lots.map((l) => [l.qty.toFixed(), l.cost.toFixed()]);

  it('takes the oldest buys first on partial sells; fees in the quote are part of each lot', () => {
    const deals = [
      deal('buy', '1', '100', '1'), // lot 1: 1 BTC for 101
      deal('buy', '1', '200', '1'), // lot 2: 1 BTC for 201
      deal('sell', '0.5', '300', '1.5'), // proceeds 148.5; half of lot 1 (50.5) leaves → +98
    ];
    const p = positionsFrom(deals, 'fifo').get(BTC)!;
    expect(show(p)).toEqual({ qty: '1.5', cost: '251.5', realised: '98' });
    expect(showLots(p)).toEqual([['0.5', '50.5'], ['1', '201']]);

    // The rest of lot 1 goes next: 0.5 × 140 - 0.7 = 69.3 against 50.5 → +18.8.
    const later = positionsFrom([...deals, deal('sell', '0.5', '140', '0.7')], 'fifo').get(BTC)!;
    expect(show(later)).toEqual({ qty: '1', cost: '201', realised: '116.8' });
    expect(showLots(later)).toEqual([['1', '201']]);
  });

  it('differs from average cost only in when the gain is counted: realised - held cost is the same', () => {
    const deals = [deal('buy', '1', '100', '1'), deal('buy', '1', '200', '1'), deal('sell', '0.5', '300', '1.5'), deal('sell', '0.5', '140', '0.7')];
    const fifo = positionsFrom(deals, 'fifo').get(BTC)!;
    const average = positionsFrom(deals, 'average').get(BTC)!;
    expect(show(average)).toEqual({ qty: '1', cost: '151', realised: '66.8' });
    expect(fifo.realised.minus(fifo.cost).toFixed()).toBe(average.realised.minus(average.cost).toFixed()); // both -84.2
  });

  it('a fee in the base shrinks the lot bought, and on a sell is paid from the oldest lot left', () => {
    const p = positionsFrom(
      [
        deal('buy', '1.01', '100', '0.01', 'BTC'), // lot 1: 1 BTC for 101
        deal('buy', '1', '200'), // lot 2: 1 BTC for 200
        deal('sell', '1.5', '300', '0.01', 'BTC'), // 450 against lot 1 (101) + half of lot 2 (100) → +249; the fee: 0.01 of lot 2 at 200 → -2
      ],
      'fifo',
    ).get(BTC)!;
    expect(show(p)).toEqual({ qty: '0.49', cost: '98', realised: '247' });
    expect(showLots(p)).toEqual([['0.49', '98']]);
  });

  it('selling more than the history bought realises only the lots it shows, and empties them', () => {
    const p = positionsFrom([deal('buy', '1', '100'), deal('buy', '1', '120'), deal('sell', '3', '150')], 'fifo').get(BTC)!;
    // 3 sold, 2 known: proceeds for 2 are 300, against 220.
    expect(show(p)).toEqual({ qty: '0', cost: '0', realised: '80' });
    expect(p.lots).toEqual([]);
  });

  it('keeps each venue and market apart: the same pair on two exchanges is two positions', () => {
    const other: MarketId = 'cryptomus:BTC/USDT';
    const positions = positionsFrom(
      [deal('buy', '1', '100'), deal('buy', '1', '300', '0', 'USDT', { exchange: 'cryptomus', market: other }), deal('sell', '0.5', '200'), deal('sell', '0.5', '400', '0', 'USDT', { exchange: 'cryptomus', market: other })],
      'fifo',
    );
    expect(show(positions.get(BTC))).toEqual({ qty: '0.5', cost: '50', realised: '50' });
    expect(show(positions.get(other))).toEqual({ qty: '0.5', cost: '150', realised: '50' });
  });
});

describe('PnlBook', () => {
  it('computes everything again when the method changes', () => {
    const history = new MemoryDealHistory();
    history.add([deal('buy', '1', '100'), deal('buy', '1', '200'), deal('sell', '1', '300')]);
    const book = new PnlBook(history);
    expect(book.all().map(show)).toEqual([{ qty: '1', cost: '150', realised: '150' }]);
    book.setMethod('fifo');
    expect(book.all().map(show)).toEqual([{ qty: '1', cost: '200', realised: '200' }]);
    const late = deal('sell', '0.5', '300');
    history.add([late]);
    book.add([late]); // incremental under FIFO too: half of the 200 lot leaves
    expect(book.all().map(show)).toEqual([{ qty: '0.5', cost: '100', realised: '250' }]);
  });

  it('adds new deals incrementally, and rebuilds a market when a deal arrives out of order or twice', () => {
    const history = new MemoryDealHistory();
    const book = new PnlBook(history);
    const first = deal('buy', '1', '100');
    const older = deal('buy', '1', '300', '0', 'USDT', { time: first.time - 500 });
    const sell = deal('sell', '1', '250');
    history.add([first]);
    expect(book.all().map(show)).toEqual([{ qty: '1', cost: '100', realised: '0' }]);
    // Reported again (it was already loaded): not counted twice.
    book.add([first]);
    expect(book.all().map(show)).toEqual([{ qty: '1', cost: '100', realised: '0' }]);
    // A late deal from before the last one: the market is rebuilt from the history.
    history.add([older]);
    book.add([older]);
    expect(book.all().map(show)).toEqual([{ qty: '2', cost: '400', realised: '0' }]);
    history.add([sell]);
    book.add([sell]);
    expect(book.all().map(show)).toEqual([{ qty: '1', cost: '200', realised: '50' }]);
  });

  it('does nothing before its first read (the first read loads everything)', () => {
    const history = new MemoryDealHistory();
    const book = new PnlBook(history);
    const d = deal('buy', '2', '10');
    history.add([d]);
    book.add([d]);
    expect(book.all().map(show)).toEqual([{ qty: '2', cost: '20', realised: '0' }]);
  });
});
