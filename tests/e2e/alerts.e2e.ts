// Alert rules: create, edit and delete; the history of fired alerts; a toast when one fires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

describe('alerts (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('creates, edits and deletes rules, and shows what fired', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    // Rules fire on a crossing, not while a price is beyond them: put two at the price right now,
    // and the next move either way fires one.
    const last = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"] [data-testid="last-price"]');
    const price = await until('a BTC price', async () => /\d/.test(await last.innerText()) && (await last.innerText()).replace(/,/g, '').trim());
    await goTo(page, 'alerts');

    const rules = page.getByTestId('alert-rule');
    await page.locator('[data-testid="alert-rules-empty"], [data-testid="alert-rule"]').first().waitFor();
    const before = await rules.count();

    for (const [kind, name] of [
      ['price_above', 'BTC up through now'],
      ['price_below', 'BTC down through now'],
    ] as const) {
      await page.getByTestId('alert-new').click();
      await page.getByTestId('alert-kind').selectOption(kind);
      await page.getByTestId('alert-market').selectOption('coinking:BTC/USDT');
      await page.getByTestId('alert-price').fill(price);
      await page.getByTestId('alert-name').fill(name);
      await page.getByTestId('alert-save').click();
      await rules.filter({ hasText: name }).waitFor();
    }
    expect(await rules.count()).toBe(before + 2);
    await until('a toast for the fired alert', async () => (await page.getByTestId('toast').count()) > 0, 30_000);
    expect(await page.getByTestId('toast').first().innerText()).toMatch(/BTC/);
    await until('the fired alert in the history', async () => (await page.getByTestId('fired-alert').count()) > 0, 10_000);

    // Invalid input is named, not saved.
    await page.getByTestId('alert-new').click();
    await page.getByTestId('alert-kind').selectOption('connection_lost');
    await page.getByTestId('alert-seconds').fill('1');
    await page.getByTestId('alert-save').click();
    expect(await page.getByTestId('alert-editor').innerText()).toMatch(/5 to 86400/);
    await page.getByTestId('alert-exchange').selectOption('coinking');
    await page.getByTestId('alert-seconds').fill('30');
    await page.getByTestId('alert-save').click();
    await until('the third rule', async () => (await rules.count()) === before + 3);

    // Edit: rename a rule.
    await rules.filter({ hasText: 'BTC up through now' }).getByTestId('alert-edit').click();
    await page.getByTestId('alert-name').fill('BTC breakout');
    await page.getByTestId('alert-save').click();
    await rules.filter({ hasText: 'BTC breakout' }).waitFor();
    expect(await rules.filter({ hasText: 'BTC up through now' }).count()).toBe(0);

    await screenshot(page, 'alerts');

    // Delete, with a confirmation.
    const edited = rules.filter({ hasText: 'BTC breakout' });
    await edited.getByTestId('alert-delete').click();
    await edited.getByTestId('alert-delete-confirm').click();
    await until('the rule gone', async () => (await rules.filter({ hasText: 'BTC breakout' }).count()) === 0);
    expect(errors).toEqual([]);
  });
});
