import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Deal } from '../../../shared/model';
import { loadConfig } from '../config';
import { ManualClock } from '../connection/clock';
import type { Core } from '../core';
import { createCore } from '../create-core';
import { silentLogger } from '../log';
import type { DealLedger } from '../store/ports';
import { memoryStores } from '../store/ports';
import { openStores } from '../store/sqlite';
import { makeDeals, tempFolders } from '../store/sqlite/sqlite.test-support';
import { csvField, csvFileName, dealsCommands } from './deals';

const folders = tempFolders('vigil-deals-cmd-');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  folders.cleanup();
});

// 2025-03-04 05:06:07 UTC
const NOW = Date.UTC(2025, 2, 4, 5, 6, 7);

function coreWith(ledger: DealLedger): Core {
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: folders.make() } });
  return createCore(config, { log: silentLogger, clock: new ManualClock(NOW), modules: [], commandGroups: [(ctx) => dealsCommands(ctx, ledger)] });
}

function sqliteLedger(): DealLedger {
  const stores = openStores(folders.make(), { log: silentLogger });
  cleanups.push(() => stores.close());
  return stores.deals;
}

describe('deals.page', () => {
  it('returns one page newest first with the count and totals of the whole filter', async () => {
    const ledger = sqliteLedger();
    const deals = makeDeals(300, 5);
    ledger.add(deals);
    const core = coreWith(ledger);
    const coinking = deals.filter((d) => d.exchange === 'coinking').sort((a, b) => b.time - a.time);
    const page = await core.invoke('deals.page', { exchange: 'coinking', offset: 10, limit: 20 });
    expect(page.total).toBe(coinking.length);
    expect(page.rows).toEqual(coinking.slice(10, 30));
    expect(page.totals.count).toBe(coinking.length);
    expect(Object.keys(page.totals.value).sort()).toEqual(['BTC', 'USDT']);
    // Absent offset and limit take the first 100; nulls do not filter.
    const first = await core.invoke('deals.page', { exchange: null, market: null } as never);
    expect(first.rows).toHaveLength(100);
    expect(first.total).toBe(300);
  });

  it('filters a pair on every exchange, the same from the database and from memory', async () => {
    // The fixture trades BTC/USDT on CoinKing only: move every other one to Cryptomus.
    const deals = makeDeals(300, 7).map((d, i) =>
      d.market === 'coinking:BTC/USDT' && i % 2 ? { ...d, exchange: 'cryptomus' as const, market: 'cryptomus:BTC/USDT' as const, id: `cm-${d.id}` } : d,
    );
    const btcUsdt = deals.filter((d) => d.market.endsWith(':BTC/USDT')).sort((a, b) => b.time - a.time);
    expect(new Set(btcUsdt.map((d) => d.exchange)).size).toBeGreaterThan(1);
    for (const ledger of [sqliteLedger(), memoryStores().deals]) {
      ledger.add(deals);
      const core = coreWith(ledger);
      const page = await core.invoke('deals.page', { pair: 'BTC/USDT', offset: 0, limit: 1000 });
      expect(page.rows).toEqual(btcUsdt);
      expect(page.total).toBe(btcUsdt.length);
      // With an exchange as well, that exchange's market only.
      const one = await core.invoke('deals.page', { pair: 'BTC/USDT', exchange: 'coinking', offset: 0, limit: 1000 });
      expect(one.rows).toEqual(btcUsdt.filter((d) => d.exchange === 'coinking'));
    }
    const core = coreWith(memoryStores().deals);
    for (const pair of ['btc/usdt', 'BTCUSDT', 'coinking:BTC/USDT', 7]) {
      await expect(core.invoke('deals.page', { pair, offset: 0, limit: 10 } as never), String(pair)).rejects.toThrow(/does not accept \(pair\)/);
    }
  });

  it('rejects a bad query with a message saying what is expected', async () => {
    const core = coreWith(memoryStores().deals);
    const bad: [unknown, RegExp][] = [
      [{ offset: 0, limit: 1001 }, /A page has 1 to 1000 deals/],
      [{ offset: 0, limit: 0 }, /A page has 1 to 1000 deals/],
      [{ offset: -1, limit: 10 }, /does not accept \(offset\)/],
      [{ offset: 1.5, limit: 10 }, /does not accept \(offset\)/],
      [{ exchange: 'binance', offset: 0, limit: 10 }, /Unknown exchange "binance"/],
      [{ market: 'BTC/USDT', offset: 0, limit: 10 }, /market like coinking:BTC\/USDT/],
      [{ side: 'long', offset: 0, limit: 10 }, /side is buy or sell/],
      [{ from: 'yesterday', offset: 0, limit: 10 }, /does not accept \(from\)/],
      [{ from: 10, to: 5, offset: 0, limit: 10 }, /start must not be after the end/],
      ['all', /“deals.page” a request it does not accept \(request\)/],
    ];
    for (const [request, message] of bad) await expect(core.invoke('deals.page', request as never), JSON.stringify(request)).rejects.toThrow(message);
  });
});

