// The user's account on the main socket, after `server.auth`: order and asset subscriptions,
// snapshots of open orders and balances on every (re)connect, and the deal history filled from
// `order.history` since the newest deal already stored. ViaBTC's history lists finished orders, so
// a Deal here is one finished order with something filled, keyed by the order id: a finish push
// and a later history page give the same id, and nothing is shown twice.
import type { Deal, MarketRef, Order } from '../../../shared/model';
import type { Session } from '../connection/connection';
import { RequestFailedError, describe } from '../connection/errors';
import type { MarketSink } from '../exchange';
import type { Logger } from '../log';
import type { DealHistory } from '../portfolio/deal-history';
import { authFailure } from './errors';
import { balancesFromAssets, dealFromFinished, orderFromWire } from './mapping';
import type { MarketNames } from './names';
import { CoinKingRpc } from './rpc';
import type { CoinKingPush } from './wire';
import { parseAssetUpdate, parseOrderUpdate, type WireOrder } from './wire-account';

export interface AccountSyncOptions {
  token: string;
  sink: Pick<MarketSink, 'balances' | 'orders' | 'deals'>;
  names: MarketNames;
  /** Where the newest stored deal time comes from (the engine's deal history). */
  deals?: Pick<DealHistory, 'latestTime'>;
  log: Logger;
  /** The markets to follow orders in (wire names): every market the exchange lists, ideally. */
  markets(): Promise<string[]>;
}

