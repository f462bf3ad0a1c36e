// The command palette (Ctrl/Cmd+K), keyboard only: a market of any venue (the core's markets.search),
// any screen, and actions (add the market on screen to the watchlist, reconnect an exchange, switch
// the language, and issue 14's: privacy, portfolio quote, P&L method, every venue, an indicator, add
// an account, sort by 24 h change), in four languages and a small window.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, interceptCommands, notAvailable, openApp, screenshot, startSession, unavailable, until, type Session } from './helpers';

const NAV_WATCHLIST = { en: 'Watchlists', 'zh-CN': '自选列表', 'zh-TW': '自選清單', th: 'รายการเฝ้าดู' } as const;

async function activeTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);
}

async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog').waitFor({ state: 'visible', timeout: 5_000 });
  await until('the palette text field focused', async () => (await activeTestId(page)) === 'palette-input', 5_000);
}

/** The option the combobox points at (aria-activedescendant). */
async function activeOption(page: Page): Promise<{ id: string | null; kind: string | null; selected: string | null }> {
  const optionId = await page.getByTestId('palette-input').getAttribute('aria-activedescendant');
  if (!optionId) return { id: null, kind: null, selected: null };
  const option = page.locator(`#${optionId}`);
  return { id: await option.getAttribute('data-id'), kind: await option.getAttribute('data-kind'), selected: await option.getAttribute('aria-selected') };
}

/** Moves down with the arrow key to the option with this id, and runs it with Enter. */
async function pick(page: Page, id: string): Promise<void> {
  await until(`the option ${id}`, async () => (await page.locator(`[data-testid="palette-option"][data-id="${id}"]`).count()) === 1, 10_000);
  const count = await page.getByTestId('palette-option').count();
  for (let i = 0; i <= count && (await activeOption(page)).id !== id; i++) await page.keyboard.press('ArrowDown');
  expect((await activeOption(page)).id).toBe(id);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });
}

async function marketOptions(page: Page): Promise<string[]> {
  return page.locator('[data-testid="palette-option"][data-kind="market"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

/** The rows as shown, each with its 24 h change as a number (the minus sign is U+2212). */
const rowsWithChange = (page: Page) =>
  page.getByTestId('watchlist-row').evaluateAll((rows) =>
    rows.map((r) => {
      const text = r.querySelector('[data-testid="change-pct"]')?.textContent?.trim() ?? '';
      const n = Number(text.replace('\u2212', '-').replace('+', '').replace('%', ''));
      return { market: r.getAttribute('data-market')!, change: text === '—' || !Number.isFinite(n) ? null : n };
    }),
  );

/** The ids of the candle chart's series (its ECharts instance is the canvas's `vigilChart`). */
const chartSeries = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid="candle-chart"] .canvas') as (HTMLElement & { vigilChart?: { getOption(): Record<string, unknown> } }) | null;
    const option = el?.vigilChart?.getOption() as { series: { id: string }[] } | undefined;
    return option ? option.series.map((s) => String(s.id)) : [];
  });

/** The text of every amount cell on screen (cells marked data-private). */
const privateTexts = (page: Page) => page.locator('#screen [data-private]').allInnerTexts();

