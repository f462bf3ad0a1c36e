// CoinKing (ViaBTC JSON-RPC): market data is public; `server.auth` unlocks orders and assets.
import type { ExchangeModule } from '../exchange';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator } from './simulator';

export const coinking: ExchangeModule = {
  exchange: 'coinking',
  needsCredentials: false,
  createAdapter: (ctx) =>
    new CoinKingAdapter({
      wsUrl: ctx.endpoints.coinkingWs,
      token: ctx.credentials.coinking?.token,
      sink: ctx.sink,
      log: ctx.log,
      connection: { clock: ctx.clock },
    }),
  async startDemo(options = {}) {
    const sim = await startCoinKingSimulator({ seed: options.seed });
    return { endpoints: { coinkingWs: sim.url }, close: () => sim.close() };
  },
};
