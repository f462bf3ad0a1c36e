// Cryptomus: every channel, public ones included, needs a one-time token fetched with the user's
// signed credentials, so nothing streams without them. Candles are built locally from trades.
import type { ExchangeModule } from '../exchange';
import { CryptomusAdapter } from './adapter';
import { DEMO_CREDENTIALS, startCryptomusSimulator } from './simulator';

export const cryptomus: ExchangeModule = {
  exchange: 'cryptomus',
  needsCredentials: true,
  createAdapter: (ctx) =>
    new CryptomusAdapter({
      endpoints: ctx.endpoints,
      credentials: ctx.credentials.cryptomus,
      sink: ctx.sink,
      candleStore: ctx.candleStore,
      deals: ctx.deals,
      log: ctx.log,
      clock: ctx.clock,
    }),
  async startDemo(options = {}) {
    const sim = await startCryptomusSimulator({ seed: options.seed });
    return {
      endpoints: sim.endpoints,
      credentials: { cryptomus: { ...DEMO_CREDENTIALS } },
      close: () => sim.close(),
    };
  },
};

export { CryptomusAdapter } from './adapter';