describe('command palette (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('finds ETH on several venues and opens the one chosen, by keyboard only', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await page.getByTestId('watchlist-row').first().waitFor();
    const watched = await page.getByTestId('watchlist-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-market')));

    await openPalette(page);
    const dialog = page.getByRole('dialog');
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await page.getByRole('listbox').count()).toBe(1);
    // With nothing typed: screens and actions.
    expect(await page.locator('[data-testid="palette-option"][data-id="screen:deals"]').count()).toBe(1);
    expect(await page.locator('[data-testid="palette-option"][data-id="screen:watchlist"]').count()).toBe(0); // the one open
    expect(await page.getByTestId('palette-status').innerText()).toMatch(/every venue/);
    await screenshot(page, 'palette-empty-en');

    await page.keyboard.type('eth');
    const found = await until('ETH markets of two venues', async () => {
      const ids = await marketOptions(page);
      const venues = new Set(ids.filter((id) => /^\w+:ETH\//.test(id)).map((id) => id.split(':')[0]));
      return venues.size >= 2 && ids;
    });
    // Exact base first: every ETH/… market comes before any other match.
    const firstOther = found.findIndex((id) => !/^\w+:ETH\//.test(id));
    expect(firstOther === -1 || found.slice(firstOther).every((id) => !/^\w+:ETH\//.test(id))).toBe(true);
    expect(await activeOption(page)).toEqual({ id: found[0], kind: 'market', selected: 'true' });

    // Alt+5 would open Deal history: not behind an open palette.
    await page.keyboard.press('Alt+5');
    expect(await page.locator('#screen').getAttribute('data-screen')).toBe('watchlist');

    // Tab cannot leave the dialog.
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('palette-input');
    await page.keyboard.press('Shift+Tab');
    expect(await activeTestId(page)).toBe('palette-input');

    // The arrow keys move the active option, wrapping at the ends.
    await page.keyboard.press('ArrowUp');
    expect((await activeOption(page)).id).not.toBe(found[0]);
    await page.keyboard.press('ArrowDown');
    expect((await activeOption(page)).id).toBe(found[0]);
    await page.waitForTimeout(300);
    await screenshot(page, 'palette-eth-en');

    // Escape closes and gives the focus back; Ctrl+K again starts afresh.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await openPalette(page);
    expect(await page.getByTestId('palette-input').inputValue()).toBe('');
    await page.keyboard.type('eth');

    // A market not on the watchlist, so that the add action can be tried on it.
    const target = await until('an ETH market not yet watched', async () => (await marketOptions(page)).find((id) => /^\w+:ETH\//.test(id) && !watched.includes(id)));
    await pick(page, target);
    const pair = target.split(':')[1]!;
    await until(`the ${target} market view`, async () => (await page.locator('#screen').getAttribute('data-screen')) === 'market' && (await page.getByTestId('market-pair').innerText()).replace(/\s/g, '') === pair);
    expect(await activeTestId(page)).not.toBe('palette-input');

    // Add the market on screen to the current watchlist, from the palette.
    await openPalette(page);
    await pick(page, 'watch');
    await until('the added toast', async () => (await page.getByTestId('toasts').innerText()).includes(`Added ${pair}`), 5_000);
    await goTo(page, 'watchlist');
    await until(`${target} on the watchlist`, async () => (await page.locator(`[data-testid="watchlist-row"][data-market="${target}"]`).count()) === 1);
    expect(errors).toEqual([]);
  });

  it("asks the core's markets.search: a failure in words, a reply never come does not block the next, prices or no price yet", async () => {
    const { page, errors } = await session.page();
    const searched: string[] = [];
    await interceptCommands(page, (command, request) => {
      if (command !== 'markets.search') return undefined;
      const q = (request as { query: string }).query;
      searched.push(q);
      if (q === 'doge') return { error: unavailable('markets.search') };
      if (q === 'sol') return 'hold';
      return undefined;
    });
    await openApp(page, session.host.url);
    await openPalette(page);
    const status = page.getByTestId('palette-status');

    await page.keyboard.type('doge');
    await until('the failure in words', async () => notAvailable('markets.search').test(await status.innerText()));
    expect(await status.innerText()).toMatch(/^Market search failed/);
    expect(await marketOptions(page)).toEqual([]);
    // Debounced: one question for the whole word, not one per key.
    expect(searched).toEqual(['doge']);

    await page.getByTestId('palette-input').fill('sol');
    await until('searching', async () => /Searching/.test(await status.innerText()));
    await page.getByTestId('palette-input').fill('eth');
    const found = await until('ETH markets', async () => {
      const ids = await marketOptions(page);
      return ids.some((id) => /^\w+:ETH\//.test(id)) && ids;
    });
    expect(await status.count()).toBe(0);
    const details = await page.locator('[data-testid="palette-option"][data-kind="market"] .detail').allInnerTexts();
    expect(details).toHaveLength(found.length);
    for (const d of details) expect(d).toMatch(/^(Cryptomus|iTick|CoinKing) · ([\d,]+(\.\d+)?|no price yet)$/);
    expect(details.some((d) => /\d$/.test(d))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reconnects an exchange', async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const item = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('CoinKing live', async () => (await item.getAttribute('data-state')) === 'live');
    // The status panel's "Since hh:mm:ss": a reconnect starts a new state, so a new time.
    const since = async () => {
      await item.getByTestId('exchange-status-button').click();
      const panel = item.getByTestId('exchange-panel');
      await panel.waitFor();
      const text = await panel.getByTestId('exchange-panel-state').innerText();
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      return text;
    };
    const before = await since();
    await page.waitForTimeout(1_100);

    await openPalette(page);
    await page.keyboard.type('reconnect coin');
    await pick(page, 'reconnect:coinking');
    await until('CoinKing reconnected', async () => (await item.getAttribute('data-state')) === 'live' && (await since()) !== before, 30_000);
    expect(errors).toEqual([]);
  });

  it("reaches issue 14's features: sort, privacy, quote, P&L method, indicator, every venue, add account", async () => {
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    await page.getByTestId('watchlist-row').first().waitFor();

    // Sort the current watchlist by 24 h change, biggest rise first.
    await until('24 h changes on the rows', async () => {
      const rows = await rowsWithChange(page);
      return rows.length >= 3 && rows.every((r) => r.change !== null);
    }, 30_000);
    await openPalette(page);
    await page.keyboard.type('24h');
    await pick(page, 'sort:change');
    await until('the rows by 24 h change, descending', async () => {
      const changes = (await rowsWithChange(page)).map((r) => r.change!);
      return (await page.getByTestId('sort-change').getAttribute('aria-sort')) === 'descending' && changes.every((c, i) => i === 0 || changes[i - 1]! >= c);
    });

    // Privacy mode hides every digit of the portfolio's amounts, and shows them again.
    await goTo(page, 'portfolio');
    await until('portfolio amounts with digits', async () => {
      const texts = await privateTexts(page);
      return texts.length > 0 && texts.some((t) => /\d/.test(t));
    }, 30_000);
    await openPalette(page);
    await pick(page, 'privacy');
    await until('no digit in any amount', async () => (await privateTexts(page)).every((t) => !/\d/.test(t)));
    expect(await page.getByTestId('privacy-toggle').getAttribute('aria-pressed')).toBe('true');
    await openPalette(page);
    await pick(page, 'privacy');
    await until('the amounts shown again', async () => (await privateTexts(page)).some((t) => /\d/.test(t)));

    // The portfolio in BTC, then back; the P&L method FIFO, then back.
    await openPalette(page);
    await page.keyboard.type('BTC');
    await pick(page, 'quote:BTC');
    await until('the total in BTC', async () => /BTC$/.test(await page.getByTestId('portfolio-total').innerText()));
    expect(await page.getByTestId('portfolio-quote').inputValue()).toBe('BTC');
    await openPalette(page);
    await pick(page, 'quote:USDT');
    await until('the total in USDT', async () => /USDT$/.test(await page.getByTestId('portfolio-total').innerText()));
    await openPalette(page);
    await pick(page, 'pnl:fifo');
    await until('the FIFO view', async () => (await page.getByTestId('portfolio-summary').innerText()).includes('FIFO'));
    await openPalette(page);
    await pick(page, 'pnl:average');
    await until('the average-cost view', async () => (await page.getByTestId('portfolio-method').inputValue()) === 'average');

    // Open BTC/USDT, then add RSI to its chart from the palette.
    await openPalette(page);
    await page.keyboard.type('btc/usdt');
    await pick(page, 'coinking:BTC/USDT');
    await until('the market view', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'market');
    await until('the chart drawn', async () => (await chartSeries(page)).length > 0, 30_000);
    const rsiBefore = (await chartSeries(page)).filter((id) => id.startsWith('ind:rsi-')).length;
    await openPalette(page);
    await page.keyboard.type('rsi');
    await screenshot(page, 'palette-indicator-en');
    await pick(page, 'indicator:rsi');
    await until('an RSI series on the chart', async () => (await chartSeries(page)).filter((id) => id.startsWith('ind:rsi-')).length === rsiBefore + 1, 15_000);

    // Compare the open market on every venue, from another screen: the panel in view, focused.
    await goTo(page, 'watchlist');
    await openPalette(page);
    await page.keyboard.type('venue');
    await pick(page, 'venues');
    await until('the venue panel focused', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'market' && (await activeTestId(page)) === 'venue-panel');
    await until('three venues', async () => (await page.getByTestId('venue-row').count()) === 3, 30_000);
    expect(await page.getByTestId('venue-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-exchange')))).toEqual(['cryptomus', 'itick', 'coinking']);
    expect(await page.getByTestId('venue-panel').isVisible()).toBe(true);

    // Add an account: Settings at "More accounts", its first field focused.
    await openPalette(page);
    await page.keyboard.type('account');
    await pick(page, 'account:add');
    await until('the account form focused', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'settings' && (await activeTestId(page)) === 'account-exchange');
    await screenshot(page, 'palette-add-account-en');
    expect(errors).toEqual([]);
  }, 180_000);

  it('jumps to a screen and switches the language, in four languages and a small window', async () => {
    const { page, errors } = await session.page({ width: 800, height: 600 });
    await openApp(page, session.host.url);

    await openPalette(page);
    await page.keyboard.type('deal');
    await pick(page, 'screen:deals');
    await until('the deals screen', async () => (await page.locator('#screen').getAttribute('data-screen')) === 'deals');

    for (const language of ['zh-CN', 'zh-TW', 'th', 'en'] as const) {
      await openPalette(page);
      await pick(page, `language:${language}`);
      await until(`the UI in ${language}`, async () => (await page.locator('html').getAttribute('lang')) === language && (await page.getByTestId('nav-watchlist').getAttribute('aria-label')) === NAV_WATCHLIST[language]);

      // The palette itself speaks the language: ETH markets with their venues, in an 800×600 window.
      await openPalette(page);
      await page.keyboard.type('eth');
      await until('ETH markets', async () => (await marketOptions(page)).length >= 2);
      const placeholder = await page.getByTestId('palette-input').getAttribute('placeholder');
      expect(placeholder).toBeTruthy();
      if (language !== 'en') expect(placeholder).not.toMatch(/Search/);
      await page.waitForTimeout(300);
      await screenshot(page, `palette-${language}-800x600`);
      // The actions in this language: the list scrolled to privacy mode and the portfolio's choices.
      await page.getByTestId('palette-input').fill('');
      await until('the privacy action', async () => (await page.locator('[data-testid="palette-option"][data-id="privacy"]').count()) === 1);
      for (let i = 0; i < 40 && (await activeOption(page)).id !== 'privacy'; i++) await page.keyboard.press('ArrowDown');
      expect((await activeOption(page)).id).toBe('privacy');
      await page.waitForTimeout(200);
      await screenshot(page, `palette-actions-${language}-800x600`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    expect(errors).toEqual([]);
  });
});
