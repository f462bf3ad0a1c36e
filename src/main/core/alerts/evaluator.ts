// Evaluates alert rules against what the core sees, frame by frame (never per exchange tick):
//  - price_above / price_below on frame tickers, edge-triggered: a rule fires when the price crosses
//    its threshold and re-arms only once the price is back on the other side;
//  - move_pct over a rolling window of per-frame samples, kept in a fixed number of buckets;
//  - order_filled from the deals the engine reports as new;
//  - balance_change from account snapshots (totals: available + locked);
//  - connection_lost when an exchange has been out of live/stale for N seconds;
//  - venue_gap on frame tickers of two venues, edge-triggered like the price rules, judged only while
//    both venues' tickers are fresh (a stale venue's last price is no evidence of a gap).
// It produces candidates only; rate limiting and delivery are the limiter's and the service's job.
import Big from 'big.js';
import type { AccountSnapshot } from '../../../shared/contract';
import type { Deal, ExchangeId, ExchangeStatus, MarketId, Ticker } from '../../../shared/model';
import type { AlertCondition, AlertRule } from '../../../shared/alerts';
import { compareDecimal } from '../market/decimal';
import type { Candidate } from './limiter';
import { EXCHANGE_NAMES, isLinkUp } from '../../../shared/model';
import { exchangeOf, pairOf, ruleTitle } from './rules';
import { coded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';

/** Buckets per move_pct window: the memory bound of one rule, whatever the frame rate. */
export const MOVE_BUCKETS = 120;
/** Deals older than the engine's start by more than this are history being loaded, not fills. */
export const FILL_GRACE_MS = 60_000;

type MoveCondition = Extract<AlertCondition, { kind: 'move_pct' }>;
type GapCondition = Extract<AlertCondition, { kind: 'venue_gap' }>;
type VenueSeen = { last: string | null; stale: boolean };

/** Prices of one market over a rolling window: a baseline (the price as the window opened) and buckets. */
class MoveWindow {
  private readonly bucketMs: number;
  private baseline: string | null = null;
  private buckets: { start: number; min: string; max: string; close: string }[] = [];

  constructor(readonly windowMs: number) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / MOVE_BUCKETS));
  }

  add(price: string, now: number): void {
    const start = now - (now % this.bucketMs);
    const last = this.buckets.at(-1);
    if (last && last.start === start) {
      if (compareDecimal(price, last.min) < 0) last.min = price;
      if (compareDecimal(price, last.max) > 0) last.max = price;
      last.close = price;
    } else {
      this.buckets.push({ start, min: price, max: price, close: price });
    }
    const windowStart = now - this.windowMs;
    // A bucket wholly before the window leaves; its close is the price the window opened at.
    while (this.buckets.length > 0 && this.buckets[0]!.start + this.bucketMs <= windowStart) this.baseline = this.buckets.shift()!.close;
  }

  /** The largest rise (to `price` from the window's low) and fall (from its high), in percent. */
  moves(price: string): { up: Big; down: Big; low: string; high: string } {
    let low = price;
    let high = price;
    const consider = (p: string) => {
      if (compareDecimal(p, low) < 0) low = p;
      if (compareDecimal(p, high) > 0) high = p;
    };
    if (this.baseline !== null) consider(this.baseline);
    for (const b of this.buckets) {
      consider(b.min);
      consider(b.max);
    }
    const pct = (from: string, to: string) => (new Big(from).eq(0) ? new Big(0) : new Big(to).minus(from).div(from).times(100));
    return { up: pct(low, price), down: pct(high, price).neg(), low, high };
  }

  /** Starts over from this price (after firing, a new move must happen). */
  restart(price: string, now: number): void {
    this.baseline = null;
    this.buckets = [];
    this.add(price, now);
  }

  size(): number {
    return this.buckets.length;
  }
}

