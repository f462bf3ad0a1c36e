// The visible window of the candle chart, in candle indices, and how it follows the series:
// it sticks to the newest candle while the user looks at the right edge, and keeps the same
// candles in view when older history is put in front.
export interface CandleWindow {
  start: number;
  end: number;
}

/** How many candles a freshly opened chart shows. */
export const INITIAL_SPAN = 120;
/** Scrolling this close to the oldest candle asks for more history. */
export const EDGE = 3;

export function initialWindow(length: number): CandleWindow {
  return { start: Math.max(0, length - INITIAL_SPAN), end: Math.max(0, length - 1) };
}

/** The window after the series grew from `before` to `after` candles, `prepended` of them in front. */
export function followWindow(view: CandleWindow, before: number, after: number, prepended: number): CandleWindow {
  if (prepended > 0) return { start: view.start + prepended, end: view.end + prepended };
  const appended = after - before;
  // Following the newest candle: slide along with it.
  if (appended > 0 && view.end >= before - 1) return { start: view.start + appended, end: view.end + appended };
  return { start: Math.min(view.start, Math.max(0, after - 1)), end: Math.min(view.end, Math.max(0, after - 1)) };
}

/** A dataZoom event's percentages as candle indices. */
export function windowFromPercent(startPct: number, endPct: number, length: number): CandleWindow {
  const last = Math.max(0, length - 1);
  return { start: Math.round((startPct / 100) * last), end: Math.round((endPct / 100) * last) };
}
