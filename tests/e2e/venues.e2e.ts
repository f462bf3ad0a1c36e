// "Same pair, every venue": the panel in the market view compares BTC/USDT on the three simulators
// (all list it), and a venue-gap alert is created from the alerts screen. Screenshots in four
// languages at 1024x640.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { goTo, interceptCommands, openApp, screenshot, startSession, until, type Session } from './helpers';

const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'th'] as const;
const BP = /^[−+]?\d+\.\d{2}\s*(bp|基点|基點)$/;

async function venuesLive(page: Page): Promise<boolean> {
  const rows = page.getByTestId('venue-row');
  if ((await rows.count()) !== 3) return false;
  for (const live of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-live')))) if (live !== 'true') return false;
  const bids = (await page.getByTestId('venue-bid-bp').allInnerTexts()).map((s) => s.trim());
  const asks = (await page.getByTestId('venue-ask-bp').allInnerTexts()).map((s) => s.trim());
  return [...bids, ...asks].every((s) => BP.test(s));
}

describe('every venue (web host, demo mode)', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('compares BTC/USDT on the three venues and creates a venue-gap alert', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    const row = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]');
    await row.waitFor();
    await row.click();
    const panel = page.getByTestId('venue-panel');
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    await until('three live venues with bp differences', () => venuesLive(page), 30_000);
    const exchanges = await page.getByTestId('venue-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-exchange')));
    expect(exchanges).toEqual(['cryptomus', 'itick', 'coinking']);
    expect(await page.getByTestId('best-bid').count()).toBe(1);
    expect(await page.getByTestId('best-ask').count()).toBe(1);
    // The best bid's own difference is zero; every other bid is below it.
    const bestBidRow = page.getByTestId('venue-row').filter({ has: page.getByTestId('best-bid') });
    expect((await bestBidRow.getByTestId('venue-bid-bp').innerText()).trim()).toBe('0.00 bp');
    for (const text of await page.getByTestId('venue-bid-bp').allInnerTexts()) expect(text.trim()).toMatch(/^(−\d+\.\d{2}|0\.00) bp$/);
    for (const text of await page.getByTestId('venue-ask-bp').allInnerTexts()) expect(text.trim()).toMatch(/^(\+\d+\.\d{2}|0\.00) bp$/);

    for (const language of LANGUAGES) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(language);
      await until(`the page in ${language}`, async () => (await page.evaluate('document.documentElement.lang')) === language);
      await goTo(page, 'market');
      await until(`live venues in ${language}`, () => venuesLive(page), 20_000);
      await page.getByTestId('venue-row').last().scrollIntoViewIfNeeded();
      await screenshot(page, `venues-${language}-1024x640`);
    }
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');

    // A venue-gap rule: BTC/USDT between CoinKing and Cryptomus.
    await goTo(page, 'alerts');
    await page.locator('[data-testid="alert-rules-empty"], [data-testid="alert-rule"]').first().waitFor();
    await page.getByTestId('alert-new').click();
    await page.getByTestId('alert-kind').selectOption('venue_gap');
    await page.getByTestId('alert-market').selectOption('coinking:BTC/USDT');
    // The market's own exchange cannot be the other venue.
    expect(await page.locator('[data-testid="alert-other-exchange"] option[value="coinking"]').isDisabled()).toBe(true);
    await page.getByTestId('alert-other-exchange').selectOption('cryptomus');
    await page.getByTestId('alert-gap').fill('0.5');
    expect(await page.getByTestId('alert-editor').innerText()).toContain('BTC/USDT differs by more than 0.5% between CoinKing and Cryptomus');
    await screenshot(page, 'venues-alert-editor-1024x640');
    await page.getByTestId('alert-save').click();
    const rule = page.getByTestId('alert-rule').filter({ hasText: 'BTC/USDT differs by more than 0.5% between CoinKing and Cryptomus' });
    await rule.waitFor();
    await screenshot(page, 'venues-alert-rule-1024x640');
    expect(errors).toEqual([]);
  }, 180_000);

  it("greys a stale venue with its time and never marks it best (a stand-in for the core's answer)", async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    const asOf = Date.UTC(2026, 0, 5, 9, 3, 26);
    const row = (exchange: string, o: Record<string, unknown>) => ({
      market: `${exchange}:BTC/USDT`,
      exchange,
      last: '67000.00',
      spread: '0.02',
      spreadBp: '0.00',
      volume24h: '512.5',
      asOf: Date.now(),
      stale: false,
      ...o,
    });
    const comparison = {
      market: 'coinking:BTC/USDT',
      base: 'BTC',
      quote: 'USDT',
      at: Date.now(),
      rows: [
        row('cryptomus', { bid: '67010.00', ask: '67012.00', bidVsBestBp: '0.00', askVsBestBp: '0.00', bestBid: true, bestAsk: true }),
        // CoinKing stale since 09:03:26 with the highest bid: shown, measured, never the best.
        row('coinking', { bid: '67100.00', ask: '67102.00', bidVsBestBp: '13.43', askVsBestBp: '13.43', bestBid: false, bestAsk: false, stale: true, asOf }),
      ],
    };
    // The stand-in answer stays: the real core's pushes for this comparison are kept from the page.
    await interceptCommands(page, (command) => (command === 'venues.compare' ? { reply: comparison } : undefined), ['venues.frame']);
    await openApp(page, session.host.url);
    await page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]').click();
    const stale = page.locator('[data-testid="venue-row"][data-exchange="coinking"]');
    await stale.waitFor();
    await stale.scrollIntoViewIfNeeded();
    expect(await stale.getAttribute('data-live')).toBe('false');
    expect(await stale.getAttribute('class')).toContain('stale');
    const shown = new Date(asOf).toLocaleTimeString('en-GB', { hour12: false });
    expect((await stale.getByTestId('venue-freshness').innerText()).trim()).toBe(`As of ${shown}`);
    expect(await stale.getByTestId('best-bid').count()).toBe(0);
    expect((await stale.getByTestId('venue-bid-bp').innerText()).trim()).toBe('+13.43 bp');
    const fresh = page.locator('[data-testid="venue-row"][data-exchange="cryptomus"]');
    expect(await fresh.getByTestId('best-bid').count()).toBe(1);
    expect((await fresh.getByTestId('venue-freshness').innerText()).trim()).toBe('Live');
    await screenshot(page, 'venues-stale-1024x640');
    expect(errors).toEqual([]);
  }, 60_000);
});
