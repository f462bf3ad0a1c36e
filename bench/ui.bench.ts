/// <reference lib="dom" />
// UI: the web host serving watchlist rows that each update at 10 Hz, measured in Chromium against a
// baseline measured in the same run: a plain table of the same rows and columns whose price cells
// change at the same rate, no framework, in the same browser with the same flags. Two cases: 200
// CoinKing rows, and 500 rows across the three venues (interleaved, so every venue is on screen).
// Per run: frames per second (requestAnimationFrame), long tasks (PerformanceObserver), and the
// latency from the simulator sending a price to a MutationObserver seeing it in its row (CoinKing
// rows, whose simulator reports each price it sends). Runs alternate baseline and Vigil; the
// result is the median of the runs. BENCH_UI_PROFILE=1 also writes a CPU profile summary.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { it } from 'vitest';
import { startCoinKingSimulator } from '../src/main/core/simulators/coinking/simulator';
import { DEMO_CREDENTIALS, startCryptomusSimulator } from '../src/main/core/simulators/cryptomus/simulator';
import { startItickSimulator } from '../src/main/core/simulators/itick/simulator';
import type { SimMarketSpec } from '../src/main/core/simulators/random-walk';
import { EXCHANGE_MODULES } from '../src/main/core/exchange-modules';
import type { ExchangeModule } from '../src/main/core/exchange-adapter';
import { loadConfig } from '../src/main/core/config';
import { createCore } from '../src/main/core/create-core';
import { silentLogger } from '../src/main/core/log';
import { startWebHost } from '../src/main/web/server';
import type { ExchangeId } from '../src/shared/model';
import { CHROMIUM_ARGS, median, percentile, record } from './harness';

const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 15);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 3);
const PROFILE = process.env.BENCH_UI_PROFILE === '1';
const TICK_MS = 100; // every market moves on every tick: 10 Hz per row
const VIEWPORT = { width: 1440, height: 900 };
/** The core's frame interval (the app's is 100 ms); BENCH_UI_FRAME_MS explores the trade-off. */
const FRAME_MS = process.env.BENCH_UI_FRAME_MS ? Number(process.env.BENCH_UI_FRAME_MS) : null;
/** BENCH_UI_ROWS=500: one case only. */
const ONLY_ROWS = process.env.BENCH_UI_ROWS ? Number(process.env.BENCH_UI_ROWS) : null;

interface PageRun {
  fps: number;
  longTasks: number[];
  changes: { market: string; text: string; at: number }[];
}

