// The demo holds together: the three simulators, asked through their own WebSocket and REST
// interfaces at the same (virtual) moment, show the same market; an hour's candle is its minutes;
// the forming candle is not a giant; and 24 h changes stay in a realistic band.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../connection/clock';
import { CryptomusRest } from '../cryptomus/rest';
import { waitFor } from '../testing/fault-server.test-support';
import { startCoinKingSimulator, type CoinKingSimulator } from './coinking/simulator';
import { DEMO_CREDENTIALS, startCryptomusSimulator, type CryptomusSimulator } from './cryptomus/simulator';
import { startItickSimulator, type ItickSimulator } from './itick/simulator';
import { PricePath } from './price-path';
import { DEMO_MARKETS } from './random-walk';

const QUIET = 3_600_000; // no timer trades: the test trades at the moments it chooses
const TOKEN = 'coherence-token';
const START = Date.UTC(2026, 2, 10, 14, 7, 30);
const USDT = DEMO_MARKETS.filter((m) => m.quote === 'USDT');

const sockets: WebSocket[] = [];
let sims: { ck: CoinKingSimulator; cm: CryptomusSimulator; it: ItickSimulator } | null = null;

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  if (sims) await Promise.all([sims.ck.close(), sims.cm.close(), sims.it.close()]);
  sims = null;
});

async function startAll(clock: ManualClock) {
  // Different seeds for books and timing: only the (default) demo world is shared.
  const [ck, cm, it] = await Promise.all([
    startCoinKingSimulator({ clock, seed: 1, tickMs: QUIET }),
    startCryptomusSimulator({ clock, seed: 2, tickMs: QUIET, accountMs: 0 }),
    startItickSimulator({ clock, seed: 3, tickMs: QUIET, tokens: [TOKEN], heartbeatTimeoutMs: 0 }),
  ]);
  sims = { ck, cm, it };
  return sims;
}

type Frame = Record<string, unknown> & { id?: unknown; method?: string; params?: unknown[]; data?: Record<string, unknown>; result?: unknown };

async function socket(url: string, headers?: Record<string, string>) {
  const ws = new WebSocket(url, headers ? { headers } : {});
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  return { ws, frames };
}

/** A CoinKing JSON-RPC client. */
async function coinking(sim: CoinKingSimulator) {
  const { ws, frames } = await socket(sim.url);
  let id = 0;
  return async (method: string, params: unknown[]): Promise<unknown> => {
    const mine = ++id;
    ws.send(JSON.stringify({ id: mine, method, params }));
    await waitFor(() => frames.some((f) => f.id === mine), `${method} reply`);
    return frames.find((f) => f.id === mine)!.result;
  };
}

/** An iTick client following the quotes of every market. */
async function itickQuotes(sim: ItickSimulator) {
  const c = await socket(sim.wsUrl, { token: TOKEN });
  await waitFor(() => c.frames.some((f) => f.resAc === 'auth'), 'the iTick login');
  c.ws.send(JSON.stringify({ ac: 'subscribe', params: USDT.map((m) => `${m.base}${m.quote}`).join(','), types: 'quote' }));
  await waitFor(() => c.frames.filter((f) => f.data?.type === 'quote').length >= USDT.length, 'the first quotes');
  return c.frames;
}

/** A fresh Cryptomus connection (a token works once). */
async function cryptomus(sim: CryptomusSimulator) {
  const rest = new CryptomusRest({ apiUrl: sim.httpUrl, marketUrl: sim.httpUrl, scalesUrl: sim.httpUrl, credentials: DEMO_CREDENTIALS });
  return socket(`${sim.wsUrl}?token=${await rest.wsToken()}`);
}

