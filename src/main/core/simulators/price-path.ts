// The demo's one world: each market's price and volume as a pure function of (seed, market, venue,
// time). Every simulator, every candle interval and every 24 h figure reads this same function, so
// they agree by construction, and the past is computable on demand (a chart may ask for any page).
//
// How the path is made (all in log price):
// - A few factors: one "crypto market" factor that every coin follows (by its beta) and one factor
//   per coin. A factor is a mean-reverting walk of day closes (so a demo never drifts off for good),
//   filled in top-down by Brownian bridges: hours between day closes, minutes between hours, and
//   5-second steps between minutes. Each step's noise is a hash of (seed, factor, level, index).
// - A market's path is a fixed mix of factors (ETH/BTC is ETH minus BTC), plus the venue's own
//   offset of a few basis points that wanders and reverts (knots every few minutes).
// - Volume per 5 s step: the market's daily volume, shaped by the hour of day and the size of the
//   move, with noise and a rare burst.
// A minute's candle is the extremes of its 13 grid points; hours and days are sums of minutes, so a
// day spans exactly what its minutes span. Between grid points the mid price moves straight, and
// each trade prints at the ask or the bid (half a spread off the mid, the side a hash of the
// millisecond), so the last price flickers as real ones do; candle highs and lows include that
// half spread, which keeps every trade inside its candle.

/** The world every demo simulator shares unless a test asks for another. */
export const DEMO_WORLD_SEED = 0x5eed_2024;

/** Seconds per grid step, and grid steps per minute. */
const STEP_S = 5;
const STEPS = 60 / STEP_S;
/** The markets "list" on 2021-01-01: there are no candles before. */
export const LISTED_AT_MS = Date.UTC(2021, 0, 1);
const FIRST_DAY = LISTED_AT_MS / 86_400_000;

/** How a coin moves: its beta to the crypto market, its own daily volatility, and its typical volume. */
export interface AssetModel {
  beta: number;
  /** Daily standard deviation of its own (idiosyncratic) moves, as a fraction. */
  vol: number;
}

const MARKET_VOL = 0.017;
const ASSETS: Record<string, AssetModel> = {
  BTC: { beta: 1, vol: 0.006 },
  ETH: { beta: 1.15, vol: 0.012 },
  SOL: { beta: 1.35, vol: 0.02 },
  XRP: { beta: 0.95, vol: 0.018 },
  DOGE: { beta: 1.3, vol: 0.024 },
  LTC: { beta: 0.95, vol: 0.014 },
  BNB: { beta: 0.8, vol: 0.01 },
  ADA: { beta: 1.1, vol: 0.017 },
  TRX: { beta: 0.55, vol: 0.011 },
};
const DEFAULT_ASSET: AssetModel = { beta: 1, vol: 0.015 };
const STABLE = new Set(['USDT', 'USD', 'USDC', 'FDUSD', 'DAI']);
/** Day-close mean reversion: a half-life of about three weeks. */
const PHI = 0.97;

/** Each venue's standing premium and how far its offset wanders (basis points), and its share of volume. */
const VENUES: Record<string, { bias: number; swing: number; volume: number; halfSpread: number }> = {
  coinking: { bias: 1.5, swing: 4, volume: 0.45, halfSpread: 1.5 },
  cryptomus: { bias: -2, swing: 5, volume: 0.25, halfSpread: 2 },
  itick: { bias: 0, swing: 1.5, volume: 1, halfSpread: 0.75 },
};
/** Minutes between the knots of a venue's offset. */
const OFFSET_KNOT_MIN = 7;

// ---- hashing: a 32-bit integer mix, cheap enough for millions of steps ----

function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

const keyOf = (seed: number, id: number, level: number) => mix((seed >>> 0) ^ mix(id ^ mix(level + 0x9e37)));
const at = (key: number, index: number) => mix(key ^ mix(Math.imul(index | 0, 0x9e3779b1) ^ 0x85ebca6b));

/** About a standard normal from one hash: a sum of three 10-bit uniforms, scaled (tails end at ±3). */
function gauss(h: number): number {
  return (((h & 1023) + ((h >>> 10) & 1023) + ((h >>> 20) & 1023) + 1.5) / 1024 - 1.5) * 2;
}
const unit = (h: number) => (h >>> 8) / 16_777_216;

