// The portfolio as the engine runs it: balances and prices pushed into scripted exchanges, frames
// pumped on a ManualClock, the view read through the commands and the pushes seen as events.
import { afterEach, describe, expect, it } from 'vitest';
import type { Balance, Deal, MarketId } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';
import { scriptedCore, type ScriptedCore } from '../alerts/scripted-core.test-support';
import { portfolioCommands } from '../commands/portfolio';
import { downsample, MAX_HISTORY_POINTS } from './valuation-service';
import { memoryStores } from '../store/ports';

let run: ScriptedCore | undefined;
afterEach(async () => {
  await run?.core.stop();
  run = undefined;
});

const settle = () => new Promise((resolve) => setImmediate(resolve));
const bal = (asset: string, available: string, locked = '0'): Balance => ({ exchange: 'coinking', asset, available, locked });

async function setup(quote = 'USDT') {
  const stores = memoryStores();
  run = await scriptedCore([(ctx) => portfolioCommands(ctx, { values: stores.values, quoteCurrency: () => quote })], { watchlist: ['coinking:DOGE/USDT'] });
  const r = run;
  r.exchanges.coinking.markets = (['coinking:BTC/USDT', 'coinking:ETH/USDT', 'coinking:XYZ/BTC', 'coinking:ETH/BTC'] as MarketId[]).map(r.info);
  const sink = () => r.exchanges.coinking.sink();
  const price = (market: MarketId, last: string) => sink().ticker(market, { last });
  return { ...r, stores, sink, price };
}

