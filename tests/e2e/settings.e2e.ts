// Settings: the language switch (every visible label changes, and the choice survives a reload),
// the light theme, and the credentials and preferences the core serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, interceptCommands, openApp, screenshot, startSession, until, type Session } from './helpers';

describe('settings (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    // CoinKing's own ("real") endpoint is a closed local port: a key typed into its demo card goes
    // there (never to the simulator, never out to the internet) and gets no answer.
    session = await startSession({ VIGIL_COINKING_WS_URL: 'ws://127.0.0.1:9', VIGIL_COINKING_API_URL: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('changes the language of every visible label', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const coinking = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('CoinKing live', async () => (await coinking.getAttribute('data-state')) === 'live');
    await goTo(page, 'settings');

    const labels = async () => ({
      nav: (await page.getByTestId('nav-watchlist').innerText()).trim(),
      deals: (await page.getByTestId('nav-deals').innerText()).trim(),
      title: (await page.locator('.toolbar h1').innerText()).trim(),
      status: (await coinking.innerText()).replace(/\s+/g, ' ').trim(),
      core: (await page.getByTestId('core-link').innerText()).trim(),
      demo: (await page.getByTestId('demo-badge').innerText()).trim(),
      lang: await page.locator('html').getAttribute('lang'),
    });
    expect(await labels()).toMatchObject({ nav: 'Watchlists', deals: 'Deal history', title: 'Settings', core: 'Core: Connected', lang: 'en' });
    expect((await labels()).status).toMatch(/^CoinKing Live \d+ ms$/);

    const expected = {
      'zh-CN': { nav: '自选列表', deals: '成交记录', title: '设置', core: '核心：已连接', demo: '演示', live: '实时' },
      'zh-TW': { nav: '自選清單', deals: '成交紀錄', title: '設定', core: '核心：已連線', demo: '示範', live: '即時' },
      th: { nav: 'รายการเฝ้าดู', deals: 'ประวัติการซื้อขาย', title: 'การตั้งค่า', core: 'แกนหลัก: เชื่อมต่อแล้ว', demo: 'เดโม', live: 'เรียลไทม์' },
    } as const;
    for (const [language, want] of Object.entries(expected)) {
      await page.getByTestId('language-select').selectOption(language);
      await until(`the ${language} labels`, async () => (await labels()).lang === language);
      const got = await labels();
      expect(got).toMatchObject({ nav: want.nav, deals: want.deals, title: want.title, core: want.core });
      expect(got.demo.toLowerCase()).toBe(want.demo.toLowerCase());
      expect(got.status).toContain(want.live);
      if (language === 'zh-CN') await screenshot(page, 'settings-zh-CN');
    }

    // The choice is kept: a reload comes back in Thai.
    await page.reload();
    await until('Thai after a reload', async () => (await page.getByTestId('nav-watchlist').innerText()).trim() === expected.th.nav);
    await goTo(page, 'watchlist');
    await until('Thai rows', async () => (await page.getByTestId('watchlist-row').count()) > 0);
    expect(await page.locator('.grid thead').innerText()).toMatch(/ราคาล่าสุด/);
    await page.waitForTimeout(1_500);
    await screenshot(page, 'watchlist-th');

    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('en');
    await until('English again', async () => (await labels()).nav === 'Watchlists');
    // The core keeps the choice too.
    expect(await page.getByTestId('settings-save-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('switches to the light theme', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await goTo(page, 'settings');
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
    const dark = await background();
    await page.locator('label:has([data-testid="theme-light"])').click();
    await until('the light theme', async () => (await page.locator('html').getAttribute('data-theme')) === 'light');
    expect(await background()).not.toBe(dark);
    await screenshot(page, 'settings-light');
    await goTo(page, 'market');
    await page.getByTestId('market-pick').first().click();
    await until('candles in the light theme', async () => Number(await page.getByTestId('candle-chart').getAttribute('data-count')) > 0);
    await until('the book', async () => (await page.getByTestId('bid-level').count()) > 0);
    await page.waitForTimeout(1_000);
    await screenshot(page, 'market-light');
    await goTo(page, 'settings');
    await page.locator('label:has([data-testid="theme-dark"])').click();
    await until('the dark theme', async () => (await page.locator('html').getAttribute('data-theme')) === 'dark');
    expect(errors).toEqual([]);
  });

  it('shows each exchange’s credentials as the core reports them, never the secrets', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await goTo(page, 'settings');
    const cards = page.getByTestId('credentials-card');
    await until('a card per exchange', async () => (await cards.count()) === 3);
    // Write-only fields: password inputs, empty, whatever is stored.
    for (const input of await page.locator('[data-testid^="credential-"]').all()) {
      expect(await input.getAttribute('type')).toBe('password');
      expect(await input.inputValue()).toBe('');
    }
    const coinking = page.locator('[data-testid="credentials-card"][data-exchange="coinking"]');
    // Demo: the simulator's key is not shown as the user's; the way out is offered instead.
    await coinking.getByTestId('credentials-demo').waitFor();
    expect(await coinking.getByTestId('credentials-configured').count()).toBe(0);
    await screenshot(page, 'settings');
    await coinking.getByTestId('credentials-use-own').click();
    expect(await coinking.getByTestId('credential-token').getAttribute('type')).toBe('password');
    expect(await coinking.getByTestId('credential-token').inputValue()).toBe('');
    // A made-up key: stored, shown only as a masked hint, and refused by the exchange.
    await coinking.getByTestId('credential-token').fill('demo-secret-token-1234');
    await coinking.getByTestId('credentials-save').click();
    await until('the token field cleared', async () => (await coinking.getByTestId('credential-token').inputValue()) === '');
    // The demo's own credentials already show as configured: wait for the new key's hint.
    await until('the new key\'s hint', async () => /1234/.test(await coinking.getByTestId('credentials-configured').innerText().catch(() => '')));
    expect(await page.content()).not.toContain('demo-secret-token-1234');
    await coinking.getByTestId('credentials-test').click();
    await coinking.getByTestId('credentials-test-result').waitFor();
    expect(await coinking.getByTestId('credentials-test-result').innerText()).toMatch(/^Test (passed|failed): ./);
    await coinking.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-credentials');
    await coinking.getByTestId('credentials-remove').click();
    await coinking.getByTestId('credentials-remove-confirm').click();
    // Removing the user's key brings the simulator back.
    await coinking.getByTestId('credentials-demo').waitFor();
    await page.getByTestId('setting-notifications').waitFor({ state: 'attached' });
    expect(await page.getByTestId('setting-notifications').isEnabled()).toBe(true);
    expect(await page.getByTestId('settings-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says when a key is held back because its endpoint changed, in every language and at 1024×640', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    // The core's held-back state (tested against real sockets in endpoint-binding.test.ts), stood in here
    // because a demo run has no keychain key to hold back.
    await interceptCommands(page, (command) =>
      command === 'credentials.status'
        ? {
            reply: [
              { exchange: 'cryptomus', configured: false, hint: null, storage: null, lastError: null, heldBack: null },
              { exchange: 'itick', configured: false, hint: null, storage: null, lastError: null, heldBack: null },
              {
                exchange: 'coinking',
                configured: true,
                hint: '…9f3a',
                storage: 'keychain',
                lastError: null,
                heldBack: { code: 'credentials.endpointChanged', params: { origins: 'https://mirror.example wss://mirror.example:8090' } },
              },
            ],
          }
        : undefined,
    );
    await openApp(page, session.host.url);
    await goTo(page, 'settings');
    const card = page.locator('[data-testid="credentials-card"][data-exchange="coinking"]');
    const held = card.getByTestId('credentials-held-back');
    await held.waitFor();
    await card.scrollIntoViewIfNeeded();
    const expected = { en: 'Not sent', 'zh-CN': '未发送', 'zh-TW': '未傳送', th: 'ไม่ได้ส่ง' } as const;
    for (const [language, word] of Object.entries(expected)) {
      await page.getByTestId('language-select').selectOption(language);
      await until(`the ${language} text`, async () => (await page.locator('html').getAttribute('lang')) === language);
      await card.scrollIntoViewIfNeeded();
      const text = await held.innerText();
      expect(await card.getByTestId('credentials-configured').innerText()).toMatch(/…9f3a/);
      expect(text).toContain(word);
      expect(text).toContain('wss://mirror.example:8090');
      await screenshot(page, `settings-held-back-${language}`);
    }
    await page.getByTestId('language-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
