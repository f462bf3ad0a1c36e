// Reconciliation, as the user sees it: on the Orders and Portfolio screens, per exchange, when the
// live account was last checked against the exchange's own account state (and the corrections, if
// any: none in the demo, where the simulators are the exchanges). All four languages, at 1024×640.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const LANGUAGES = [
  { tag: 'en', word: 'reconciled' },
  { tag: 'zh-CN', word: '已核对' },
  { tag: 'zh-TW', word: '已核對' },
  { tag: 'th', word: 'กระทบยอดแล้ว' },
];

describe('reconciliation line (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows "reconciled hh:mm:ss" per exchange on Orders and Portfolio, in every language', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    for (const lang of LANGUAGES) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(lang.tag);
      await goTo(page, 'orders');
      const line = page.getByTestId('reconciled');
      const items = line.locator('.item');
      await until(`both exchanges reconciled (${lang.tag})`, async () => {
        const texts = await items.allInnerTexts().catch(() => []);
        return texts.length === 2 && texts.every((t) => /\d{2}:\d{2}:\d{2}/.test(t) && t.includes(lang.word));
      }, 30_000);
      const texts = await items.allInnerTexts();
      expect(texts.map((t) => t.split(' ')[0])).toEqual(['CoinKing', 'Cryptomus']);
      for (const t of texts) expect(t).toContain(lang.word);
      expect(await page.getByTestId('reconciled-corrections').count()).toBe(0); // the demo agrees with itself
      await screenshot(page, `reconciled-orders-${lang.tag}`);
      await goTo(page, 'portfolio');
      await until('the line on the portfolio', async () => (await page.getByTestId('reconciled').locator('.item').count()) === 2, 10_000);
      await page.getByTestId('portfolio-total').waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, `reconciled-portfolio-${lang.tag}`);
    }
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  }, 180_000);
});
