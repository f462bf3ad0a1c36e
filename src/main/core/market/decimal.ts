// The core's decimal maths on decimal strings, without converting to floats: ordering, zero tests,
// padding and trimming, and the 24 h change. Hot in order books and every frame, so these work on
// the characters (or on bigint digits) instead of allocating big-number objects. Reading decimals
// from the wire is core/wire/values; summing them in SQLite is store/sqlite/decimal-parts.

/** Splits "0012.3400" into its significant integer and fraction digits: ["12", "34"]. */
function parts(d: string): [string, string] {
  const dot = d.indexOf('.');
  let int = dot < 0 ? d : d.slice(0, dot);
  let frac = dot < 0 ? '' : d.slice(dot + 1);
  let i = 0;
  while (i < int.length - 1 && int.charCodeAt(i) === 48) i++;
  if (i) int = int.slice(i);
  let j = frac.length;
  while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
  if (j !== frac.length) frac = frac.slice(0, j);
  return [int, frac];
}

/** Compares two non-negative decimal strings: negative if a < b, 0 if equal, positive if a > b. */
export function compareDecimal(a: string, b: string): number {
  if (a === b) return 0;
  // Prices of one market usually share a precision: equal length with the dot in the same place
  // means the digit strings compare as text exactly as they compare as numbers.
  if (a.length === b.length && a.indexOf('.') === b.indexOf('.')) return a < b ? -1 : 1;
  const [ai, af] = parts(a);
  const [bi, bf] = parts(b);
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  if (af === bf) return 0;
  return af < bf ? -1 : 1; // equal-length prefixes compare digit by digit; a longer one is larger
}

/** True for "0", "0.000", "00.0" and the like. */
export function isZeroDecimal(d: string): boolean {
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

/**
 * Pads a decimal string with trailing zeros to `digits` fraction digits ("67250" → "67250.00"), for
 * feeds that send prices as JSON numbers and so lose the zeros. Exact: it never rounds or cuts.
 */
export function padDecimal(d: string, digits: number): string {
  const dot = d.indexOf('.');
  const have = dot < 0 ? 0 : d.length - dot - 1;
  if (have >= digits) return d;
  return (dot < 0 ? `${d}.` : d) + '0'.repeat(digits - have);
}

/** Drops insignificant trailing zeros ("1.1219150000000000" → "1.121915", "5.000" → "5"). Exact. */
export function trimDecimal(d: string): string {
  if (d.indexOf('.') < 0) return d;
  let end = d.length;
  while (d.charCodeAt(end - 1) === 48) end--;
  if (d.charCodeAt(end - 1) === 46) end--;
  return d.slice(0, end);
}

const TEN = 10n;
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => TEN ** BigInt(i));
/** 10^n; the table covers the usual precisions, a longer fraction (up to 64 characters) is computed. */
const pow10 = (n: number): bigint => POW10[n] ?? TEN ** BigInt(n);

/** A non-negative decimal string as an integer of its digits and the count of fraction digits. */
function scaled(d: string): [bigint, number] {
  const dot = d.indexOf('.');
  return dot < 0 ? [BigInt(d), 0] : [BigInt(d.slice(0, dot) + d.slice(dot + 1)), d.length - dot - 1];
}

/**
 * (last - open) / open, as a percentage with two decimals, rounded half away from zero; null while
 * either is unknown or open is 0. Exact integer arithmetic on the decimal digits (no floats), and
 * cheap enough to run for every changed market in every frame.
 */
export function changePercent(last: string | null, open: string | null): string | null {
  if (last === null || open === null) return null;
  const [l, ls] = scaled(last);
  const [o, os] = scaled(open);
  if (o === 0n) return null;
  const scale = Math.max(ls, os);
  const L = l * pow10(scale - ls);
  const O = o * pow10(scale - os);
  const num = (L - O) * 10_000n; // percent × 100: two decimals as an integer
  let q = num / O;
  const r = num % O;
  const neg = num < 0n;
  if ((r < 0n ? -r : r) * 2n >= O) q += neg ? -1n : 1n;
  const abs = q < 0n ? -q : q;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${q < 0n ? '-' : ''}${abs / 100n}.${frac}`;
}
