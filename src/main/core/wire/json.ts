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

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A decimal string as exchanges send money ("107152.55", "0.00010000"); null for anything else. */
export function decimal(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 && DECIMAL.test(value) ? value : null;
}

export function nonNegativeDecimal(value: unknown): string | null {
  const d = decimal(value);
  return d !== null && !d.startsWith('-') ? d : null;
}
