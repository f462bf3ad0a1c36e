// iTick (crypto): market data only, and nothing at all without an API token.
import type { ExchangeModule } from '../exchange';
import { ItickAdapter } from './adapter';
import { startItickSimulator } from './simulator';

export const itick: ExchangeModule = {
  exchange: 'itick',
  needsCredentials: true,
  createAdapter: (ctx) =>
    new ItickAdapter({
      wsUrl: ctx.endpoints.itickWs,
      apiUrl: ctx.endpoints.itickApi,
      // Read at every connect, so new credentials take effect on the next reconnect.
      token: () => ctx.credentials.itick?.token,
      sink: ctx.sink,
      log: ctx.log,
      clock: ctx.clock,
    }),
  async startDemo(options = {}) {
    const sim = await startItickSimulator({ seed: options.seed });
    return {
      endpoints: { itickWs: sim.wsUrl, itickApi: sim.apiUrl },
      credentials: { itick: { token: sim.tokens[0]! } },
      close: () => sim.close(),
    };
  },
};
