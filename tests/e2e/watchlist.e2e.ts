// The foundation's live path, end to end: demo exchange simulators → core → web host → browser.
// Needs `npx electron-vite build` first (it runs the built web host from out/).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_HOST = join(ROOT, 'out/main/web.js');
const RESULTS = join(ROOT, 'test-results');
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/;
const DEMO_MARKETS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'LTC', 'BNB', 'ADA'].map((b) => `coinking:${b}/USDT`);
const BTC_ROW = '[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]';
/** A grouped decimal as the watchlist prints it, e.g. "107,152.55". */
const PRICE_TEXT = /^\d{1,3}(,\d{3})*(\.\d+)?$/;

interface WebHost {
  child: ChildProcess;
  url: string;
}

function startWebHost(home: string): Promise<WebHost> {
  const child = spawn(process.execPath, [WEB_HOST, '--no-open', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, VIGIL_DEMO: '1', VIGIL_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[0] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`web host exited early (code ${code}, signal ${signal}):\n${output}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function stopWebHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Collects console errors, uncaught page errors and CSP violations: any of them fails a test. */
async function watchForErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.exposeFunction('__vigilCspViolation', (text: string) => errors.push(`CSP violation: ${text}`));
  // A string, because this runs in the page and the tests' TypeScript has no DOM types.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
    window.__vigilCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`);
  return errors;
}

/** Polls until `probe` returns something other than null, undefined or false. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('watchlist (web host, demo mode)', () => {
  let host: WebHost;
  let home: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    home = await mkdtemp(join(tmpdir(), 'vigil-e2e-'));
    host = await startWebHost(home);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    if (host) await stopWebHost(host.child);
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('shows the demo watchlist with live prices', async () => {
    const page = await newPage();
    const errors = await watchForErrors(page);
    await page.goto(host.url);

    await page.getByTestId('demo-badge').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.getByTestId('demo-badge').innerText()).toMatch(/demo/i);
    // The token leaves the address bar once it is in session storage.
    expect(page.url()).not.toContain('token=');

    const markets = await until(
      'a row per demo market',
      async () => {
        const shown = await page.getByTestId('watchlist-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')));
        return DEMO_MARKETS.every((m) => shown.includes(m)) && shown;
      },
      15_000,
    );
    expect(markets).toHaveLength(DEMO_MARKETS.length);

    const price = page.locator(BTC_ROW).getByTestId('last-price');
    const first = await until('a BTC/USDT price', async () => PRICE_TEXT.test((await price.innerText()).trim()) && (await price.innerText()).trim(), 15_000);
    expect(Number(first.replace(/,/g, ''))).toBeGreaterThan(0);
    const next = await until(
      'the BTC/USDT price to change',
      async () => {
        const text = (await price.innerText()).trim();
        return text !== first && PRICE_TEXT.test(text) && text;
      },
      15_000,
    );
    expect(next).not.toBe(first);

    const row = page.locator(BTC_ROW);
    await until('BTC/USDT to be marked live', async () => (await row.getAttribute('data-state')) === 'live', 10_000);
    expect(await row.getByTestId('live-marker').isVisible()).toBe(true);
    expect(await row.getByTestId('stale-marker').count()).toBe(0);

    const coinking = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('CoinKing to be live in the status bar', async () => (await coinking.getAttribute('data-state')) === 'live', 10_000);
    expect(await coinking.innerText()).toMatch(/CoinKing[\s\S]*Live/);
    expect(await page.getByTestId('core-banner').count()).toBe(0);

    // Let a few frames flash by, so the screenshot shows the screen as a trader sees it.
    await page.waitForTimeout(1_200);
    await page.screenshot({ path: join(RESULTS, 'watchlist.png') });

    // A reload still works: the token was kept for this tab.
    await page.reload();
    await until('prices after a reload', async () => PRICE_TEXT.test((await price.innerText()).trim()), 15_000);

    expect(errors).toEqual([]);
  });

  it('gets no data without the access token, and says so', async () => {
    const page = await newPage();
    let marketFrames = 0;
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('market.')) marketFrames += 1;
      });
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(new URL('/', host.url).href);

    const error = page.getByTestId('watchlist-error');
    await error.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await error.innerText()).toMatch(/token/i);
    await page.getByTestId('core-banner').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.getByTestId('watchlist-row').count()).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    expect(marketFrames).toBe(0);
    // The refused handshake logs a console error by design; the app itself must not throw.
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(RESULTS, 'watchlist-no-token.png') });
  });
});