const latest = (frames: Frame[], pick: (f: Frame) => [string, number] | null, since = 0): Map<string, number> => {
  const out = new Map<string, number>();
  for (const f of frames.slice(since)) {
    const hit = pick(f);
    if (hit) out.set(hit[0], hit[1]);
  }
  return out;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the demo world, through the simulators’ own interfaces', () => {
  it('shows a coin at the same price on all three venues at the same moment (within 0.5 %)', async () => {
    const clock = new ManualClock(START);
    const { ck, cm, it } = await startAll(clock);
    const call = await coinking(ck);
    const quotes = await itickQuotes(it);
    let worst = 0;
    for (let moment = 0; moment < 8; moment++) {
      clock.advance(moment === 0 ? 0 : 3 * 3_600_000 + 7 * 60_000 + 13_000);
      const cmSocket = await cryptomus(cm);
      cmSocket.ws.send(JSON.stringify({ id: 1, method: 'lastprice_subscribe', params: ['all'] }));
      await waitFor(() => cmSocket.frames.some((f) => f.id === 1), 'the lastprice ack');
      const quotesBefore = quotes.length;
      for (const m of USDT) {
        ck.trade(`${m.base}${m.quote}`);
        cm.trade(`${m.base}_${m.quote}`);
        it.trade(`${m.base}${m.quote}`);
      }
      await waitFor(() => cmSocket.frames.filter((f) => f.method === 'lastprice_update').length >= USDT.length, 'Cryptomus prices');
      await waitFor(() => quotes.length - quotesBefore >= USDT.length, 'iTick quotes');
      const cmPrices = latest(cmSocket.frames, (f) => (f.method === 'lastprice_update' ? [String(f.data!.symbol).replace('_', ''), Number(f.data!.price)] : null));
      const itPrices = latest(quotes, (f) => (f.data?.type === 'quote' ? [String(f.data.s).replace('_', ''), Number(f.data.ld)] : null), quotesBefore);
      for (const m of USDT) {
        const symbol = `${m.base}${m.quote}`;
        const prices = [Number(await call('price.query', [symbol])), cmPrices.get(symbol)!, itPrices.get(symbol)!];
        expect(prices.every((p) => p > 0), symbol).toBe(true);
        const spread = (Math.max(...prices) - Math.min(...prices)) / Math.min(...prices);
        worst = Math.max(worst, spread);
        expect(spread, `${symbol} at ${new Date(clock.now()).toISOString()}: ${prices.join(' / ')}`).toBeLessThan(0.005);
      }
      cmSocket.ws.terminate();
    }
    // Not identical either: each venue has its own small premium that wanders.
    expect(worst).toBeGreaterThan(0.00005);
    console.info(`venues: widest gap between venues over 8 moments × ${USDT.length} coins = ${(worst * 10_000).toFixed(1)} bp`);
  });

  it('builds every interval from the same minutes: 60 × 1m = 1h and 24 × 1h = 1d, on CoinKing (RPC) and iTick (REST)', async () => {
    const clock = new ManualClock(START);
    const { ck, it } = await startAll(clock);
    const call = await coinking(ck);
    const hourStart = Math.floor(START / 3_600_000) * 3_600_000 - 5 * 3_600_000; // a finished hour
    const dayStart = Math.floor(START / 86_400_000) * 86_400_000 - 3 * 86_400_000; // a finished day
    const itickKlines = async (code: string, kType: number, limit: number, et: number) => {
      const res = await fetch(`${it.apiUrl}/crypto/kline?region=BA&code=${code}&kType=${kType}&limit=${limit}&et=${et}`, { headers: { token: TOKEN } });
      const body = (await res.json()) as { data: { t: number; o: number; h: number; l: number; c: number; v: number }[] };
      return body.data.map((k) => ({ time: k.t, open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v }));
    };
    type Row = { time: number; open: number; high: number; low: number; close: number; volume: number };
    const fold = (rows: Row[]) => ({
      open: rows[0]!.open,
      high: Math.max(...rows.map((r) => r.high)),
      low: Math.min(...rows.map((r) => r.low)),
      close: rows.at(-1)!.close,
      volume: rows.reduce((s, r) => s + r.volume, 0),
    });
    const same = (parts: Row[], whole: Row, what: string) => {
      const f = fold(parts);
      expect([f.open, f.high, f.low, f.close], what).toEqual([whole.open, whole.high, whole.low, whole.close]);
      // Each part's volume is rounded to 4 places: the sum may differ by half a unit per part.
      expect(Math.abs(f.volume - whole.volume), what).toBeLessThanOrEqual(parts.length * 0.00005 + 1e-9);
      expect(whole.volume).toBeGreaterThan(0);
    };
    const ckRows = async (market: string, from: number, to: number, interval: number): Promise<Row[]> =>
      ((await call('kline.query', [market, from / 1000, to / 1000, interval])) as [number, string, string, string, string, string][]).map((r) => ({
        time: r[0] * 1000,
        open: Number(r[1]),
        close: Number(r[2]),
        high: Number(r[3]),
        low: Number(r[4]),
        volume: Number(r[5]),
      }));

    for (const market of ['BTCUSDT', 'DOGEUSDT', 'ETHBTC']) {
      const minutes = await ckRows(market, hourStart, hourStart + 3_540_000, 60);
      const [hour] = await ckRows(market, hourStart, hourStart, 3600);
      expect(minutes).toHaveLength(60);
      same(minutes, hour!, `CoinKing ${market} 1m → 1h`);
      const hours = await ckRows(market, dayStart, dayStart + 23 * 3_600_000, 3600);
      const [day] = await ckRows(market, dayStart, dayStart, 86_400);
      expect(hours).toHaveLength(24);
      same(hours, day!, `CoinKing ${market} 1h → 1d`);
      const fours = await ckRows(market, dayStart, dayStart + 20 * 3_600_000, 14_400);
      same(fours, day!, `CoinKing ${market} 4h → 1d`);

      const itMinutes = await itickKlines(market, 1, 60, hourStart + 3_540_000);
      const [itHour] = await itickKlines(market, 5, 1, hourStart);
      expect(itMinutes[0]!.time).toBe(hourStart);
      same(itMinutes, itHour!, `iTick ${market} 1m → 1h`);
      const itHours = await itickKlines(market, 5, 24, dayStart + 23 * 3_600_000);
      const [itDay] = await itickKlines(market, 8, 1, dayStart);
      same(itHours, itDay!, `iTick ${market} 1h → 1d`);
    }

    // The forming hour, too: its minutes so far are the hour so far.
    ck.trade('BTCUSDT');
    const now = Math.floor(START / 3_600_000) * 3_600_000;
    const sofar = await ckRows('BTCUSDT', now, START, 60);
    const [forming] = await ckRows('BTCUSDT', now, START, 3600);
    expect(sofar).toHaveLength(8);
    same(sofar, forming!, 'CoinKing BTCUSDT forming 1h');
  });

  it('ends every chart in an ordinary candle, and a day spans far more than a minute', async () => {
    const clock = new ManualClock(START);
    const { ck, it } = await startAll(clock);
    const call = await coinking(ck);
    clock.advance(41_000); // into the next minute, so the last candle is still forming
    const figures: string[] = [];
    for (const m of DEMO_MARKETS) {
      const market = `${m.base}${m.quote}`;
      ck.trade(market);
      it.trade(market);
      const ranges = new Map<number, number>();
      for (const interval of [60, 300, 900, 3600, 14_400, 86_400]) {
        const end = clock.now() / 1000;
        const rows = (await call('kline.query', [market, end - 120 * interval, end, interval])) as string[][];
        expect(rows.length, `${market} ${interval}`).toBeGreaterThanOrEqual(100);
        const volumes = rows.map((r) => Number(r[5]));
        const last = volumes.at(-1)!;
        const typical = median(volumes.slice(0, -1));
        expect(last, `${market} ${interval}s: the forming candle's volume against the median`).toBeLessThan(3 * typical);
        expect(Math.max(...volumes), `${market} ${interval}s: no candle dwarfs the rest`).toBeLessThan(12 * typical);
        ranges.set(interval, median(rows.slice(0, -1).map((r) => (Number(r[3]) - Number(r[4])) / Number(r[1]))));
        if (interval === 60) figures.push(`${market} last/median 1m volume ${(last / typical).toFixed(2)}`);
      }
      // Ranges grow with the interval, roughly as the square root of time (a day is 1440 minutes).
      expect(ranges.get(86_400)! / ranges.get(60)!, market).toBeGreaterThan(8);
      expect(ranges.get(3600)! / ranges.get(60)!, market).toBeGreaterThan(3);
      expect(ranges.get(86_400)!, `${market}: a day's median range`).toBeLessThan(0.12);

      const res = await fetch(`${it.apiUrl}/crypto/kline?region=BA&code=${market}&kType=1&limit=100&et=${clock.now()}`, { headers: { token: TOKEN } });
      const data = ((await res.json()) as { data: { v: number }[] }).data.map((k) => k.v);
      expect(data.at(-1)!, `iTick ${market}`).toBeLessThan(3 * median(data.slice(0, -1)));
    }
    console.info(figures.join('; '));
  });

  it('keeps 24 h changes in a realistic band over a 30-minute demo, alike on every venue', async () => {
    const clock = new ManualClock(START);
    const { ck, cm, it } = await startAll(clock);
    const call = await coinking(ck);
    const quotes = await itickQuotes(it);
    const cmSocket = await cryptomus(cm);
    const seen = new Map<string, number[]>(); // venue:market → changes in %
    const note = (key: string, pct: number) => seen.set(key, [...(seen.get(key) ?? []), pct]);
    let request = 0;
    for (let step = 0; step <= 60; step++) {
      if (step > 0) clock.advance(30_000);
      const quotesBefore = quotes.length;
      for (const m of USDT) {
        ck.trade(`${m.base}${m.quote}`);
        cm.trade(`${m.base}_${m.quote}`);
        it.trade(`${m.base}${m.quote}`);
      }
      // Cryptomus answers a ticker subscription with the current ticker of each market.
      const id = ++request;
      const from = cmSocket.frames.length;
      cmSocket.ws.send(JSON.stringify({ id, method: 'ticker_subscribe', params: ['all'] }));
      await waitFor(() => cmSocket.frames.slice(from).filter((f) => f.method === 'ticker_update').length >= DEMO_MARKETS.length, 'Cryptomus tickers');
      await waitFor(() => quotes.length - quotesBefore >= USDT.length, 'iTick quotes');
      const cmTickers = latest(cmSocket.frames, (f) => (f.method === 'ticker_update' ? [String(f.data!.symbol).replace('_', ''), Number(f.data!.price_change)] : null), from);
      const itTickers = latest(quotes, (f) => (f.data?.type === 'quote' ? [String(f.data.s).replace('_', ''), Number(f.data.chp)] : null), quotesBefore);
      for (const m of USDT) {
        const symbol = `${m.base}${m.quote}`;
        const state = (await call('state.query', [symbol, 86_400])) as { open: string; last: string };
        const changes = [(Number(state.last) / Number(state.open) - 1) * 100, cmTickers.get(symbol)!, itTickers.get(symbol)!];
        ['coinking', 'cryptomus', 'itick'].forEach((venue, i) => note(`${venue}:${symbol}`, changes[i]!));
        expect(Math.max(...changes) - Math.min(...changes), `${symbol}: 24 h change across venues`).toBeLessThan(0.5);
      }
    }
    let widestDrift = 0;
    let largest = 0;
    for (const [key, changes] of seen) {
      expect(changes).toHaveLength(61);
      const drift = Math.max(...changes) - Math.min(...changes);
      widestDrift = Math.max(widestDrift, drift);
      largest = Math.max(largest, ...changes.map(Math.abs));
      expect(drift, `${key}: how far the 24 h change moved in 30 minutes`).toBeLessThan(1.5);
      expect(Math.max(...changes.map(Math.abs)), `${key}: the 24 h change`).toBeLessThan(10);
    }
    console.info(`24 h change over 30 virtual minutes: largest |change| ${largest.toFixed(2)} %, widest drift ${widestDrift.toFixed(2)} pp`);
  });
});