describe('the portfolio in the engine', () => {
  it('follows the markets that price the holdings and values them', async () => {
    const { core, sink, price, exchanges, advance } = await setup();
    sink().balances('coinking', [bal('USDT', '1000'), bal('BTC', '0.5', '0.1'), bal('XYZ', '100')], true);
    advance(100);
    await settle(); // the exchange's market list arrives
    advance(100);
    expect(exchanges.coinking.watched()).toEqual(['coinking:DOGE/USDT', 'coinking:BTC/USDT', 'coinking:XYZ/BTC']);
    price('coinking:BTC/USDT', '50000');
    price('coinking:XYZ/BTC', '0.0002');
    advance(100);
    const view = await core.invoke('portfolio.get', undefined);
    expect(view).toMatchObject({ quote: 'USDT', total: '32000', realisedPnl: '0', unrealisedPnl: '0' });
    expect(view.holdings.map((h) => [h.asset, h.amount, h.price, h.value, h.share])).toEqual([
      ['BTC', '0.6', '50000', '30000', '93.75'],
      ['USDT', '1000', '1', '1000', '3.13'],
      ['XYZ', '100', '10', '1000', '3.13'], // 0.0002 BTC × 50000
    ]);
  });

  it('pushes portfolio.changed at most once a second, and only when something moved', async () => {
    const { sink, price, of, advance } = await setup();
    sink().balances('coinking', [bal('BTC', '1')], true);
    for (let i = 0; i < 50; i++) {
      price('coinking:BTC/USDT', String(50_000 + i)); // a new price every frame for five seconds
      advance(100);
    }
    const pushes = of('portfolio.changed');
    expect(pushes.length).toBeGreaterThanOrEqual(4);
    expect(pushes.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < pushes.length; i++) expect(pushes[i]!.at - pushes[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(pushes.at(-1)!.total).toMatch(/^500[34]\d$/);

    advance(2000); // the last moves of the burst go out
    const settled = of('portfolio.changed').length;
    expect(of('portfolio.changed').at(-1)!.total).toBe('50049');
    advance(10_000); // nothing moves
    price('coinking:BTC/USDT', '50049'); // the same price again
    advance(3000);
    expect(of('portfolio.changed')).toHaveLength(settled);
    price('coinking:BTC/USDT', '50100');
    advance(3000);
    expect(of('portfolio.changed')).toHaveLength(settled + 1);
  });

  it('records the value at start, once priced, then every minute; portfolio.history reads them', async () => {
    const { core, sink, price, advance, clock } = await setup();
    const start = clock.now();
    advance(5000); // no holdings yet: no point
    sink().balances('coinking', [bal('BTC', '2')], true);
    advance(3000); // holdings, but BTC not priced yet: still waiting
    expect(await core.invoke('portfolio.history', { from: start, to: start + 3_600_000 })).toEqual([]);
    price('coinking:BTC/USDT', '100');
    advance(1000);
    price('coinking:BTC/USDT', '110');
    advance(60_000);
    price('coinking:BTC/USDT', '120');
    advance(60_000);
    const points = await core.invoke('portfolio.history', { from: start, to: start + 3_600_000 });
    expect(points.map((p) => p.value)).toEqual(['200', '220', '240']);
    expect(points[1]!.time - points[0]!.time).toBe(60_000);
    expect(points[0]!.time - start).toBeLessThanOrEqual(9100);
    await expect(core.invoke('portfolio.history', { from: 'a', to: 1 } as never)).rejects.toThrow(/“portfolio.history” a request it does not accept \(from\)/);
    await expect(core.invoke('portfolio.history', { from: 5, to: 1 })).rejects.toThrow(/not be after/);
    await expect(core.invoke('portfolio.history', { from: 0, to: 400 * 86_400_000 })).rejects.toThrow(/at most a year/);
  });

  it('records no point while an exchange is still connecting or reconnecting (no false cliffs)', async () => {
    const { core, sink, price, advance, clock, exchanges } = await setup();
    const start = clock.now();
    exchanges.cryptomus.setStatus('connecting'); // its balances are still on their way
    sink().balances('coinking', [bal('BTC', '2')], true);
    advance(100);
    await settle(); // the exchange's market list arrives: BTC/USDT is followed
    advance(100);
    price('coinking:BTC/USDT', '100');
    advance(120_000);
    const history = () => core.invoke('portfolio.history', { from: start, to: start + 3_600_000 });
    expect(await history()).toEqual([]);
    exchanges.cryptomus.setStatus('backing_off', { code: 'link.closed', params: { code: 1006 } });
    advance(120_000);
    expect(await history()).toEqual([]);
    exchanges.cryptomus.setStatus('live');
    advance(2000);
    expect((await history()).map((p) => p.value)).toEqual(['200']);
  });

  it('records the first point after a grace period even if something stays unpriced', async () => {
    const { core, sink, price, advance, clock } = await setup();
    const start = clock.now();
    sink().balances('coinking', [bal('BTC', '1'), bal('NOPE', '5')], true);
    advance(100);
    price('coinking:BTC/USDT', '100');
    advance(28_900);
    expect(await core.invoke('portfolio.history', { from: start, to: clock.now() + 1 })).toEqual([]);
    advance(2000);
    expect((await core.invoke('portfolio.history', { from: start, to: clock.now() + 1 })).map((p) => p.value)).toEqual(['100']);
  });

  it('realised and unrealised P&L follow the deals as they arrive', async () => {
    const { core, sink, price, advance, clock } = await setup();
    sink().balances('coinking', [bal('BTC', '1.5'), bal('USDT', '0')], true);
    advance(100); // the portfolio now follows BTC/USDT
    price('coinking:BTC/USDT', '300');
    const deal = (id: string, side: Deal['side'], amount: string, value: string, fee: string): Deal => ({
      exchange: 'coinking',
      id,
      orderId: null,
      market: 'coinking:BTC/USDT',
      side,
      price: '0',
      amount,
      value,
      fee,
      feeAsset: 'USDT',
      role: null,
      time: clock.now(),
    });
    advance(100);
    expect(await core.invoke('portfolio.get', undefined)).toMatchObject({ realisedPnl: '0', unrealisedPnl: '0' });
    sink().deals('coinking', [deal('1', 'buy', '1', '100', '1')]);
    advance(1000);
    sink().deals('coinking', [deal('2', 'buy', '1', '200', '1')]);
    advance(1000);
    sink().deals('coinking', [deal('3', 'sell', '0.5', '150', '1.5')]);
    advance(1000);
    expect(await core.invoke('portfolio.get', undefined)).toMatchObject({ total: '450', realisedPnl: '73', unrealisedPnl: '223.5' });
  });

  it('revalues in another quote when the setting changes', async () => {
    const { core, sink, price, advance, exchanges, ctx } = await setup();
    sink().balances('coinking', [bal('ETH', '10'), bal('USDT', '5000')], true);
    advance(100);
    await settle();
    const settings = { quoteCurrency: 'BTC' } as Settings;
    ctx().bus.publish('settings.changed', settings);
    advance(100);
    expect(exchanges.coinking.watched()).toEqual(expect.arrayContaining(['coinking:ETH/BTC', 'coinking:BTC/USDT']));
    price('coinking:ETH/BTC', '0.05');
    price('coinking:BTC/USDT', '50000');
    advance(100);
    const view = await core.invoke('portfolio.get', undefined);
    expect(view.quote).toBe('BTC');
    expect(view.total).toBe('0.6'); // 10 × 0.05 + 5000 / 50000
  });

  it('answers long ranges with at most MAX_HISTORY_POINTS points, the newest of each slice', async () => {
    const { core, stores, clock } = await setup();
    const start = clock.now();
    for (let i = 0; i < 10_000; i++) stores.values.add({ time: start + i * 60_000, value: String(i), quote: 'USDT' });
    const points = await core.invoke('portfolio.history', { from: start, to: start + 10_000 * 60_000 });
    expect(points).toHaveLength(MAX_HISTORY_POINTS);
    expect(points[0]).toEqual({ time: start + 9 * 60_000, value: '9' });
    expect(points.at(-1)).toEqual({ time: start + 9_999 * 60_000, value: '9999' });
    const short = await core.invoke('portfolio.history', { from: start, to: start + 500 * 60_000 });
    expect(short).toHaveLength(500); // short ranges come back whole
  });
});

describe('downsample', () => {
  it('keeps what fits, and the last point of each slice otherwise', () => {
    const pts = [0, 1, 2, 3, 4, 5].map((t) => ({ time: t, value: String(t) }));
    expect(downsample(pts, 0, 6, 10)).toBe(pts);
    expect(downsample(pts, 0, 6, 3).map((p) => p.value)).toEqual(['1', '3', '5']);
    expect(downsample(pts, 0, 6, 1).map((p) => p.value)).toEqual(['5']);
  });
});
