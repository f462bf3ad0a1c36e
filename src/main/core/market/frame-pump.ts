// Coalesces market changes into frames: at most one push per interval, carrying only what changed,
// so a burst of exchange ticks can never flood the UI.
import type { MarketFrame } from '../../../shared/contract';
import type { Clock, TimerHandle } from '../connection/clock';
import type { TickerBoard } from './ticker-board';

export class FramePump {
  private seq = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly board: TickerBoard,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly emit: (frame: MarketFrame) => void,
  ) {}

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

  /** Sends one frame now if anything changed; returns it. */
  flush(): MarketFrame | null {
    const now = this.clock.now();
    this.board.sweep(now);
    const tickers = this.board.takeChanges();
    if (tickers.length === 0) return null;
    const frame: MarketFrame = { seq: ++this.seq, at: now, tickers };
    this.emit(frame);
    return frame;
  }
}
