// The alerts as the engine runs them: rules saved through the commands, prices pushed into a scripted
// exchange's sink, frames pumped on a ManualClock, deliveries seen as alert.fired events and history.
import { afterEach, describe, expect, it } from 'vitest';
import type { Deal, MarketId } from '../../../shared/model';
import type { AlertCondition, FiredAlert } from '../../../shared/alerts';
import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { alertsCommands } from '../commands/alerts';
import { memoryStores } from '../store/ports';
import { scriptedCore, type ScriptedCore } from './scripted-core.test-support';

const BTC: MarketId = 'coinking:BTC/USDT';
let run: ScriptedCore | undefined;
afterEach(async () => {
  await run?.core.stop();
  run = undefined;
});

async function setup(options: { maxPerMinute?: number } = {}) {
  const persistence = memoryStores().alerts;
  let n = 0;
  run = await scriptedCore([(ctx) => alertsCommands(ctx, persistence, { ...options, newId: () => String(++n) })]);
  const { core } = run;
  const save = (condition: AlertCondition, name = '') => core.invoke('alerts.save', { name, enabled: true, condition });
  // What the user reads, in English: the alerts travel as codes.
  const fired = () => run!.of('alert.fired').map((a) => ({ ...a, title: en(a.title), body: en(a.body) }));
  const price = (market: MarketId, last: string) => run!.exchanges.coinking.sink().ticker(market, { last });
  return { ...run, persistence, save, fired, price };
}

const en = (c: Coded) => renderCoded('en', c);

/** Firings a list of deliveries stands for (each one plus the repeats folded into it). */
const represented = (alerts: Pick<FiredAlert, 'folded'>[]) => alerts.reduce((n, a) => n + 1 + a.folded, 0);