// ---- the calendar's rhythm: busier (and more volatile) around the US open, quieter at weekends ----

function activity(hourIndex: number): number {
  const hourOfDay = hourIndex % 24;
  const weekday = (Math.floor(hourIndex / 24) + 4) % 7; // 1970-01-01 was a Thursday
  const daily = 0.8 + 0.45 * (0.5 + 0.5 * Math.cos((2 * Math.PI * (hourOfDay - 15)) / 24));
  return weekday === 0 || weekday === 6 ? daily * 0.8 : daily;
}

/** One Brownian bridge step from `x` towards `end`, with `left` equal steps still to go. */
const bridge = (x: number, end: number, left: number, sigma: number, h: number) =>
  x + (end - x) / left + sigma * Math.sqrt((left - 1) / left) * gauss(h);

// ---- a factor: a mean-reverting walk of day closes, bridged down to 5-second steps ----

class Factor {
  private readonly dayKey: number;
  private readonly hourKey: number;
  private readonly minuteKey: number;
  private readonly stepKey: number;
  private readonly clusterKey: number;
  /** Day closes from the day before listing on. */
  private closes = new Float64Array(0);
  private closesLength = 0;
  private hourCache = new Map<number, Float64Array>();
  private minuteCache = new Map<number, Float64Array>();

  constructor(
    seed: number,
    id: number,
    readonly dailyVol: number,
  ) {
    this.dayKey = keyOf(seed, id, 1);
    this.hourKey = keyOf(seed, id, 2);
    this.minuteKey = keyOf(seed, id, 3);
    this.stepKey = keyOf(seed, id, 4);
    this.clusterKey = keyOf(seed, id, 5);
  }

  /** The log level at the end of day `day` (day numbers since 1970). */
  dayClose(day: number): number {
    const i = day - FIRST_DAY + 1;
    if (i <= 0) return 0;
    if (i >= this.closesLength) {
      if (i >= this.closes.length) {
        const grown = new Float64Array(Math.max(i + 64, this.closes.length * 2));
        grown.set(this.closes.subarray(0, this.closesLength));
        this.closes = grown;
      }
      if (this.closesLength === 0) this.closes[this.closesLength++] = 0;
      for (let j = this.closesLength; j <= i; j++) {
        this.closes[j] = PHI * this.closes[j - 1]! + this.dailyVol * gauss(at(this.dayKey, FIRST_DAY + j - 1));
      }
      this.closesLength = i + 1;
    }
    return this.closes[i]!;
  }

  /** How rough the day is inside (volatility clusters by day). */
  private cluster(day: number): number {
    return Math.exp(0.3 * gauss(at(this.clusterKey, day)));
  }

  /** The 25 hour boundaries of a day: [start of day, end of hour 0, …, end of day]. */
  hours(day: number): Float64Array {
    let out = this.hourCache.get(day);
    if (out) return out;
    out = new Float64Array(25);
    out[0] = this.dayClose(day - 1);
    out[24] = this.dayClose(day);
    // A bridge with unequal steps: the busy hours carry more of the day's variance.
    const weights = new Float64Array(24);
    let total = 0;
    for (let j = 0; j < 24; j++) total += weights[j] = activity(day * 24 + j) ** 2;
    const scale = this.dailyVol * this.dailyVol * this.cluster(day);
    let left = total;
    for (let j = 0; j < 23; j++) {
      const w = weights[j]!;
      const x = out[j]!;
      const noise = Math.sqrt((scale * w * (left - w)) / total / left);
      out[j + 1] = x + ((out[24]! - x) * w) / left + noise * gauss(at(this.hourKey, day * 24 + j));
      left -= w;
    }
    remember(this.hourCache, day, out, 8);
    return out;
  }

  /** The per-hour step size of hour `hourIndex` (hours since 1970). */
  hourSigma(hourIndex: number): number {
    const day = Math.floor(hourIndex / 24);
    return this.dailyVol * Math.sqrt(this.cluster(day) / 24) * activity(hourIndex) / 1.03;
  }

