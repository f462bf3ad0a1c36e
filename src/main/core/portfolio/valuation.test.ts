import { describe, expect, it } from 'vitest';
import type { Balance, Deal, MarketId, Ticker } from '../../../shared/model';
import { positionsFrom } from './pnl';
import { costBasisOf, portfolioMarkets, portfolioView, Pricer, pricingRoute, valueHoldings } from './valuation';
import Big from 'big.js';

const ticker = (market: MarketId, last: string | null): Ticker => ({
  market,
  last,
  open24h: null,
  high24h: null,
  low24h: null,
  volume24h: null,
  changePct24h: null,
  updatedAt: 0,
  stale: false,
  notice: null,
});
const bal = (exchange: Balance['exchange'], asset: string, available: string, locked = '0'): Balance => ({ exchange, asset, available, locked });

describe('Pricer', () => {
  const pricer = new Pricer([
    ticker('coinking:BTC/USDT', '50000'),
    ticker('cryptomus:BTC/USDT', '50100'),
    ticker('cryptomus:ETH/USDT', '3000'),
    ticker('coinking:XYZ/BTC', '0.0001'),
    ticker('coinking:ABC/USDT', null),
    ticker('coinking:USDT/EUR', '0.9'),
  ]);
  const price = (asset: string, quote: string, exchange?: Balance['exchange']) => pricer.price(asset, quote, exchange)?.toFixed() ?? null;

  it('the quote itself is 1', () => expect(price('USDT', 'USDT')).toBe('1'));
  it('prefers the own exchange, then any exchange', () => {
    expect(price('BTC', 'USDT', 'coinking')).toBe('50000');
    expect(price('BTC', 'USDT', 'cryptomus')).toBe('50100');
    expect(price('ETH', 'USDT', 'coinking')).toBe('3000'); // only cryptomus has it
  });
  it('inverts a market quoted the other way', () => {
    expect(pricer.price('USDT', 'BTC', 'coinking')!.toFixed()).toBe('0.00002');
  });
  it('crosses through BTC or USDT', () => {
    expect(price('XYZ', 'USDT', 'coinking')).toBe('5'); // 0.0001 BTC × 50000
    expect(pricer.price('BTC', 'EUR', 'coinking')!.toFixed()).toBe('45000'); // BTC/USDT × USDT/EUR
  });
  it('no price (or a null last) leaves it unpriced', () => {
    expect(price('ABC', 'USDT', 'coinking')).toBeNull();
    expect(price('NOPE', 'USDT')).toBeNull();
  });
});

describe('valueHoldings', () => {
  it('values balances (available + locked) in the quote, with shares, largest first and the unpriced last', () => {
    const pricer = new Pricer([ticker('coinking:BTC/USDT', '50000'), ticker('coinking:ETH/USDT', '2500')]);
    const { holdings, total } = valueHoldings(
      [bal('coinking', 'ETH', '1.6'), bal('coinking', 'USDT', '5000', '1000'), bal('coinking', 'BTC', '0.1'), bal('coinking', 'DUST', '0'), bal('coinking', 'ABC', '7')],
      pricer,
      'USDT',
    );
    expect(total.toFixed()).toBe('15000');
    expect(holdings).toEqual([
      { exchange: 'coinking', asset: 'USDT', amount: '6000', available: '5000', held: '1000', change24h: null, costBasis: null, price: '1', value: '6000', share: '40.00' },
      { exchange: 'coinking', asset: 'BTC', amount: '0.1', available: '0.1', held: '0', change24h: null, costBasis: null, price: '50000', value: '5000', share: '33.33' },
      { exchange: 'coinking', asset: 'ETH', amount: '1.6', available: '1.6', held: '0', change24h: null, costBasis: null, price: '2500', value: '4000', share: '26.67' },
      { exchange: 'coinking', asset: 'ABC', amount: '7', available: '7', held: '0', change24h: null, costBasis: null, price: null, value: null, share: null },
    ]);
  });

  it('adds exactly, with no float drift', () => {
    const pricer = new Pricer([ticker('coinking:A/USDT', '0.1'), ticker('coinking:B/USDT', '0.2')]);
    expect(valueHoldings([bal('coinking', 'A', '1'), bal('coinking', 'B', '1')], pricer, 'USDT').total.toFixed()).toBe('0.3');
  });
});

