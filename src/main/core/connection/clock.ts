// Time as the connection layer sees it. Injected so tests can drive heartbeats, watchdogs and
// backoff in virtual time while the sockets stay real.
export type TimerHandle = { readonly __timer: unique symbol } | NodeJS.Timeout;

export interface Clock {
  /** Wall-clock time, epoch ms: for timestamps shown or stored. It can step (NTP, the user). */
  now(): number;
  /**
   * Monotonic ms from an arbitrary origin: for every duration (silence, round trips, ages). Never
   * goes backward when the wall clock is set back.
   */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | null | undefined): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => {
    if (h) clearTimeout(h as NodeJS.Timeout);
  },
};

/** A clock that only moves when told to; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private time: number;
  /** Virtual time elapsed: moves only forward, with `advance`. */
  private elapsed = 0;
  /** How far the wall clock has been stepped (setWall) away from start + elapsed. */
  private wallOffset = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time + this.wallOffset;
  }

  monotonic(): number {
    return this.elapsed;
  }

  /** Steps the wall clock by `ms` (negative: backward), as NTP or a user might; timers and the monotonic clock are unaffected. */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle | null | undefined): void {
    if (handle != null) this.timers.delete(handle as unknown as number);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let nextId = -1;
      let nextAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at < nextAt || (t.at === nextAt && id < nextId)) {
          nextAt = t.at;
          nextId = id;
        }
      }
      if (nextId < 0 || nextAt > end) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      const at = Math.max(this.time, timer.at);
      this.elapsed += at - this.time;
      this.time = at;
      timer.fn();
    }
    this.elapsed += end - this.time;
    this.time = end;
  }

  pendingTimers(): number {
    return this.timers.size;
  }
}