  /** The 61 minute boundaries of an hour. */
  minutes(hourIndex: number): Float64Array {
    let out = this.minuteCache.get(hourIndex);
    if (out) return out;
    const day = Math.floor(hourIndex / 24);
    const hours = this.hours(day);
    const j = hourIndex - day * 24;
    out = new Float64Array(61);
    out[0] = hours[j]!;
    out[60] = hours[j + 1]!;
    const sigma = this.hourSigma(hourIndex) / Math.sqrt(60);
    for (let k = 0; k < 59; k++) out[k + 1] = bridge(out[k]!, out[60]!, 60 - k, sigma, at(this.minuteKey, hourIndex * 60 + k));
    remember(this.minuteCache, hourIndex, out, 8);
    return out;
  }

  /** Adds `coef` times this factor's 13 grid points of minute `minuteIndex` into `into`. */
  addSteps(minuteIndex: number, start: number, end: number, sigma: number, coef: number, into: Float64Array): void {
    let x = start;
    into[0]! += coef * x;
    const base = minuteIndex * STEPS;
    for (let k = 0; k < STEPS - 1; k++) {
      x = bridge(x, end, STEPS - k, sigma, at(this.stepKey, base + k));
      into[k + 1]! += coef * x;
    }
    into[STEPS]! += coef * end;
  }
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): void {
  cache.set(key, value);
  if (cache.size > limit) cache.delete(cache.keys().next().value as K);
}

// ---- a market at one venue ----

/** Open, high, low, close, volume (base) and amount (quote) of a span of time. */
export interface Ohlcv {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  amount: number;
}

const O = 0;
const H = 1;
const L = 2;
const C = 3;
const V = 4;
const A = 5;
const W = 6; // slots per summary

export interface PathMarket {
  base: string;
  quote: string;
  /** The price the market's walk reverts to. */
  price: string;
  /** Typical 24 h volume in base units at a venue of full size. */
  dailyVolume?: number;
  /** Digits after the decimal point: the spread is at least about a tick. */
  pricePrecision?: number;
}

export class PricePath {
  private readonly terms: { factor: Factor; coef: number }[] = [];
  private readonly logBase: number;
  private readonly volumeKey: number;
  /** Volume moods by day, hour and minute: real volume comes in waves at every scale. */
  private readonly moodKeys: [number, number, number];
  private readonly offsetKey: number;
  private readonly venue: { bias: number; swing: number; volume: number; halfSpread: number };
  /** Half the bid-ask spread, as a fraction of the price. */
  private readonly halfSpread: number;
  private readonly sideKey: number;
  /** Volume per 5 s step at activity 1. */
  private readonly stepVolume: number;
  /** The typical size of a 5 s move, to scale volume by how much the price moved. */
  private readonly stepSigma: number;
  private readonly dayTotals = new Map<number, Float64Array>();
  private readonly hourArrays = new Map<number, Float64Array>();
  private readonly minuteArrays = new Map<number, Float64Array>();
  /** Grids of recent minutes: the live one, and the one 24 h back that the rolling window starts in. */
  private readonly grids = new Map<number, { grid: Float64Array; volumes: Float64Array }>();

  constructor(
    readonly market: PathMarket,
    venue: string,
    seed: number = DEMO_WORLD_SEED,
  ) {
    const factor = (name: string, vol: number) => new Factor(seed, hashString(name), vol);
    const model = (asset: string) => ASSETS[asset] ?? DEFAULT_ASSET;
    const crypto = factor('crypto-market', MARKET_VOL);
    const b = model(market.base);
    const stableQuote = STABLE.has(market.quote);
    const q = stableQuote ? { beta: 0, vol: 0 } : model(market.quote);
    if (b.beta - q.beta !== 0) this.terms.push({ factor: crypto, coef: b.beta - q.beta });
    if (!STABLE.has(market.base)) this.terms.push({ factor: factor(`asset:${market.base}`, b.vol), coef: 1 });
    if (!stableQuote) this.terms.push({ factor: factor(`asset:${market.quote}`, q.vol), coef: -1 });
    this.logBase = Math.log(Number(market.price));
    const marketId = hashString(`${market.base}/${market.quote}@${venue}`);
    this.volumeKey = keyOf(seed, marketId, 9);
    this.moodKeys = [keyOf(seed, marketId, 11), keyOf(seed, marketId, 12), keyOf(seed, marketId, 13)];
    this.offsetKey = keyOf(seed, hashString(`${market.base}/${market.quote}@${venue}:offset`), 10);
    this.venue = VENUES[venue] ?? { bias: ((hashString(venue) % 600) - 300) / 100, swing: 4, volume: 0.3, halfSpread: 1.5 };
    const tick = market.pricePrecision === undefined ? 0 : 10 ** -market.pricePrecision / Number(market.price);
    this.halfSpread = Math.max(this.venue.halfSpread * 1e-4, 0.6 * tick);
    this.sideKey = keyOf(seed, marketId, 14);
    const daily = market.dailyVolume ?? 3_000_000 / Number(market.price);
    this.stepVolume = (daily * this.venue.volume) / (86_400 / STEP_S);
    let variance = 0;
    for (const t of this.terms) variance += (t.coef * t.factor.dailyVol) ** 2;
    this.stepSigma = Math.sqrt(variance / (86_400 / STEP_S)) || 1e-9;
  }