describe('deals.csv', () => {
  const deal = (over: Partial<Deal>): Deal => ({
    exchange: 'coinking',
    id: 'd1',
    orderId: 'o1',
    market: 'coinking:BTC/USDT',
    side: 'buy',
    price: '107152.55',
    amount: '0.0100',
    value: '1071.5255',
    fee: '-0.0021',
    feeAsset: 'USDT',
    role: 'maker',
    time: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
    ...over,
  });

  it('writes a header and one row per deal, newest first, in the table\'s columns, RFC 4180 quoted', async () => {
    const ledger = memoryStores().deals;
    ledger.add([
      deal({}),
      deal({ id: 'd2', orderId: null, feeAsset: null, role: null, side: 'sell', time: Date.UTC(2025, 0, 3), account: 'Sub 1' }),
      deal({ id: 'has,comma "and" quotes', orderId: 'line\nbreak', exchange: 'cryptomus', market: 'cryptomus:ETH/USDT', time: Date.UTC(2025, 0, 1) }),
      deal({ id: '=HYPERLINK("http://evil")', exchange: 'itick', market: 'itick:XRP/USD', time: Date.UTC(2024, 11, 31) }),
    ]);
    const reply = await coreWith(ledger).invoke('deals.csv', {});
    expect(reply.fileName).toBe(csvFileName(NOW));
    expect(reply.csv).toBe(
      [
        'Time (UTC),Exchange,Market,Side,Price,Amount,Value,Fee,Fee asset,Role,Deal ID,Order ID,Account',
        '2025-01-03T00:00:00.000Z,coinking,BTC/USDT,sell,107152.55,0.0100,1071.5255,-0.0021,,,d2,,Sub 1',
        '2025-01-02T03:04:05.678Z,coinking,BTC/USDT,buy,107152.55,0.0100,1071.5255,-0.0021,USDT,maker,d1,o1,main',
        '2025-01-01T00:00:00.000Z,cryptomus,ETH/USDT,buy,107152.55,0.0100,1071.5255,-0.0021,USDT,maker,"has,comma ""and"" quotes","line\nbreak",main',
        `2024-12-31T00:00:00.000Z,itick,XRP/USD,buy,107152.55,0.0100,1071.5255,-0.0021,USDT,maker,"'=HYPERLINK(""http://evil"")",o1,main`,
        '',
      ].join('\r\n'),
    );
    const filtered = await coreWith(ledger).invoke('deals.csv', { exchange: 'coinking', side: 'buy' });
    expect(filtered.csv.split('\r\n')).toHaveLength(3); // header, d1, and the final line break
  });

  it('exports every deal of a large filtered history, across read chunks', async () => {
    const ledger = sqliteLedger();
    const deals = makeDeals(12_000, 9);
    ledger.add(deals);
    const { csv } = await coreWith(ledger).invoke('deals.csv', { market: 'coinking:BTC/USDT' });
    const wanted = deals.filter((d) => d.market === 'coinking:BTC/USDT').sort((a, b) => b.time - a.time);
    const lines = csv.trimEnd().split('\r\n').slice(1);
    expect(wanted.length).toBeGreaterThan(2500);
    expect(lines.map((l) => l.split(',')[10])).toEqual(wanted.map((d) => d.id));
  });

  it('names the file after the local date', () => {
    const at = new Date(2025, 5, 1, 23, 59).getTime(); // local time
    expect(csvFileName(at)).toBe('vigil-deals-2025-06-01.csv');
  });

  it('quotes fields as RFC 4180 says, and defuses formulas but not numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('-0.5')).toBe('-0.5');
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+cmd')).toBe("'+cmd");
  });
});

describe('a deal with an absurd time already in the database', () => {
  it('leaves deals.page, deals.csv and the resync cursor working (time 1e300 stored by an earlier version)', async () => {
    const home = folders.make();
    const stores = openStores(home, { log: silentLogger });
    cleanups.push(() => stores.close());
    const [good, bad] = makeDeals(2);
    stores.deals.add([good!]);
    // What an earlier version let through: the row as the wire gave it, written straight into the file.
    const raw = new Database(join(home, 'vigil.db'));
    raw
      .prepare(
        `INSERT INTO deals (exchange, id, order_id, market, side, price, amount, value, fee, fee_asset, role, time, quote, value_i, value_f1, value_f2, fee_i, fee_f1, fee_f2, inexact)
         VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 'USDT', NULL, NULL, NULL, NULL, NULL, NULL, 1)`,
      )
      .run(bad!.exchange, 'absurd', bad!.market, bad!.side, bad!.price, bad!.amount, bad!.value, bad!.fee, 1e300);
    raw.close();
    const core = coreWith(stores.deals);
    const page = await core.invoke('deals.page', { offset: 0, limit: 100 });
    expect(page.rows.map((d) => d.id)).toEqual([good!.id]);
    expect(page.total).toBe(1);
    const { csv } = await core.invoke('deals.csv', {});
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2); // the header and the good deal
    // The history resync asks for what came after the newest deal: 1e300 would ask for nothing, ever.
    expect(stores.deals.latestTime(good!.exchange)).toBe(good!.time);
    await core.stop();
  });
});
