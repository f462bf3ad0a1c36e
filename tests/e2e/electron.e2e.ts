// The desktop app itself, driven by Playwright's Electron support. The Electron binary cannot be
// downloaded on the CI machines, so this runs wherever one is installed and says so when it skips.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

/** The installed Electron binary, found without loading the package (which would try to download one). */
function electronBinary(): string | null {
  const pkg = join('node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (!binary) console.warn('SKIPPED: the Electron desktop test (no Electron binary here; ELECTRON_SKIP_BINARY_DOWNLOAD or no network).');

describe.skipIf(!binary)('the desktop app', () => {
  it('opens a sandboxed window that streams demo prices into the watchlist', async () => {
    const app = await _electron.launch({
      executablePath: binary!,
      args: ['out/main/index.js', '--no-sandbox'],
      env: { ...process.env, VIGIL_DEMO: '1', VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-electron-')) },
    });
    try {
      const page = await app.firstWindow();
      const row = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"] [data-testid="last-price"]');
      await row.waitFor({ timeout: 20_000 });
      const first = await row.textContent();
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).not.toBe(first);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { vigil: object }).vigil).sort())).toEqual(['invoke', 'on']);
      await page.screenshot({ path: join('test-results', 'electron.png') });
    } finally {
      await app.close();
    }
  });
});
