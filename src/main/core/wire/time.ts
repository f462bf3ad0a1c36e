// Times from the wire, checked against a sane window. An exchange (or a hostile server) can send
// 1e300, -5, Infinity or nanoseconds where seconds are meant; one such value stored as a deal time
// would break the history resync (its cursor jumps past every real deal) and every date formatter.

/** 2000-01-01T00:00:00Z: no exchange we speak has records older than this. */
export const MIN_TIME_MS = Date.UTC(2000, 0, 1);
/** 2100-01-01T00:00:00Z: far past any clock skew, yet short of micro- and nanosecond readings. */
export const MAX_TIME_MS = Date.UTC(2100, 0, 1);

/** Whether `ms` is a finite epoch time in ms inside the sane window. */
export function isSaneTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= MIN_TIME_MS && ms < MAX_TIME_MS;
}

/**
 * A wire time in `unit` (seconds or ms; a number, or a string of digits with an optional fraction)
 * as whole epoch ms, or null when it is not a number or falls outside [2000, 2100).
 */
export function timeMs(value: unknown, unit: 's' | 'ms'): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.length <= 24 && /^\d+(\.\d+)?$/.test(value)) n = Number(value);
  else return null;
  if (!Number.isFinite(n)) return null;
  const ms = Math.round(unit === 's' ? n * 1000 : n);
  return isSaneTime(ms) ? ms : null;
}

/**
 * Unix seconds kept as seconds (ViaBTC sends floats with microseconds, and asks for them back as
 * they came); null unless a number inside the sane window.
 */
export function unixSeconds(value: unknown): number | null {
  return typeof value === 'number' && timeMs(value, 's') !== null ? value : null;
}
