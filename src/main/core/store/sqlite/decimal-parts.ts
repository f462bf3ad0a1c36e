// Exact decimal sums in SQLite. A decimal string is split into three integers (the integer part,
// fraction digits 1-9 and fraction digits 10-18, each carrying the sign), so SQL can SUM them
// exactly; the parts of a sum are joined back with big.js. Numbers that do not fit return null and
// are summed from their text instead.
import Big from 'big.js';

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Integer parts stay below 10^15, so a SUM of millions of them stays far inside 64 bits. */
const MAX_INT_DIGITS = 15;
const FRACTION_DIGITS = 18;

export type DecimalParts = [number, number, number];

/** "-12.5" → [-12, -500000000, 0]; null when the number needs more than these parts can hold. */
export function splitDecimal(text: string): DecimalParts | null {
  let m = PLAIN.exec(text);
  if (!m) {
    // Exponent forms ("1e-8") and the like: let big.js read them, then split the plain form.
    let plain: string;
    try {
      plain = new Big(text).toFixed();
    } catch {
      return null;
    }
    m = PLAIN.exec(plain);
    if (!m) return null;
  }
  const sign = m[1] ? -1 : 1;
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  let frac = m[3] ?? '';
  if (int.length >= MAX_INT_DIGITS) return null;
  if (frac.length > FRACTION_DIGITS) {
    if (!/^0*$/.test(frac.slice(FRACTION_DIGITS))) return null;
    frac = frac.slice(0, FRACTION_DIGITS);
  }
  frac = frac.padEnd(FRACTION_DIGITS, '0');
  // `|| 0` turns -0 into 0, so zero has one form.
  return [sign * Number(int) || 0, sign * Number(frac.slice(0, 9)) || 0, sign * Number(frac.slice(9)) || 0];
}

/** Joins summed parts back into one exact decimal. */
export function joinParts(int: bigint | number, f1: bigint | number, f2: bigint | number): Big {
  return new Big(int.toString()).plus(new Big(f1.toString()).times('1e-9')).plus(new Big(f2.toString()).times('1e-18'));
}

/** A decimal as plain text (never exponent notation), with one form for zero. */
export function decimalText(value: Big): string {
  return value.eq(0) ? '0' : value.toFixed();
}
