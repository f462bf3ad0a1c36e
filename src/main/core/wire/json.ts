// Small total checks for untrusted JSON: each returns the value or null, and never throws.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function parseJson(raw: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as Json };
  } catch {
    return { ok: false };
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A decimal string as exchanges send money ("107152.55", "0.00010000"); null for anything else:
 * an optional minus, then 0 or digits without a leading zero, then optionally a dot and digits.
 * A plain loop rather than a regex: it runs on every price of every frame.
 */
export function decimal(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const n = value.length;
  if (n === 0 || n > 64) return null;
  let i = value.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const first = i;
  while (i < n && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
  const intDigits = i - first;
  if (intDigits === 0 || (intDigits > 1 && value.charCodeAt(first) === 48)) return null;
  if (i === n) return value;
  if (value.charCodeAt(i) !== 46) return null; // '.'
  const dot = ++i;
  while (i < n && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
  return i === n && i > dot ? value : null;
}

export function nonNegativeDecimal(value: unknown): string | null {
  const d = decimal(value);
  return d !== null && !d.startsWith('-') ? d : null;
}
