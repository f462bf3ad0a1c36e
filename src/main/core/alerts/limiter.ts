// Rate limiting and folding of alert firings. Two rules, both over a rolling window (one minute):
//  - at most `maxPerWindow` deliveries in any window, over all rules together;
//  - one rule is delivered at most once per window: its repeats wait, folded into one delivery that
//    says how many they were (FiredAlert.folded), sent when the window since its last one has passed.
// Nothing is lost and nothing floods: a burst becomes one delivery per rule now and one summary later.
// Memory is bounded by the number of rules (one pending entry and one timestamp each).
import type { Coded } from '../../../shared/notices';
import type { MarketId } from '../../../shared/model';

/** One firing as the evaluator produces it. */
export interface Candidate {
  ruleId: string;
  title: Coded;
  body: Coded;
  market: MarketId | null;
  at: number;
}

/** What to deliver: the newest candidate of its rule, and how many earlier ones it stands for. */
export interface Delivery {
  candidate: Candidate;
  /** Repeats folded into this delivery (0 when it is a single firing). */
  folded: number;
}

export interface LimiterOptions {
  maxPerWindow: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: LimiterOptions = { maxPerWindow: 6, windowMs: 60_000 };

export class AlertLimiter {
  /** Insertion order is delivery order: the oldest waiting rule goes first. */
  private readonly pending = new Map<string, { latest: Candidate; count: number }>();
  private readonly lastSent = new Map<string, number>();
  /** Times of the deliveries within the current window, oldest first. */
  private sent: number[] = [];

  constructor(private readonly options: LimiterOptions = DEFAULT_LIMITS) {
    if (!Number.isInteger(options.maxPerWindow) || options.maxPerWindow < 1) throw new Error('maxPerWindow must be a positive integer');
    if (!(options.windowMs > 0)) throw new Error('windowMs must be positive');
  }

  /** Takes a firing; returns what may be delivered now (possibly nothing). */
  offer(candidate: Candidate, now: number): Delivery[] {
    const waiting = this.pending.get(candidate.ruleId);
    if (waiting) {
      waiting.count++;
      waiting.latest = candidate;
    } else {
      this.pending.set(candidate.ruleId, { latest: candidate, count: 1 });
    }
    return this.flush(now);
  }

  /** Delivers what the limits allow by now; call it regularly (every frame) so folded repeats go out. */
  flush(now: number): Delivery[] {
    const { windowMs, maxPerWindow } = this.options;
    while (this.sent.length > 0 && now - this.sent[0]! >= windowMs) this.sent.shift();
    for (const [rule, at] of this.lastSent) if (now - at >= windowMs) this.lastSent.delete(rule);
    const out: Delivery[] = [];
    for (const [rule, waiting] of this.pending) {
      if (this.sent.length >= maxPerWindow) break;
      if (this.lastSent.has(rule)) continue; // this rule spoke within the window: keep folding
      this.pending.delete(rule);
      this.lastSent.set(rule, now);
      this.sent.push(now);
      out.push({ candidate: waiting.latest, folded: waiting.count - 1 });
    }
    return out;
  }

  /** Forgets what is waiting (pause, or a rule deleted). */
  drop(ruleId?: string): void {
    if (ruleId === undefined) this.pending.clear();
    else this.pending.delete(ruleId);
  }

  /** How many firings are waiting to be delivered, over all rules. */
  waiting(): number {
    let n = 0;
    for (const w of this.pending.values()) n += w.count;
    return n;
  }
}
