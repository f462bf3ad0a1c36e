// The watchlist end to end: demo exchange simulators → core → web host → browser. Live prices at
// each market's precision, several named lists, markets added from any exchange by search,
// reordered by keyboard and by drag, removed; and no data without the access token.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const DEMO_MARKETS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'LTC', 'BNB', 'ADA'].map((b) => `coinking:${b}/USDT`);
const BTC_ROW = '[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]';
/** A grouped decimal as the watchlist prints it, e.g. "107,152.55". */
const PRICE_TEXT = /^\d{1,3}(,\d{3})*(\.\d+)?$/;

const rowOrder = (page: Page) => page.getByTestId('watchlist-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')));

describe('watchlist (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the demo watchlist with live prices', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    expect(await page.getByTestId('demo-badge').innerText()).toMatch(/demo/i);
    // The token leaves the address bar once it is in session storage.
    expect(page.url()).not.toContain('token=');

    const markets = await until('a row per demo market', async () => {
      const shown = await rowOrder(page);
      return DEMO_MARKETS.every((m) => shown.includes(m)) && shown;
    });
    expect(markets).toHaveLength(DEMO_MARKETS.length);

    const price = page.locator(BTC_ROW).getByTestId('last-price');
    const first = await until('a BTC/USDT price', async () => PRICE_TEXT.test((await price.innerText()).trim()) && (await price.innerText()).trim());
    expect(Number(first.replace(/,/g, ''))).toBeGreaterThan(0);
    const next = await until('the BTC/USDT price to change', async () => {
      const text = (await price.innerText()).trim();
      return text !== first && PRICE_TEXT.test(text) && text;
    });
    expect(next).not.toBe(first);
    // CoinKing lists BTC/USDT with 2 price places and DOGE/USDT with 6: every price shows exactly that.
    expect(next).toMatch(/\.\d{2}$/);
    const doge = page.locator('[data-market="coinking:DOGE/USDT"]').getByTestId('last-price');
    await until('DOGE at its precision', async () => /^0\.\d{6}$/.test((await doge.innerText()).trim()));

    const row = page.locator(BTC_ROW);
    await until('BTC/USDT to be marked live', async () => (await row.getAttribute('data-state')) === 'live', 10_000);
    expect(await row.getByTestId('live-marker').isVisible()).toBe(true);
    expect(await row.getByTestId('stale-marker').count()).toBe(0);
    // The sparkline draws from the prices this window has seen.
    await until('a BTC sparkline', async () => (await row.locator('[data-testid="sparkline"] polyline').count()) === 1, 10_000);

    const coinking = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('CoinKing to be live in the status bar', async () => (await coinking.getAttribute('data-state')) === 'live', 10_000);
    expect(await coinking.innerText()).toMatch(/CoinKing[\s\S]*Live[\s\S]*\d+ ms/);
    expect(await page.getByTestId('core-banner').count()).toBe(0);

    // Let a few frames flash by, so the screenshot shows the screen as a trader sees it.
    await page.waitForTimeout(4_000);
    await screenshot(page, 'watchlist');

    // A reload still works: the token was kept for this tab.
    await page.reload();
    await until('prices after a reload', async () => PRICE_TEXT.test((await price.innerText()).trim()));

    expect(errors).toEqual([]);
  });

  it('keeps several lists, adds markets from any exchange, reorders and removes them', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await until('the Main list', async () => (await page.getByTestId('watchlist-row').count()) === DEMO_MARKETS.length);
    const tabNames = async () => (await page.getByTestId('watchlist-tab').allInnerTexts()).map((s) => s.trim()).join();
    const listsBefore = await tabNames();
    expect(listsBefore.split(',')[0]).toBe('Main');

    // A new list, named in place.
    await page.getByTestId('watchlist-create').click();
    await page.getByTestId('watchlist-name-input').fill('Majors');
    await page.keyboard.press('Enter');
    const majors = page.getByTestId('watchlist-tab').filter({ hasText: 'Majors' });
    await until('the new list to be selected', async () => (await majors.getAttribute('aria-selected')) === 'true');
    await page.getByTestId('watchlist-empty').waitFor();

    // Markets from two exchanges, found by searching each exchange's market list.
    await page.getByTestId('add-market-open').click();
    await page.getByTestId('add-market-exchange').selectOption('cryptomus');
    await page.getByTestId('add-market-search').fill('eth');
    const ethUsdt = page.locator('[data-testid="add-market-result"][data-market="cryptomus:ETH/USDT"]');
    await ethUsdt.waitFor();
    expect(await page.getByTestId('add-market-result').count()).toBe(2); // ETH/USDT and ETH/BTC
    await screenshot(page, 'watchlist-add');
    await ethUsdt.click();
    await page.getByTestId('add-market-added').waitFor();
    await page.getByTestId('add-market-exchange').selectOption('coinking');
    await page.getByTestId('add-market-search').fill('trx');
    await page.locator('[data-testid="add-market-result"][data-market="coinking:TRX/USDT"]').waitFor();
    await page.keyboard.press('Enter'); // adds the highlighted (first) result
    await until('two rows', async () => (await rowOrder(page)).length === 2);
    expect(await rowOrder(page)).toEqual(['cryptomus:ETH/USDT', 'coinking:TRX/USDT']);
    await page.keyboard.press('Escape');
    await until('the search to close', async () => (await page.getByTestId('add-market').count()) === 0);
    // The Cryptomus market streams like the others.
    const eth = page.locator('[data-testid="watchlist-row"][data-market="cryptomus:ETH/USDT"]');
    await until('Cryptomus ETH/USDT to be live', async () => (await eth.getAttribute('data-state')) === 'live', 15_000);

    // Keyboard: Alt+↑ moves the focused row up.
    await page.locator('[data-testid="watchlist-row"][data-market="coinking:TRX/USDT"]').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await until('TRX on top', async () => (await rowOrder(page))[0] === 'coinking:TRX/USDT');
    // Drag: ETH back above TRX.
    await eth.dragTo(page.locator('[data-testid="watchlist-row"][data-market="coinking:TRX/USDT"]'), { targetPosition: { x: 200, y: 4 } });
    await until('ETH on top again', async () => (await rowOrder(page))[0] === 'cryptomus:ETH/USDT');
    // The core kept the order: a reload shows the same.
    await page.reload();
    await until('the list after a reload', async () => (await rowOrder(page)).join() === 'cryptomus:ETH/USDT,coinking:TRX/USDT');

    // Delete removes the focused row.
    await page.locator('[data-testid="watchlist-row"][data-market="coinking:TRX/USDT"]').focus();
    await page.keyboard.press('Delete');
    await until('TRX removed', async () => (await rowOrder(page)).join() === 'cryptomus:ETH/USDT');

    // Rename, then delete the list (with a confirmation).
    await page.getByTestId('watchlist-rename').click();
    await page.getByTestId('watchlist-name-input').fill('Crypto majors');
    await page.keyboard.press('Enter');
    await page.getByTestId('watchlist-tab').filter({ hasText: 'Crypto majors' }).waitFor();
    await page.getByTestId('watchlist-delete').click();
    await page.getByTestId('watchlist-delete-confirm').click();
    await until('the lists as they were', async () => (await tabNames()) === listsBefore);
    expect(await page.getByTestId('watchlist-row').count()).toBe(DEMO_MARKETS.length);

    expect(errors).toEqual([]);
  });

  it('moves between screens from the keyboard', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await page.keyboard.press('Alt+3');
    await until('the portfolio', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'portfolio', 5_000);
    await page.getByTestId('nav-portfolio').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await until('open orders', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'orders', 5_000);
    expect(await page.getByTestId('nav-orders').getAttribute('aria-current')).toBe('page');
    await goTo(page, 'watchlist');
    // Enter on a row opens its market.
    await until('rows', async () => (await page.getByTestId('watchlist-row').count()) > 0);
    await page.locator('[data-testid="watchlist-row"][data-market="coinking:ETH/USDT"]').focus();
    await page.keyboard.press('Enter');
    await until('the ETH market view', async () => (await page.getByTestId('market-pair').innerText()).replace(/\s/g, '') === 'ETH/USDT', 5_000);
    expect(errors).toEqual([]);
  });

  it('gets no data without the access token, and says so', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    let marketFrames = 0;
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (String(f.payload).includes('market.')) marketFrames += 1;
      });
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(new URL('/', session.host.url).href);

    const error = page.getByTestId('watchlist-error');
    await error.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await error.innerText()).toMatch(/token/i);
    await page.getByTestId('core-banner').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.getByTestId('watchlist-row').count()).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    expect(marketFrames).toBe(0);
    // The refused handshake logs a console error by design; the app itself must not throw.
    expect(pageErrors).toEqual([]);
    await screenshot(page, 'watchlist-no-token');
    await context.close();
  });
});
