// A long watchlist renders only the rows in view, scrolls to every row, and keeps keyboard focus
// moving past the rendered range: the virtual rows that keep a 500-row list at the browser's limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, startSession, until, type Session } from './helpers';

const BASES = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT', 'LTC/USDT', 'BNB/USDT', 'ADA/USDT', 'ETH/BTC', 'TRX/USDT'];
const MARKETS = ['coinking', 'cryptomus', 'itick'].flatMap((ex) => BASES.map((b) => `${ex}:${b}`));
const ROW = '[data-testid="watchlist-row"]';

describe('watchlist with more rows than fit (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession({ VIGIL_WATCHLIST: MARKETS.join(',') });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('keeps only the rows in view in the DOM and reaches every row by scrolling and by keyboard', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    await until('the first rows', async () => (await page.locator(ROW).count()) > 0);
    const rendered = await page.locator(ROW).count();
    expect(rendered).toBeLessThan(MARKETS.length);
    // Every row is exactly the height the virtual list counts on.
    const heights = await page.locator(ROW).evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(new Set(heights)).toEqual(new Set([32]));

    await until('prices in the rows on screen', async () => (await page.locator(`${ROW}[data-state="live"]`).count()) >= 5);
    await screenshot(page, 'watchlist-virtual-top');

    const scroller = page.getByTestId('watchlist-scroll');
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const last = page.locator(`${ROW}[data-market="${MARKETS.at(-1)}"]`);
    await until('the last market rendered at the bottom', async () => (await last.count()) === 1 && (await last.isVisible()));
    expect(await page.locator(`${ROW}[data-market="${MARKETS[0]}"]`).count()).toBe(0);
    // The spacer rows must not add columns: at 1024 px some columns are hidden, and the table still fills its pane.
    const [tableWidth, paneWidth] = await scroller.evaluate((el) => [el.querySelector('table')!.getBoundingClientRect().width, el.clientWidth]);
    expect(Math.abs(tableWidth! - paneWidth!)).toBeLessThanOrEqual(1);
    await screenshot(page, 'watchlist-virtual-bottom');

    // Back to the top, then walk down with the arrow key: focus follows past the rendered range.
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    const first = page.locator(`${ROW}[data-market="${MARKETS[0]}"]`);
    await until('the first row again', async () => (await first.count()) === 1);
    await first.focus();
    for (let i = 1; i < MARKETS.length; i++) {
      await page.keyboard.press('ArrowDown');
      await until(`focus on row ${i}`, async () => (await page.evaluate(() => document.activeElement?.getAttribute('data-market'))) === MARKETS[i], 5_000);
    }
    expect(await last.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
