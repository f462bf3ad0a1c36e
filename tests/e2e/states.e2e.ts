// Loading, empty and error states on every screen, with a stand-in core answering in front of the
// real one: replies held back, empty replies, and errors (the one the core gives for a command no
// part of it serves yet). Each screen must say what is going on, and name what failed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, interceptCommands, notAvailable, unavailable, openApp, screenshot, startSession, until, type Intercept, type Session } from './helpers';

/** The pushes that would replace the stand-in answers with the demo's real data. */
const PUSHES = ['account.changed', 'portfolio.changed', 'alerts.changed', 'alert.fired', 'deals.added', 'market.focus', 'settings.changed', 'credentials.changed'];

const text = async (page: Page, testId: string) => {
  await page.getByTestId(testId).waitFor();
  return page.getByTestId(testId).innerText();
};

describe('loading, empty and error states (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('names the command that failed, on every screen', async () => {
    const { page, errors } = await session.page();
    const failing = new Set([
      'markets.list',
      'markets.search',
      'market.focus',
      'portfolio.get',
      'portfolio.history',
      'account.snapshot',
      'deals.page',
      'alerts.list',
      'alerts.history',
      'settings.get',
      'settings.set',
      'credentials.status',
    ]);
    await interceptCommands(page, (command) => (failing.has(command) ? { error: unavailable(command) } : undefined), PUSHES);
    await openApp(page, session.host.url);

    // Watchlist: prices stream; the search across venues says it failed; one venue's list says it
    // failed, and still takes a typed pair.
    await page.getByTestId('add-market-open').click();
    await page.getByTestId('add-market-search').fill('eth');
    expect(await text(page, 'add-market-search-error')).toMatch(notAvailable('markets.search'));
    await page.getByTestId('add-market-exchange').selectOption('coinking');
    expect(await text(page, 'add-market-error')).toMatch(notAvailable('markets.list'));
    await page.getByTestId('add-market-search').fill('TRX/USDT');
    await page.getByTestId('add-market-typed').waitFor();
    await page.keyboard.press('Escape');

    await page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]').click();
    expect(await text(page, 'market-error')).toMatch(notAvailable('market.focus'));
    expect(await page.getByTestId('market-error').innerText()).toMatch(/BTC\/USDT/);

    await goTo(page, 'portfolio');
    expect(await text(page, 'portfolio-error')).toMatch(notAvailable('portfolio.get'));
    await goTo(page, 'orders');
    expect(await text(page, 'orders-error')).toMatch(notAvailable('account.snapshot'));
    await goTo(page, 'deals');
    expect(await text(page, 'deals-error')).toMatch(notAvailable('deals.page'));
    expect(await page.getByTestId('export-csv').isDisabled()).toBe(true);
    // The filters still check what is typed.
    await page.getByTestId('filter-market').fill('BTC-USDT');
    expect(await page.getByTestId('deal-filters').innerText()).toMatch(/not a market/);
    // A pair alone filters it on every exchange.
    await page.getByTestId('filter-market').fill('BTC/USDT');
    await until('the pair accepted', async () => (await page.getByTestId('filter-market').getAttribute('aria-invalid')) === 'false');

    await goTo(page, 'alerts');
    expect(await text(page, 'alert-rules-error')).toMatch(notAvailable('alerts.list'));
    expect(await text(page, 'alert-history-error')).toMatch(notAvailable('alerts.history'));
    expect(await page.getByTestId('alert-new').isDisabled()).toBe(true);
    await screenshot(page, 'state-error');

    await goTo(page, 'settings');
    expect(await text(page, 'settings-error')).toMatch(notAvailable('settings.get'));
    expect(await text(page, 'credentials-status-error')).toMatch(notAvailable('credentials.status'));
    expect(await page.getByTestId('setting-notifications').isDisabled()).toBe(true);
    expect(await page.getByTestId('credentials-unknown').count()).toBe(3);
    // The language still changes (and is kept on this device); the core's refusal is shown.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await until('Chinese labels', async () => (await page.getByTestId('nav-watchlist').innerText()).trim() === '自选列表');
    // The core's refusal, in the language just chosen.
    expect(await text(page, 'settings-save-error')).toMatch(/此版本不提供“settings\.set”/);
    expect(errors).toEqual([]);
  });

  it('says when there is nothing to show', async () => {
    const { page, errors } = await session.page();
    const empty: Record<string, Intercept> = {
      'portfolio.get': { reply: { quote: 'USDT', total: '0', holdings: [], realisedPnl: '0', unrealisedPnl: '0', at: Date.now() } },
      'portfolio.history': { reply: [] },
      'account.snapshot': { reply: { balances: [], orders: [] } },
      'deals.page': { reply: { total: 0, rows: [], totals: { count: 0, value: {}, fees: {} } } },
      'alerts.list': { reply: [] },
      'alerts.history': { reply: [] },
    };
    await interceptCommands(page, (command) => empty[command], PUSHES);
    await openApp(page, session.host.url);

    await goTo(page, 'market');
    expect(await text(page, 'market-empty')).toMatch(/No market open/);
    expect(await page.getByTestId('market-pick').count()).toBeGreaterThan(0);
    await goTo(page, 'portfolio');
    expect(await text(page, 'holdings-empty')).toMatch(/No balances yet/);
    expect(await text(page, 'value-chart')).toMatch(/Not enough history yet/);
    await goTo(page, 'orders');
    expect(await text(page, 'orders-empty')).toMatch(/No open orders/);
    await goTo(page, 'deals');
    expect(await text(page, 'deals-empty')).toMatch(/No deals yet/);
    await goTo(page, 'alerts');
    expect(await text(page, 'alert-rules-empty')).toMatch(/No alert rules yet/);
    expect(await text(page, 'alert-history-empty')).toMatch(/Nothing has fired yet/);
    await screenshot(page, 'state-empty');
    expect(errors).toEqual([]);
  });

  it('shows that data is on its way', async () => {
    const { page, errors } = await session.page();
    const held = new Set(['portfolio.get', 'portfolio.history', 'account.snapshot', 'deals.page', 'alerts.list', 'alerts.history', 'market.focus']);
    await interceptCommands(page, (command) => (held.has(command) ? 'hold' : undefined), PUSHES);
    await openApp(page, session.host.url);

    await page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]').click();
    await page.getByTestId('book-loading').waitFor();
    expect(await text(page, 'candles-empty')).toMatch(/Loading candles/);
    expect(await page.getByTestId('tape-loading').count()).toBe(1);
    await goTo(page, 'portfolio');
    await page.getByTestId('portfolio-loading').waitFor();
    await goTo(page, 'orders');
    await page.getByTestId('orders-loading').waitFor();
    await goTo(page, 'deals');
    await page.getByTestId('deals-loading').waitFor();
    await goTo(page, 'alerts');
    await page.getByTestId('alert-rules-loading').waitFor();
    await page.getByTestId('alert-history-loading').waitFor();
    expect(await page.getByTestId('alert-rules-loading').getAttribute('aria-busy')).toBe('true');
    await screenshot(page, 'state-loading');
    expect(errors).toEqual([]);
  });
});
