// Every screen in every language at 1024x640 (a small laptop window), screenshotted for a person to
// look at, and checked for what a translation must never let through: a raw code from the core, or
// the core's English (default list names, connection states) in a Chinese or Thai screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_MESSAGES } from '../../src/shared/codes';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const SCREENS = ['watchlist', 'market', 'portfolio', 'orders', 'deals', 'alerts', 'settings'] as const;
const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'th'] as const;
const RAW_CODE = /\b(link|ticker|rule|alert|list|credentials|command|request|shell)\.[a-z][A-Za-z]+\b/;

describe('every screen, in every language, at 1024x640', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('renders each screen in the language chosen, with nothing untranslated from the core', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    for (const language of LANGUAGES) {
      await goTo(page, 'settings');
      await page.getByTestId('language-select').selectOption(language);
      await until(`the page in ${language}`, async () => (await page.evaluate('document.documentElement.lang')) === language);
      for (const screen of SCREENS) {
        await goTo(page, screen);
        if (screen === 'market' && (await page.getByTestId('market-pick').count()) > 0) await page.getByTestId('market-pick').first().click();
        await page.waitForTimeout(screen === 'market' || screen === 'portfolio' ? 1200 : 500);
        const text = await page.locator('body').innerText();
        expect(text, `${language} ${screen}`).not.toMatch(RAW_CODE);
        if (language !== 'en') {
          // The default lists' names and the core's reasons arrive as codes: none may show in English.
          for (const english of [CORE_MESSAGES.en['list.main'], CORE_MESSAGES.en['list.exchanges']]) {
            expect(text, `${language} ${screen}`).not.toMatch(new RegExp(`\\b${english}\\b`));
          }
          expect(text, `${language} ${screen}`).not.toMatch(/\b(Live|Reconnecting|Not live|As of)\b/);
        }
        await screenshot(page, `screen-${language}-${screen}-1024x640`);
      }
      // The status panel of one exchange, in this language.
      const item = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
      await item.getByTestId('exchange-status-button').click();
      await item.getByTestId('exchange-panel').waitFor();
      await screenshot(page, `screen-${language}-status-panel-1024x640`);
      await page.keyboard.press('Escape');
    }
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  }, 240_000);
});
