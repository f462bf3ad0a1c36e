// The market view: opened from a watchlist row, candles and volume with an interval switch and
// older history loaded at the left edge, depth beside the order book, and the tape, all at the
// market's own precision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot, startSession, until, type Session } from './helpers';

describe('market view (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows candles, depth, the book and the tape of the market clicked', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const row = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]');
    await row.waitFor();
    await row.click();

    await until('the BTC market view', async () => (await page.getByTestId('market-pair').innerText()).replace(/\s/g, '') === 'BTC/USDT', 5_000);
    const chart = page.getByTestId('candle-chart');
    const candles = async () => Number(await chart.getAttribute('data-count'));
    const first = await until('candles', async () => (await candles()) > 0 && candles());
    await until('the order book', async () => (await page.getByTestId('bid-level').count()) > 5 && (await page.getByTestId('ask-level').count()) > 5);
    await until('trades on the tape', async () => (await page.getByTestId('trade').count()) > 0);

    // CoinKing lists BTC/USDT at 2 price places and 4 amount places: the book shows exactly those.
    const bid = page.getByTestId('bid-level').first();
    const [price, amount] = (await bid.locator('span:not(.depth)').allInnerTexts()).map((s) => s.trim());
    expect(price).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    expect(amount).toMatch(/^\d+\.\d{4}$/);
    const ask = (await page.getByTestId('ask-level').last().locator('.price').innerText()).trim();
    expect(Number(ask.replace(/,/g, ''))).toBeGreaterThan(Number(price!.replace(/,/g, '')));
    expect(await page.getByTestId('book-spread').innerText()).toMatch(/\d/);

    // Scrolling back in time (zooming out to the left edge) loads older candles.
    const box = (await chart.locator('.canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await until(
      'older candles',
      async () => {
        await page.mouse.wheel(0, 400);
        return (await candles()) > first;
      },
      15_000,
    );

    // The view as a trader sees it: the crosshair on a recent candle, its values in the readout.
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.4);
    await page.waitForTimeout(1_000);
    expect(await chart.locator('.readout').innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await screenshot(page, 'market');

    // Another interval: a fresh series.
    await page.locator('[data-testid="interval-switcher"] [data-interval="1h"]').click();
    expect(await page.locator('[data-interval="1h"]').getAttribute('aria-checked')).toBe('true');
    await until('hourly candles', async () => (await page.getByTestId('market-view').getAttribute('data-state')) === 'ready' && (await candles()) > 0);
    await page.locator('[data-testid="interval-switcher"] [data-interval="1h"]').focus();
    await page.keyboard.press('ArrowLeft');
    await until('15-minute candles by keyboard', async () => (await page.locator('[data-interval="15m"]').getAttribute('aria-checked')) === 'true');
    await until('the series again', async () => (await page.getByTestId('market-view').getAttribute('data-state')) === 'ready' && (await candles()) > 0);

    expect(errors).toEqual([]);
  });
});
