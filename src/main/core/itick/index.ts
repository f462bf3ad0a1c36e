// iTick (crypto): market data only, and nothing at all without an API token.
import type { AdapterModule } from '../exchange-adapter';
import { ItickAdapter } from './adapter';

export const itick: AdapterModule = {
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
};