interface RuleState {
  rule: AlertRule;
  /** price rules: whether the condition held at the last observation (undefined: not seen yet). */
  satisfied?: boolean;
  move?: MoveWindow;
  /** connection_lost: fired for the current outage. */
  firedOutage?: boolean;
  /** venue_gap: the last ticker seen from each venue (frames carry only what changed). */
  venues?: { a: VenueSeen | null; b: VenueSeen | null };
}

/** States that mean the link is trying and failing; idle, not configured and stopped are deliberate. */
const DOWN_STATES = new Set<ExchangeStatus['state']>(['connecting', 'backing_off', 'auth_failed']);

function sameCondition(a: AlertCondition, b: AlertCondition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fmtPct(value: Big): string {
  return value.abs().round(2).toFixed(2);
}

export class AlertEvaluator {
  private states = new Map<string, RuleState>();
  private readonly balances = new Map<ExchangeId, Map<string, Big>>();
  private readonly downSince = new Map<ExchangeId, { since: number; reason: Coded | null }>();

  /** `startedAt`: deals older than this (minus a grace) are history, not news. */
  constructor(private readonly startedAt: number) {}

  /**
   * Replaces the rules; a rule whose condition is unchanged keeps its state (no spurious re-fire).
   * Returns the ids of the rules that start afresh (new, edited or re-enabled).
   */
  setRules(rules: AlertRule[]): Set<string> {
    const next = new Map<string, RuleState>();
    const fresh = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const old = this.states.get(rule.id);
      if (old && sameCondition(old.rule.condition, rule.condition)) next.set(rule.id, { ...old, rule });
      else {
        next.set(rule.id, { rule });
        fresh.add(rule.id);
      }
    }
    this.states = next;
    return fresh;
  }

  /**
   * Records where prices stand for the given rules only, firing nothing: a rule created while a price
   * is already past its threshold waits for a real crossing. Other rules are left alone, so a crossing
   * whose frame has not gone out yet still fires for them.
   */
  seed(tickers: Ticker[], now: number, ruleIds: ReadonlySet<string>): void {
    if (ruleIds.size === 0) return;
    const all = this.states;
    this.states = new Map([...all].filter(([id]) => ruleIds.has(id)));
    try {
      this.onTickers(tickers, now, false);
    } finally {
      this.states = all;
    }
  }

  /** Tickers of one frame (only the changed ones). `fire: false` only records where prices stand. */
  onTickers(tickers: Ticker[], now: number, fire = true): Candidate[] {
    if (this.states.size === 0 || tickers.length === 0) return [];
    const prices = new Map<MarketId, string>();
    for (const t of tickers) if (t.last !== null) prices.set(t.market, t.last);
    const out: Candidate[] = [];
    let byMarket: Map<MarketId, Ticker> | null = null;
    for (const state of this.states.values()) {
      const c = state.rule.condition;
      if (c.kind === 'venue_gap') {
        byMarket ??= new Map(tickers.map((t) => [t.market, t]));
        const fired = this.observeGap(state, c, byMarket, now, fire);
        if (fired) out.push(fired);
        continue;
      }
      if (c.kind !== 'price_above' && c.kind !== 'price_below' && c.kind !== 'move_pct') continue;
      const price = prices.get(c.market);
      if (price === undefined) continue;
      if (c.kind === 'move_pct') {
        const fired = this.observeMove(state, c, price, now, fire);
        if (fired) out.push(fired);
        continue;
      }
      const cmp = compareDecimal(price, c.price);
      const satisfied = c.kind === 'price_above' ? cmp > 0 : cmp < 0;
      const crossed = state.satisfied === false && satisfied;
      state.satisfied = satisfied;
      if (crossed && fire) {
        const params = { pair: pairOf(c.market), exchange: EXCHANGE_NAMES[exchangeOf(c.market)], price, threshold: c.price };
        out.push(this.candidate(state.rule, coded(c.kind === 'price_above' ? 'alert.above' : 'alert.below', params), c.market, now));
      }
    }
    return out;
  }

  private observeMove(state: RuleState, c: MoveCondition, price: string, now: number, fire: boolean): Candidate | null {
    const windowMs = c.windowMinutes * 60_000;
    if (!state.move || state.move.windowMs !== windowMs) state.move = new MoveWindow(windowMs);
    const window = state.move;
    window.add(price, now);
    if (!fire) return null;
    const { up, down, low, high } = window.moves(price);
    const threshold = new Big(c.pct);
    const rose = up.gte(threshold);
    const fell = down.gte(threshold);
    if (!rose && !fell) return null;
    // Whichever move is the larger is the news; the window then starts over from here.
    const common = { pair: pairOf(c.market), minutes: c.windowMinutes, to: price, exchange: EXCHANGE_NAMES[exchangeOf(c.market)] };
    const body =
      rose && (!fell || up.gte(down))
        ? coded('alert.rose', { ...common, pct: fmtPct(up), from: low })
        : coded('alert.fell', { ...common, pct: fmtPct(down), from: high });
    window.restart(price, now);
    return this.candidate(state.rule, body, c.market, now);
  }

  private observeGap(state: RuleState, c: GapCondition, byMarket: Map<MarketId, Ticker>, now: number, fire: boolean): Candidate | null {
    const ta = byMarket.get(c.a);
    const tb = byMarket.get(c.b);
    if (!ta && !tb) return null;
    const seen = (state.venues ??= { a: null, b: null });
    if (ta) seen.a = { last: ta.last, stale: ta.stale };
    if (tb) seen.b = { last: tb.last, stale: tb.stale };
    const { a, b } = seen;
    // Not judged (and the edge state kept) until both venues have a fresh price.
    if (!a || !b || a.last === null || b.last === null || a.stale || b.stale) return null;
    const lower = compareDecimal(a.last, b.last) <= 0 ? a.last : b.last;
    if (new Big(lower).eq(0)) return null;
    const gap = new Big(a.last).minus(b.last).abs().div(lower).times(100);
    const satisfied = gap.gt(c.pct);
    const crossed = state.satisfied === false && satisfied;
    state.satisfied = satisfied;
    if (!crossed || !fire) return null;
    const params = { pair: pairOf(c.a), gap: fmtPct(gap), a: EXCHANGE_NAMES[exchangeOf(c.a)], priceA: a.last, b: EXCHANGE_NAMES[exchangeOf(c.b)], priceB: b.last };
    return this.candidate(state.rule, coded('alert.venueGap', params), c.a, now);
  }

  /** New fills (already deduplicated by the engine): one candidate per rule and order. */
  onDeals(deals: Deal[], now: number): Candidate[] {
    const fresh = deals.filter((d) => d.time >= this.startedAt - FILL_GRACE_MS);
    if (fresh.length === 0) return [];
    const orders = new Map<string, Deal[]>();
    for (const d of fresh) {
      const key = `${d.exchange}|${d.orderId ?? `deal:${d.id}`}`;
      const list = orders.get(key);
      if (list) list.push(d);
      else orders.set(key, [d]);
    }
    const out: Candidate[] = [];
    for (const state of this.states.values()) {
      const c = state.rule.condition;
      if (c.kind !== 'order_filled') continue;
      for (const fills of orders.values()) {
        const first = fills[0]!;
        if (c.exchange !== null && first.exchange !== c.exchange) continue;
        let amount = new Big(0);
        let value = new Big(0);
        for (const f of fills) {
          amount = amount.plus(f.amount);
          value = value.plus(f.value);
        }
        const price = amount.eq(0) ? first.price : value.div(amount).round(8).toFixed();
        const [base, quote] = pairOf(first.market).split('/') as [string, string];
        const params = { amount: amount.toFixed(), base, price, quote, exchange: EXCHANGE_NAMES[first.exchange] };
        const buy = first.side === 'buy';
        const body = first.orderId
          ? coded(buy ? 'alert.boughtOrder' : 'alert.soldOrder', { ...params, order: first.orderId })
          : coded(buy ? 'alert.bought' : 'alert.sold', params);
        out.push(this.candidate(state.rule, body, first.market, now));
      }
    }
    return out;
  }

  /**
   * The whole account (as account.changed carries it). The first balances seen from an exchange are
   * the baseline; afterwards every change of an asset's total (available + locked) counts. Moving
   * funds into an order changes nothing; an exchange that sends no balances at all is left as it was.
   */
  onAccount(snapshot: AccountSnapshot, now: number): Candidate[] {
    const current = new Map<ExchangeId, Map<string, Big>>();
    for (const b of snapshot.balances) {
      let assets = current.get(b.exchange);
      if (!assets) current.set(b.exchange, (assets = new Map()));
      assets.set(b.asset, new Big(b.available).plus(b.locked));
    }
    const changes: { exchange: ExchangeId; asset: string; from: Big; to: Big }[] = [];
    for (const [exchange, assets] of current) {
      const before = this.balances.get(exchange);
      this.balances.set(exchange, assets);
      if (!before) continue;
      for (const asset of new Set([...before.keys(), ...assets.keys()])) {
        const from = before.get(asset) ?? new Big(0);
        const to = assets.get(asset) ?? new Big(0);
        if (!from.eq(to)) changes.push({ exchange, asset, from, to });
      }
    }
    if (changes.length === 0) return [];
    const out: Candidate[] = [];
    for (const state of this.states.values()) {
      const c = state.rule.condition;
      if (c.kind !== 'balance_change') continue;
      const mine = changes.filter((ch) => (c.exchange === null || ch.exchange === c.exchange) && (c.asset === null || ch.asset === c.asset));
      if (mine.length === 0) continue;
      const ch = mine[0]!;
      const delta = ch.to.minus(ch.from);
      const params = { asset: ch.asset, exchange: EXCHANGE_NAMES[ch.exchange], from: ch.from.toFixed(), to: ch.to.toFixed(), delta: `${delta.gt(0) ? '+' : ''}${delta.toFixed()}` };
      const body = mine.length > 1 ? coded('alert.balanceMore', { ...params, more: mine.length - 1 }) : coded('alert.balance', params);
      out.push(this.candidate(state.rule, body, null, now));
    }
    return out;
  }

  /** Connection states; losses are judged in `onTick`, once they have lasted long enough. */
  onStatus(status: ExchangeStatus, now: number): void {
    if (isLinkUp(status.state)) {
      this.downSince.delete(status.exchange);
      for (const s of this.states.values()) if (s.rule.condition.kind === 'connection_lost' && s.rule.condition.exchange === status.exchange) s.firedOutage = false;
    } else if (DOWN_STATES.has(status.state)) {
      const down = this.downSince.get(status.exchange);
      if (down) down.reason = status.reason;
      else this.downSince.set(status.exchange, { since: now, reason: status.reason });
    } else {
      this.downSince.delete(status.exchange);
    }
  }

  /** Time passing (every frame): connection losses that have now lasted long enough. */
  onTick(now: number): Candidate[] {
    const out: Candidate[] = [];
    for (const state of this.states.values()) {
      const c = state.rule.condition;
      if (c.kind !== 'connection_lost' || state.firedOutage) continue;
      const down = this.downSince.get(c.exchange);
      if (!down || now - down.since < c.seconds * 1000) continue;
      state.firedOutage = true;
      const seconds = Math.floor((now - down.since) / 1000);
      const params = { exchange: EXCHANGE_NAMES[c.exchange], seconds };
      const body = down.reason ? coded('alert.disconnectedBecause', { ...params, reason: down.reason }) : coded('alert.disconnected', params);
      out.push(this.candidate(state.rule, body, null, now));
    }
    return out;
  }

  /** For tests and diagnostics: how many buckets a move rule holds. */
  moveBuckets(ruleId: string): number {
    return this.states.get(ruleId)?.move?.size() ?? 0;
  }

  private candidate(rule: AlertRule, body: Coded, market: MarketId | null, at: number): Candidate {
    return { ruleId: rule.id, title: ruleTitle(rule), body, market, at };
  }
}
