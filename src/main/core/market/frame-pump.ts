// Coalesces changes into frames: every interval, each source sends at most one message carrying only
// what changed since the last, so a burst of exchange ticks can never flood the UI.
import type { MarketFrame } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../connection/clock';
import type { TickerBoard } from './ticker-board';

/** One kind of coalesced push: called once per frame. */
export type FrameSource = (now: number) => void;

export class FramePump {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly sources: FrameSource[] = [],
  ) {}

  add(source: FrameSource): void {
    this.sources.push(source);
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.flush();
      this.timer = this.clock.setTimeout(tick, this.intervalMs);
    };
    this.timer = this.clock.setTimeout(tick, this.intervalMs);
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  flush(): void {
    const now = this.clock.now();
    for (const source of this.sources) source(now);
  }
}

/** Ticker frames: re-judges staleness, then sends the tickers that changed. */
export function tickerFrames(board: TickerBoard, emit: (frame: MarketFrame) => void): FrameSource {
  let seq = 0;
  return (now) => {
    board.sweep(now);
    const tickers = board.takeChanges();
    if (tickers.length > 0) emit({ seq: ++seq, at: now, tickers });
  };
}
