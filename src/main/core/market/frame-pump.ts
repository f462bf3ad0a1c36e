// Coalesces changes into frames: each source sends at most one message per interval carrying only
// what changed since the last, so a burst of exchange ticks can never flood the UI. The edge is
// leading: the first change after a quiet interval goes out at once (on the next turn of the event
// loop, so a socket read's worth of messages still travels together), and the interval starts
// from that frame; changes during the interval wait for its end.
import type { MarketFrame } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../connection/clock';
import type { TickerBoard } from './ticker-board';

/** One kind of coalesced push: called once per frame; returns true when it sent something. */
export type FrameSource = (now: number) => boolean | void;

export class FramePump {
  private timer: TimerHandle | null = null;
  private leading: TimerHandle | null = null;
  /** The last flush sent nothing: the next change may go out at once. */
  private quiet = true;
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
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.clock.clearTimeout(this.leading);
    this.timer = this.leading = null;
  }

  /**
   * Something changed. Cheap enough for every message: after a quiet interval it schedules an
   * immediate frame; otherwise the interval's own tick will carry the change.
   */
  poke(): void {
    if (!this.quiet || this.leading !== null || !this.running) return;
    this.leading = this.clock.setTimeout(() => {
      this.leading = null;
      if (this.flush()) this.schedule(); // the interval runs from this frame
    }, 0);
  }

  /** Runs every source now; true when any of them sent. */
  flush(): boolean {
    this.clock.clearTimeout(this.leading);
    this.leading = null;
    const now = this.clock.now();
    let sent = false;
    for (const source of this.sources) if (source(now) === true) sent = true;
    this.quiet = !sent;
    return sent;
  }

  private schedule(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
      if (this.running) this.schedule();
    }, this.intervalMs);
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
