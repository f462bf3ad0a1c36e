import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator, type CoinKingSimulator } from '../simulators/coinking/simulator';
import { fetchSummary, parseSummary } from './summary';
import { recordingSink } from '../testing/adapter.test-support';

let sim: CoinKingSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('market summary', () => {
  it('reads the CoinMarketCap summary array, with precision from the quoted digits', () => {
    const parsed = parseSummary([
      { trading_pairs: 'BTC_USDT', base_currency: 'BTC', quote_currency: 'USDT', last_price: '67250.10', lowest_ask: '67250.5', highest_bid: '67249.9', base_volume: '12.3456' },
      { trading_pairs: 'eth-btc', last_price: 0.05175, base_volume: 3 },
      { trading_pairs: 'BROKEN' },
      'nonsense',
    ]);
    expect(parsed).toEqual({
      markets: [
        { market: 'coinking:BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 4 },
        { market: 'coinking:ETH/BTC', base: 'ETH', quote: 'BTC', pricePrecision: 5, amountPrecision: 0 },
      ],
      skipped: 2,
    });
  });

  it('reads the common variants: wrapped in data, keyed by pair, explicit precision', () => {
    expect(parseSummary({ data: [{ symbol: 'SOL/USDT', price_precision: 3, amount_precision: 2 }] })?.markets).toEqual([
      { market: 'coinking:SOL/USDT', base: 'SOL', quote: 'USDT', pricePrecision: 3, amountPrecision: 2 },
    ]);
    expect(parseSummary({ XRP_USDT: { last_price: '0.61240' } })?.markets[0]).toMatchObject({ market: 'coinking:XRP/USDT', pricePrecision: 5, amountPrecision: 8 });
    expect(parseSummary('<html>')).toBeNull();
    expect(parseSummary([{ nothing: 1 }])).toBeNull();
    expect(parseSummary([])).toEqual({ markets: [], skipped: 0 });
  });

  it('markets() fetches the simulator summary; errors say which URL and why', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000 });
    const adapter = new CoinKingAdapter({ wsUrl: sim.url, apiUrl: sim.apiUrl, sink: recordingSink().sink });
    const markets = await adapter.markets();
    expect(markets).toHaveLength(sim.markets.size);
    expect(markets.find((m) => m.market === 'coinking:DOGE/USDT')).toEqual({ market: 'coinking:DOGE/USDT', base: 'DOGE', quote: 'USDT', pricePrecision: 6, amountPrecision: 4 });
    await expect(fetchSummary(`${sim.apiUrl}/missing`)).rejects.toThrow(`CoinKing market list (${sim.apiUrl}/missing/api/api/summary): HTTP 404`);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(fetchSummary(`http://127.0.0.1:${port}`)).rejects.toThrow(/: fetch failed \(ECONNREFUSED\)$/);
    await expect(new CoinKingAdapter({ wsUrl: 'ws://x', sink: recordingSink().sink }).markets()).rejects.toThrow('no API URL');
  });
});