  /** About how much trades in a minute here: books are sized by it. */
  get minuteVolume(): number {
    return this.stepVolume * STEPS;
  }

  /** Which side a trade at `ms` hits: +1 the ask (a buy), -1 the bid (a sell). */
  side(ms: number): 1 | -1 {
    const t = Math.round(ms);
    return (at(this.sideKey, Math.floor(t / 4_294_967_296) ^ (t | 0)) & 1) === 0 ? 1 : -1;
  }

  /** The trade price at `ms` given the mid's log: half a spread to the side hit. */
  private print(x: number, ms: number): number {
    return Math.exp(x) * (1 + this.halfSpread * this.side(ms));
  }

  /** The venue's offset (log) at a minute boundary. */
  private offset(minuteIndex: number): number {
    const k = Math.floor(minuteIndex / OFFSET_KNOT_MIN);
    const f = (minuteIndex - k * OFFSET_KNOT_MIN) / OFFSET_KNOT_MIN;
    const knot = (n: number) => (this.venue.bias + this.venue.swing * (2 * unit(at(this.offsetKey, n)) - 1)) * 1e-4;
    return knot(k) * (1 - f) + knot(k + 1) * f;
  }

  /** Fills `grid` with the 13 log prices of a minute and `gridVolume` with its 12 steps' volumes. */
  private fillMinute(minuteIndex: number, grid: Float64Array, volumes: Float64Array): void {
    grid.fill(this.logBase);
    const hourIndex = Math.floor(minuteIndex / 60);
    const k = minuteIndex - hourIndex * 60;
    for (const t of this.terms) {
      const minutes = t.factor.minutes(hourIndex);
      const sigma = t.factor.hourSigma(hourIndex) / Math.sqrt(60 * STEPS);
      t.factor.addSteps(minuteIndex, minutes[k]!, minutes[k + 1]!, sigma, t.coef, grid);
    }
    // How far the market moves in this hour, in hourly standard deviations: busy hours move more.
    let hourMove = 0;
    for (const t of this.terms) {
      const minutes = t.factor.minutes(hourIndex);
      hourMove += t.coef * (minutes[60]! - minutes[0]!);
    }
    const hourZ = Math.min(3, Math.abs(hourMove) / (this.stepSigma * Math.sqrt(60 * STEPS)));
    const mood =
      Math.exp(0.25 * gauss(at(this.moodKeys[0], Math.floor(hourIndex / 24))) + 0.3 * gauss(at(this.moodKeys[1], hourIndex)) + 0.5 * gauss(at(this.moodKeys[2], minuteIndex)) - 0.2) *
      (0.75 + 0.3 * hourZ);
    const o0 = this.offset(minuteIndex);
    const o1 = this.offset(minuteIndex + 1);
    for (let s = 0; s <= STEPS; s++) grid[s]! += o0 + ((o1 - o0) * s) / STEPS;
    const act = activity(hourIndex);
    for (let s = 0; s < STEPS; s++) {
      const h = at(this.volumeKey, minuteIndex * STEPS + s);
      const move = Math.min(4, Math.abs(grid[s + 1]! - grid[s]!) / this.stepSigma);
      let v = this.stepVolume * act * mood * (0.4 + 0.75 * move) * (0.35 + 1.3 * unit(h));
      if ((h & 0xff) < 2) v *= 3 + 5 * unit(mix(h)); // now and then a large order
      volumes[s] = v;
    }
  }

