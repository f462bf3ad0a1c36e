// Coalesces changes into frames: each source sends at most one message per interval carrying only
// what changed since the last, so a burst of exchange ticks can never flood the UI. The edge is
// leading: a change arriving an interval or more after the last frame sent goes out at once (on the
// next turn of the event loop, so a socket read's worth of messages still travels together); one
// arriving sooner goes out exactly an interval after that frame, not at a fixed phase. A heartbeat
// flush runs every interval regardless, for what is judged by time (staleness, alert timers).
import type { MarketFrame } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../connection/clock';
import type { TickerBoard } from './ticker-board';

/** One kind of coalesced push: called once per frame; returns true when it sent something. */
export type FrameSource = (now: number) => boolean | void;

export class FramePump {
  private timer: TimerHandle | null = null;
  /** When the pending flush runs. */
  private due = Infinity;
  private lastSentAt = -Infinity;
  /** A change is already provided for by the pending flush: further pokes cost one test. */
  private covered = false;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly sources: FrameSource[] = [],
  ) {}

  add(source: FrameSource): void {
    this.sources.push(source);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.clock.now() + this.intervalMs);
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.due = Infinity;
  }

  /** Something changed; cheap enough for every message. */
  poke(): void {
    if (this.covered || !this.running) return;
    this.covered = true;
    const at = Math.max(this.clock.now(), this.lastSentAt + this.intervalMs);
    if (at < this.due) this.schedule(at);
  }

  /** Runs every source now; true when any of them sent. */
  flush(): boolean {
    const now = this.clock.now();
    let sent = false;
    for (const source of this.sources) if (source(now) === true) sent = true;
    if (sent) this.lastSentAt = now;
    this.covered = false;
    return sent;
  }

  private schedule(at: number): void {
    this.clock.clearTimeout(this.timer);
    this.due = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
      if (this.running) this.schedule(this.clock.now() + this.intervalMs);
    }, at - this.clock.now());
  }
}

/** Ticker frames: re-judges staleness, then sends the tickers that changed. */
export function tickerFrames(board: TickerBoard, emit: (frame: MarketFrame) => void): FrameSource {
  let seq = 0;
  return (now) => {
    board.sweep(now);
    const tickers = board.takeChanges();
    if (tickers.length === 0) return false;
    emit({ seq: ++seq, at: now, tickers });
    return true;
  };
}
