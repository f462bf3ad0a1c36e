// The user's account on the main socket, after `server.auth`: order and asset subscriptions,
// snapshots of open orders and balances on every (re)connect, and the deal history filled from
// `order.history`. ViaBTC's history lists finished orders, so a Deal here is one finished order
// with something filled, keyed by the order id: a finish push and a later history page give the
// same id, and nothing is shown twice.
// - ViaBTC filters `order.history` on the order's CREATE time (readhistory/rh_reader.c): history
//   after a restart starts from the create time of the oldest order stored as open at the last
//   sync (the orders table), not from the newest deal, or an order that rested before that deal and
//   filled while Vigil was closed would never come back.
// - The login is never hostage: an unreadable order or balance is skipped, counted and posted as a
//   notice naming the market; order paging and history run after the login hook, not inside its timeout.
// - Reconciliation: shortly after account pushes and on a slow timer, `asset.query` and
//   `order.query` are read again and handed to the engine, which counts the differences.
import { EXCHANGE_NAMES } from '../../../shared/model';
import type { Balance, Deal, MarketRef, Order } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import type { NoticeBoard } from '../notices';
import type { OrderLog } from '../store/ports';
import type { Session } from '../connection/connection';
import { RequestFailedError, describe } from '../connection/errors';
import type { MarketSink } from '../exchange-adapter';
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
  sink: Pick<MarketSink, 'balances' | 'orders' | 'deals' | 'reconciled'>;
  names: MarketNames;
  /** Where the newest stored deal time comes from (the engine's deal history). */
  deals?: Pick<DealHistory, 'latestTime'>;
  /** The orders stored as open at the last sync. */
  orders?: Pick<OrderLog, 'openOrders'>;
  notices?: Pick<NoticeBoard, 'post'>;
  clock?: Clock;
  log: Logger;
  /** Delay of the check after account pushes, and the slow check's period (tests shorten them). */
  reconcileDebounceMs?: number;
  reconcileEveryMs?: number;
  /** The markets to follow orders in (wire names): every market the exchange lists, ideally. */
  markets(): Promise<string[]>;
}

