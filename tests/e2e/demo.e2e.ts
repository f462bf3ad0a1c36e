// The demo's first impression: one market, three venues, every interval from the same walk.
// In the browser: the "Exchanges" list shows BTC and ETH at nearly the same price on every venue,
// 24 h changes in a realistic band, and the market view's candles at several intervals (the
// screenshots demo-chart-*.png are for a person to look at: does this look like a real market?).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, startSession, until, type Session } from './helpers';

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
    for (const interval of ['1m', '15m', '1h', '1d']) {
      await page.locator(`[data-testid="interval-switcher"] [data-interval="${interval}"]`).click();
      await until(`${interval} candles`, async () => (await page.getByTestId('market-view').getAttribute('data-state')) === 'ready' && Number(await chart.getAttribute('data-count')) >= 100, 20_000);
      await page.waitForTimeout(1_200); // the chart's first frame
      await screenshot(page, `demo-chart-${interval}`);
    }
    expect(errors).toEqual([]);
  });
});
