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

  it('sorts open orders by distance from the last price and by open value', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    await goTo(page, 'orders');
    const rows = page.getByTestId('order-row');
    // The distance needs the market's last price: wait until at least two orders have one.
    const distances = () => rows.evaluateAll((r) => r.map((x) => x.querySelector('[data-testid="order-distance"]')?.getAttribute('data-value') ?? ''));
    await until('two orders with a distance', async () => (await distances()).filter((d) => d !== '').length >= 2, 20_000);
    const ordered = (values: string[], direction: 'asc' | 'desc') => {
      const known = values.filter((v) => v !== '').map(Number);
      const firstUnknown = values.indexOf('');
      const unknownsLast = firstUnknown < 0 || values.slice(firstUnknown).every((v) => v === '');
      return unknownsLast && known.every((v, i) => i === 0 || (direction === 'asc' ? known[i - 1]! <= v : known[i - 1]! >= v));
    };
    const header = page.getByTestId('orders-sort-distance');
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    // Read once: the sort follows prices at most once a second, so allow it to settle.
    await until('orders ascending by distance', async () => ordered(await distances(), 'asc'));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await until('orders descending by distance', async () => ordered(await distances(), 'desc'));
    // The distance cell says what the row says: (price − last) / last.
    const cells = (await rows.first().locator('td').allInnerTexts()).map((x) => x.trim());
    expect(cells[8]).toMatch(/^([+\u2212]?\d+\.\d{2}%|—)$/);

    await page.getByTestId('orders-sort-value').locator('button').click();
    const values = () => rows.evaluateAll((r) => r.map((x) => x.querySelector('[data-testid="order-value"]')?.getAttribute('title') ?? ''));
    await until('orders ascending by open value', async () => ordered(await values(), 'asc'));
    for (const lang of ['en', 'zh-CN', 'zh-TW', 'th']) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(lang);
      await goTo(page, 'orders');
      await page.getByTestId('order-row').first().waitFor();
      await screenshot(page, `orders-sorted-${lang}`);
    }
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 90_000);
});
