import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../../shared/contract';
import type { Balance, Deal, ExchangeStatus, MarketId, Ticker } from '../../../shared/model';
import type { AlertCondition, AlertRule } from '../../../shared/alerts';
import { AlertEvaluator, MOVE_BUCKETS } from './evaluator';
import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';

/** What the user reads, in English: alerts travel as codes. */
const en = (c: Coded) => renderCoded('en', c);

const T0 = 1_700_000_000_000;
const rule = (id: string, condition: AlertCondition, enabled = true): AlertRule => ({ id, name: id, enabled, condition, createdAt: T0 });
const ticker = (market: MarketId, last: string | null): Ticker => ({
  market,
  last,
  open24h: null,
  high24h: null,
  low24h: null,
  volume24h: null,
  changePct24h: null,
  updatedAt: T0,
  stale: false,
  notice: null,
});
const BTC: MarketId = 'coinking:BTC/USDT';

function evaluator(...rules: AlertRule[]) {
  const e = new AlertEvaluator(T0);
  e.setRules(rules);
  return e;
}

/** Feeds one price per frame; returns the frame indexes (and bodies) that fired. */
function feed(e: AlertEvaluator, market: MarketId, prices: string[], stepMs = 100, from = T0) {
  const fired: { i: number; body: string }[] = [];
  prices.forEach((p, i) => {
    for (const c of e.onTickers([ticker(market, p)], from + i * stepMs)) fired.push({ i, body: en(c.body) });
  });
  return fired;
}

describe('price rules are edge-triggered', () => {
  it('price_above fires when the price crosses up, not while it stays above, and re-arms after crossing back', () => {
    const e = evaluator(rule('up', { kind: 'price_above', market: BTC, price: '100000' }));
    const fired = feed(e, BTC, ['99000', '99999.99', '100000', '100000.01', '101000', '100500', '99000', '100001', '100002']);
    expect(fired.map((f) => f.i)).toEqual([3, 7]);
    expect(fired[0]!.body).toBe('BTC/USDT on CoinKing is 100000.01, above 100000.');
  });

  it('price_below mirrors it; equal to the threshold is not past it', () => {
    const e = evaluator(rule('down', { kind: 'price_below', market: BTC, price: '50.5' }));
    expect(feed(e, BTC, ['51', '50.5', '50.49', '50', '50.5', '50.4']).map((f) => f.i)).toEqual([2, 5]);
  });

  it('a price already past the threshold when first seen does not fire: only a crossing does', () => {
    const e = evaluator(rule('up', { kind: 'price_above', market: BTC, price: '100' }));
    expect(feed(e, BTC, ['150', '160', '90', '110']).map((f) => f.i)).toEqual([3]);
  });

  it('compares decimals exactly, not as floats', () => {
    const e = evaluator(rule('up', { kind: 'price_above', market: BTC, price: '0.30000000000000001' }));
    expect(feed(e, BTC, ['0.3', '0.30000000000000002']).map((f) => f.i)).toEqual([1]);
  });

  it('ignores other markets, null prices and disabled rules', () => {
    const e = evaluator(rule('up', { kind: 'price_above', market: BTC, price: '100' }), rule('off', { kind: 'price_above', market: BTC, price: '1' }, false));
    expect(feed(e, 'coinking:ETH/USDT', ['50', '150'])).toEqual([]);
    expect(e.onTickers([ticker(BTC, '50')], T0)).toEqual([]);
    expect(e.onTickers([ticker(BTC, null)], T0)).toEqual([]);
    expect(e.onTickers([ticker(BTC, '150')], T0).map((c) => c.ruleId)).toEqual(['up']);
  });

  it('keeps the state of an unchanged rule across setRules, and resets an edited one', () => {
    const r = rule('up', { kind: 'price_above', market: BTC, price: '100' });
    const e = evaluator(r);
    feed(e, BTC, ['90']);
    e.setRules([{ ...r, name: 'renamed' }]);
    expect(e.onTickers([ticker(BTC, '110')], T0).map((c) => en(c.title))).toEqual(['renamed']);
    e.setRules([{ ...r, condition: { kind: 'price_above', market: BTC, price: '120' } }]);
    expect(e.onTickers([ticker(BTC, '130')], T0)).toEqual([]); // first sight of the edited rule
  });
});

