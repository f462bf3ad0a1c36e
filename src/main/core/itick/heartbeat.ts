// iTick's heartbeat: {"ac":"ping","params":"<ms>"} answered by {"resAc":"pong","data":{"params":"<ms>"}}.
// Only the echo of the ping in flight answers it; the Connection measures the round trip from the
// promise. A pong echoing a ping we sent earlier is a late answer: proof the server lives, no heartbeat.
import type { Clock, TimerHandle } from '../connection/clock';
import { pingFrame } from './wire';

interface InFlight {
  echo: string;
  resolve(): void;
  reject(error: Error): void;
  timer: TimerHandle;
}

const REMEMBERED = 4;

export class PingTracker {
  private inFlight: InFlight | null = null;
  private readonly recent: string[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one ping; resolves when its echo comes back, fails after the timeout. */
  beat(send: (text: string) => void): Promise<void> {
    this.settle(new Error('superseded by a newer ping'));
    const echo = String(this.clock.now());
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.inFlight?.timer !== timer) return;
        this.inFlight = null;
        reject(new Error(`no pong within ${(this.timeoutMs / 1000).toFixed(0)} s`));
      }, this.timeoutMs);
      this.inFlight = { echo, resolve, reject, timer };
      this.remember(echo);
      try {
        send(pingFrame(echo));
      } catch (error) {
        this.settle(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Whether a pong with this echo answers any ping of ours (in flight or recent). */
  knows(echo: string): boolean {
    return this.recent.includes(echo);
  }

  /** A pong arrived; true when it answered the ping in flight. */
  answer(echo: string): boolean {
    const p = this.inFlight;
    if (!p || p.echo !== echo) return false;
    this.inFlight = null;
    this.clock.clearTimeout(p.timer);
    p.resolve();
    return true;
  }

  /** A new socket: nothing sent on the old one can be answered any more. */
  reset(): void {
    this.settle(new Error('the connection was replaced'));
    this.recent.length = 0;
  }

  private settle(error: Error): void {
    const p = this.inFlight;
    if (!p) return;
    this.inFlight = null;
    this.clock.clearTimeout(p.timer);
    p.reject(error);
  }

  private remember(echo: string): void {
    this.recent.push(echo);
    if (this.recent.length > REMEMBERED) this.recent.shift();
  }
}