/** In the page: counts frames, long tasks and price-cell changes for `seconds`. */
async function measure(page: Page, seconds: number): Promise<PageRun> {
  return page.evaluate(async (secs) => {
    const now = () => performance.timeOrigin + performance.now();
    const changes: { market: string; text: string; at: number }[] = [];
    const longTasks: number[] = [];
    let frames = 0;
    const observer = new MutationObserver((records) => {
      const at = now();
      for (const r of records) {
        const cell = (r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : (r.target as Element))?.closest('[data-testid="last-price"]');
        const row = cell?.closest('[data-testid="watchlist-row"]');
        if (cell && row) changes.push({ market: row.getAttribute('data-market') ?? '', text: cell.textContent ?? '', at });
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    const lt = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    lt.observe({ type: 'longtask' });
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        frames++;
        if (performance.now() - start < secs * 1000) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    lt.disconnect();
    return { fps: frames / ((performance.now() - start) / 1000), longTasks, changes };
  }, seconds);
}

/**
 * The baseline: the same rows and columns as a plain table (one <tr> per market, eleven cells, the
 * same text in each), whose price, change and time cells are rewritten for every row every 100 ms
 * by a timer, as fast as the DOM allows: what the updates alone cost the browser.
 */
function baselineHtml(markets: string[]): string {
  const rows = markets
    .map(
      (m, i) =>
        `<tr data-testid="watchlist-row" data-market="${m}"><td>⋮</td><td><b>${m.split(':')[1]}</b> <small>${m.split(':')[0]}</small></td>` +
        `<td class="r" data-testid="last-price">${(100 + i * 7.31).toFixed(2)}</td><td class="r">0.00%</td><td class="r">${(110 + i * 7.31).toFixed(2)}</td>` +
        `<td class="r">${(90 + i * 7.31).toFixed(2)}</td><td class="r">1.2K</td><td class="r"><svg width="96" height="22"><polyline points="2,11 94,11" stroke="#888" fill="none"/></svg></td>` +
        `<td class="r">12:00:00</td><td class="r">LIVE</td><td>×</td></tr>`,
    )
    .join('');
  return `<!doctype html><html><head><style>
body{margin:0;font:13px system-ui,sans-serif;background:#111;color:#ddd}
.scroll{height:100vh;overflow:auto}table{width:100%;border-collapse:collapse;table-layout:fixed}
td{height:32px;padding:0 12px;border-bottom:1px solid #333;white-space:nowrap}.r{text-align:right;font-variant-numeric:tabular-nums}
</style></head><body><div class="scroll"><table><tbody>${rows}</tbody></table></div><script>
const rows=[...document.querySelectorAll('tr')].map(tr=>({price:tr.children[2],change:tr.children[3],time:tr.children[8],p:Number(tr.children[2].textContent)}));
setInterval(()=>{const t=new Date().toTimeString().slice(0,8);for(const r of rows){r.p=Math.max(0.01,r.p*(1+(Math.random()-0.5)*0.002));r.price.textContent=r.p.toFixed(2);r.change.textContent=((Math.random()-0.5)*10).toFixed(2)+'%';r.time.textContent=t;}},${TICK_MS});
</script></body></html>`;
}

interface Case {
  rows: number;
  venues: ExchangeId[];
}

interface Scenario {
  url: string;
  markets: string[];
  sent: Map<string, { price: string; at: number }[]>;
  close(): Promise<void>;
}

const spec = (prefix: string, i: number): SimMarketSpec => ({ base: `${prefix}${i}`, quote: 'USDT', price: (100 + i * 7.31).toFixed(2), pricePrecision: 2 });

/** The core with a simulator per venue, all markets moving every 100 ms, served by the web host. */
async function startScenario(c: Case): Promise<Scenario> {
  const perVenue = Math.ceil(c.rows / c.venues.length);
  const sent = new Map<string, { price: string; at: number }[]>();
  const specs = Object.fromEntries(c.venues.map((v) => [v, Array.from({ length: perVenue }, (_, i) => spec(v.slice(0, 2).toUpperCase(), i))])) as Record<ExchangeId, SimMarketSpec[]>;
  const closers: (() => Promise<void>)[] = [];
  const starters: Record<ExchangeId, ExchangeModule['startDemo']> = {
    coinking: async () => {
      const sim = await startCoinKingSimulator({
        markets: specs.coinking,
        tickMs: TICK_MS,
        tradeProbability: 1,
        seed: 9,
        onPrice: (market, price, at) => {
          const list = sent.get(market) ?? [];
          list.push({ price, at });
          if (list.length > 2000) list.splice(0, 1000);
          sent.set(market, list);
        },
      });
      return { endpoints: { coinkingWs: sim.url, coinkingApi: sim.apiUrl }, close: () => sim.close() };
    },
    cryptomus: async () => {
      const sim = await startCryptomusSimulator({ markets: specs.cryptomus, tickMs: TICK_MS, tradeProbability: 1, accountMs: 0, seed: 10 });
      return { endpoints: sim.endpoints, credentials: { cryptomus: { ...DEMO_CREDENTIALS } }, close: () => sim.close() };
    },
    itick: async () => {
      const sim = await startItickSimulator({ markets: specs.itick, tickMs: TICK_MS, moveProbability: 1, seed: 11 });
      return { endpoints: { itickWs: sim.wsUrl, itickApi: sim.apiUrl }, credentials: { itick: { token: sim.tokens[0]! } }, close: () => sim.close() };
    },
  };
  const modules = EXCHANGE_MODULES.filter((m) => c.venues.includes(m.exchange)).map((m) => ({ ...m, startDemo: starters[m.exchange] }));
  // Interleaved venues: the rows on screen include every venue.
  const markets: string[] = [];
  for (let i = 0; markets.length < c.rows; i++) for (const v of c.venues) if (markets.length < c.rows) markets.push(`${v}:${specs[v][i]!.base}/USDT`);
  const home = mkdtempSync(join(tmpdir(), 'vigil-ui-bench-'));
  const config = loadConfig({ host: 'web', version: 'bench', env: { VIGIL_HOME: home, VIGIL_DEMO: '1', VIGIL_WATCHLIST: markets.join(',') } });
  const core = createCore(FRAME_MS ? { ...config, frameIntervalMs: FRAME_MS } : config, { log: silentLogger, modules });
  await core.start();
  const host = await startWebHost({ core, staticDir: fileURLToPath(new URL('../out/renderer', import.meta.url)), port: 0 });
  closers.push(() => host.close(), () => core.stop());
  return {
    url: host.url,
    markets,
    sent,
    async close() {
      for (const close of closers) await close();
    },
  };
}

/** Feed-to-DOM latencies of the CoinKing rows: each DOM change matched to the latest send of that price before it. */
function latencies(run: PageRun, sent: Scenario['sent']): { values: number[]; unmatched: number } {
  const values: number[] = [];
  let unmatched = 0;
  for (const c of run.changes) {
    if (!c.market.startsWith('coinking:')) continue;
    const wire = c.market.replace(/^coinking:/, '').replace('/', '');
    const price = c.text.replace(/[^\d.]/g, '');
    const sends = sent.get(wire) ?? [];
    let match: number | null = null;
    for (let i = sends.length - 1; i >= 0; i--) {
      const s = sends[i]!;
      if (s.at <= c.at && Number(s.price) === Number(price)) {
        match = s.at;
        break;
      }
    }
    if (match === null) unmatched++;
    else values.push(c.at - match);
  }
  return { values, unmatched };
}

/** Self time by function over a run of the Vigil page, top entries: where the renderer's time goes. */
async function profile(page: Page, seconds: number): Promise<{ fn: string; selfMs: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(seconds * 1000);
  const { profile: p } = await cdp.send('Profiler.stop');
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const byFn = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([fn, selfMs]) => ({ fn, selfMs: Math.round(selfMs) }));
}

async function runCase(browser: Browser, c: Case): Promise<Record<string, number>> {
  const scenario = await startScenario(c);
  try {
    const openVigil = async () => {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(scenario.url);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="watchlist-row"][data-state="live"]').length >= 20, null, { timeout: 60_000 });
      await page.waitForTimeout(2000); // warm-up: first prices, fonts, JIT
      return page;
    };
    const v: { fps: number; longest: number; longCount: number; p50: number; p99: number; changes: number }[] = [];
    const b: { fps: number; longest: number; longCount: number }[] = [];
    // One page open at a time, so neither competes with the other for the browser.
    for (let r = 0; r < RUNS; r++) {
      const base = await browser.newPage({ viewport: VIEWPORT });
      await base.setContent(baselineHtml(scenario.markets));
      await base.waitForTimeout(2000);
      const br = await measure(base, SECONDS);
      b.push({ fps: br.fps, longest: Math.max(0, ...br.longTasks), longCount: br.longTasks.length });
      await base.close();
      const vigil = await openVigil();
      const vr = await measure(vigil, SECONDS);
      await vigil.close();
      const lat = latencies(vr, scenario.sent);
      v.push({
        fps: vr.fps,
        longest: Math.max(0, ...vr.longTasks),
        longCount: vr.longTasks.length,
        p50: lat.values.length ? percentile(lat.values, 50) : NaN,
        p99: lat.values.length ? percentile(lat.values, 99) : NaN,
        changes: vr.changes.length,
      });
    }
    if (PROFILE) {
      const vigil = await openVigil();
      const top = await profile(vigil, Math.min(SECONDS, 10));
      await vigil.close();
      const dir = join(import.meta.dirname, '.out');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `ui-profile-${c.rows}.json`), JSON.stringify(top, null, 2));
    }
    const vigilFps = median(v.map((x) => x.fps));
    const baseFps = median(b.map((x) => x.fps));
    return {
      fpsRatio: Number((vigilFps / baseFps).toFixed(2)),
      vigilFps: Number(vigilFps.toFixed(1)),
      baselineFps: Number(baseFps.toFixed(1)),
      longTasks: median(v.map((x) => x.longCount)),
      longestTaskMs: Math.round(Math.max(...v.map((x) => x.longest))),
      baselineLongestTaskMs: Math.round(Math.max(...b.map((x) => x.longest))),
      latencyP50Ms: Math.round(median(v.map((x) => x.p50))),
      latencyP99Ms: Math.round(median(v.map((x) => x.p99))),
      domPriceChanges: median(v.map((x) => x.changes)),
    };
  } finally {
    await scenario.close();
  }
}

it('ui', async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const metrics: Record<string, number | string> = { seconds: SECONDS, runs: RUNS, frameIntervalMs: FRAME_MS ?? 100 };
  let met = true;
  try {
    for (const c of [
      { rows: 200, venues: ['coinking'] as ExchangeId[] },
      { rows: 500, venues: ['coinking', 'cryptomus', 'itick'] as ExchangeId[] },
    ].filter((c) => ONLY_ROWS === null || c.rows === ONLY_ROWS)) {
      const m = await runCase(browser, c);
      for (const [k, value] of Object.entries(m)) metrics[`rows${c.rows}_${k}`] = value;
      met &&= m.fpsRatio! >= 0.9 && m.longestTaskMs! <= 50 && m.latencyP99Ms! < 50;
    }
  } finally {
    await browser.close();
  }
  record({
    name: 'ui',
    metrics,
    target: 'at 200 and 500 rows (10 Hz each): fps >= 0.9x the plain-table baseline, no long task over 50 ms, feed-to-DOM p99 < 50 ms',
    met,
  });
});
