// The deal history: a virtual table fed page by page, filters with totals, a CSV export that
// downloads in the browser and matches the table, and 100,000 rows scrolled smoothly.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goTo, interceptCommands, openApp, screenshot, startSession, until, type Session } from './helpers';

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

describe('deal history (web host, demo mode)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists, filters and exports the deals', async () => {
    const { page, errors } = await session.page({ acceptDownloads: true });
    await openApp(page, session.host.url);
    await goTo(page, 'deals');

    const rows = page.getByTestId('deal-row');
    await until('deals', async () => (await rows.count()) > 0, 20_000);
    const total = Number(await page.getByTestId('deal-table').getAttribute('data-total'));
    expect(Number((await page.getByTestId('deal-count').innerText()).replace(/,/g, ''))).toBe(total);
    // Only the rows in view exist, however long the history.
    expect(await rows.count()).toBeLessThanOrEqual(40);

    // Filter to buys: every row says Buy, and the totals follow.
    await page.getByTestId('filter-side').selectOption('buy');
    await until('buys only', async () => {
      const sides = await rows.evaluateAll((r) => r.map((x) => x.children[3]?.textContent?.trim()));
      return sides.length > 0 && sides.every((s) => s === 'Buy');
    });
    await screenshot(page, 'deals');

    // Export: the browser downloads the file, and its rows are the table's rows.
    const shownIds = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-deal')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
    const header = csv[0]!.map((h) => h.toLowerCase());
    const idColumn = header.findIndex((h) => h === 'id' || h === 'deal id' || h === 'deal_id');
    expect(idColumn).toBeGreaterThanOrEqual(0);
    const body = csv.slice(1);
    const buyCount = Number((await page.getByTestId('deal-count').innerText()).replace(/,/g, ''));
    expect(body).toHaveLength(buyCount);
    expect(body.slice(0, shownIds.length).map((r) => r[idColumn])).toEqual(shownIds);
    await page.getByTestId('export-done').waitFor();
    expect(errors).toEqual([]);
  });

  it('filters a pair across every exchange: the pair typed alone is that pair on each venue', async () => {
    const { page, errors } = await session.page({ width: 1024, height: 640 });
    await openApp(page, session.host.url);
    await goTo(page, 'deals');
    const rows = page.getByTestId('deal-row');
    await until('deals', async () => (await rows.count()) > 0, 20_000);
    const count = async () => Number((await page.getByTestId('deal-count').innerText()).replace(/,/g, ''));
    const cells = () =>
      rows.evaluateAll((r) => r.map((x) => ({ exchange: x.children[1]?.textContent?.trim().toLowerCase() ?? '', pair: x.children[2]?.textContent?.trim() ?? '' })));
    // A pair the demo accounts have traded on two exchanges (they keep trading, so one turns up).
    const pair = await until(
      'a pair traded on two exchanges',
      async () => {
        const venuesOf = new Map<string, Set<string>>();
        for (const c of await cells()) venuesOf.set(c.pair, (venuesOf.get(c.pair) ?? new Set()).add(c.exchange));
        return [...venuesOf].find(([, v]) => v.size >= 2)?.[0];
      },
      60_000,
    );

    await page.getByTestId('filter-market').fill(pair.toLowerCase());
    const venues = await until(`${pair} rows from two exchanges`, async () => {
      const shown = await cells();
      const set = new Set(shown.map((c) => c.exchange));
      return shown.length > 0 && shown.every((c) => c.pair === pair) && set.size >= 2 && set;
    });
    expect(await page.locator('#deal-filter-problem').count()).toBe(0);
    const all = await count();
    // The same pair, one exchange at a time: each shows only its own, and together they hold them all.
    let sum = 0;
    for (const exchange of venues) {
      await page.getByTestId('filter-exchange').selectOption(exchange);
      const n = await until(`${exchange} ${pair} only`, async () => {
        const shown = await cells();
        return shown.length > 0 && shown.every((c) => c.pair === pair && c.exchange === exchange) && (await count());
      });
      sum += n;
    }
    // The demo keeps trading, so a later count can only be larger, never smaller.
    expect(sum).toBeGreaterThanOrEqual(all);
    await page.getByTestId('filter-exchange').selectOption('');
    await until('every venue again', async () => (await count()) >= all && (await cells()).every((c) => c.pair === pair));
    await screenshot(page, 'deals-pair-all-venues');
    expect(errors).toEqual([]);
    await page.context().close(); // a page left open keeps drawing frames and slows the next test
  }, 120_000);

  it('scrolls 100,000 deals smoothly, fetching only the pages in view', async () => {
    const { page, errors } = await session.page();
    const requests = await serveManyDeals(page, HISTORY);
    await openApp(page, session.host.url);
    await goTo(page, 'deals');
    await until('the first page', async () => (await page.getByTestId('deal-row').count()) > 0);
    expect(await page.getByTestId('deal-table').getAttribute('data-total')).toBe(String(HISTORY));
    expect(await page.getByTestId('deal-count').innerText()).toBe('100,000');

    // A fling from the top to the bottom: 120 frames, a big jump each, timed in the page.
    const timing = (await page.evaluate(`(async () => {
      const scroller = document.querySelector('[data-testid="deal-scroller"]');
      const gaps = [];
      let most = 0;
      let last = performance.now();
      for (let i = 1; i <= 120; i++) {
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * (i / 120);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        most = Math.max(most, document.querySelectorAll('[data-testid="deal-table"] [role="row"]').length);
      }
      gaps.sort((a, b) => a - b);
      return { p95: gaps[Math.floor(gaps.length * 0.95)], most };
    })()`)) as { p95: number; most: number };
    // Only the rows in view (and a few either side) ever exist, and frames keep coming.
    expect(timing.most).toBeLessThanOrEqual(50);
    expect(timing.p95).toBeLessThan(100);

    // At the bottom: the oldest deal, once its page has arrived; far fewer pages asked than scrolled past.
    await until('the last row', async () => (await page.locator('[data-testid="deal-row"][data-deal="1"]').count()) === 1);
    expect(requests.pages()).toBeLessThan(20);
    console.info(`100,000 deals: p95 frame ${timing.p95.toFixed(1)} ms, at most ${timing.most} rows in the DOM, ${requests.pages()} pages fetched`);
    await screenshot(page, 'deals-100k');
    expect(errors).toEqual([]);
  });
});

const HISTORY = 100_000;

/** A made-up history of `total` deals (newest first), answered page by page in place of the core's. */
async function serveManyDeals(page: Page, total: number): Promise<{ pages(): number }> {
  const stand = await interceptCommands(page, (command, request) => {
    if (command !== 'deals.page') return undefined;
    const { offset, limit } = request as { offset: number; limit: number };
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      rows.push({
        exchange: 'coinking',
        id: String(total - i),
        orderId: null,
        market: 'coinking:BTC/USDT',
        side: i % 3 ? 'buy' : 'sell',
        price: '67000.00',
        amount: '0.0100',
        value: '670.00',
        fee: '0.67',
        feeAsset: 'USDT',
        role: 'taker',
        time: 1_763_000_000_000 - i * 60_000,
      });
    }
    return { reply: { total, rows, totals: { count: total, value: { USDT: String(total * 670) }, fees: { USDT: String(total * 0.67) } } } };
  });
  return { pages: () => stand.count('deals.page') };
}
