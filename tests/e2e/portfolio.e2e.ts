// The portfolio: balances per exchange valued in one quote currency at live prices, allocation,
// value over time and P&L.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

describe('portfolio (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('values the balances of every exchange in the chosen quote currency', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await goTo(page, 'portfolio');

    const total = page.getByTestId('portfolio-total');
    await total.waitFor();
    await until('a total', async () => Number((await total.innerText()).replace(/[^\d.]/g, '')) > 0);
    expect(await total.innerText()).toMatch(/^[\d,]+\.\d{2} USDT$/);
    expect(await page.getByTestId('holding-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('holdings-group').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('allocation-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('portfolio-unrealised').innerText()).toMatch(/\d/);
    expect(await page.getByTestId('portfolio-realised').innerText()).toMatch(/\d/);
    await page.getByTestId('value-chart').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'portfolio');
    expect(errors).toEqual([]);
  });
});
