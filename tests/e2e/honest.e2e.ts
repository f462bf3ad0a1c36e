// Honest screens (issue 12): every failure says why, in plain sight and in the user's language;
// every number says when it is not live; a key typed into a demo card goes to the real endpoint.
// "The real endpoint" here is a second simulator this test starts and gives to the web host through
// the environment, exactly as a user points Vigil at an exchange; the demo ones live inside the host.
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startCoinKingSimulator, type CoinKingSimulator } from '../../src/main/core/simulators/coinking/simulator';
import { startItickSimulator, type ItickSimulator } from '../../src/main/core/simulators/itick/simulator';
import { goTo, openApp, screenshot, startSession, until, type Session } from './helpers';

const sessions: Session[] = [];
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const s of servers.splice(0)) await s.close().catch(() => {});
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close().catch(() => {});
});

async function coinKing(tokens: string[]): Promise<CoinKingSimulator> {
  const sim = await startCoinKingSimulator({ tokens, accountMs: 2_000, historyOrders: 4 });
  servers.push(sim);
  return sim;
}

const coinKingEnv = (sim: CoinKingSimulator) => ({ VIGIL_COINKING_WS_URL: sim.url, VIGIL_COINKING_API_URL: sim.apiUrl });

async function openSettingsCard(page: Page, exchange: string) {
  await goTo(page, 'settings');
  const card = page.locator(`[data-testid="credentials-card"][data-exchange="${exchange}"]`);
  await card.waitFor();
  return card;
}

/** A private method sent after `server.auth`: only a key the server accepted gets that far. */
const authed = (sim: CoinKingSimulator) => {
  const i = sim.requests.findIndex((r) => r.method === 'server.auth');
  return i >= 0 && sim.requests.slice(i + 1).some((r) => /^(asset|order)\./.test(r.method));
};

