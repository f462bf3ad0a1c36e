import { describe, expect, it } from 'vitest';
import { AlertLimiter, type Candidate, type Delivery } from './limiter';

const T0 = 1_700_000_000_000;
const fire = (ruleId: string, at: number, body = `${ruleId}@${at}`): Candidate => ({
  ruleId,
  title: { code: 'rule.named', params: { name: ruleId } },
  body: { code: 'rule.named', params: { name: body } },
  market: null,
  at,
});

/** Total firings a list of deliveries stands for. */
const represented = (ds: Delivery[]) => ds.reduce((n, d) => n + 1 + d.folded, 0);

describe('AlertLimiter', () => {
  it('delivers a first firing at once, and folds its repeats within the minute into one later delivery', () => {
    const limiter = new AlertLimiter({ maxPerWindow: 6, windowMs: 60_000 });
    expect(limiter.offer(fire('a', T0), T0)).toEqual([{ candidate: fire('a', T0), folded: 0 }]);
    for (let i = 1; i <= 4; i++) expect(limiter.offer(fire('a', T0 + i * 1000), T0 + i * 1000)).toEqual([]);
    expect(limiter.flush(T0 + 59_999)).toEqual([]);
    // A minute after the first: one delivery for the four repeats, carrying the newest one.
    expect(limiter.flush(T0 + 60_000)).toEqual([{ candidate: fire('a', T0 + 4000), folded: 3 }]);
    expect(limiter.flush(T0 + 200_000)).toEqual([]);
  });

  it('never delivers more than the limit in any rolling minute, over all rules, and loses nothing', () => {
    const limiter = new AlertLimiter({ maxPerWindow: 3, windowMs: 60_000 });
    const deliveries: { at: number; d: Delivery }[] = [];
    let offered = 0;
    for (let i = 0; i < 100; i++) {
      const at = T0 + i * 100;
      offered++;
      for (const d of limiter.offer(fire(`r${i % 10}`, at), at)) deliveries.push({ at, d });
    }
    for (let at = T0 + 10_000; at <= T0 + 600_000; at += 1000) for (const d of limiter.flush(at)) deliveries.push({ at, d });
    for (const { at } of deliveries) expect(deliveries.filter((x) => x.at > at - 60_000 && x.at <= at).length).toBeLessThanOrEqual(3);
    expect(deliveries.filter((x) => x.at < T0 + 60_000)).toHaveLength(3);
    expect(represented(deliveries.map((x) => x.d))).toBe(offered);
    expect(limiter.waiting()).toBe(0);
  });

  it('waiting rules go out oldest first once the budget allows', () => {
    const limiter = new AlertLimiter({ maxPerWindow: 1, windowMs: 60_000 });
    expect(limiter.offer(fire('a', T0), T0).map((d) => d.candidate.ruleId)).toEqual(['a']);
    limiter.offer(fire('b', T0 + 1), T0 + 1);
    limiter.offer(fire('c', T0 + 2), T0 + 2);
    expect(limiter.flush(T0 + 60_000).map((d) => d.candidate.ruleId)).toEqual(['b']);
    expect(limiter.flush(T0 + 120_000).map((d) => d.candidate.ruleId)).toEqual(['c']);
  });

  it('drop forgets what waits', () => {
    const limiter = new AlertLimiter({ maxPerWindow: 6, windowMs: 60_000 });
    limiter.offer(fire('a', T0), T0);
    limiter.offer(fire('a', T0 + 1), T0 + 1);
    limiter.offer(fire('b', T0 + 1), T0 + 1);
    limiter.offer(fire('b', T0 + 2), T0 + 2);
    limiter.drop('a');
    expect(limiter.flush(T0 + 60_001).map((d) => d.candidate.ruleId)).toEqual(['b']);
    limiter.offer(fire('b', T0 + 60_002), T0 + 60_002);
    limiter.drop();
    expect(limiter.waiting()).toBe(0);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new AlertLimiter({ maxPerWindow: 0, windowMs: 60_000 })).toThrow(/positive/);
    expect(() => new AlertLimiter({ maxPerWindow: 2, windowMs: 0 })).toThrow(/positive/);
  });
});
