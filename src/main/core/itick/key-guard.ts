// iTick allows one connection per key: a second login with the same key drops the first. Two
// clients with one key would take the key from each other forever, each reconnecting as soon as it
// is dropped. This guard reads the connection's states and notices the pattern: a session dropped
// by the server after login, and then the next one dropped again right after login. It then pauses
// the link for a long, growing while, so the other client keeps the key and the user is told why.
import { isLinkUp } from '../../../shared/model';
import { coded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import type { ConnectionState } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';

export interface KeyInUseOptions {
  /** A session that lives this long was not fought over: the count starts again. */
  windowMs: number;
  /** The first pause; each further one doubles, up to `maxPauseMs`. */
  pauseMs: number;
  maxPauseMs: number;
}

export const KEY_IN_USE_DEFAULTS: KeyInUseOptions = { windowMs: 60_000, pauseMs: 120_000, maxPauseMs: 1_800_000 };

const isUp = isLinkUp;

export class KeyInUseGuard {
  private liveSince: number | null = null;
  /** Sessions in a row that the server dropped after login, none of them long-lived. */
  private drops = 0;
  private pauses = 0;
  private timer: TimerHandle | null = null;
  private until: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly options: KeyInUseOptions,
    private readonly onPause: () => void,
    private readonly onResume: () => void,
  ) {}

  /** When the pause ends (ms), or null when the link is not paused. */
  get pausedUntil(): number | null {
    return this.until;
  }

  /** Feeds one state change of the connection. */
  observe(previous: ConnectionState, next: ConnectionState): void {
    if (isUp(next) && !isUp(previous)) {
      this.liveSince = this.clock.monotonic();
      return;
    }
    if (!isUp(previous) || isUp(next) || this.liveSince === null) return;
    const lived = this.clock.monotonic() - this.liveSince;
    this.liveSince = null;
    if (lived >= this.options.windowMs) {
      this.drops = 0;
      this.pauses = 0;
    }
    // Backing off means the socket went away without us asking. A reconnect or stop of ours
    // ends the session too, and breaks the run of drops.
    if (next !== 'backing_off') {
      this.drops = 0;
      return;
    }
    this.drops++;
    if (this.drops >= 2) this.pause();
  }

  /** The user asked to reconnect, or nothing is followed any more: forget the pause. */
  cancel(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.until = null;
  }

  private pause(): void {
    this.pauses++;
    const ms = Math.min(this.options.maxPauseMs, this.options.pauseMs * 2 ** Math.min(this.pauses - 1, 20));
    this.clock.clearTimeout(this.timer);
    this.until = this.clock.now() + ms;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.until = null;
      this.onResume();
    }, ms);
    this.onPause();
  }
}

export function keyInUseReason(pausedUntil: number, now: number): Coded {
  const minutes = Math.max(1, Math.round((pausedUntil - now) / 60_000));
  return coded('link.keyInUse', { minutes });
}