describe('move_pct', () => {
  const move = (pct: string, windowMinutes: number) => rule('mv', { kind: 'move_pct', market: BTC, pct, windowMinutes });

  it('fires on a rise of at least pct within the window, then needs a new move from there', () => {
    const e = evaluator(move('5', 10));
    // 100 → 104.99 is not 5 %; 105 is; after firing the window starts over at 105.
    const fired = feed(e, BTC, ['100', '102', '104.99', '105', '108', '110.24', '110.25'], 60_000);
    expect(fired.map((f) => f.i)).toEqual([3, 6]);
    expect(fired[0]!.body).toBe('BTC/USDT rose 5.00 % within 10 min, from 100 to 105 (CoinKing).');
  });

  it('fires on a fall from the window high', () => {
    const e = evaluator(move('25', 15));
    const fired = feed(e, BTC, ['100', '120', '110', '90.01', '90'], 60_000);
    expect(fired.map((f) => f.i)).toEqual([4]);
    expect(fired[0]!.body).toMatch(/fell 25\.00 % within 15 min, from 120 to 90 \(CoinKing\)\./);
  });

  it('forgets prices older than the window, but keeps the price the window opened at', () => {
    const e = evaluator(move('5', 10));
    // 100 at t=0, 106 eleven minutes later: the 100 is out of the window... but it was still the price
    // ten minutes ago (nothing traded in between), so the move within the window is 6 %.
    expect(feed(e, BTC, ['100'], 60_000).length).toBe(0);
    expect(e.onTickers([ticker(BTC, '106')], T0 + 11 * 60_000)).toHaveLength(1);

    // Whereas a low that was superseded before the window opened no longer counts.
    const f = evaluator(move('5', 10));
    feed(f, BTC, ['100', '104'], 60_000); // 104 from t=1 min on
    expect(f.onTickers([ticker(BTC, '106')], T0 + 12 * 60_000)).toEqual([]); // 104 → 106 is 1.9 %
  });

  it('holds a bounded number of samples however many frames arrive', () => {
    const e = evaluator(move('50', 10));
    const prices = Array.from({ length: 12_000 }, (_, i) => (100 + (i % 7) / 10).toFixed(1));
    expect(feed(e, BTC, prices, 100)).toEqual([]); // twenty minutes of 10 frames a second, two windows
    expect(e.moveBuckets('mv')).toBeLessThanOrEqual(MOVE_BUCKETS + 1);
  });
});

const deal = (over: Partial<Deal>): Deal => ({
  exchange: 'coinking',
  id: 'd1',
  orderId: 'o1',
  market: BTC,
  side: 'buy',
  price: '100',
  amount: '1',
  value: '100',
  fee: '0',
  feeAsset: 'USDT',
  role: 'taker',
  time: T0,
  ...over,
});

describe('order_filled', () => {
  it('fires once per order from new deals, averaging its fills, and filters by exchange', () => {
    const e = evaluator(rule('any', { kind: 'order_filled', exchange: null }), rule('ck', { kind: 'order_filled', exchange: 'cryptomus' }));
    const out = e.onDeals(
      [
        deal({ id: 'd1', amount: '1', price: '100', value: '100' }),
        deal({ id: 'd2', amount: '3', price: '104', value: '312' }),
        deal({ id: 'd3', exchange: 'cryptomus', orderId: null, side: 'sell', market: 'cryptomus:ETH/USDT', amount: '2', price: '10', value: '20' }),
      ],
      T0,
    );
    expect(out.map((c) => [c.ruleId, en(c.body), c.market])).toEqual([
      ['any', 'Bought 4 BTC at 103 USDT on CoinKing (order o1).', BTC],
      ['any', 'Sold 2 ETH at 10 USDT on Cryptomus.', 'cryptomus:ETH/USDT'],
      ['ck', 'Sold 2 ETH at 10 USDT on Cryptomus.', 'cryptomus:ETH/USDT'],
    ]);
  });

  it('ignores history older than the start (loaded, not filled now)', () => {
    const e = evaluator(rule('any', { kind: 'order_filled', exchange: null }));
    expect(e.onDeals([deal({ time: T0 - 3_600_000 })], T0)).toEqual([]);
  });
});