describe('alerts in the engine', () => {
  it('a burst of 100 matching ticks, as frames, gives at most the configured number of notifications', async () => {
    const { save, price, fired, advance } = await setup({ maxPerMinute: 4 });
    for (let i = 0; i < 10; i++) await save({ kind: 'price_above', market: BTC, price: String(100 + i) });
    price(BTC, '90');
    advance(100);
    // 100 frames, each one crossing every rule (up on even frames, down on odd ones): 50 crossings per rule.
    for (let i = 0; i < 100; i++) {
      price(BTC, i % 2 === 0 ? '200' : '90');
      advance(100);
    }
    expect(fired().length).toBeLessThanOrEqual(4);
    expect(fired()).toHaveLength(4);
    // Nothing is lost: what waited goes out later, folded, never more than 4 in any minute.
    advance(10 * 60_000);
    const all = fired();
    for (const a of all) expect(all.filter((b) => b.at > a.at - 60_000 && b.at <= a.at).length).toBeLessThanOrEqual(4);
    expect(represented(all)).toBe(500);
  });

  it('evaluates frames, not exchange ticks: a price that crosses and comes back within one frame fires nothing', async () => {
    const { save, price, fired, advance } = await setup();
    await save({ kind: 'price_above', market: BTC, price: '100' });
    price(BTC, '90');
    advance(100);
    for (let i = 0; i < 1000; i++) price(BTC, i % 2 === 0 ? '150' : '90'); // 1000 ticks inside one frame
    advance(100);
    expect(fired()).toEqual([]);
    price(BTC, '150');
    advance(100);
    expect(fired()).toHaveLength(1);
  });

  it('edge-triggered through the engine: fires on crossing, not while above, again after crossing back', async () => {
    const { save, price, fired, advance, core } = await setup({ maxPerMinute: 10 });
    const rule = await save({ kind: 'price_above', market: BTC, price: '100' }, 'BTC over 100');
    for (const p of ['95', '101', '102', '103']) {
      price(BTC, p);
      advance(100);
    }
    expect(fired().map((a) => [a.ruleId, a.title, a.body, a.market, a.folded])).toEqual([
      [rule.id, 'BTC over 100', 'BTC/USDT on CoinKing is 101, above 100.', BTC, 0],
    ]);
    advance(60_000); // past the fold window
    for (const p of ['99', '101']) {
      price(BTC, p);
      advance(100);
    }
    expect(fired()).toHaveLength(2);
    expect((await core.invoke('alerts.history', undefined)).map((a) => en(a.body))).toEqual([
      'BTC/USDT on CoinKing is 101, above 100.',
      'BTC/USDT on CoinKing is 101, above 100.',
    ]);
  });

  it('a rule saved while the price is already above waits for a real crossing', async () => {
    const { save, price, fired, advance } = await setup();
    price(BTC, '150'); // the watchlist follows BTC already
    advance(100);
    await save({ kind: 'price_above', market: BTC, price: '100' });
    price(BTC, '151');
    advance(100);
    expect(fired()).toEqual([]);
  });

  it('saving another rule does not swallow a crossing whose frame has not gone out yet', async () => {
    const { save, price, fired, advance } = await setup();
    await save({ kind: 'price_above', market: BTC, price: '100' });
    price(BTC, '90');
    advance(100);
    price(BTC, '110'); // crossed, on the board, but the frame is still to come
    await save({ kind: 'price_below', market: BTC, price: '50' });
    advance(100);
    expect(fired().map((a) => a.body)).toEqual(['BTC/USDT on CoinKing is 110, above 100.']);
  });

  it('folds repeats of one rule within the minute into one later notification that counts them', async () => {
    const { save, price, fired, advance } = await setup();
    await save({ kind: 'price_below', market: BTC, price: '100' });
    price(BTC, '105');
    advance(100);
    for (let i = 0; i < 5; i++) {
      price(BTC, '99');
      advance(1000);
      price(BTC, '101');
      advance(1000);
    }
    expect(fired().map((a) => a.folded)).toEqual([0]);
    advance(60_000);
    expect(fired().map((a) => a.folded)).toEqual([0, 3]);
    expect(fired()[1]!.body).toBe('BTC/USDT on CoinKing is 99, below 100.'); // the count travels as `folded`
    expect(fired()[1]!.at - fired()[0]!.at).toBe(60_000); // delivered once the minute since the first had passed
  });

  it('pause stops delivery (event and history) and drops what waited; resume delivers new firings', async () => {
    const { save, price, fired, advance, core, persistence } = await setup();
    await save({ kind: 'price_above', market: BTC, price: '100' });
    price(BTC, '90');
    advance(100);
    price(BTC, '110');
    advance(100);
    price(BTC, '90');
    advance(100);
    price(BTC, '110'); // a repeat, waiting to be folded
    advance(100);
    expect(await core.invoke('alerts.pause', { paused: true })).toEqual({ paused: true });
    for (let i = 0; i < 10; i++) {
      price(BTC, i % 2 ? '110' : '90');
      advance(100);
    }
    advance(120_000);
    expect(fired()).toHaveLength(1);
    expect(persistence.fired(10)).toHaveLength(1);
    expect(await core.invoke('alerts.pause', { paused: false })).toEqual({ paused: false });
    price(BTC, '90');
    advance(100);
    price(BTC, '110');
    advance(100);
    expect(fired()).toHaveLength(2);
    expect(fired()[1]!.folded).toBe(0);
    await expect(core.invoke('alerts.pause', { paused: 'yes' } as never)).rejects.toThrow(/“alerts.pause” a request it does not accept \(paused\)/);
  });

  it('move_pct fires on a move within its window', async () => {
    const { save, price, fired, advance } = await setup();
    await save({ kind: 'move_pct', market: BTC, pct: '2', windowMinutes: 5 });
    for (const p of ['100', '101', '101.5', '102']) {
      price(BTC, p);
      advance(60_000);
    }
    expect(fired().map((a) => a.body)).toEqual(['BTC/USDT rose 2.00 % within 5 min, from 100 to 102 (CoinKing).']);
  });

  it('order_filled fires for new fills, not for the history the engine loads', async () => {
    const { save, fired, advance, exchanges, clock } = await setup();
    await save({ kind: 'order_filled', exchange: 'coinking' });
    const deal = (id: string, time: number): Deal => ({
      exchange: 'coinking',
      id,
      orderId: `o-${id}`,
      market: BTC,
      side: 'sell',
      price: '100',
      amount: '0.5',
      value: '50',
      fee: '0.05',
      feeAsset: 'USDT',
      role: 'maker',
      time,
    });
    exchanges.coinking.sink().deals('coinking', [deal('old', clock.now() - 86_400_000)]);
    advance(100);
    expect(fired()).toEqual([]);
    exchanges.coinking.sink().deals('coinking', [deal('new', clock.now())]);
    advance(100);
    exchanges.coinking.sink().deals('coinking', [deal('new', clock.now())]); // a replay: deduplicated by the engine
    advance(100);
    expect(fired().map((a) => [a.body, a.market])).toEqual([['Sold 0.5 BTC at 100 USDT on CoinKing (order o-new).', BTC]]);
  });

  it('balance_change fires when a total changes after the first balances', async () => {
    const { save, fired, advance, exchanges } = await setup();
    await save({ kind: 'balance_change', exchange: null, asset: 'USDT' });
    const sink = exchanges.coinking.sink();
    sink.balances('coinking', [{ exchange: 'coinking', asset: 'USDT', available: '1000', locked: '0' }], true);
    advance(100);
    sink.balances('coinking', [{ exchange: 'coinking', asset: 'USDT', available: '1250.5', locked: '0' }], false);
    advance(100);
    expect(fired().map((a) => a.body)).toEqual(['USDT on CoinKing: 1000 → 1250.5 (+250.5).']);
  });

  it('connection_lost fires after N seconds out of live/stale', async () => {
    const { save, fired, advance, exchanges } = await setup();
    await save({ kind: 'connection_lost', exchange: 'coinking', seconds: 20 });
    exchanges.coinking.setStatus('backing_off', { code: 'link.closed', params: { code: 1006 } });
    advance(19_900);
    expect(fired()).toEqual([]);
    advance(200);
    expect(fired().map((a) => [a.title, a.body])).toEqual([
      ['CoinKing disconnected for 20 s', 'CoinKing has been disconnected for 20 s: The server closed the connection (code 1006).'],
    ]);
    exchanges.coinking.setStatus('live');
    exchanges.coinking.setStatus('backing_off');
    advance(60_000);
    expect(fired()).toHaveLength(2);
  });
});

