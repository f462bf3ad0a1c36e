// The candle chart's settings as the core keeps them (Settings.charts): the price scale and the
// indicators of each market. Parsed totally here, in the one place both the core (on settings.set
// and when reading saved settings back) and the renderer use.
import type { MarketId } from './model';
import { marketId, parseMarketId } from './model';

export const INDICATOR_KINDS = ['sma', 'ema', 'bbands', 'vwap', 'volma', 'rsi', 'macd'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface IndicatorParam {
  name: string;
  min: number;
  max: number;
  /** The value a new indicator starts with (TradingView's defaults). */
  initial: number;
  /** Whole numbers only (periods), or steps of 0.1 (a deviation multiplier). */
  step: 1 | 0.1;
}

const period = (initial: number): IndicatorParam => ({ name: 'period', min: 1, max: 500, initial, step: 1 });

/** The parameters each indicator takes, in the order the toolbar shows them. */
export const INDICATOR_PARAMS: Record<IndicatorKind, readonly IndicatorParam[]> = {
  sma: [period(20)],
  ema: [period(50)],
  bbands: [period(20), { name: 'deviation', min: 0.1, max: 10, initial: 2, step: 0.1 }],
  vwap: [],
  volma: [period(20)],
  rsi: [period(14)],
  macd: [
    { name: 'fast', min: 1, max: 200, initial: 12, step: 1 },
    { name: 'slow', min: 2, max: 500, initial: 26, step: 1 },
    { name: 'signal', min: 1, max: 200, initial: 9, step: 1 },
  ],
};

/** Drawn in a pane of their own under the volume, not over the candles. */
export const OSCILLATORS: readonly IndicatorKind[] = ['rsi', 'macd'];

export interface IndicatorSpec {
  /** Unique within one market's list (the toolbar edits and removes by it). */
  id: string;
  kind: IndicatorKind;
  /** Parameter name → value, per INDICATOR_PARAMS. */
  params: Record<string, number>;
}

export interface ChartSettings {
  /** A logarithmic price axis. */
  logScale: boolean;
  /** The indicators on each market's chart. */
  indicators: Partial<Record<MarketId, IndicatorSpec[]>>;
}

/** At most this many indicators on one chart. */
export const MAX_INDICATORS = 8;
/** At most this many markets keep their indicators (the oldest entries go first). */
export const MAX_CHART_MARKETS = 200;

export function defaultChartSettings(): ChartSettings {
  return { logScale: false, indicators: {} };
}

export function isIndicatorKind(value: unknown): value is IndicatorKind {
  return typeof value === 'string' && (INDICATOR_KINDS as readonly string[]).includes(value);
}

/** A new indicator of this kind with its initial parameters. */
export function newIndicator(kind: IndicatorKind, id: string): IndicatorSpec {
  return { id, kind, params: Object.fromEntries(INDICATOR_PARAMS[kind].map((p) => [p.name, p.initial])) };
}

/** A parameter value held to its range and step; null when it is not a finite number. */
export function clampParam(param: IndicatorParam, value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const stepped = param.step === 1 ? Math.round(value) : Math.round(value * 10) / 10;
  return Math.min(param.max, Math.max(param.min, stepped));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One indicator, or null when it is not one (unknown kind, a missing or non-numeric parameter). */
export function parseIndicator(value: unknown): IndicatorSpec | null {
  if (!isRecord(value) || !isIndicatorKind(value.kind) || !isRecord(value.params)) return null;
  if (typeof value.id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(value.id)) return null;
  const params: Record<string, number> = {};
  for (const p of INDICATOR_PARAMS[value.kind]) {
    const v = clampParam(p, value.params[p.name]);
    if (v === null) return null;
    params[p.name] = v;
  }
  if (value.kind === 'macd' && params.fast! >= params.slow!) return null;
  return { id: value.id, kind: value.kind, params };
}

/** Chart settings, or null when the value is not one. Bounded: extra entries are dropped. */
export function parseChartSettings(value: unknown): ChartSettings | null {
  if (!isRecord(value) || typeof value.logScale !== 'boolean' || !isRecord(value.indicators)) return null;
  const indicators: ChartSettings['indicators'] = {};
  const entries = Object.entries(value.indicators).slice(-MAX_CHART_MARKETS);
  for (const [key, list] of entries) {
    const ref = parseMarketId(key);
    if (!ref || !Array.isArray(list)) return null;
    const specs: IndicatorSpec[] = [];
    const ids = new Set<string>();
    for (const item of list.slice(0, MAX_INDICATORS)) {
      const spec = parseIndicator(item);
      if (!spec || ids.has(spec.id)) return null;
      ids.add(spec.id);
      specs.push(spec);
    }
    if (specs.length) indicators[marketId(ref)] = specs;
  }
  return { logScale: value.logScale, indicators };
}

/** The settings with one market's indicators replaced (moved to the newest entry, so it is kept longest). */
export function withIndicators(settings: ChartSettings, market: MarketId, list: readonly IndicatorSpec[]): ChartSettings {
  const indicators = { ...settings.indicators };
  delete indicators[market];
  if (list.length) indicators[market] = list.slice(0, MAX_INDICATORS);
  const keys = Object.keys(indicators) as MarketId[];
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_CHART_MARKETS))) delete indicators[old];
  return { ...settings, indicators };
}
