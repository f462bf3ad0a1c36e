// Ordering and zero tests on decimal strings without converting to floats. Hot in order books, so
// these work on the characters directly instead of allocating big-number objects.

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
