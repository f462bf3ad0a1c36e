// Cryptomus: every channel, public ones included, needs a one-time token fetched with the user's
// signed credentials, so nothing streams without them. Candles are built locally from trades.
import type { AdapterModule } from '../exchange-adapter';
import { CryptomusAdapter } from './adapter';

export const cryptomus: AdapterModule = {
  exchange: 'cryptomus',
  needsCredentials: true,
  createAdapter: (ctx) =>
    new CryptomusAdapter({
      endpoints: ctx.endpoints,
      credentials: ctx.credentials.cryptomus,
      sink: ctx.sink,
      candleStore: ctx.candleStore,
      deals: ctx.deals,
      notices: ctx.notices,
      log: ctx.log,
      clock: ctx.clock,
    }),
};

export { CryptomusAdapter } from './adapter';
