// Display formatting (locale-neutral: numbers and times read the same in every language). Prices arrive as decimal strings at the market's precision, so they are
// grouped as text and never round-tripped through a float (which could change the digits shown).
import { EXCHANGE_NAMES, type ConnectionState, type ExchangeId } from '../../shared/model';

const MINUS = '\u2212'; // A true minus sign is as wide as "+", so signed columns line up.

export function exchangeName(id: ExchangeId): string {
  return EXCHANGE_NAMES[id] ?? id;
}

/** "107152.5" → "107,152.5"; null → an em dash. */
export function formatDecimal(value: string | null): string {
  if (value === null || value === '') return '—';
  const negative = value.startsWith('-');
  const [int = '', frac] = (negative ? value.slice(1) : value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? MINUS : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

export type Direction = 'up' | 'down' | 'flat';

export function changeDirection(pct: string | null): Direction {
  if (pct === null) return 'flat';
  if (pct.startsWith('-')) return /[1-9]/.test(pct) ? 'down' : 'flat';
  return /[1-9]/.test(pct) ? 'up' : 'flat';
}

/** "-1.25" → "−1.25%", "0.4" → "+0.40%". */
export function formatChangePct(pct: string | null): string {
  if (pct === null) return '—';
  const n = Number(pct);
  if (!Number.isFinite(n)) return '—';
  const body = Math.abs(n).toFixed(2);
  const dir = changeDirection(pct);
  return `${dir === 'down' ? MINUS : dir === 'up' ? '+' : ''}${body}%`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** Volumes are for orientation only, so a compact float is fine here: "1234567.8" → "1.23M". */
export function formatVolume(value: string | null): string {
  if (value === null) return '—';
  const n = Number(value);
  return Number.isFinite(n) ? compact.format(n) : '—';
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Whether a Date can hold `ms` (a record read back from an older store may carry 1e300). */
function datable(ms: number | null): ms is number {
  return ms !== null && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

export function formatClock(ms: number | null): string {
  return datable(ms) ? clock.format(ms) : '—';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2025-11-21": the same in every language, and sortable. */
export function formatDate(ms: number | null): string {
  if (!datable(ms)) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** "2025-11-21 19:57:29" in local time. */
export function formatDateTime(ms: number | null): string {
  return datable(ms) ? `${formatDate(ms)} ${formatClock(ms)}` : '—';
}

/** Digits after the decimal point of a decimal string ("0.0100" → 4). */
export function decimalsOf(value: string | null): number {
  if (value === null) return 0;
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Rounds a decimal string to `digits` places, half away from zero, as text: no float ever
 * touches the digits ("67501.785", 2 → "67501.79"; "0.1", 4 → "0.1000").
 */
export function roundDecimal(value: string, digits: number): string {
  const m = PLAIN_DECIMAL.exec(value.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    const n = Number(value);
    return Number.isFinite(n) ? n.toFixed(digits) : value;
  }
  const negative = m[1] === '-';
  const int = m[2] || '0';
  const frac = m[3] ?? '';
  let kept = int + frac.slice(0, digits).padEnd(digits, '0');
  if (frac.length > digits && frac.charCodeAt(digits) >= 53 /* '5' */) {
    const chars = kept.split('');
    let i = chars.length - 1;
    for (; i >= 0; i--) {
      if (chars[i] === '9') chars[i] = '0';
      else {
        chars[i] = String(Number(chars[i]) + 1);
        break;
      }
    }
    kept = (i < 0 ? '1' : '') + chars.join('');
  }
  const intLength = kept.length - digits;
  const intPart = kept.slice(0, intLength).replace(/^0+(?=\d)/, '');
  const out = digits > 0 ? `${intPart}.${kept.slice(intLength)}` : intPart;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** A decimal at a fixed number of places, grouped; `digits` null keeps the digits as received. */
export function formatFixed(value: string | null, digits: number | null): string {
  if (value === null || value === '') return '—';
  return formatDecimal(digits === null ? value : roundDecimal(value, digits));
}

/** A float drawn at a fixed number of places (chart axes and computed totals only). */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  return formatDecimal(value.toFixed(digits));
}

/** Up, down or flat as shown: a value that rounds to zero at `digits` places is flat. */
export function shownDirection(value: string | null, digits: number | null): Direction {
  if (value === null) return 'flat';
  return changeDirection(digits === null ? value : roundDecimal(value, digits));
}

/** "+1,234.50" / "−12.00" / "0.00": signed, for P&L. */
export function formatSigned(value: string | null, digits: number | null): string {
  if (value === null) return '—';
  const text = formatFixed(value, digits);
  return shownDirection(value, digits) === 'up' ? `+${text}` : text;
}

/** Display places for amounts valued in a currency: cents for fiat and stablecoins. */
export function quoteDigits(asset: string): number {
  return { BTC: 8, ETH: 6 }[asset] ?? 2;
}

/** Seconds until `at`, for "retry in 4 s" countdowns. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'muted';

export const STATE_TONES: Record<ConnectionState, Tone> = {
  not_configured: 'muted',
  idle: 'muted',
  connecting: 'info',
  live: 'good',
  stale: 'warn',
  backing_off: 'warn',
  auth_failed: 'bad',
  stopped: 'muted',
};

export { errorMessage } from './i18n/coded';