const PAGE = 100;
/** A first sync of a long history stops here per market; later syncs start from the newest deal. */
const MAX_HISTORY_PAGES = 50;
const PARALLEL = 8;
const REMEMBERED_DEALS = 20_000;

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class AccountSync {
  /** Bumped on every (re)connect: history paging of an older socket stops. */
  private epoch = 0;
  private subscribed = new Set<string>();
  private assets = new Set<string>();
  /** Deal ids already given to the sink (bounded; the engine deduplicates for good). */
  private readonly shown = new Set<string>();
  /** Resolves when the latest history fill has finished (tests and the engine may wait on it). */
  backfilled: Promise<void> = Promise.resolve();

  constructor(private readonly options: AccountSyncOptions) {}

  /** After `server.auth` on a fresh socket: subscribe, then snapshot, then fill the history. */
  async open(session: Session): Promise<void> {
    const epoch = ++this.epoch;
    const rpc = new CoinKingRpc(session);
    const markets = await this.options.markets();
    this.subscribed = new Set(markets);
    this.assets = new Set(this.assetsOf(markets));
    // Subscribe before the snapshots: a change in between is then in the snapshot or a later push.
    await this.guard(Promise.all([rpc.orderSubscribe(markets), rpc.assetSubscribe([...this.assets])]));
    await this.balanceSnapshot(rpc);
    const open = await this.openOrders(rpc, markets);
    this.options.sink.orders('coinking', open, true);
    this.backfilled = this.history(rpc, markets, epoch);
  }

  /** The followed markets changed while connected: subscribe the full list, fetch the new ones. */
  async extend(session: Session, markets: string[]): Promise<void> {
    const fresh = markets.filter((m) => !this.subscribed.has(m));
    if (fresh.length === 0) return;
    const rpc = new CoinKingRpc(session);
    for (const m of fresh) this.subscribed.add(m);
    const all = [...this.subscribed];
    for (const a of this.assetsOf(fresh)) this.assets.add(a);
    await this.guard(Promise.all([rpc.orderSubscribe(all), rpc.assetSubscribe([...this.assets])]));
    this.options.sink.orders('coinking', await this.openOrders(rpc, fresh), false);
    this.backfilled = this.history(rpc, fresh, this.epoch);
  }

  /** Handles the account's pushes; false for a push that is not an account push. */
  message(push: CoinKingPush): boolean {
    if (push.method === 'order.update') {
      const u = parseOrderUpdate(push.params);
      if (!u) throw new Error('order.update: malformed params');
      const ref = this.ref(u.order);
      const finished = u.event === 'finish';
      this.options.sink.orders('coinking', [orderFromWire(ref, u.order, finished)], false);
      if (finished) this.showDeals([dealFromFinished(ref, u.order)]);
      return true;
    }
    if (push.method === 'asset.update') {
      const assets = parseAssetUpdate(push.params);
      if (!assets) throw new Error('asset.update: malformed params');
      if (assets.length) this.options.sink.balances('coinking', balancesFromAssets(assets), false);
      return true;
    }
    return false;
  }

  private ref(o: WireOrder): MarketRef {
    const ref = this.options.names.resolve(o.market);
    if (!ref) throw new Error(`order ${o.id}: unknown market ${o.market}`);
    return ref;
  }

  private assetsOf(markets: string[]): string[] {
    const out = new Set<string>();
    for (const m of markets) {
      const ref = this.options.names.resolve(m);
      if (ref) out.add(ref.base).add(ref.quote);
    }
    return [...out];
  }

  /** Codes 6 and 11 mean the key does not work: stop and say so, instead of retrying. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw authFailure(error, this.options.token);
    }
  }

  private async balanceSnapshot(rpc: CoinKingRpc): Promise<void> {
    const assets = await this.guard(rpc.assetQuery([]));
    this.options.sink.balances('coinking', balancesFromAssets(assets), true);
    // Assets held outside the listed markets still deserve updates: widen the subscription.
    const missing = assets.map((a) => a.asset).filter((a) => !this.assets.has(a));
    if (missing.length) {
      for (const a of missing) this.assets.add(a);
      await this.guard(rpc.assetSubscribe([...this.assets]));
    }
  }

  private async openOrders(rpc: CoinKingRpc, markets: string[]): Promise<Order[]> {
    const orders: Order[] = [];
    await eachLimited(markets, PARALLEL, async (market) => {
      const ref = this.options.names.resolve(market);
      if (!ref) return;
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.guard(rpc.orderQuery(market, offset, PAGE)).catch((error) => this.skip(error, market));
        if (!page) return;
        orders.push(...page.records.map((o) => orderFromWire(ref, o, false)));
        if (page.records.length < PAGE || (page.total !== null && offset + PAGE >= page.total)) return;
      }
    });
    return orders;
  }

  /** A market the server refuses (code 1: it does not list it) is skipped, not fatal. */
  private skip(error: unknown, market: string): null {
    if (!(error instanceof RequestFailedError)) throw error;
    this.options.log.warn(`coinking: ${market}: ${error.message}`);
    return null;
  }

  /** Finished orders since the newest stored deal (from its second on: ids remove the overlap). */
  private async history(rpc: CoinKingRpc, markets: string[], epoch: number): Promise<void> {
    const latest = this.options.deals?.latestTime('coinking') ?? null;
    const start = latest === null ? 0 : Math.floor(latest / 1000);
    try {
      await eachLimited(markets, PARALLEL, async (market) => {
        const ref = this.options.names.resolve(market);
        if (!ref) return;
        for (let page = 0; page < MAX_HISTORY_PAGES && epoch === this.epoch; page++) {
          const result = await this.guard(rpc.orderHistory(market, start, 0, page * PAGE, PAGE)).catch((error) => this.skip(error, market));
          if (!result || epoch !== this.epoch) return;
          this.showDeals(result.records.map((o) => dealFromFinished(ref, o)));
          if (result.records.length < PAGE) return;
        }
      });
    } catch (error) {
      // The socket went away mid-way: the next connect starts again from the newest stored deal.
      if (epoch === this.epoch) this.options.log.warn(`coinking: filling the deal history failed: ${describe(error)}`);
    }
  }

  private showDeals(deals: (Deal | null)[]): void {
    const fresh: Deal[] = [];
    for (const d of deals) {
      if (!d || this.shown.has(d.id)) continue;
      this.shown.add(d.id);
      fresh.push(d);
    }
    while (this.shown.size > REMEMBERED_DEALS) this.shown.delete(this.shown.values().next().value!);
    if (fresh.length) this.options.sink.deals('coinking', fresh.sort((a, b) => a.time - b.time));
  }
}
