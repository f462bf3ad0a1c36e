/// <reference lib="dom" />
// Cold start: from starting the web host (a fresh process, demo mode) to the first price painted in
// Chromium. The browser is launched beforehand: its own start-up is not Vigil's.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { CHROMIUM_ARGS, median, record } from './harness';

const TARGET_MS = 2000;
const RUNS = 5;

it('cold start', async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const began = Date.now();
      const host = spawn(process.execPath, ['out/main/web.js', '--no-open', '--port', '0'], {
        env: { ...process.env, VIGIL_DEMO: '1', VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-cold-')) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          host.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(out);
            if (m) resolve(m[0]);
          });
          host.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
        });
        const page = await browser.newPage();
        await page.goto(url);
        await page.waitForFunction(
          () => [...document.querySelectorAll('[data-testid="last-price"]')].some((el) => /\d/.test(el.textContent ?? '')),
          undefined,
          { timeout: 20_000, polling: 'raf' },
        );
        times.push(Date.now() - began);
        await page.close();
      } finally {
        host.kill('SIGTERM');
      }
    }
  } finally {
    await browser.close();
  }
  const ms = median(times);
  record({
    name: 'cold-start',
    metrics: { medianMs: ms, runsMs: times.join(' '), runs: times.length },
    target: `web host start to first painted price under ${TARGET_MS} ms`,
    met: ms < TARGET_MS,
  });
});