  /** A minute's grid, cached: live prices and the 24 h window read the same few minutes many times a second. */
  private minuteGrid(minuteIndex: number): { grid: Float64Array; volumes: Float64Array } {
    let entry = this.grids.get(minuteIndex);
    if (!entry) {
      entry = { grid: new Float64Array(STEPS + 1), volumes: new Float64Array(STEPS) };
      this.fillMinute(minuteIndex, entry.grid, entry.volumes);
      remember(this.grids, minuteIndex, entry, 6);
    }
    return entry;
  }

  /** Summaries of every minute and hour of a day, and the day itself. */
  private day(day: number): { minutes: Float64Array; hours: Float64Array; total: Float64Array } {
    const minutes = new Float64Array(1440 * W);
    const hours = new Float64Array(24 * W);
    const grid = new Float64Array(STEPS + 1);
    const volumes = new Float64Array(STEPS);
    for (let m = 0; m < 1440; m++) {
      this.fillMinute(day * 1440 + m, grid, volumes);
      let hi = grid[0]!;
      let lo = grid[0]!;
      for (let s = 1; s <= STEPS; s++) {
        const x = grid[s]!;
        if (x > hi) hi = x;
        else if (x < lo) lo = x;
      }
      let volume = 0;
      for (let s = 0; s < STEPS; s++) volume += volumes[s]!;
      const i = m * W;
      const start = (day * 1440 + m) * 60_000;
      minutes[i + O] = this.print(grid[0]!, start);
      minutes[i + H] = Math.exp(hi) * (1 + this.halfSpread);
      minutes[i + L] = Math.exp(lo) * (1 - this.halfSpread);
      minutes[i + C] = this.print(grid[STEPS]!, start + 60_000);
      minutes[i + V] = volume;
      minutes[i + A] = (volume * (minutes[i + O]! + minutes[i + H]! + minutes[i + L]! + minutes[i + C]!)) / 4;
    }
    for (let h = 0; h < 24; h++) combineInto(hours, h * W, minutes, h * 60 * W, 60);
    const total = new Float64Array(W);
    combineInto(total, 0, hours, 0, 24);
    return { minutes, hours, total };
  }

  private ensureDay(day: number, need: 'minutes' | 'hours' | 'total'): Float64Array {
    const cached = need === 'total' ? this.dayTotals.get(day) : need === 'hours' ? this.hourArrays.get(day) : this.minuteArrays.get(day);
    if (cached) return cached;
    const d = this.day(day);
    this.dayTotals.set(day, d.total);
    remember(this.hourArrays, day, d.hours, 400);
    remember(this.minuteArrays, day, d.minutes, 12);
    return d[need];
  }

  /** The summary of a whole minute (index since 1970). */
  private minuteUnit(m: number): [Float64Array, number] {
    const day = Math.floor(m / 1440);
    return [this.ensureDay(day, 'minutes'), (m - day * 1440) * W];
  }

  /** The log price at a point of a minute's grid, `pos` in steps (0 to 12, fractional). */
  private static lerp(grid: Float64Array, pos: number): number {
    const s = Math.min(STEPS - 1, Math.floor(pos));
    return grid[s]! + (grid[s + 1]! - grid[s]!) * (pos - s);
  }

  /** A span [from, to] inside one minute, in grid steps. */
  private partial(m: number, from: number, to: number, out: Float64Array, offset: number): void {
    const { grid, volumes } = this.minuteGrid(m);
    const first = PricePath.lerp(grid, from);
    const last = PricePath.lerp(grid, to);
    let hi = Math.max(first, last);
    let lo = Math.min(first, last);
    for (let s = Math.floor(from) + 1; s < to; s++) {
      hi = Math.max(hi, grid[s]!);
      lo = Math.min(lo, grid[s]!);
    }
    let volume = 0;
    for (let s = Math.floor(from); s < Math.ceil(to) && s < STEPS; s++) {
      const a = Math.max(from, s);
      const b = Math.min(to, s + 1);
      if (b > a) volume += volumes[s]! * (b - a);
    }
    const ms = (pos: number) => (m * STEPS + pos) * STEP_S * 1000;
    out[offset + O] = this.print(first, ms(from));
    out[offset + H] = Math.exp(hi) * (1 + this.halfSpread);
    out[offset + L] = Math.exp(lo) * (1 - this.halfSpread);
    out[offset + C] = this.print(last, ms(to));
    out[offset + V] = volume;
    out[offset + A] = (volume * (out[offset + O]! + out[offset + H]! + out[offset + L]! + out[offset + C]!)) / 4;
  }

