// Display formatting. Prices arrive as decimal strings at the market's precision, so they are
// grouped as text and never round-tripped through a float (which could change the digits shown).
import type { ConnectionState, ExchangeId } from '../../shared/model';

const EXCHANGE_NAMES: Record<ExchangeId, string> = { cryptomus: 'Cryptomus', itick: 'iTick', coinking: 'CoinKing' };
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

export function formatClock(ms: number | null): string {
  return ms === null ? '—' : clock.format(ms);
}

/** Seconds until `at`, for "retry in 4 s" countdowns. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export const STATE_LABELS: Record<ConnectionState, string> = {
  not_configured: 'Not configured',
  idle: 'Idle',
  connecting: 'Connecting',
  live: 'Live',
  stale: 'Stale',
  backing_off: 'Reconnecting',
  auth_failed: 'Auth failed',
  stopped: 'Stopped',
};

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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
