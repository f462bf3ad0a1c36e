// The candle chart's time axis, as TradingView draws it: labels at round times (every 3 hours,
// every day, every month…) spaced to the room there is, the date where a day begins (not the
// same date on every label), the month where a month begins and the year where a year begins.
// Local time throughout: a day change is the user's midnight.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Label spacings below a day: each divides a day, so every midnight is also a label. */
const SUB_DAY = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR];
/** Label spacings in days, then in months. */
const DAYS = [1, 2, 7, 14];
const MONTHS = [1, 3, 6, 12];

export type LabelSpacing = { unit: 'ms'; size: number } | { unit: 'day'; size: number } | { unit: 'month'; size: number };

/** The finest round spacing that leaves about `minPx` between labels. */
export function labelSpacing(candleMs: number, visibleCandles: number, widthPx: number, minPx = 84): LabelSpacing {
  const span = Math.max(1, visibleCandles) * candleMs;
  const want = (span / Math.max(1, widthPx)) * minPx;
  const ms = SUB_DAY.find((s) => s >= want && s >= candleMs);
  if (ms !== undefined) return { unit: 'ms', size: ms };
  const days = DAYS.find((d) => d * DAY >= want);
  if (days !== undefined) return { unit: 'day', size: days };
  return { unit: 'month', size: MONTHS.find((m) => m * 30 * DAY >= want) ?? 12 };
}

const localMs = (t: number) => t - new Date(t).getTimezoneOffset() * MIN;
const localDay = (t: number) => Math.floor(localMs(t) / DAY);

function bucket(t: number, s: LabelSpacing): number {
  const d = new Date(t);
  switch (s.unit) {
    case 'ms':
      return Math.floor(localMs(t) / s.size);
    case 'day':
      // Week labels fall on Mondays; other day spacings count days from the month's start.
      if (s.size === 7 || s.size === 14) return Math.floor((localDay(t) - 4) / s.size); // 1970-01-05 was a Monday
      return d.getFullYear() * 400 + d.getMonth() * 32 + Math.floor((d.getDate() - 1) / s.size);
    case 'month':
      return Math.floor((d.getFullYear() * 12 + d.getMonth()) / s.size);
  }
}

/** What a label at a candle says: the year, the month, the day, or the time of day. */
export type LabelKind = 'year' | 'month' | 'day' | 'time';

/** The label at candle `i` (times oldest first), or null when no label falls there. */
export function labelAt(times: readonly number[], i: number, s: LabelSpacing): LabelKind | null {
  const t = times[i];
  if (t === undefined) return null;
  const prev = times[i - 1];
  if (prev === undefined) return null;
  const a = new Date(prev);
  const b = new Date(t);
  // A new year or month is always named, even between two round labels.
  if (a.getFullYear() !== b.getFullYear()) return 'year';
  if (a.getMonth() !== b.getMonth() && s.unit !== 'ms') return 'month';
  if (bucket(t, s) === bucket(prev, s)) return null;
  if (localDay(prev) !== localDay(t)) return 'day';
  return 'time';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A label's text: "2026", "2026-12", "12-04" (or "4" when labels are days apart), "09:30". */
export function labelText(t: number, kind: LabelKind, s: LabelSpacing): string {
  const d = new Date(t);
  switch (kind) {
    case 'year':
      return String(d.getFullYear());
    case 'month':
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
    case 'day':
      return s.unit === 'ms' ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : String(d.getDate());
    case 'time':
      return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
}