  /** The price at `ms` (a float; the caller rounds it to the market's precision). */
  priceAt(ms: number): number {
    const stepPos = Math.max(ms, LISTED_AT_MS) / 1000 / STEP_S;
    const m = Math.floor(stepPos / STEPS);
    return this.print(PricePath.lerp(this.minuteGrid(m).grid, stepPos - m * STEPS), Math.max(ms, LISTED_AT_MS));
  }

  /**
   * What traded in [fromMs, toMs]: the price at `fromMs`, the extremes, the price at `toMs`, and
   * the volume. Null when the span ends before the market was listed.
   */
  window(fromMs: number, toMs: number): Ohlcv | null {
    const a = Math.max(fromMs, LISTED_AT_MS) / 1000 / STEP_S; // in grid steps since 1970
    const b = toMs / 1000 / STEP_S;
    if (b < a) return null;
    const acc = new Float64Array(W);
    let empty = true;
    const piece = new Float64Array(W);
    const add = (src: Float64Array, i: number) => {
      if (empty) {
        acc.set(src.subarray(i, i + W));
        empty = false;
      } else combineInto(acc, 0, concat2(acc, src, i), 0, 2);
    };
    const mA = Math.floor(a / STEPS);
    const mB = Math.floor(b / STEPS);
    if (mA === mB) {
      this.partial(mA, a - mA * STEPS, b - mB * STEPS, piece, 0);
      add(piece, 0);
    } else {
      let m = mA;
      if (a > mA * STEPS) {
        this.partial(mA, a - mA * STEPS, STEPS, piece, 0);
        add(piece, 0);
        m++;
      }
      while (m < mB) {
        if (m % 1440 === 0 && m + 1440 <= mB) {
          add(this.ensureDay(m / 1440, 'total'), 0);
          m += 1440;
        } else if (m % 60 === 0 && m + 60 <= mB) {
          const day = Math.floor(m / 1440);
          add(this.ensureDay(day, 'hours'), ((m - day * 1440) / 60) * W);
          m += 60;
        } else {
          const [arr, i] = this.minuteUnit(m);
          add(arr, i);
          m++;
        }
      }
      if (b > mB * STEPS) {
        this.partial(mB, 0, b - mB * STEPS, piece, 0);
        add(piece, 0);
      }
    }
    return empty ? null : { open: acc[O]!, high: acc[H]!, low: acc[L]!, close: acc[C]!, volume: acc[V]!, amount: acc[A]! };
  }

  /**
   * The candle of `intervalS` seconds that opens at `openS` (Unix seconds), as of `asOfMs`: a
   * candle still forming stops there. Null for a candle that opens after asOfMs or before listing.
   */
  candle(intervalS: number, openS: number, asOfMs: number): Ohlcv | null {
    const start = openS * 1000;
    if (start > asOfMs || start + intervalS * 1000 <= LISTED_AT_MS) return null;
    return this.window(start, Math.min(asOfMs, (openS + intervalS) * 1000));
  }
}

const scratch = new Float64Array(2 * W);
/** The two summaries `acc` and `src[i…]` side by side, for combineInto. */
function concat2(acc: Float64Array, src: Float64Array, i: number): Float64Array {
  scratch.set(acc.subarray(0, W), 0);
  scratch.set(src.subarray(i, i + W), W);
  return scratch;
}

/** Folds `count` consecutive summaries of `src` (from slot `from`) into `out` at `at`. */
function combineInto(out: Float64Array, atSlot: number, src: Float64Array, from: number, count: number): void {
  let hi = -Infinity;
  let lo = Infinity;
  let volume = 0;
  let amount = 0;
  for (let k = 0; k < count; k++) {
    const i = from + k * W;
    if (src[i + H]! > hi) hi = src[i + H]!;
    if (src[i + L]! < lo) lo = src[i + L]!;
    volume += src[i + V]!;
    amount += src[i + A]!;
  }
  const open = src[from + O]!;
  const close = src[from + (count - 1) * W + C]!;
  out[atSlot + O] = open;
  out[atSlot + H] = hi;
  out[atSlot + L] = lo;
  out[atSlot + C] = close;
  out[atSlot + V] = volume;
  out[atSlot + A] = amount;
}