const PAGE = 100;
/** A first sync of a long history stops here per market; later syncs start from the newest deal. */
const MAX_HISTORY_PAGES = 50;
const PARALLEL = 8;
const REMEMBERED_DEALS = 20_000;
const RECONCILE_DEBOUNCE_MS = 2_000;
const RECONCILE_EVERY_MS = 60_000;

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
  private session: Session | null = null;
  private seq = 0;
  /** Markets whose orders moved since the last check: a quick check reads only these. */
  private touched = new Set<string>();
  private checkTimer: TimerHandle | null = null;
  private slowTimer: TimerHandle | null = null;
  private checking = false;

  constructor(private readonly options: AccountSyncOptions) {}

  /** After `server.auth` on a fresh socket: subscribe and read the balances; then, outside the login, orders and history. */
  async open(session: Session): Promise<void> {
    const epoch = ++this.epoch;
    this.session = session;
    const rpc = new CoinKingRpc(session);
    // What was open at the last sync, read before this sync rewrites it.
    const storedOpen = this.options.orders?.openOrders('coinking') ?? [];
    const markets = await this.options.markets();
    this.subscribed = new Set(markets);
    this.assets = new Set(this.assetsOf(markets));
    // Subscribe before the snapshots: a change in between is then in the snapshot or a later push.
    await this.guard(Promise.all([rpc.orderSubscribe(markets), rpc.assetSubscribe([...this.assets])]));
    await this.balanceSnapshot(rpc);
    // Paging every market's orders may take long: it must not count against the login's timeout.
    this.backfilled = (async () => {
      const complete = new Set<string>();
      const open = await this.openOrders(rpc, markets, complete);
      if (epoch !== this.epoch) return;
      this.options.sink.orders('coinking', open, true);
      // Stored as open, not open now, in a market read in full: it finished while we were away.
      const gone = storedOpen.filter((o) => complete.has(o.market) && !open.some((x) => x.id === o.id));
      const finished = await this.history(rpc, markets, epoch, this.historyStart(storedOpen), new Set(gone.map((o) => o.id)));
      if (finished === null || epoch !== this.epoch) return;
      // Stored as open, no longer open, not in the history (cancelled with nothing filled): closed now.
      const now = this.options.clock?.now() ?? Date.now();
      const closed = gone.filter((o) => !finished.has(o.id)).map((o): Order => ({ ...o, status: 'cancelled', updatedAt: Math.max(now, o.updatedAt) }));
      if (closed.length) this.options.sink.orders('coinking', closed, false);
    })().catch((error) => {
      if (epoch === this.epoch) this.options.log.warn(`coinking: reading orders and history failed: ${describe(error)}`);
    });
    this.armSlowTimer();
  }

  /** Stops the timers (the adapter stops). */
  stop(): void {
    this.epoch++;
    this.options.clock?.clearTimeout(this.checkTimer);
    this.options.clock?.clearTimeout(this.slowTimer);
    this.checkTimer = this.slowTimer = null;
  }

  /**
   * Where the history read starts (Unix seconds): the create time of the oldest order stored as
   * open at the last sync, or the newest stored deal if earlier (0: everything).
   */
  private historyStart(storedOpen: Order[]): number {
    const latest = this.options.deals?.latestTime('coinking') ?? null;
    let start = latest;
    for (const o of storedOpen) if (start === null || o.createdAt < start) start = o.createdAt;
    return start === null ? 0 : Math.floor(start / 1000);
  }

  /** Re-reads balances and open orders and hands them to the engine, which counts the differences. */
  async reconcile(full = false): Promise<void> {
    const session = this.session;
    if (!session || this.checking) return;
    this.checking = true;
    const epoch = this.epoch;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const seq = this.seq;
        const rpc = new CoinKingRpc(session);
        const skipped: string[] = [];
        // The slow check reads every market; the one after pushes only the markets they touched.
        const markets = full ? [...this.subscribed] : [...this.touched].filter((m) => this.subscribed.has(m));
        const touched = new Set(this.touched);
        const assets = await this.guard(rpc.assetQuery([], skipped));
        const orders = await this.openOrders(rpc, markets);
        if (epoch !== this.epoch) return;
        // A push landed meanwhile: this picture may be older than it. Read again.
        if (seq !== this.seq) continue;
        for (const m of touched) this.touched.delete(m);
        const balances: Balance[] = balancesFromAssets(assets);
        const orderMarkets = full ? undefined : markets.map((m) => this.options.names.resolve(m)).filter((r): r is MarketRef => r !== null).map((r) => `coinking:${r.base}/${r.quote}` as const);
        if (this.options.sink.reconciled) this.options.sink.reconciled('coinking', { balances, orders, ...(orderMarkets ? { orderMarkets } : {}) });
        return;
      }
      this.scheduleCheck();
    } catch (error) {
      if (epoch === this.epoch) this.options.log.warn(`coinking: reconciliation read failed: ${describe(error)}`);
    } finally {
      this.checking = false;
    }
  }

  private scheduleCheck(): void {
    const clock = this.options.clock;
    if (!clock || this.checkTimer) return;
    this.checkTimer = clock.setTimeout(() => {
      this.checkTimer = null;
      void this.reconcile();
    }, this.options.reconcileDebounceMs ?? RECONCILE_DEBOUNCE_MS);
  }

  private armSlowTimer(): void {
    const clock = this.options.clock;
    if (!clock || this.slowTimer) return;
    this.slowTimer = clock.setTimeout(() => {
      this.slowTimer = null;
      void this.reconcile(true).finally(() => this.armSlowTimer());
    }, this.options.reconcileEveryMs ?? RECONCILE_EVERY_MS);
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
    const start = this.historyStart(this.options.orders?.openOrders('coinking') ?? []);
    this.backfilled = this.history(rpc, fresh, this.epoch, start, new Set()).then(() => {});
  }

  /** Handles the account's pushes; false for a push that is not an account push. */
  message(push: CoinKingPush): boolean {
    if (push.method === 'order.update') {
      const u = parseOrderUpdate(push.params);
      if (!u) throw new Error('order.update: malformed params');
      const ref = this.ref(u.order);
      const finished = u.event === 'finish';
      this.seq++;
      this.touched.add(u.order.market);
      this.options.sink.orders('coinking', [orderFromWire(ref, u.order, finished)], false);
      if (finished) this.showDeals([dealFromFinished(ref, u.order)]);
      this.scheduleCheck();
      return true;
    }
    if (push.method === 'asset.update') {
      const assets = parseAssetUpdate(push.params);
      if (!assets) throw new Error('asset.update: malformed params');
      this.seq++;
      if (assets.length) this.options.sink.balances('coinking', balancesFromAssets(assets), false);
      this.scheduleCheck();
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
    const skipped: string[] = [];
    const assets = await this.guard(rpc.assetQuery([], skipped));
    this.options.sink.balances('coinking', balancesFromAssets(assets), true);
    if (skipped.length) {
      this.options.log.warn(`coinking: skipped ${skipped.length} unreadable balance entr${skipped.length === 1 ? 'y' : 'ies'}: ${skipped.join(', ')}`);
      this.options.notices?.post({
        id: 'coinking:balances-skipped',
        level: 'warning',
        code: 'account.balancesSkipped',
        params: { exchange: EXCHANGE_NAMES.coinking, count: skipped.length, assets: skipped.join(', ') },
        exchange: 'coinking',
      });
    }
    // Assets held outside the listed markets still deserve updates: widen the subscription.
    const missing = assets.map((a) => a.asset).filter((a) => !this.assets.has(a));
    if (missing.length) {
      for (const a of missing) this.assets.add(a);
      await this.guard(rpc.assetSubscribe([...this.assets]));
    }
  }

  /**
   * Open orders of these markets. `complete` (when given) receives the market ids read in full:
   * only there does a missing order mean it is no longer open.
   */
  private async openOrders(rpc: CoinKingRpc, markets: string[], complete?: Set<string>): Promise<Order[]> {
    const orders: Order[] = [];
    await eachLimited(markets, PARALLEL, async (market) => {
      const ref = this.options.names.resolve(market);
      if (!ref) return;
      let whole = true;
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.guard(rpc.orderQuery(market, offset, PAGE)).catch((error) => this.skip(error, market));
        if (!page) return;
        if (page.skipped) {
          whole = false;
          this.skippedOrders(market, ref, page.skipped);
        }
        orders.push(...page.records.map((o) => orderFromWire(ref, o, false)));
        if (page.records.length < PAGE || (page.total !== null && offset + PAGE >= page.total)) break;
      }
      if (whole) complete?.add(`coinking:${ref.base}/${ref.quote}`);
    });
    return orders;
  }

  /** Unreadable open orders were left out: the user is told which market, and how many. */
  private skippedOrders(market: string, ref: MarketRef, count: number): void {
    this.options.log.warn(`coinking: ${market}: skipped ${count} unreadable open order${count === 1 ? '' : 's'}`);
    this.options.notices?.post({
      id: `coinking:orders-skipped:${market}`,
      level: 'warning',
      code: 'account.ordersSkipped',
      params: { exchange: EXCHANGE_NAMES.coinking, market: `${ref.base}/${ref.quote}`, count },
      exchange: 'coinking',
      market: `coinking:${ref.base}/${ref.quote}`,
    });
  }

  /** A market the server refuses (code 1: it does not list it) is skipped, not fatal. */
  private skip(error: unknown, market: string): null {
    if (!(error instanceof RequestFailedError)) throw error;
    this.options.log.warn(`coinking: ${market}: ${error.message}`);
    return null;
  }

  /**
   * Finished orders created since `start` (Unix seconds; ids remove the overlap). Returns the ids
   * among `watch` the history named, or null when it could not be read to the end.
   */
  private async history(rpc: CoinKingRpc, markets: string[], epoch: number, start: number, watch: Set<string>): Promise<Set<string> | null> {
    const seen = new Set<string>();
    try {
      await eachLimited(markets, PARALLEL, async (market) => {
        const ref = this.options.names.resolve(market);
        if (!ref) return;
        for (let page = 0; page < MAX_HISTORY_PAGES && epoch === this.epoch; page++) {
          const result = await this.guard(rpc.orderHistory(market, start, 0, page * PAGE, PAGE)).catch((error) => this.skip(error, market));
          if (!result || epoch !== this.epoch) return;
          for (const o of result.records) {
            if (!watch.has(String(o.id))) continue;
            seen.add(String(o.id));
            this.options.sink.orders('coinking', [orderFromWire(ref, o, true)], false);
          }
          this.showDeals(result.records.map((o) => dealFromFinished(ref, o)));
          if (result.records.length < PAGE) return;
        }
      });
    } catch (error) {
      // The socket went away mid-way: the next connect starts again from the stored open orders.
      if (epoch === this.epoch) this.options.log.warn(`coinking: filling the deal history failed: ${describe(error)}`);
      return null;
    }
    return seen;
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
