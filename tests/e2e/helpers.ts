// What every browser end-to-end test shares: the built web host in demo mode with a fresh data
// folder, Debian's Chromium, a watch for console errors and CSP violations, and polling.
// Needs `npx electron-vite build` first (it runs the built web host from out/).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = join(ROOT, 'test-results');
const WEB_HOST = join(ROOT, 'out/main/web.js');
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/;

/** The error the core answers for a command no part of it serves yet, as the UI words it in English. */
export function notAvailable(command: string): RegExp {
  return new RegExp(`“${command.replace('.', '\\.')}” is not available in this build`);
}

/** The same error as it travels: a code with parameters (the core never sends prose). */
export function unavailable(command: string): { code: string; params: { command: string } } {
  return { code: 'command.unavailable', params: { command } };
}

export interface WebHost {
  child: ChildProcess;
  url: string;
}

export function startWebHost(home: string, env: Record<string, string> = {}): Promise<WebHost> {
  const child = spawn(process.execPath, [WEB_HOST, '--no-open', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, VIGIL_DEMO: '1', VIGIL_HOME: home, ...env },
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

export async function stopWebHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects console errors, uncaught page errors and CSP violations: any of them fails a test. */
export async function watchForErrors(page: Page): Promise<string[]> {
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
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
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

/** One web host and one browser for a test file, and pages that watch for errors. */
export interface Session {
  host: WebHost;
  browser: Browser;
  /** A fresh page (own context) at 1280×720, already watched for errors. */
  page(options?: { locale?: string; width?: number; height?: number; acceptDownloads?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startSession(env: Record<string, string> = {}): Promise<Session> {
  await mkdir(RESULTS, { recursive: true });
  const home = await mkdtemp(join(tmpdir(), 'vigil-e2e-'));
  const [host, browser] = await Promise.all([startWebHost(home, env), launchBrowser()]);
  const contexts: BrowserContext[] = [];
  return {
    host,
    browser,
    async page(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 720 },
        locale: options.locale ?? 'en-US',
        acceptDownloads: options.acceptDownloads ?? false,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors = await watchForErrors(page);
      return { page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await stopWebHost(host.child);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until it has talked to the core (the demo badge shows). */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('demo-badge').waitFor({ state: 'visible', timeout: 15_000 });
}

/** Opens a screen from the navigation rail. */
export async function goTo(page: Page, screen: string): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await until(`the ${screen} screen`, async () => (await page.locator('#screen').getAttribute('data-screen')) === screen, 5_000);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, `${name}.png`) });
}

/** What a stand-in answer to one command is: a reply, an error, or no answer at all. */
export type Intercept = { reply: unknown } | { error: { code: string; params?: Record<string, unknown> } } | 'hold';

/**
 * Puts a stand-in core in front of the real one for the commands `answer` handles (it returns
 * undefined for the others, which go to the web host and back, like every event).
 */
export async function interceptCommands(
  page: Page,
  answer: (command: string, request: unknown) => Intercept | undefined,
  /** Events of the real core to keep from the page (pushes that would replace the stand-in answers). */
  dropEvents: readonly string[] = [],
): Promise<{ count(command: string): number }> {
  const counts = new Map<string, number>();
  await page.routeWebSocket(/\/api$/, (ws) => {
    const server = ws.connectToServer();
    if (dropEvents.length) {
      server.onMessage((message) => {
        const m = JSON.parse(String(message)) as { kind: string; event?: string };
        if (m.kind !== 'event' || !dropEvents.includes(m.event!)) ws.send(message);
      });
    }
    ws.onMessage((message) => {
      const m = JSON.parse(String(message)) as { id: number; command: string; request: unknown };
      const a = answer(m.command, m.request);
      if (a === undefined) {
        server.send(message);
        return;
      }
      counts.set(m.command, (counts.get(m.command) ?? 0) + 1);
      if (a === 'hold') return;
      ws.send(JSON.stringify('error' in a ? { kind: 'reply', id: m.id, ok: false, error: a.error } : { kind: 'reply', id: m.id, ok: true, reply: a.reply }));
    });
  });
  return { count: (command) => counts.get(command) ?? 0 };
}