describe('alert rule commands', () => {
  it('saves, normalises, names, replaces, lists and deletes rules, announcing each change', async () => {
    const { core, of, exchanges, advance } = await setup();
    const rule = await core.invoke('alerts.save', {
      name: '  ',
      enabled: true,
      condition: { kind: 'price_above', market: ' CoinKing:eth/usdt ' as MarketId, price: '3500.25' },
    });
    expect(rule).toEqual({
      id: 'rule-1',
      name: '', // no name: the UI and the alerts describe the condition in the user's language
      enabled: true,
      condition: { kind: 'price_above', market: 'coinking:ETH/USDT', price: '3500.25' },
      createdAt: 1_700_000_000_000,
    });
    advance(100);
    // The rule's market is followed, so its prices reach the engine.
    expect(exchanges.coinking.watched()).toContain('coinking:ETH/USDT');

    advance(5000);
    const edited = await core.invoke('alerts.save', { ...rule, name: 'ETH high', enabled: false });
    expect(edited).toMatchObject({ id: 'rule-1', name: 'ETH high', enabled: false, createdAt: 1_700_000_000_000 });
    expect(await core.invoke('alerts.list', undefined)).toEqual([edited]);
    advance(100);
    expect(exchanges.coinking.watched()).not.toContain('coinking:ETH/USDT'); // disabled: no longer followed

    await expect(core.invoke('alerts.save', { ...rule, id: 'rule-404' })).rejects.toThrow(/no longer exists/);
    await expect(core.invoke('alerts.delete', { id: 'rule-404' })).rejects.toThrow(/no longer exists/);
    expect(await core.invoke('alerts.delete', { id: 'rule-1' })).toEqual([]);
    expect(of('alerts.changed').map((l) => l.length)).toEqual([1, 1, 0]);
  });

  it.each([
    [{ kind: 'price_above', market: BTC, price: '1e5' }, /positive number/],
    [{ kind: 'price_above', market: BTC, price: '-5' }, /positive number/],
    [{ kind: 'price_below', market: BTC, price: 100 }, /positive number/],
    [{ kind: 'price_below', market: BTC, price: '0.000' }, /greater than zero/],
    [{ kind: 'price_above', market: 'BTCUSDT', price: '1' }, /market like coinking:BTC\/USDT/],
    [{ kind: 'price_above', market: 'binance:BTC/USDT', price: '1' }, /market like/],
    [{ kind: 'move_pct', market: BTC, pct: '5', windowMinutes: 0 }, /window.*1 to 1440/],
    [{ kind: 'move_pct', market: BTC, pct: '5', windowMinutes: 1.5 }, /whole number/],
    [{ kind: 'move_pct', market: BTC, pct: '5000', windowMinutes: 5 }, /at most 1000 %/],
    [{ kind: 'connection_lost', exchange: 'coinking', seconds: 2 }, /5 to 86400/],
    [{ kind: 'connection_lost', exchange: 'kraken', seconds: 30 }, /Unknown exchange "kraken"/],
    [{ kind: 'balance_change', exchange: null, asset: 'B T C' }, /asset symbol/],
    [{ kind: 'sunrise' }, /Unknown alert condition "sunrise"/],
    [null, /needs a condition/],
  ])('refuses the condition %j', async (condition, message) => {
    const { core } = await setup();
    await expect(core.invoke('alerts.save', { name: 'x', enabled: true, condition: condition as never })).rejects.toThrow(message);
    expect(await core.invoke('alerts.list', undefined)).toEqual([]);
  });

  it('refuses a bad name or enabled flag', async () => {
    const { core } = await setup();
    const condition: AlertCondition = { kind: 'order_filled', exchange: null };
    await expect(core.invoke('alerts.save', { name: 'x'.repeat(81), enabled: true, condition })).rejects.toThrow(/at most 80/);
    await expect(core.invoke('alerts.save', { name: 'x', enabled: 'yes' as never, condition })).rejects.toThrow(/enabled/);
  });
});
