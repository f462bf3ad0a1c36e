// Watchlist tools (issue 14): sort by a column (kept per list by the core), one search across all
// three exchanges, the volume's unit, and Undo for a removed row. Demo mode, real Chromium.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'th'] as const;

/** The rows as shown, each with its 24 h change as a number (the minus sign is U+2212). */
const rowsWithChange = (page: Page) =>
  page.getByTestId('watchlist-row').evaluateAll((rows) =>
    rows.map((r) => {
      const text = r.querySelector('[data-testid="change-pct"]')?.textContent?.trim() ?? '';
      const n = Number(text.replace('\u2212', '-').replace('+', '').replace('%', ''));
      return { market: r.getAttribute('data-market')!, change: text === '—' || !Number.isFinite(n) ? null : n };
    }),
  );

function sortedBy(rows: { change: number | null }[], direction: 'asc' | 'desc'): boolean {
  const known = rows.filter((r) => r.change !== null).map((r) => r.change!);
  const firstUnknown = rows.findIndex((r) => r.change === null);
  if (firstUnknown >= 0 && rows.slice(firstUnknown).some((r) => r.change !== null)) return false; // no price yet goes last
  return known.every((c, i) => i === 0 || (direction === 'asc' ? known[i - 1]! <= c : known[i - 1]! >= c));
}

describe('watchlist tools (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('sorts by 24 h change, reverses, keeps the sort for the list after a reload, and returns to the list order', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await until('every row priced', async () => {
      const rows = await rowsWithChange(page);
      return rows.length === 8 && rows.every((r) => r.change !== null);
    });
    const own = (await rowsWithChange(page)).map((r) => r.market);
    const header = page.getByTestId('sort-change');

    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await until('rows ascending by 24 h change', async () => sortedBy(await rowsWithChange(page), 'asc'));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const desc = await until('rows descending by 24 h change', async () => {
      const rows = await rowsWithChange(page);
      return sortedBy(rows, 'desc') && rows;
    });
    // Eight random walks almost never start in the order of their changes: the sort did the work.
    expect(desc.map((r) => r.market)).not.toEqual(own);
    await screenshot(page, 'watchlist-sorted');

    // The core keeps the sort for this list: a reload shows it again.
    await page.reload();
    await until('the sort after a reload', async () => (await page.getByTestId('sort-change').getAttribute('aria-sort')) === 'descending');
    await until('rows still descending', async () => sortedBy(await rowsWithChange(page), 'desc'));
    // Another list keeps its own order.
    await page.getByTestId('watchlist-tab').nth(1).click();
    expect(await page.getByTestId('sort-change').getAttribute('aria-sort')).toBe('none');
    await page.getByTestId('watchlist-tab').nth(0).click();

    // Third click: the list's own order again.
    await page.getByTestId('sort-change').locator('button').click();
    await until('the list order', async () => (await rowsWithChange(page)).map((r) => r.market).join() === own.join());
    expect(await page.getByTestId('sort-change').getAttribute('aria-sort')).toBe('none');
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 90_000);

  it('finds ETH on every exchange with one search, shows price or "no price yet" and the volume unit, and adds from the results', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await page.getByTestId('watchlist-tab').nth(0).waitFor();
    await page.getByTestId('add-market-open').click();
    expect(await page.getByTestId('add-market-exchange').inputValue()).toBe('all');
    await page.getByTestId('add-market-search').fill('eth');
    const results = page.getByTestId('add-market-result');
    const venues = await until('ETH from three exchanges', async () => {
      const found = await results.evaluateAll((rows) => rows.map((r) => ({ market: r.getAttribute('data-market')!, exchange: r.getAttribute('data-exchange')! })));
      const set = new Set(found.map((f) => f.exchange));
      return set.size === 3 && found;
    });
    expect(new Set(venues.map((v) => v.exchange))).toEqual(new Set(['cryptomus', 'itick', 'coinking']));
    // Ranked: every ETH-based market before markets that merely quote in ETH.
    const bases = venues.map((v) => v.market.split(':')[1]!.split('/')[0]);
    const lastEthBase = bases.lastIndexOf('ETH');
    expect(bases.slice(0, lastEthBase + 1).every((b) => b === 'ETH')).toBe(true);
    // CoinKing ETH/USDT is on the Main list, so the core has its price and volume (in ETH).
    const followed = page.locator('[data-testid="add-market-result"][data-market="coinking:ETH/USDT"]');
    await until('a price for the followed market', async () => (await followed.getByTestId('add-market-last').count()) === 1);
    expect(await followed.innerText()).toMatch(/ETH/);
    // iTick ETH/BTC is on no list: the core has no price for it and says so.
    const unfollowed = page.locator('[data-testid="add-market-result"][data-market="itick:ETH/BTC"]');
    expect(await unfollowed.getByTestId('add-market-no-price').innerText()).toMatch(/no price yet/);
    await screenshot(page, 'watchlist-search-all');

    await unfollowed.click();
    await page.getByTestId('add-market-added').waitFor();
    await until('iTick ETH/BTC on the list', async () => (await page.locator('[data-testid="watchlist-row"][data-market="itick:ETH/BTC"]').count()) === 1);
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 60_000);

  it('undoes a removal: the row comes back at its place', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const order = () => page.getByTestId('watchlist-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-market')));
    await until('rows', async () => (await order()).length >= 8);
    const before = await order();
    const victim = before[2]!;
    const row = page.locator(`[data-testid="watchlist-row"][data-market="${victim}"]`);
    await row.hover();
    await row.getByTestId('remove-market').click();
    await until('the row gone', async () => !(await order()).includes(victim));
    const toast = page.getByTestId('toast').filter({ has: page.getByTestId('toast-action') });
    expect(await toast.innerText()).toMatch(/removed/);
    await screenshot(page, 'watchlist-undo');
    await toast.getByTestId('toast-action').click();
    await until('the row back at its place', async () => (await order()).join() === before.join());
    // The core has it too.
    await page.reload();
    await until('the same order after a reload', async () => (await order()).join() === before.join());
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 60_000);

  it('is readable in every language and in a small window', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    for (const lang of LANGUAGES) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(lang);
      await goTo(page, 'watchlist');
      await until('rows', async () => (await page.getByTestId('watchlist-row').count()) > 0);
      if ((await page.getByTestId('sort-change').getAttribute('aria-sort')) !== 'descending') {
        await page.getByTestId('sort-change').locator('button').click();
        if ((await page.getByTestId('sort-change').getAttribute('aria-sort')) !== 'descending') await page.getByTestId('sort-change').locator('button').click();
      }
      await page.getByTestId('add-market-open').click();
      await page.getByTestId('add-market-search').fill('eth');
      await until('results', async () => (await page.getByTestId('add-market-result').count()) > 3);
      await page.waitForTimeout(300);
      await screenshot(page, `watchlist-tools-${lang}`);
      await page.keyboard.press('Escape');
    }
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByTestId('add-market-open').click();
    await page.getByTestId('add-market-search').fill('eth');
    await until('results', async () => (await page.getByTestId('add-market-result').count()) > 3);
    await screenshot(page, 'watchlist-tools-800x600');
    await page.keyboard.press('Escape');
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 120_000);
});