describe('portfolioView', () => {
  it('adds P&L in the quote: realised from the history, unrealised at the live price', () => {
    let n = 0;
    const d = (side: Deal['side'], amount: string, price: string, value: string, fee: string): Deal => ({
      exchange: 'coinking',
      id: `d${++n}`,
      orderId: null,
      market: 'coinking:BTC/USDT',
      side,
      price,
      amount,
      value,
      fee,
      feeAsset: 'USDT',
      role: null,
      time: n,
    });
    const positions = [...positionsFrom([d('buy', '1', '100', '100', '1'), d('buy', '1', '200', '200', '1'), d('sell', '0.5', '300', '150', '1.5')]).values()];
    const view = portfolioView({
      balances: [bal('coinking', 'BTC', '1.5')],
      tickers: [{ ...ticker('coinking:BTC/USDT', '300'), open24h: '250' }],
      positions,
      quote: 'USDT',
      now: 42,
    });
    expect(view).toEqual({
      quote: 'USDT',
      pnlMethod: 'average',
      total: '450',
      holdings: [
        {
          exchange: 'coinking',
          asset: 'BTC',
          amount: '1.5',
          available: '1.5',
          held: '0',
          change24h: '20', // 300 / 250 - 1
          // Cost 101 + 201 = 302 for 2; 0.5 sold at the average 151 → 226.5 for 1.5 (average 151).
          costBasis: { currency: 'USDT', covered: '1.5', cost: '226.5', average: '151', unrealised: '223.5', unrealisedPct: '98.68', markets: ['coinking:BTC/USDT'], deals: 3 },
          price: '300',
          value: '450',
          share: '100.00',
        },
      ],
      realisedPnl: '73',
      unrealisedPnl: '223.5', // 1.5 × 300 - 226.5
      at: 42,
    });
  });

  it('converts P&L of a market quoted in another currency, and leaves out what nothing prices', () => {
    const deals: Deal[] = [
      { exchange: 'coinking', id: '1', orderId: null, market: 'coinking:ETH/BTC', side: 'buy', price: '0.05', amount: '2', value: '0.1', fee: '0', feeAsset: 'BTC', role: null, time: 1 },
      { exchange: 'coinking', id: '2', orderId: null, market: 'coinking:ETH/BTC', side: 'sell', price: '0.06', amount: '1', value: '0.06', fee: '0', feeAsset: 'BTC', role: null, time: 2 },
      { exchange: 'coinking', id: '3', orderId: null, market: 'coinking:FOO/BAR', side: 'buy', price: '1', amount: '1', value: '1', fee: '0', feeAsset: null, role: null, time: 3 },
    ];
    const view = portfolioView({
      balances: [],
      tickers: [ticker('coinking:BTC/USDT', '50000'), ticker('coinking:ETH/BTC', '0.07')],
      positions: [...positionsFrom(deals).values()],
      quote: 'USDT',
      now: 0,
    });
    expect(view.realisedPnl).toBe('500'); // 0.01 BTC × 50000
    expect(view.unrealisedPnl).toBe('1000'); // (0.07 - 0.05) BTC × 1 × 50000
    expect(view.total).toBe('0');
    expect(view.holdings).toEqual([]);
  });
});

