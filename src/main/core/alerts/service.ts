// The alerts service: keeps the rules (through AlertPersistence), feeds the evaluator from the core's
// own events (frames, account, deals, statuses), passes firings through the limiter, and delivers
// them: an `alert.fired` event plus the in-app history. Paused, nothing is delivered (and nothing
// queued to flood out on resume), while the evaluator keeps tracking so edges stay right.
import { randomUUID } from 'node:crypto';
import { CommandError } from '../../../shared/contract';
import type { AlertRule, FiredAlert } from '../../../shared/alerts';
import type { CoreContext } from '../core-context';

/** What the alert service uses of the core, and nothing more. */
export type AlertServiceContext = Pick<CoreContext, 'log' | 'clock' | 'bus' | 'emit' | 'board' | 'statuses' | 'follow' | 'addFrameSource' | 'onStop'>;
import type { AlertPersistence } from '../store/ports';
import { AlertEvaluator } from './evaluator';
import { AlertLimiter, DEFAULT_LIMITS, type Candidate, type Delivery } from './limiter';
import { buildRule, LIMITS, ruleMarkets } from './rules';

export interface AlertServiceOptions {
  /** Most notifications in any rolling minute, over all rules (default 6). */
  maxPerMinute?: number;
  /** How many fired alerts `alerts.history` returns (default 200). */
  historyLimit?: number;
  /** Ids for rules and fired alerts (tests pass a counter). */
  newId?: () => string;
}

/** The source name under which the alerts' markets are followed. */
export const FOLLOW_SOURCE = 'alerts';

export class AlertService {
  private readonly evaluator: AlertEvaluator;
  private readonly limiter: AlertLimiter;
  private readonly newId: () => string;
  private readonly historyLimit: number;
  private paused = false;
  private rules: AlertRule[];

  constructor(
    private readonly ctx: AlertServiceContext,
    private readonly persistence: AlertPersistence,
    options: AlertServiceOptions = {},
  ) {
    this.newId = options.newId ?? randomUUID;
    this.historyLimit = options.historyLimit ?? 200;
    this.limiter = new AlertLimiter({ ...DEFAULT_LIMITS, maxPerWindow: options.maxPerMinute ?? DEFAULT_LIMITS.maxPerWindow });
    this.evaluator = new AlertEvaluator(ctx.clock.now());
    this.rules = this.loadRules();
    this.applyRules(false);

    const bus = ctx.bus;
    const now = () => ctx.clock.now();
    const unsubscribe = [
      bus.on('tickers.changed', (frame) => this.offer(this.evaluator.onTickers(frame.tickers, now()), now())),
      bus.on('account.changed', (snapshot) => this.offer(this.evaluator.onAccount(snapshot, now()), now())),
      bus.on('deals.added', (deals) => this.offer(this.evaluator.onDeals(deals, now()), now())),
      bus.on('exchange.status', (status) => this.evaluator.onStatus(status, now())),
    ];
    // Statuses published before this service existed (the engine keeps the latest of each).
    for (const status of ctx.statuses.values()) this.evaluator.onStatus(status, ctx.clock.now());
    // Once per frame: connection losses that have lasted long enough, and folded repeats now due.
    ctx.addFrameSource((now) => {
      const candidates = this.evaluator.onTick(now);
      if (candidates.length > 0) this.offer(candidates, now);
      else this.deliver(this.limiter.flush(now), now);
    });
    ctx.onStop(() => unsubscribe.forEach((off) => off()));
  }

  list(): AlertRule[] {
    return this.rules.map((r) => structuredClone(r));
  }

  save(input: unknown): AlertRule {
    const id = (input as { id?: unknown } | null)?.id;
    const existing = typeof id === 'string' ? this.rules.find((r) => r.id === id) : undefined;
    if (!existing && this.rules.length >= LIMITS.rules) throw new CommandError('alerts.tooMany', { max: LIMITS.rules });
    const rule = buildRule(input, existing, { id: () => `rule-${this.newId()}`, now: this.ctx.clock.now() });
    this.persistence.saveRule(rule);
    this.rules = existing ? this.rules.map((r) => (r.id === rule.id ? rule : r)) : [...this.rules, rule];
    this.applyRules(true);
    return structuredClone(rule);
  }

  delete(id: string): AlertRule[] {
    this.persistence.deleteRule(id);
    this.rules = this.rules.filter((r) => r.id !== id);
    this.limiter.drop(id);
    this.applyRules(true);
    return this.list();
  }

  history(): FiredAlert[] {
    return this.persistence.fired(this.historyLimit);
  }

  setPaused(paused: boolean): boolean {
    this.paused = paused;
    if (paused) this.limiter.drop();
    return this.paused;
  }

  isPaused(): boolean {
    return this.paused;
  }

  private loadRules(): AlertRule[] {
    try {
      return this.persistence.rules();
    } catch (error) {
      this.ctx.log.error(`alerts: could not load the rules: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  private applyRules(changed: boolean): void {
    const fresh = this.evaluator.setRules(this.rules);
    // Where prices already stand, so a new rule fires on the next real crossing, not at once.
    this.evaluator.seed(this.ctx.board.snapshot(), this.ctx.clock.now(), fresh);
    this.ctx.follow(FOLLOW_SOURCE, ruleMarkets(this.rules));
    if (changed) this.ctx.emit('alerts.changed', this.list());
  }

  private offer(candidates: Candidate[], now: number): void {
    if (this.paused) return;
    for (const candidate of candidates) this.deliver(this.limiter.offer(candidate, now), now);
  }

  /** Delivered alerts carry the delivery time: a folded one goes out after its repeats. */
  private deliver(deliveries: Delivery[], now: number): void {
    for (const { candidate, folded } of deliveries) {
      if (this.paused) return;
      const alert: FiredAlert = {
        id: `alert-${this.newId()}`,
        ruleId: candidate.ruleId,
        title: candidate.title,
        body: candidate.body, // `folded` says how many repeats it stands for; the UI and the shell word it
        market: candidate.market,
        at: now,
        folded,
      };
      try {
        this.persistence.addFired(alert);
      } catch (error) {
        this.ctx.log.error(`alerts: could not record a fired alert: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.ctx.emit('alert.fired', alert);
    }
  }
}
