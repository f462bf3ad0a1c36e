// CoinKing (ViaBTC JSON-RPC): market data is public; `server.auth` unlocks orders and assets.
import { randomBytes } from 'node:crypto';
import type { ExchangeModule } from '../exchange';
import { CoinKingAdapter } from './adapter';
import { startCoinKingSimulator } from './simulator';

export const coinking: ExchangeModule = {
  exchange: 'coinking',
  needsCredentials: false,
  createAdapter: (ctx) =>
    new CoinKingAdapter({
      wsUrl: ctx.endpoints.coinkingWs,
      apiUrl: ctx.endpoints.coinkingApi,
      token: ctx.credentials.coinking?.token,
      sink: ctx.sink,
      deals: ctx.deals,
      log: ctx.log,
      connection: { clock: ctx.clock },
    }),
  async startDemo(options = {}) {
    // A fresh key per run: the demo account is reachable only by the app that started it.
    const token = `demo-${randomBytes(12).toString('hex')}`;
    const sim = await startCoinKingSimulator({ seed: options.seed, tokens: [token], accountMs: 4_000 });
    return {
      endpoints: { coinkingWs: sim.url, coinkingApi: sim.apiUrl },
      credentials: { coinking: { token } },
      close: () => sim.close(),
    };
  },
};
