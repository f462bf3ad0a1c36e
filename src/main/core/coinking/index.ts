// CoinKing (ViaBTC JSON-RPC): market data is public; `server.auth` unlocks orders and assets.
import type { AdapterModule } from '../exchange-adapter';
import { CoinKingAdapter } from './adapter';

const create: AdapterModule['createAdapter'] = (ctx) =>
  new CoinKingAdapter({
    wsUrl: ctx.endpoints.coinkingWs,
    apiUrl: ctx.endpoints.coinkingApi,
    token: ctx.credentials.coinking?.token,
    sink: ctx.sink,
    deals: ctx.deals,
    orders: ctx.orders,
    notices: ctx.notices,
    log: ctx.log,
    connection: { clock: ctx.clock },
  });

export const coinking: AdapterModule = {
  exchange: 'coinking',
  needsCredentials: false,
  createAdapter: create,
  // The main socket logs in and follows orders and assets by itself; watching no market, it carries
  // only the account (the summary lists the markets its orders may be in).
  createAccountSession: create,
};
