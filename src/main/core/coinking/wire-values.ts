// Total checks for the scalar values ViaBTC sends: each returns the value or null, never throws.
import Big from 'big.js';
import { nonNegativeDecimal } from '../wire/json';
import { timeMs } from '../wire/time';

const SCIENTIFIC = /^(?:0|[1-9]\d*)(?:\.\d+)?[eE][+-]?\d{1,3}$/;

/**
 * A non-negative amount as a plain decimal string. ViaBTC formats with libmpdec, which can print a
 * zero as "0E-8": that is rewritten to plain notation rather than dropping the whole record.
 */
export function amount(value: unknown): string | null {
  const plain = nonNegativeDecimal(value);
  if (plain !== null) return plain;
  if (typeof value !== 'string' || value.length > 40 || !SCIENTIFIC.test(value)) return null;
  try {
    const fixed = new Big(value).toFixed();
    return fixed.length <= 64 ? fixed : null;
  } catch {
    return null;
  }
}

/** A Unix time in seconds (ViaBTC sends floats with microseconds); null unless inside the sane window. */
export function seconds(value: unknown): number | null {
  return typeof value === 'number' && timeMs(value, 's') !== null ? value : null;
}

/** A non-negative integer id (orders, deals). Larger than 2^53 would have lost digits in JSON. */
export function integerId(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A non-empty market or asset name, as the server spells it ("BTCUSDT", "BTC"). */
export function name(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : null;
}
