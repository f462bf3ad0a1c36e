// Decimal text a person types (an alert's price or percentage), read by one rule on both sides:
// the form checks it as it is typed, and the core checks it again as untrusted input.

/** Digits without a leading zero, then optionally a fraction; at most 18 digits on each side. */
const TYPED_DECIMAL = /^(?:0|[1-9]\d{0,17})(?:\.\d{1,18})?$/;

/** A typed decimal, trimmed ("100.50" kept as written); null for anything else ("0100", "1e5", "-1"). */
export function typedDecimal(text: string): string | null {
  const v = text.trim();
  return TYPED_DECIMAL.test(v) ? v : null;
}

/** A typed decimal above zero; null for zero ("0.00") or anything that is not a typed decimal. */
export function typedPositiveDecimal(text: string): string | null {
  const v = typedDecimal(text);
  return v !== null && /[1-9]/.test(v) ? v : null;
}
