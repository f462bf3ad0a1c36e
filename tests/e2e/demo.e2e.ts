// The demo's first impression: one market, three venues, every interval from the same walk.
// In the browser: the "Exchanges" list shows BTC and ETH at nearly the same price on every venue,
// 24 h changes in a realistic band, and the market view's candles at several intervals (the
// screenshots demo-chart-*.png are for a person to look at: does this look like a real market?).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, startSession, until, type Session } from './helpers';

/** "68,630.03" → 68630.03; "1.09K" → 1090; "2.5M" → 2500000. */
function number(text: string): number {
  const t = text.replace(/[,\s]/g, '');
  const scale = /K$/i.test(t) ? 1e3 : /M$/i.test(t) ? 1e6 : /B$/i.test(t) ? 1e9 : 1;
  return Number(t.replace(/[KMB]$/i, '')) * scale;
}

describe('the demo holds together (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows a coin at nearly one price on every venue, with believable 24 h changes', async () => {
    const { page, errors } = await session.page({ width: 1440, height: 900 });
    await openApp(page, session.host.url);
    await page.getByTestId('watchlist-tab').filter({ hasText: 'Exchanges' }).click();
    const price = async (market: string) => {
      const text = await page.locator(`[data-testid="watchlist-row"][data-market="${market}"] [data-testid="last-price"]`).innerText();
      const n = Number(text.replace(/[^\d.]/g, ''));
      return n > 0 ? n : null;
    };
    for (const coin of ['BTC', 'ETH']) {
      const venues = ['coinking', 'cryptomus', 'itick'];
      const prices = await until(`${coin} on every venue`, async () => {
        const all = await Promise.all(venues.map((v) => price(`${v}:${coin}/USDT`)));
        return all.every((p) => p !== null) && (all as number[]);
      });
      const gap = (Math.max(...prices) - Math.min(...prices)) / Math.min(...prices);
      expect(gap, `${coin}: ${prices.join(' / ')}`).toBeLessThan(0.005);
    }
    const changes = await until('24 h changes', async () => {
      const texts = await page.getByTestId('change-pct').allInnerTexts();
      const values = texts.map((t) => Number(t.replace(/[^\d.-]/g, '').replace(/^-?$/, 'NaN')));
      return values.length >= 8 && values.filter(Number.isFinite).length >= 8 && values.filter(Number.isFinite);
    });
    for (const c of changes) expect(Math.abs(c)).toBeLessThan(10);
    await page.waitForTimeout(1_500); // sparklines and flashes settle
    await screenshot(page, 'demo-watchlist-exchanges');
    expect(errors).toEqual([]);
  });

  it('draws the same market at every interval (screenshots to look at)', async () => {
    const { page, errors } = await session.page({ width: 1440, height: 900 });
    await openApp(page, session.host.url);
    const row = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]');
    await row.waitFor();
    await page.waitForTimeout(1_000);
    await screenshot(page, 'demo-watchlist');
    await row.click();
    await until('the BTC market view', async () => (await page.getByTestId('market-pair').innerText()).replace(/\s/g, '') === 'BTC/USDT', 5_000);
    const chart = page.getByTestId('candle-chart');
    /** The chart's readout (the hovered candle, or the newest): open, high, low, close, volume. */
    const readout = async () => {
      const [open, high, low, close, volume] = (await chart.locator('.readout b').allInnerTexts()).map(number);
      return { time: await chart.locator('.readout .time').innerText(), open: open!, high: high!, low: low!, close: close!, volume: volume! };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ranges = new Map<string, number>();
    for (const interval of ['1m', '15m', '1h', '1d']) {
      await page.locator(`[data-testid="interval-switcher"] [data-interval="${interval}"]`).click();
      await until(`${interval} candles`, async () => (await page.getByTestId('market-view').getAttribute('data-state')) === 'ready' && Number(await chart.getAttribute('data-count')) >= 100, 20_000);
      await page.waitForTimeout(1_200); // the chart's first frame
      await screenshot(page, `demo-chart-${interval}`);

      // What a trader reads off the chart: the newest candle, then older ones under the pointer.
      const last = await readout();
      const box = (await chart.locator('.canvas').boundingBox())!;
      const seen = new Map<string, Awaited<ReturnType<typeof readout>>>();
      for (let k = 0; k < 30; k++) {
        await page.mouse.move(box.x + box.width * (0.2 + 0.022 * k), box.y + box.height * 0.4);
        const c = await readout();
        if (c.time !== last.time) seen.set(c.time, c);
      }
      await page.mouse.move(0, 0);
      const older = [...seen.values()];
      expect(older.length, interval).toBeGreaterThan(15);
      // The newest candle is an ordinary one (it was 30–100x the others before).
      expect(last.volume, `${interval}: the newest candle's volume against the ones before`).toBeLessThan(3 * median(older.map((c) => c.volume)));
      for (const c of older) expect(c.high >= Math.max(c.open, c.close) && c.low <= Math.min(c.open, c.close), `${interval} ${c.time}`).toBe(true);
      ranges.set(interval, median(older.map((c) => (c.high - c.low) / c.open)));
    }
    // Intervals agree: a day spans far more than a minute, an hour more than a minute.
    expect(ranges.get('1d')! / ranges.get('1m')!).toBeGreaterThan(8);
    expect(ranges.get('1h')! / ranges.get('1m')!).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });
});
