// Open orders from the demo exchanges' private channels, with fill progress bars that match the
// filled and total amounts shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const num = (text: string) => Number(text.replace(/[,\s]/g, ''));

describe('open orders (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists open orders with their fill progress', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await goTo(page, 'orders');
    const rows = page.getByTestId('order-row');
    await until('open orders', async () => (await rows.count()) > 0);
    expect(await page.getByTestId('orders-count').innerText()).toMatch(/\d+ open orders?/);

    // Each bar says what the row says: filled / amount.
    for (const row of (await rows.all()).slice(0, 5)) {
      const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
      const amount = num(cells[6]!);
      const filled = num(cells[7]!);
      const shown = Number(await row.getByTestId('fill-bar').getAttribute('aria-valuenow'));
      expect(shown).toBeCloseTo((filled / amount) * 100, 0);
      expect(cells[3]).toMatch(/^(Buy|Sell)$/);
    }

    // Filters narrow the list without asking the core again.
    await page.getByTestId('orders-side').selectOption('buy');
    const sides = await page.getByTestId('order-row').evaluateAll((r) => r.map((x) => x.querySelectorAll('td')[3]?.textContent?.trim()));
    expect(sides.every((s) => s === 'Buy')).toBe(true);
    await page.getByTestId('orders-side').selectOption('');

    await page.waitForTimeout(500);
    await screenshot(page, 'orders');
    expect(errors).toEqual([]);
  });
});
