// The module as the engine uses it: a demo server and an adapter built from an AdapterContext.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTS, loadConfig } from '../config';
import { systemClock } from '../connection/clock';
import type { DemoServer, ExchangeAdapter } from '../exchange-adapter';
import { silentLogger } from '../log';
import { MemoryCandleStore } from '../market/candle-store';
import { MemoryDealHistory } from '../portfolio/deal-history';
import { waitFor } from '../testing/fault-server.test-support';
import { DEMO_SERVERS } from '../demo/servers';
import { coinking } from './index';
import { recordingSink } from '../testing/adapter.test-support';

let demo: DemoServer | null = null;
let adapter: ExchangeAdapter | null = null;
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await demo?.close();
  demo = null;
});

describe('coinking module', () => {
  it('starts a demo whose credentials unlock a demo account, and builds an adapter from the context', async () => {
    demo = await DEMO_SERVERS.coinking({ seed: 5 });
    expect(demo.endpoints.coinkingWs).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.endpoints.coinkingApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = demo.credentials?.coinking?.token;
    expect(token).toMatch(/^demo-[0-9a-f]{24}$/);

    const deals = new MemoryDealHistory();
    const { rec, sink } = recordingSink({ deals: (_e, d) => void deals.add(d) });
    adapter = coinking.createAdapter({
      config: loadConfig({ env: {}, host: 'web', version: 'test' }),
      endpoints: { ...DEFAULT_ENDPOINTS, ...demo.endpoints },
      credentials: demo.credentials!,
      sink,
      log: silentLogger,
      clock: systemClock,
      candleStore: new MemoryCandleStore(),
      deals,
    });
    adapter.watch([{ exchange: 'coinking', base: 'BTC', quote: 'USDT' }]);
    await waitFor(() => rec.balances.some((b) => b.snapshot) && deals.list().length > 0, 'balances and deal history');
    expect(adapter.status().state).toBe('live');
    expect((await adapter.markets()).length).toBeGreaterThan(5);
    expect(rec.tickers.some((t) => t.market === 'coinking:BTC/USDT')).toBe(true);
  });
});