describe('the demo world over a year (the path itself)', () => {
  it('prices ETH/BTC as ETH/USDT over BTC/USDT, within a few basis points', () => {
    const spec = (base: string, quote: string) => DEMO_MARKETS.find((m) => m.base === base && m.quote === quote)!;
    const [eth, btc, cross] = [spec('ETH', 'USDT'), spec('BTC', 'USDT'), spec('ETH', 'BTC')].map((m) => new PricePath(m, 'itick'));
    let worst = 0;
    for (let k = 0; k < 200; k++) {
      const t = Date.UTC(2024, 0, 1) + k * 1.9 * 86_400_000;
      const implied = eth!.priceAt(t) / btc!.priceAt(t);
      worst = Math.max(worst, Math.abs(cross!.priceAt(t) / implied - 1));
    }
    expect(worst).toBeLessThan(0.001);
  });

  it('keeps 24 h changes within a few percent most of the time, and never wild', () => {
    const changes: number[] = [];
    for (const m of USDT) {
      const path = new PricePath(m, 'coinking');
      for (let k = 0; k < 60; k++) {
        const t = Date.UTC(2025, 0, 1) + k * 6 * 86_400_000 + k * 3_917_000; // 60 moments over a year, at every hour of the day
        const w = path.window(t - 86_400_000, t)!;
        changes.push(Math.abs(w.close / w.open - 1) * 100);
      }
    }
    const sorted = changes.sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length * 0.5)]!;
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    console.info(`|24 h change| over ${sorted.length} samples: median ${p50.toFixed(2)} %, 95th percentile ${p95.toFixed(2)} %, max ${sorted.at(-1)!.toFixed(2)} %`);
    expect(p50).toBeGreaterThan(0.3); // it does move
    expect(p50).toBeLessThan(3);
    expect(p95).toBeLessThan(7);
    expect(sorted.at(-1)!).toBeLessThan(15);
  });
});