describe('balance_change', () => {
  const account = (...balances: Balance[]): AccountSnapshot => ({ balances, orders: [], reconciliation: [] });
  const bal = (asset: string, available: string, locked = '0', exchange: Balance['exchange'] = 'coinking'): Balance => ({ exchange, asset, available, locked });

  it('takes the first balances as the baseline, then fires on total changes only', () => {
    const e = evaluator(rule('usdt', { kind: 'balance_change', exchange: 'coinking', asset: 'USDT' }), rule('all', { kind: 'balance_change', exchange: null, asset: null }));
    expect(e.onAccount(account(bal('USDT', '1000'), bal('BTC', '0.5')), T0)).toEqual([]);
    // 100 USDT moves into an order: the total is unchanged.
    expect(e.onAccount(account(bal('USDT', '900', '100'), bal('BTC', '0.5')), T0)).toEqual([]);
    const out = e.onAccount(account(bal('USDT', '900'), bal('BTC', '0.501')), T0);
    expect(out.map((c) => [c.ruleId, en(c.body)])).toEqual([
      ['usdt', 'USDT on CoinKing: 1000 → 900 (-100).'],
      ['all', 'USDT on CoinKing: 1000 → 900 (-100), and 1 more.'],
    ]);
  });

  it('an asset that disappears went to zero; an exchange that sends nothing is left alone', () => {
    const e = evaluator(rule('all', { kind: 'balance_change', exchange: null, asset: null }));
    e.onAccount(account(bal('ETH', '2'), bal('SOL', '5', '0', 'cryptomus')), T0);
    expect(e.onAccount(account(bal('SOL', '5', '0', 'cryptomus')), T0)).toEqual([]); // coinking silent
    expect(e.onAccount(account(bal('ETH', '2'), bal('SOL', '5', '0', 'cryptomus')), T0)).toEqual([]);
    expect(e.onAccount(account(bal('DOT', '1'), bal('SOL', '5', '0', 'cryptomus')), T0).map((c) => en(c.body))).toEqual([
      'ETH on CoinKing: 2 → 0 (-2), and 1 more.',
    ]);
  });
});

describe('connection_lost', () => {
  const status = (state: ExchangeStatus['state'], reason: Coded | null = null): ExchangeStatus => ({
    exchange: 'coinking',
    state,
    reason,
    nextRetryAt: null,
    attempt: 1,
    rttMs: null,
    badFrames: 0,
    since: T0,
  });

  it('fires once an exchange has been out of live/stale for N seconds, once per outage', () => {
    const e = evaluator(rule('lost', { kind: 'connection_lost', exchange: 'coinking', seconds: 30 }));
    e.onStatus(status('live'), T0);
    e.onStatus(status('backing_off', { code: 'link.unreachable', params: { detail: 'ECONNREFUSED' } }), T0 + 1000);
    e.onStatus(status('connecting'), T0 + 5000); // still the same outage
    e.onStatus(status('backing_off', { code: 'link.dead', params: { seconds: '45.0' } }), T0 + 6000);
    expect(e.onTick(T0 + 30_999)).toEqual([]);
    expect(e.onTick(T0 + 31_000).map((c) => en(c.body))).toEqual(['CoinKing has been disconnected for 30 s: No data for 45.0 s: the connection is dead.']);
    expect(e.onTick(T0 + 90_000)).toEqual([]);
    // Back up, then down again: a new outage, a new alert.
    e.onStatus(status('stale'), T0 + 100_000);
    e.onStatus(status('backing_off'), T0 + 110_000);
    expect(e.onTick(T0 + 139_000)).toEqual([]);
    expect(e.onTick(T0 + 140_000)).toHaveLength(1);
  });

  it('a short drop does not fire; a deliberate stop or a missing configuration is not a loss', () => {
    const e = evaluator(rule('lost', { kind: 'connection_lost', exchange: 'coinking', seconds: 10 }));
    e.onStatus(status('backing_off'), T0);
    e.onStatus(status('live'), T0 + 9000);
    expect(e.onTick(T0 + 60_000)).toEqual([]);
    e.onStatus(status('stopped'), T0 + 61_000);
    e.onStatus(status('not_configured'), T0 + 62_000);
    expect(e.onTick(T0 + 200_000)).toEqual([]);
  });
});