describe('honest screens (web host)', () => {
  it('shows why iTick stopped (its key is in use elsewhere) as text, with a Reconnect now button, from the keyboard', async () => {
    const itick: ItickSimulator = await startItickSimulator({ tokens: ['itick-user-token-1'] });
    servers.push(itick);
    // Demo for the others; iTick on the user's own key (from the environment) at "its" server.
    const session = await startSession({ VIGIL_ITICK_WS_URL: itick.wsUrl, VIGIL_ITICK_API_URL: itick.apiUrl, VIGIL_ITICK_TOKEN: 'itick-user-token-1' });
    sessions.push(session);
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const item = page.locator('[data-testid="exchange-status"][data-exchange="itick"]');
    await until('iTick live', async () => (await item.getAttribute('data-state')) === 'live', 30_000);

    // Another client with the same key takes it over, again and again.
    let rivalStops = false;
    const rival = () => {
      if (rivalStops) return;
      const ws = new WebSocket(itick.wsUrl, { headers: { token: 'itick-user-token-1' } });
      ws.on('error', () => {});
      ws.on('close', () => setTimeout(rival, 300));
    };
    rival();
    await until('iTick dropped', async () => (await item.getAttribute('data-state')) === 'backing_off', 30_000);

    // Keyboard only: the exchange in the status bar is a button; Enter opens its panel.
    const button = item.getByTestId('exchange-status-button');
    await button.focus();
    await page.keyboard.press('Enter');
    const panel = item.getByTestId('exchange-panel');
    await panel.waitFor({ state: 'visible' });
    const reason = panel.getByTestId('exchange-panel-reason');
    await until('the key-in-use reason as text', async () => /API key in use elsewhere/.test(await reason.innerText()), 60_000);
    rivalStops = true;
    expect(await reason.innerText()).toMatch(/^API key in use elsewhere: iTick allows one connection per key/);
    expect(await panel.getByTestId('exchange-panel-retry').innerText()).toMatch(/\d\d:\d\d:\d\d \(in \d+ s, attempt \d+\)/);
    const reconnect = panel.getByTestId('exchange-reconnect');
    expect(await reconnect.isVisible()).toBe(true);
    expect(await reconnect.innerText()).toBe('Reconnect now');
    // The focus went into the panel, on the button: Enter reconnects.
    expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe('exchange-reconnect');
    await screenshot(page, 'honest-status-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // The Settings card says the same.
    const card = await openSettingsCard(page, 'itick');
    expect(await card.getByTestId('credentials-reason').innerText()).toMatch(/^Connection: API key in use elsewhere/);

    // Back to the status bar, from the keyboard again: Enter opens the panel, Enter reconnects.
    await button.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'visible' });
    expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe('exchange-reconnect');
    await page.keyboard.press('Enter');
    await until('iTick live again after Reconnect now', async () => (await item.getAttribute('data-state')) === 'live', 30_000);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.dataset?.testid')).toBe('exchange-status-button');

    expect(errors).toEqual([]);
  }, 120_000);

  it('leaves demo for CoinKing when a key is typed into its card: the key reaches the real endpoint within 60 s; then Portfolio and Open orders say the data is not live within 30 s of it going down', async () => {
    const real = await coinKing(['coinking-own-key-123']);
    const session = await startSession(coinKingEnv(real));
    sessions.push(session);
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);

    const card = await openSettingsCard(page, 'coinking');
    // The demo's key is the simulator's, never shown as the user's.
    await card.getByTestId('credentials-demo').waitFor();
    expect(await card.getByTestId('credentials-configured').count()).toBe(0);
    expect(await card.getByTestId('credentials-needs').innerText()).toMatch(/CoinKing needs a key for your account only/);
    await card.getByTestId('credentials-use-own').click();
    expect(await card.getByTestId('credentials-where').innerText()).toMatch(/read-only API key at coinking\.pro/);
    await screenshot(page, 'honest-demo-card');
    expect(real.connectionCount()).toBe(0); // nothing went to the real endpoint yet

    const typedAt = Date.now();
    await card.getByTestId('credential-token').fill('coinking-own-key-123');
    await card.getByTestId('credentials-save').click();
    await until('the key to reach the real endpoint and be accepted there', async () => authed(real), 60_000);
    expect(Date.now() - typedAt).toBeLessThan(60_000);
    await card.getByTestId('credentials-configured').waitFor();
    expect(await card.getByTestId('credentials-demo').count()).toBe(0);

    // The real exchange goes down.
    await goTo(page, 'portfolio');
    await page.getByTestId('portfolio-total').waitFor();
    real.refuseConnections(true);
    real.dropAll();
    const downAt = Date.now();
    const note = page.getByTestId('portfolio-freshness');
    await until('Portfolio to say it is not live', async () => (await note.count()) > 0 && (await note.innerText()), 30_000);
    expect(await note.innerText()).toMatch(/As of \d\d:\d\d:\d\d · CoinKing (Reconnecting|Connecting)/);
    expect(await page.getByTestId('portfolio-not-live').innerText()).toBe('Not live');
    expect(Date.now() - downAt).toBeLessThan(30_000);
    // Greyed: the P&L is not shown in green or red while not live.
    const pnlColor = await page.getByTestId('portfolio-unrealised').evaluate((el) => getComputedStyle(el).color);
    const muted = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--muted').trim());
    expect(pnlColor).toBe(hexToRgb(muted));
    await screenshot(page, 'honest-portfolio-not-live');

    await goTo(page, 'orders');
    const orders = page.getByTestId('orders-freshness');
    await until('Open orders to say it is not live', async () => (await orders.count()) > 0 && (await orders.innerText()), 30_000);
    expect(await orders.innerText()).toMatch(/As of \d\d:\d\d:\d\d · CoinKing (Reconnecting|Connecting)/);
    expect(Date.now() - downAt).toBeLessThan(30_000);
    await screenshot(page, 'honest-orders-not-live');

    // The market view of a CoinKing market: the header, book, depth, tape and candles each say so.
    await goTo(page, 'watchlist');
    await page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]').click();
    await page.getByTestId('market-header').waitFor();
    for (const id of ['market-freshness', 'book-freshness', 'depth-freshness', 'tape-freshness', 'candles-freshness']) {
      const line = page.getByTestId(id);
      await until(`${id} to say the data is not live`, async () => (await line.count()) > 0 && /As of \d\d:\d\d:\d\d · CoinKing/.test(await line.innerText()), 30_000);
    }
    expect(await page.getByTestId('market-header').getAttribute('data-live')).toBe('false');
    const lastColor = await page.getByTestId('market-last').evaluate((el) => getComputedStyle(el).color);
    expect(lastColor).toBe(hexToRgb(muted)); // greyed, never bright
    await screenshot(page, 'honest-market-not-live');

    // And the Settings card says why, as the status panel does.
    const again = await openSettingsCard(page, 'coinking');
    expect(await again.getByTestId('credentials-reason').innerText()).toMatch(/^Connection: The server refused the connection \(HTTP 503\)\.|^Connection: /);
    expect(errors).toEqual([]);
  }, 150_000);

  /** Demo for the others; a wrong CoinKing key typed into its demo card, going to `real`. */
  async function wrongKey(real: CoinKingSimulator) {
    const session = await startSession(coinKingEnv(real));
    sessions.push(session);
    const { page, errors } = await session.page();
    await openApp(page, session.host.url);
    const card = await openSettingsCard(page, 'coinking');
    await card.getByTestId('credentials-use-own').click();
    await card.getByTestId('credential-token').fill('coinking-wrong-key');
    await card.getByTestId('credentials-save').click();
    await until('the wrong key to reach the real endpoint', async () => real.requests.some((r) => r.method === 'server.auth'), 60_000);
    return { page, errors, card };
  }

  it('says in plain sight that CoinKing rejected the key: on the card, in the status bar panel', async () => {
    const real = await coinKing(['coinking-right-key']);
    const { page, errors, card } = await wrongKey(real);
    const rejected = /CoinKing rejected the API key \(11: /;
    const shown = card.locator('[data-testid="credentials-problem"], [data-testid="credentials-last-error"]').first();
    await until('the rejection on the card', async () => (await shown.count()) > 0 && rejected.test(await shown.innerText()), 30_000);
    expect(await shown.innerText()).not.toContain('coinking-wrong-key');
    const item = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await item.getByTestId('exchange-status-button').click();
    const panel = item.getByTestId('exchange-panel');
    const text = await until('the rejection in the panel', async () => {
      const t = await panel.innerText();
      return rejected.test(t) ? t : null;
    });
    expect(text).not.toContain('coinking-wrong-key');
    await screenshot(page, 'honest-key-rejected');
    expect(errors).toEqual([]);
  }, 120_000);

  // CoinKing's market data is public: a rejected key fails the account only (ExchangeStatus.account
  // "rejected", the reason in ExchangeStatus.problem), and prices keep flowing.
  it('keeps CoinKing prices live beside a visible "Key rejected"', async () => {
    const real = await coinKing(['coinking-right-key']);
    const { page, errors } = await wrongKey(real);
    const item = page.locator('[data-testid="exchange-status"][data-exchange="coinking"]');
    await until('"Key rejected" beside live prices in the status bar', async () => (await item.getByTestId('exchange-problem-badge').count()) > 0, 20_000);
    expect(await item.getByTestId('exchange-problem-badge').innerText()).toBe('Key rejected');
    await goTo(page, 'watchlist');
    const row = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]');
    const last = row.getByTestId('last-price');
    const first = await last.innerText();
    await until('a new CoinKing price after the rejection', async () => (await last.innerText()) !== first, 30_000);
    expect(await row.getByTestId('stale-marker').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('writes a fired alert in Chinese when the language is zh-CN, and shows no raw code or English from the core', async () => {
    const session = await startSession();
    sessions.push(session);
    const { page, errors } = await session.page({ locale: 'zh-CN' });
    await openApp(page, session.host.url);
    await goTo(page, 'settings');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await goTo(page, 'watchlist');
    const last = page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"] [data-testid="last-price"]');
    const price = await until('a BTC price', async () => /\d/.test(await last.innerText()) && (await last.innerText()).replace(/,/g, '').trim());
    await goTo(page, 'alerts');
    for (const kind of ['price_above', 'price_below']) {
      await page.getByTestId('alert-new').click();
      await page.getByTestId('alert-kind').selectOption(kind);
      await page.getByTestId('alert-market').selectOption('coinking:BTC/USDT');
      await page.getByTestId('alert-price').fill(price);
      await page.getByTestId('alert-save').click();
    }
    await until('the fired alert in the history', async () => (await page.getByTestId('fired-alert').count()) > 0, 60_000);
    const fired = await page.getByTestId('fired-alert').first().innerText();
    expect(fired).toMatch(/[高低]于/); // "above"/"below" in Chinese
    expect(fired).not.toMatch(/\b(above|below|on CoinKing|is)\b/);
    const toast = await page.getByTestId('toast').first().innerText();
    expect(toast).toMatch(/[高低]于/);
    await screenshot(page, 'honest-alert-zh-CN');
    // No screen shows a raw code or the core's English.
    for (const screen of ['watchlist', 'market', 'portfolio', 'orders', 'deals', 'alerts', 'settings']) {
      await goTo(page, screen);
      await page.waitForTimeout(400);
      const text = await page.locator('#screen').innerText();
      expect(text, screen).not.toMatch(/\b(link|ticker|rule|alert|list|credentials|command)\.[a-z][A-Za-z]+\b/);
      expect(text, screen).not.toMatch(/\b(Main|Exchanges|Reconnecting|Not configured|not available|rejected|disconnected)\b/);
    }
    const status = await page.getByTestId('status-bar').innerText();
    expect(status).not.toMatch(/\b(Live|Reconnecting|Connecting)\b/);
    expect(errors).toEqual([]);
  }, 150_000);

  it('gives the candles at least 200 px at 1024x640 and at 800x600', async () => {
    const session = await startSession();
    sessions.push(session);
    for (const [width, height] of [
      [1024, 640],
      [800, 600],
    ] as const) {
      const { page, errors } = await session.page({ width, height });
      await openApp(page, session.host.url);
      await page.locator('[data-testid="watchlist-row"][data-market="coinking:BTC/USDT"]').click();
      await page.getByTestId('candle-chart').waitFor();
      const plot = page.locator('[data-testid="candle-chart"] .plot');
      const box = await until('the candle plot laid out', async () => {
        const b = await plot.boundingBox();
        return b && b.height > 0 ? b : null;
      });
      expect(box.height, `${width}x${height}`).toBeGreaterThanOrEqual(200);
      // The whole plot is inside the window: nothing to scroll to see the candles.
      expect(box.y + box.height, `${width}x${height}`).toBeLessThanOrEqual(height);
      await screenshot(page, `honest-market-${width}x${height}`);
      expect(errors).toEqual([]);
    }
  }, 120_000);
});

function hexToRgb(hex: string): string {
  const h = hex.replace('#', '');
  const n = parseInt(h.length === 3 ? h.replace(/./g, (c) => c + c) : h, 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
