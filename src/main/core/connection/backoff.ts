// Exponential backoff with full jitter (a random delay between 0 and the capped exponential),
// so that many clients dropped at once do not come back in lockstep.
export interface BackoffOptions {
  /** First ceiling, doubled per failed attempt. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Failed attempts since the last reset. */
  get attempt(): number {
    return this.failures;
  }

  /** The ceiling for the next delay, before jitter. */
  ceiling(): number {
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(this.failures, 30));
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  next(): number {
    const delay = Math.floor(this.random() * this.ceiling());
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