describe('venue_gap: the same pair on two venues', () => {
  const A: MarketId = 'cryptomus:BTC/USDT';
  const B: MarketId = 'coinking:BTC/USDT';
  const gapRule = rule('gap', { kind: 'venue_gap', a: A, b: B, pct: '0.5' });
  const at = (market: MarketId, last: string, stale = false): Ticker => ({ ...ticker(market, last), stale });

  it('fires when the prices drift more than N % apart (of the lower), once, and re-arms when they close', () => {
    const e = evaluator(gapRule);
    // 67 000 vs 67 300: 300 / 67 000 = 0.4478 %, under 0.5 %.
    expect(e.onTickers([at(A, '67000'), at(B, '67300')], T0)).toEqual([]);
    // 67 000 vs 67 335: exactly 0.5 %, not more than it.
    expect(e.onTickers([at(B, '67335')], T0 + 100)).toEqual([]);
    // 67 000 vs 67 400: 400 / 67 000 = 0.597 %: fires, naming both venues and prices.
    const fired = e.onTickers([at(B, '67400')], T0 + 200);
    expect(fired.map((c) => en(c.body))).toEqual(['BTC/USDT differs by 0.60 % between Cryptomus (67000) and CoinKing (67400).']);
    expect(fired[0]!.market).toBe(A);
    // Still apart: no repeat.
    expect(e.onTickers([at(A, '66950')], T0 + 300)).toEqual([]);
    // Back together, then apart the other way round: fires again (the lower price is now CoinKing's).
    expect(e.onTickers([at(A, '67350')], T0 + 400)).toEqual([]);
    expect(e.onTickers([at(A, '67800')], T0 + 500).map((c) => en(c.body))).toEqual([
      'BTC/USDT differs by 0.59 % between Cryptomus (67800) and CoinKing (67400).',
    ]);
  });

  it('never fires on stale data from either venue', () => {
    const e = evaluator(gapRule);
    expect(e.onTickers([at(A, '67000'), at(B, '67100')], T0)).toEqual([]);
    // CoinKing goes stale showing a price 1.5 % away: its last price is no evidence of a gap.
    expect(e.onTickers([at(B, '68000', true)], T0 + 100)).toEqual([]);
    // Cryptomus moves while CoinKing is still stale: still nothing.
    expect(e.onTickers([at(A, '66000')], T0 + 200)).toEqual([]);
    // Cryptomus stale too, CoinKing fresh again but close: nothing.
    expect(e.onTickers([at(A, '66000', true), at(B, '66010')], T0 + 300)).toEqual([]);
    // Both fresh and apart by 2 %: now it fires.
    expect(e.onTickers([at(A, '66000'), at(B, '67320')], T0 + 400).map((c) => en(c.body))).toEqual([
      'BTC/USDT differs by 2.00 % between Cryptomus (66000) and CoinKing (67320).',
    ]);
  });

  it('a gap already open when the rule first sees both venues waits for a real crossing', () => {
    const e = evaluator(gapRule);
    expect(e.onTickers([at(A, '100'), at(B, '110')], T0)).toEqual([]);
    expect(e.onTickers([at(B, '111')], T0 + 100)).toEqual([]);
    expect(e.onTickers([at(B, '100.2')], T0 + 200)).toEqual([]);
    expect(e.onTickers([at(B, '101')], T0 + 300)).toHaveLength(1);
  });
});
