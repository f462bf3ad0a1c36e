import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../../shared/alerts';
import { conditionOf, emptyForm, formFromRule, toDraft } from './rule-form';

describe('alert rule form', () => {
  it('builds each kind of condition', () => {
    const base = emptyForm('coinking:BTC/USDT');
    expect(toDraft({ ...base, price: '70000.5' }).draft).toEqual({
      name: '',
      enabled: true,
      condition: { kind: 'price_above', market: 'coinking:BTC/USDT', price: '70000.5' },
    });
    expect(conditionOf({ ...base, kind: 'move_pct', pct: '2.5', windowMinutes: '15' }).condition).toEqual({
      kind: 'move_pct',
      market: 'coinking:BTC/USDT',
      pct: '2.5',
      windowMinutes: 15,
    });
    expect(conditionOf({ ...base, kind: 'order_filled' }).condition).toEqual({ kind: 'order_filled', exchange: null });
    expect(conditionOf({ ...base, kind: 'balance_change', exchange: 'cryptomus', asset: 'usdt' }).condition).toEqual({
      kind: 'balance_change',
      exchange: 'cryptomus',
      asset: 'USDT',
    });
    expect(conditionOf({ ...base, kind: 'connection_lost', exchange: 'itick', seconds: '30' }).condition).toEqual({
      kind: 'connection_lost',
      exchange: 'itick',
      seconds: 30,
    });
  });

  it('names every problem and saves nothing', () => {
    expect(toDraft({ ...emptyForm(), price: 'abc' })).toEqual({ draft: null, problems: { market: 'required', price: 'price' } });
    expect(conditionOf({ ...emptyForm(), market: 'BTC', price: '0' }).problems).toEqual({ market: 'market', price: 'price' });
    expect(conditionOf({ ...emptyForm('coinking:BTC/USDT'), kind: 'move_pct', pct: '500', windowMinutes: '0' }).problems).toEqual({
      pct: 'pct',
      windowMinutes: 'window',
    });
    expect(conditionOf({ ...emptyForm(), kind: 'connection_lost', seconds: '2' }).problems).toEqual({ exchange: 'required', seconds: 'seconds' });
  });

  it('round-trips a saved rule through the form', () => {
    const rule: AlertRule = {
      id: 'r1',
      name: 'BTC dip',
      enabled: false,
      createdAt: 1,
      condition: { kind: 'price_below', market: 'coinking:BTC/USDT', price: '60000' },
    };
    expect(toDraft(formFromRule(rule)).draft).toEqual({ id: 'r1', name: 'BTC dip', enabled: false, condition: rule.condition });
  });
});

describe('venue_gap form', () => {
  it('builds the same pair on the other exchange and comes back for editing', () => {
    const form = { ...emptyForm('coinking:BTC/USDT'), kind: 'venue_gap' as const, exchange: 'itick' as const, pct: '0.3' };
    const { condition, problems } = conditionOf(form);
    expect(problems).toEqual({});
    expect(condition).toEqual({ kind: 'venue_gap', a: 'coinking:BTC/USDT', b: 'itick:BTC/USDT', pct: '0.3' });
    const back = formFromRule({ id: 'r1', name: '', enabled: true, condition: condition!, createdAt: 0 });
    expect(back).toMatchObject({ kind: 'venue_gap', market: 'coinking:BTC/USDT', exchange: 'itick', pct: '0.3' });
  });

  it('asks for another exchange than the market’s, and a percentage', () => {
    const same = conditionOf({ ...emptyForm('coinking:BTC/USDT'), kind: 'venue_gap', exchange: 'coinking', pct: '1' });
    expect(same.problems).toEqual({ exchange: 'otherVenue' });
    expect(conditionOf({ ...emptyForm('coinking:BTC/USDT'), kind: 'venue_gap', exchange: '', pct: '' }).problems).toEqual({ exchange: 'required', pct: 'pct' });
  });
});