describe('cost basis per holding', () => {
  let n = 0;
  const d = (market: MarketId, side: Deal['side'], amount: string, price: string, fee = '0', feeAsset = 'USDT'): Deal => ({
    exchange: market.slice(0, market.indexOf(':')) as Deal['exchange'],
    id: `c${++n}`,
    orderId: null,
    market,
    side,
    price,
    amount,
    value: new Big(amount).times(price).toFixed(),
    fee,
    feeAsset,
    role: null,
    time: n,
  });
  const pricer = new Pricer([ticker('coinking:BTC/USDT', '50000'), ticker('cryptomus:BTC/USDT', '50200'), ticker('coinking:BTC/USDC', '50010'), ticker('coinking:USDC/USDT', '1')]);

  it('covers only what the deals show: 1.2 BTC held, 0.4 bought in the history', () => {
    const positions = [...positionsFrom([d('coinking:BTC/USDT', 'buy', '0.4', '40000', '16')]).values()];
    const basis = costBasisOf('coinking', 'BTC', new Big('1.2'), positions, pricer, 'USDT')!;
    // 0.4 × 40000 + 16 fee = 16016 for 0.4 BTC: the other 0.8 BTC has no known cost.
    expect(basis).toEqual({ currency: 'USDT', covered: '0.4', cost: '16016', average: '40040', unrealised: '3984', unrealisedPct: '24.88', markets: ['coinking:BTC/USDT'], deals: 1 });
  });

  it('costs a holding smaller than the deals show (a withdrawal) at the cost per unit, by either method', () => {
    const deals = [d('coinking:BTC/USDT', 'buy', '1', '30000'), d('coinking:BTC/USDT', 'buy', '1', '40000')];
    const average = costBasisOf('coinking', 'BTC', new Big('0.5'), [...positionsFrom(deals).values()], pricer, 'USDT')!;
    expect([average.covered, average.cost, average.average, average.unrealised]).toEqual(['0.5', '17500', '35000', '7500']);
    // After a FIFO sell of 1 the 40000 lot is left: its cost per unit is what the rest is costed at.
    const fifo = costBasisOf('coinking', 'BTC', new Big('0.5'), [...positionsFrom([...deals, d('coinking:BTC/USDT', 'sell', '1', '45000')], 'fifo').values()], pricer, 'USDT')!;
    expect([fifo.covered, fifo.cost, fifo.average, fifo.unrealised, fifo.unrealisedPct]).toEqual(['0.5', '20000', '40000', '5000', '25']);
  });

  it('each venue has its own basis, and markets of the asset in several quotes add up in the view quote', () => {
    const positions = [
      ...positionsFrom([
        d('coinking:BTC/USDT', 'buy', '1', '30000'),
        d('coinking:BTC/USDC', 'buy', '1', '32000', '10', 'USDC'),
        d('cryptomus:BTC/USDT', 'buy', '0.5', '60000'),
      ]).values(),
    ];
    const coinking = costBasisOf('coinking', 'BTC', new Big('2'), positions, pricer, 'USDT')!;
    expect(coinking).toMatchObject({ currency: 'USDT', covered: '2', cost: '62010', average: '31005', unrealised: '37990', markets: ['coinking:BTC/USDC', 'coinking:BTC/USDT'], deals: 2 });
    const cryptomus = costBasisOf('cryptomus', 'BTC', new Big('0.5'), positions, pricer, 'USDT')!;
    expect(cryptomus).toMatchObject({ currency: 'USDT', covered: '0.5', cost: '30000', average: '60000', unrealised: '-4900', unrealisedPct: '-16.33', markets: ['cryptomus:BTC/USDT'] });
    // Viewed in BTC no market trades BTC against BTC: the basis stays in the market's own quote.
    expect(costBasisOf('cryptomus', 'BTC', new Big('0.5'), positions, pricer, 'BTC')).toMatchObject({ currency: 'USDT', cost: '30000' });
    expect(costBasisOf('coinking', 'ETH', new Big('1'), positions, pricer, 'USDT')).toBeNull();
  });

  it('a position sold out leaves a basis of nothing covered, not a made-up one', () => {
    const positions = [...positionsFrom([d('coinking:BTC/USDT', 'buy', '1', '30000'), d('coinking:BTC/USDT', 'sell', '1', '31000')]).values()];
    expect(costBasisOf('coinking', 'BTC', new Big('0.3'), positions, pricer, 'USDT')).toMatchObject({ covered: '0', cost: '0', average: null, unrealised: null, unrealisedPct: null, deals: 2 });
  });
});

describe('which markets the portfolio follows', () => {
  const lists = new Map([
    ['coinking', new Set<MarketId>(['coinking:BTC/USDT', 'coinking:XYZ/BTC', 'coinking:ETH/USDT'])],
    ['cryptomus', new Set<MarketId>(['cryptomus:SOL/USDT'])],
  ] as const);

  it('the direct market when the exchange lists it; else a cross on it; else another exchange; else nothing', () => {
    expect(pricingRoute(lists, 'coinking', 'BTC', 'USDT')).toEqual(['coinking:BTC/USDT']);
    expect(pricingRoute(lists, 'coinking', 'XYZ', 'USDT')).toEqual(['coinking:XYZ/BTC', 'coinking:BTC/USDT']);
    expect(pricingRoute(lists, 'coinking', 'USDT', 'BTC')).toEqual(['coinking:BTC/USDT']);
    expect(pricingRoute(lists, 'coinking', 'SOL', 'USDT')).toEqual(['cryptomus:SOL/USDT']);
    expect(pricingRoute(lists, 'coinking', 'NOPE', 'USDT')).toEqual([]);
    expect(pricingRoute(lists, 'coinking', 'USDT', 'USDT')).toEqual([]);
  });

  it('guesses the direct market while the exchange list is unknown', () => {
    expect(pricingRoute(new Map(), 'itick', 'BTC', 'USDT')).toEqual(['itick:BTC/USDT']);
  });

  it('covers non-zero holdings and open positions', () => {
    const positions = [...positionsFrom([
      { exchange: 'coinking', id: '1', orderId: null, market: 'coinking:ETH/USDT', side: 'buy', price: '1', amount: '1', value: '1', fee: '0', feeAsset: null, role: null, time: 1 },
    ]).values()];
    expect(portfolioMarkets([bal('coinking', 'BTC', '1'), bal('coinking', 'XYZ', '0'), bal('coinking', 'USDT', '5')], positions, lists, 'USDT')).toEqual([
      'coinking:BTC/USDT',
      'coinking:ETH/USDT',
    ]);
  });
});
