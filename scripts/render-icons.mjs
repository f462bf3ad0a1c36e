// Renders resources/icon.svg to the PNGs the app and the installers use: the app icon (512 px) and the
// tray icon (32 px, with a 64 px @2x that Electron picks up on high-density screens).
// Run it after editing the SVG and commit the PNGs: packaging needs no browser.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const resources = join(import.meta.dirname, '..', 'resources');
const outputs = [
  { file: 'icon.png', size: 512 },
  { file: 'tray.png', size: 32 },
  { file: 'tray@2x.png', size: 64 },
];

const svg = await readFile(join(resources, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const { file, size } of outputs) {
    // Each size is drawn from the vector at that size (not scaled from a bitmap), so small ones stay crisp.
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: join(resources, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`resources/${file}  ${size}x${size}`);
  }
} finally {
  await browser.close();
}
