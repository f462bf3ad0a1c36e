// The wire-value toolkit: the one place the three adapters read scalar values an exchange sends
// (decimals, integer ids, names, bounded text), the way ccxt keeps its safe* helpers in one file.
// Times live beside it in ./time. Each check is total: it returns the value or null, never throws.
// Simulators never import this (they are servers and read the wire by their own rules).

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

const EXPONENT = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?[eE]([+-]?\d{1,6})$/;
/** No price or amount needs more; a larger exponent would only make an enormous string. */
const MAX_EXPONENT = 100;

/**
 * Exponent notation in plain text, exactly ("1.5e-7" → "0.00000015", "2E+3" → "2000", "0E-8" → "0"):
 * libmpdec (CoinKing) and a JSON number's shortest form (iTick, Cryptomus trades) write it. Plain
 * text comes back as it is; null for anything that is neither, or past ±100.
 */
export function plainDecimal(text: string): string | null {
  if (text.length > 64) return null;
  const m = EXPONENT.exec(text);
  if (!m) return decimal(text);
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  if (Math.abs(exp) > MAX_EXPONENT) return null;
  const digits = int! + frac;
  const point = int!.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  // The exponent form carries no precision of its own: its zeros past the last digit mean nothing.
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return out === '0' ? '0' : sign + out;
}

export interface DecimalRule {
  /** Accept a JSON number too (iTick and Cryptomus trades send prices as numbers). Default: text only. */
  numbers?: boolean;
  /** Accept a minus sign (a balance change). Default: non-negative only, as prices and amounts are. */
  signed?: boolean;
}

/**
 * A decimal from the wire, in plain or exponent notation, as a plain decimal string: text, or a
 * JSON number when the rule allows it (a finite number's shortest form is exact for what it holds).
 */
export function wireDecimal(value: unknown, rule: DecimalRule = {}): string | null {
  let out: string | null;
  if (typeof value === 'string') out = plainDecimal(value);
  else if (rule.numbers && typeof value === 'number' && Number.isFinite(value)) out = plainDecimal(String(value));
  else return null;
  if (out === null) return null;
  return rule.signed || !out.startsWith('-') ? out : null;
}

/**
 * A safe integer (codes, periods, offsets), as a JSON number or a string of at most 16 digits; null
 * past 2^53, where JSON would already have lost digits.
 */
export function safeInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string' || !/^-?\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** A non-negative integer id (requests, orders, deals, page offsets): a safe integer from 0 up. */
export function integerId(value: unknown): number | null {
  const n = safeInteger(value);
  return n !== null && n >= 0 ? n : null;
}

/** A market or asset name as the server spells it ("BTCUSDT", "BTC", "BTC_USDT"): 1 to 40 of A-Z a-z 0-9 _ -. */
export function name(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : null;
}

/** Non-empty text of at most `max` characters (ids, symbols, states); null when empty or longer. */
export function boundedText(value: unknown, max = 100): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : null;
}

/** Text for a message the user may read (a server's error text): cut to `max`, never null. */
export function messageText(value: unknown, max = 200): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}
