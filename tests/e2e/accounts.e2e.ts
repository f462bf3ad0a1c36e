// Several accounts per exchange: a demo user adds a second CoinKing account in Settings (a demo key:
// the simulator opens an account of its own for it, as a real server decides the account by the key)
// and sees it on Portfolio as its own group, beside the main account's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

describe('several accounts per exchange (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('adds a second CoinKing account in Settings and shows it as its own group on Portfolio', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    const coinking = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('CoinKing live', async () => (await coinking.getAttribute('data-state')) === 'live');
    await goTo(page, 'settings');

    const section = page.getByTestId('accounts-section');
    await section.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('account-row').count()).toBe(0);
    // A label the rule refuses is said at once, and the form cannot be sent.
    await page.getByTestId('account-label').fill('sub:1');
    await page.getByTestId('account-key').fill('demo-second-account-0002');
    await page.getByTestId('account-label-problem').waitFor();
    expect(await page.getByTestId('account-add').isDisabled()).toBe(true);
    await page.getByTestId('account-label').fill('Sub 1');
    expect(await page.getByTestId('account-label-problem').count()).toBe(0);
    await page.getByTestId('account-add').click();

    const row = page.locator('[data-testid="account-row"][data-exchange="coinking"][data-label="Sub 1"]');
    await until('the second account live', async () => (await row.getAttribute('data-link')) === 'live', 20_000);
    expect(await page.getByTestId('account-key').inputValue()).toBe(''); // the key is not kept in the page
    expect(await row.innerText()).not.toContain('demo-second-account-0002');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-settings-1024x640');

    await goTo(page, 'portfolio');
    const main = page.locator('[data-testid="holdings-group"][data-exchange="coinking"][data-account="main"]');
    const sub = page.locator('[data-testid="holdings-group"][data-exchange="coinking"][data-account="Sub 1"]');
    await until('both CoinKing accounts on Portfolio', async () => (await main.count()) === 1 && (await sub.count()) === 1, 20_000);
    // Each group names its account and has its own subtotal: the demo's second account starts smaller.
    expect(await sub.getByTestId('holdings-account').innerText()).toContain('Sub 1');
    const subtotal = async (group: typeof main) => Number((await group.locator('.subtotal').innerText()).replace(/[^\d.]/g, ''));
    await until('subtotals', async () => (await subtotal(main)) > 0 && (await subtotal(sub)) > 0);
    expect(await subtotal(sub)).toBeLessThan(await subtotal(main));
    await sub.scrollIntoViewIfNeeded();
    await screenshot(page, 'accounts-portfolio-1024x640-en');

    // Deal history filters by account: the second account's own history (its seeded past orders).
    await goTo(page, 'deals');
    await page.getByTestId('filter-account').selectOption('Sub 1');
    const table = page.getByTestId('deal-table');
    const accounts = () => page.locator('[data-testid="deal-row"] [data-account]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-account')));
    // Its history is read market by market after its login: give it time on a busy machine.
    await until(
      'only the second account\'s deals',
      async () => {
        const got = await accounts();
        return got.length > 0 && got.every((a) => a === 'Sub 1');
      },
      45_000,
    );
    const subDeals = Number(await table.getAttribute('data-total'));
    await page.getByTestId('filter-account').selectOption('main');
    await until('only the main account\'s deals', async () => {
      const got = await accounts();
      return got.length > 0 && got.every((a) => a === 'main');
    });
    await page.getByTestId('filter-account').selectOption('');
    await until('every account\'s deals', async () => Number(await table.getAttribute('data-total')) > subDeals);
    await page.getByTestId('filter-account').selectOption('Sub 1');
    await until('the second account\'s deals again', async () => {
      const got = await accounts();
      return Number(await table.getAttribute('data-total')) === subDeals && got.length > 0 && got.every((a) => a === 'Sub 1');
    });
    await screenshot(page, 'accounts-deals-1024x640-en');

    // Open orders filter by account (the simulator places orders for the second account on its own).
    await goTo(page, 'orders');
    const orderAccounts = () => page.locator('[data-testid="order-row"] [data-account]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-account')));
    await until('an open order of the second account', async () => (await orderAccounts()).includes('Sub 1'), 30_000);
    await page.getByTestId('orders-account').selectOption('Sub 1');
    await until('only the second account\'s orders', async () => {
      const got = await orderAccounts();
      return got.length > 0 && got.every((a) => a === 'Sub 1');
    });
    await screenshot(page, 'accounts-orders-1024x640-en');

    for (const language of ['zh-CN', 'zh-TW', 'th'] as const) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(language);
      await until(`the ${language} labels`, async () => (await page.locator('html').getAttribute('lang')) === language);
      await page.getByTestId('accounts-section').scrollIntoViewIfNeeded();
      await screenshot(page, `accounts-settings-1024x640-${language}`);
      await goTo(page, 'portfolio');
      await sub.waitFor();
      await sub.scrollIntoViewIfNeeded();
      await screenshot(page, `accounts-portfolio-1024x640-${language}`);
    }

    // Removed: its group leaves the portfolio; the main account stays.
    await goTo(page, 'settings');
    await row.getByTestId('account-remove').click();
    await until('the account removed', async () => (await row.count()) === 0);
    await goTo(page, 'portfolio');
    await until('its group gone', async () => (await sub.count()) === 0);
    expect(await page.locator('[data-testid="holdings-group"][data-exchange="coinking"]').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);
});
