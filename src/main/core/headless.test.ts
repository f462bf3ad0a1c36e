// A headless run against real-looking endpoints: the simulators stand in for the exchanges, and
// Vigil is pointed at them only through the README's environment variables (no demo mode).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MarketFrame } from '../../shared/contract';
import { loadConfig } from './config';
import type { Core } from './core';
import { simulatorEnvironment } from './demo/environment';
import { createCore } from './create-core';
import type { DemoServer } from './exchange-adapter';
import { EXCHANGE_MODULES } from './exchange-modules';
import { silentLogger } from './log';
import { waitFor } from './testing/fault-server.test-support';

let servers: DemoServer[] = [];
let core: Core | null = null;
afterAll(async () => {
  await core?.stop();
  await Promise.all(servers.map((s) => s.close()));
});

describe('headless against overridden endpoints', () => {
  it('shows Cryptomus and iTick prices on the watchlist and the simulated balances in the portfolio', async () => {
    servers = await Promise.all(EXCHANGE_MODULES.map((m) => m.startDemo({ seed: 3 })));
    const env: Record<string, string> = {
      ...simulatorEnvironment(servers),
      VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-headless-')),
      VIGIL_WATCHLIST: 'cryptomus:BTC/USDT,cryptomus:ETH/USDT,itick:BTC/USDT,coinking:BTC/USDT',
    };
    expect(env.VIGIL_CRYPTOMUS_WS_URL).toMatch(/^ws:\/\/127\.0\.0\.1:\d+/);
    const config = loadConfig({ host: 'web', version: 'headless', env });
    expect(config.demo).toBe(false); // credentials are set: the real code path, pointed elsewhere
    core = createCore(config, { log: silentLogger });
    const frames: MarketFrame[] = [];
    core.subscribe((event, payload) => event === 'market.frame' && frames.push(payload as MarketFrame));
    await core.start();
    const live = (market: string) => frames.some((f) => f.tickers.some((t) => t.market === market && t.last !== null && !t.stale));
    await waitFor(() => live('cryptomus:BTC/USDT') && live('cryptomus:ETH/USDT') && live('itick:BTC/USDT'), 'live prices', 15_000);
    let holdings: { exchange: string; asset: string }[] = [];
    await waitFor(
      () => {
        void core!.invoke('portfolio.get', undefined).then((p) => (holdings = p.holdings));
        return holdings.some((h) => h.exchange === 'cryptomus') && holdings.some((h) => h.exchange === 'coinking');
      },
      'the simulated balances',
      15_000,
    );
    expect(holdings.filter((h) => h.exchange === 'cryptomus').map((h) => h.asset)).toContain('USDT');
  });
});
