// Every method of the CoinKing (ViaBTC) JSON-RPC protocol, typed: parameters in the server's order
// and results parsed. A reply that does not parse is a CoinKingReplyError; a missing reply a
// CoinKingTimeoutError. Works over a Connection or the Session its open hook receives.
import type { BookLevel } from '../../../shared/model';
import { RequestTimeoutError } from '../connection/errors';
import { CoinKingReplyError, CoinKingTimeoutError } from './errors';
import { parseState, type CoinKingState } from './wire';
import { parseAssetHistory, parseAssets, parseOrderPage, type OrderPage, type WireAsset, type WireAssetChange } from './wire-account';
import { parseDeals, parseDepth, parseKlineRows, type KlineRow, type WireDeal } from './wire-market';
import { unixSeconds } from '../wire/time';
import { wireDecimal } from '../wire/values';

export interface Requester {
  request(method: string, params: unknown, timeoutMs?: number): Promise<unknown>;
}

/** Depth limits the server accepts. */
export const DEPTH_LIMITS = [1, 5, 10, 20, 30, 50, 100] as const;
export type DepthLimit = (typeof DEPTH_LIMITS)[number];

export interface AssetHistoryQuery {
  asset: string | null;
  /** Business types joined by ",", or null for all. */
  business: string | null;
  /** Unix seconds; 0 for unlimited. */
  start: number;
  end: number;
  offset: number;
  limit: number;
}

export class CoinKingRpc {
  constructor(private readonly target: Requester) {}

  /** Any method; a missing reply becomes an error that says why it may be missing. */
  async call(method: string, params: unknown[], timeoutMs?: number): Promise<unknown> {
    try {
      return await this.target.request(method, params, timeoutMs);
    } catch (error) {
      if (error instanceof RequestTimeoutError && !(error instanceof CoinKingTimeoutError)) {
        throw new CoinKingTimeoutError(error.method, error.timeoutMs);
      }
      throw error;
    }
  }

  private async parsed<T>(method: string, params: unknown[], parse: (value: unknown) => T | null): Promise<T> {
    const result = parse(await this.call(method, params));
    if (result === null) throw new CoinKingReplyError(method);
    return result;
  }

  /** Subscribe and unsubscribe acknowledge with `{status: "success"}`; errors come as errors. */
  private async ack(method: string, params: unknown[]): Promise<void> {
    await this.call(method, params);
  }

  // System

  async ping(timeoutMs?: number): Promise<void> {
    const pong = await this.call('server.ping', [], timeoutMs);
    if (pong !== 'pong') throw new CoinKingReplyError('server.ping');
  }

  /** The server's clock, Unix seconds. */
  time(): Promise<number> {
    return this.parsed('server.time', [], unixSeconds);
  }

  /** Unlocks `order.*` and `asset.*` on this connection until it closes. */
  auth(token: string, source = 'web'): Promise<void> {
    return this.ack('server.auth', [token, source]);
  }

  // Market

  /** Candles with open time in [start, end] (Unix seconds), oldest first. */
  klineQuery(market: string, start: number, end: number, intervalSeconds: number): Promise<KlineRow[]> {
    return this.parsed('kline.query', [market, start, end, intervalSeconds], parseKlineRows);
  }

  /** Sends no history: query first. Replaces this connection's kline subscription. */
  klineSubscribe(market: string, intervalSeconds: number): Promise<void> {
    return this.ack('kline.subscribe', [market, intervalSeconds]);
  }

  klineUnsubscribe(): Promise<void> {
    return this.ack('kline.unsubscribe', []);
  }

  priceQuery(market: string): Promise<string> {
    return this.parsed('price.query', [market], (v) => wireDecimal(v));
  }

  /** The full list every time: it replaces this connection's price subscription. */
  priceSubscribe(markets: string[]): Promise<void> {
    return this.ack('price.subscribe', markets);
  }

  priceUnsubscribe(): Promise<void> {
    return this.ack('price.unsubscribe', []);
  }

  stateQuery(market: string, periodSeconds: number): Promise<CoinKingState> {
    return this.parsed('state.query', [market, periodSeconds], parseState);
  }

  stateSubscribe(markets: string[]): Promise<void> {
    return this.ack('state.subscribe', markets);
  }

  stateUnsubscribe(): Promise<void> {
    return this.ack('state.unsubscribe', []);
  }

  todayQuery(market: string): Promise<CoinKingState> {
    return this.parsed('today.query', [market], parseState);
  }

  todaySubscribe(markets: string[]): Promise<void> {
    return this.ack('today.subscribe', markets);
  }

  todayUnsubscribe(): Promise<void> {
    return this.ack('today.unsubscribe', []);
  }

  /** Deals with id > lastId, newest first, at most `limit`. */
  dealsQuery(market: string, limit: number, lastId: number): Promise<WireDeal[]> {
    return this.parsed('deals.query', [market, limit, lastId], parseDeals);
  }

  dealsSubscribe(markets: string[]): Promise<void> {
    return this.ack('deals.subscribe', markets);
  }

  dealsUnsubscribe(): Promise<void> {
    return this.ack('deals.unsubscribe', []);
  }

  /** Both sides, best first; `interval` "0" means no merging of price levels. */
  depthQuery(market: string, limit: DepthLimit, interval = '0'): Promise<{ asks: BookLevel[]; bids: BookLevel[] }> {
    return this.parsed('depth.query', [market, limit, interval], (v) => {
      const d = parseDepth(v);
      return d ? { asks: d.asks ?? [], bids: d.bids ?? [] } : null;
    });
  }

  /** Replaces this connection's depth subscription: one market per connection. */
  depthSubscribe(market: string, limit: DepthLimit, interval = '0'): Promise<void> {
    return this.ack('depth.subscribe', [market, limit, interval]);
  }

  depthUnsubscribe(): Promise<void> {
    return this.ack('depth.unsubscribe', []);
  }

  // Account (after server.auth)

  /** Open orders of one market. */
  orderQuery(market: string, offset: number, limit: number): Promise<OrderPage> {
    return this.parsed('order.query', [market, offset, limit], parseOrderPage);
  }

  /** Finished orders of one market, newest first; times in Unix seconds, 0 = unlimited; side 0 all, 1 sell, 2 buy. */
  orderHistory(market: string, start: number, end: number, offset: number, limit: number, side: 0 | 1 | 2 = 0): Promise<OrderPage> {
    return this.parsed('order.history', [market, start, end, offset, limit, side], parseOrderPage);
  }

  orderSubscribe(markets: string[]): Promise<void> {
    return this.ack('order.subscribe', markets);
  }

  orderUnsubscribe(): Promise<void> {
    return this.ack('order.unsubscribe', []);
  }

  /** Balances of these assets, or of all with an empty list. */
  /** Balances; an unreadable entry is skipped and its name added to `skipped` (when given). */
  assetQuery(assets: string[] = [], skipped?: string[]): Promise<WireAsset[]> {
    return this.parsed('asset.query', assets, (v) => parseAssets(v, skipped));
  }

  assetHistory(q: AssetHistoryQuery): Promise<{ offset: number; limit: number; records: WireAssetChange[] }> {
    return this.parsed('asset.history', [q.asset, q.business, q.start, q.end, q.offset, q.limit], parseAssetHistory);
  }

  assetSubscribe(assets: string[]): Promise<void> {
    return this.ack('asset.subscribe', assets);
  }

  assetUnsubscribe(): Promise<void> {
    return this.ack('asset.unsubscribe', []);
  }
}

