/// <reference lib="dom" />
// UI: the web host serving 200 watchlist rows, each updating at about 10 Hz, measured in Chromium:
// frames per second (requestAnimationFrame), long tasks (PerformanceObserver), and the latency from
// the simulator sending a price to that price appearing in the DOM, at p50 and p99.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { startCoinKingSimulator } from '../src/main/core/simulators/coinking/simulator';
import { EXCHANGE_MODULES } from '../src/main/core/exchanges';
import { loadConfig } from '../src/main/core/config';
import { createCore } from '../src/main/core/engine';
import { silentLogger } from '../src/main/core/log';
import { startWebHost } from '../src/main/web/server';
import { CHROMIUM_ARGS, percentile, record } from './harness';

const ROWS = 200;
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 20);

it('ui', async () => {
  // Every market trades on every 100 ms tick: 200 rows at 10 Hz, 2,000 prices a second.
  const sent = new Map<string, { price: string; at: number }[]>();
  const markets = Array.from({ length: ROWS }, (_, i) => ({ base: `U${i}`, quote: 'USDT', price: (100 + i * 7.31).toFixed(2), pricePrecision: 2 }));
  const sim = await startCoinKingSimulator({
    markets,
    tickMs: 100,
    tradeProbability: 1,
    seed: 9,
    onPrice: (market, price, at) => {
      const list = sent.get(market) ?? [];
      list.push({ price, at });
      sent.set(market, list);
    },
  });
  const home = mkdtempSync(join(tmpdir(), 'vigil-ui-bench-'));
  const watchlist = markets.map((m) => `coinking:${m.base}/${m.quote}`).join(',');
  const config = loadConfig({ host: 'web', version: 'bench', env: { VIGIL_HOME: home, VIGIL_DEMO: '0', VIGIL_COINKING_WS_URL: sim.url, VIGIL_WATCHLIST: watchlist } });
  const core = createCore(config, { log: silentLogger, modules: EXCHANGE_MODULES.filter((m) => m.exchange === 'coinking') });
  await core.start();
  const host = await startWebHost({ core, staticDir: fileURLToPath(new URL('../out/renderer', import.meta.url)), port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="watchlist-row"]').length >= n, ROWS, { timeout: 30_000 });
    await page.waitForTimeout(2000); // warm-up: first prices, fonts, JIT
    const result = await page.evaluate(async (seconds) => {
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
          if (performance.now() - start < seconds * 1000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      observer.disconnect();
      lt.disconnect();
      return { fps: frames / ((performance.now() - start) / 1000), longTasks, changes };
    }, SECONDS);

    // Match each DOM change to the latest send of that price for that market before it.
    const latencies: number[] = [];
    let unmatched = 0;
    for (const c of result.changes) {
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
      else latencies.push(c.at - match);
    }
    const p50 = Math.round(percentile(latencies, 50));
    const p99 = Math.round(percentile(latencies, 99));
    const longest = result.longTasks.length ? Math.round(Math.max(...result.longTasks)) : 0;
    record({
      name: 'ui',
      metrics: {
        rows: ROWS,
        seconds: SECONDS,
        fps: Number(result.fps.toFixed(1)),
        longTasks: result.longTasks.length,
        longestTaskMs: longest,
        domPriceChanges: result.changes.length,
        latencyP50Ms: p50,
        latencyP99Ms: p99,
        unmatchedChanges: unmatched,
      },
      target: '>= 55 fps, no long task over 50 ms, feed-to-DOM latency p99 < 150 ms',
      met: result.fps >= 55 && longest <= 50 && p99 < 150 && latencies.length > 0,
    });
  } finally {
    await browser.close();
    await host.close();
    await core.stop();
    await sim.close();
  }
});
