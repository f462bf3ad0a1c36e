// The user's account on Cryptomus: balances, open orders and deals (own fills), from REST
// snapshots after every connect and the order/balance/deal pushes in between, checked against the
// exchange's own state (reconciliation) shortly after private events and on a slow timer.
// - Held funds: `balance_update` says one number whose meaning (total or available) the seed leaves
//   open, and nothing at all when only held funds move (a resting sell that fills). So `locked` is
//   the last REST `held` plus the change in what the open orders hold since that read; the
//   reconciliation re-reads REST and converges on it, counting every difference as a correction.
// - A REST read that overlaps a private push is older than that push: it is thrown away and read again.
// - The order history is read after every connect (fills made while offline), on every check and
//   shortly after an order finishes; it is read from a minute before the newest stored deal,
//   taken before deal_subscribe on each socket.
import Big from 'big.js';
import type { Balance, Order, OrderStatus } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import { describe } from '../connection/errors';
import type { MarketSink } from '../exchange-adapter';
import type { Logger } from '../log';
import { compareDecimal } from '../market/decimal';
import type { DealHistory } from '../portfolio/deal-history';
import { DealResolver } from './deals';
import type { CryptomusRest } from './rest';
import { parseBalanceUpdate, parseDealUpdate, parseOrderUpdate, type BalanceEvent, type OrderEvent, type OrderInfo } from './wire';

/** After a private event, the account is checked against REST this much later (events coalesce). */
export const HISTORY_DEBOUNCE_MS = 2_000;
/** The slow check, whatever happens. */
export const RECONCILE_EVERY_MS = 60_000;
/** A read overlapped by pushes is retried at most this often in a row before it is left to the next check. */
const MAX_READ_TRIES = 3;
/** Balance events held per asset within one I/O turn (a burst is a handful). */
const MAX_BALANCE_EVENTS = 1_000;

/** An event continues `current` when its old balance is it (or either is unknown). */
function chains(current: string | null, e: BalanceEvent): boolean {
  return current === null || e.previous === null || compareDecimal(e.previous, current) === 0;
}

/** Finished order ids remembered against late events (far more than one burst can hold). */
const MAX_FINISHED_REMEMBERED = 5_000;
/** How far before the newest stored deal the history read starts (clock skew, ordering). */
export const HISTORY_OVERLAP_MS = 60_000;

function orderStatus(o: OrderInfo, finished: boolean): OrderStatus {
  const filledAll = compareDecimal(o.filledQuantity, o.quantity) >= 0;
  const filledSome = compareDecimal(o.filledQuantity, '0') > 0;
  if (finished || o.state !== null) {
    const s = (o.state ?? '').toLowerCase();
    if (s === 'filled' || s === 'completed' || (finished && filledAll && !s.startsWith('cancel'))) return 'filled';
    if (finished || s.startsWith('cancel') || s === 'expired' || s === 'rejected') return 'cancelled';
  }
  return filledSome ? 'partially_filled' : 'open';
}

export function toOrder(o: OrderInfo, finished = false): Order {
  return {
    exchange: 'cryptomus',
    id: o.id,
    market: o.market,
    side: o.side,
    type: o.type,
    price: o.type === 'market' ? null : o.price,
    amount: o.quantity,
    filled: o.filledQuantity,
    status: orderStatus(o, finished),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export interface CryptomusAccountOptions {
  rest: CryptomusRest;
  sink: MarketSink;
  clock: Clock;
  log: Logger;
  deals: Pick<DealHistory, 'latestTime'>;
  historyDebounceMs?: number;
  reconcileEveryMs?: number;
}

/** What an open limit order holds: the quote it may still spend (buy) or the base it may still sell. */
function holdOf(o: OrderInfo): { asset: string; amount: Big } | null {
  if (o.type !== 'limit' || o.price === null) return null; // a market order's hold is not knowable here
  const [base, quote] = o.market.slice('cryptomus:'.length).split('/') as [string, string];
  const left = new Big(o.quantity).minus(o.filledQuantity);
  if (left.lte(0)) return null;
  return o.side === 'buy' ? { asset: quote, amount: left.times(o.price) } : { asset: base, amount: left };
}

function holdsOf(orders: Iterable<OrderInfo>): Map<string, Big> {
  const out = new Map<string, Big>();
  for (const o of orders) {
    const h = holdOf(o);
    if (h) out.set(h.asset, (out.get(h.asset) ?? new Big(0)).plus(h.amount));
  }
  return out;
}

export class CryptomusAccount {
  private readonly resolver: DealResolver;
  /** Live state: available per asset, held per asset at the last REST read, open orders now. */
  private readonly available = new Map<string, string>();
  private readonly restHeld = new Map<string, string>();
  private restHolds = new Map<string, Big>();
  private readonly open = new Map<string, OrderInfo>();
  /** Counts private pushes: a REST read they overlap is older than they are. */
  private seq = 0;
  private checkTimer: TimerHandle | null = null;
  private slowTimer: TimerHandle | null = null;
  private reading = false;
  /** The history has news: an order finished, or a fill waits for its side. Read it at the next check. */
  private historyWanted = false;
  private stopped = false;
  /** Balance events of the current I/O turn, per asset, applied together once it ends. */
  private readonly balanceEvents = new Map<string, BalanceEvent[]>();
  private balanceTurn: NodeJS.Immediate | null = null;
  /** Orders seen finished (newest last, bounded): a late event of theirs must not reopen them. */
  private readonly finished = new Set<string>();

  constructor(private readonly o: CryptomusAccountOptions) {
    this.resolver = new DealResolver((deals) => o.sink.deals('cryptomus', deals), true);
  }

  /** Where the next history read starts (ms), or null for all of it. */
  historyStart(): number | null {
    const latest = this.o.deals.latestTime('cryptomus');
    return latest === null ? null : latest - HISTORY_OVERLAP_MS;
  }

  /** Fills the resolver still holds (their side is not known yet). */
  get pendingFills(): number {
    return this.resolver.pendingCount;
  }

  /** After every connect, once the private channels are subscribed. Never throws. */
  async sync(since: number | null): Promise<void> {
    await this.read('connect', since);
    this.armSlowTimer();
  }

  /** Re-reads the exchange's account and converges on it now (the slow timer and the debounce call this). */
  async reconcile(withHistory = false): Promise<void> {
    await this.read(withHistory ? 'slow' : 'check', this.historyStart());
  }

  /** `order_update`; throws on a malformed one (the connection counts it as a bad frame). */
  order(data: unknown): void {
    const e = parseOrderUpdate(data);
    if (!e) throw new Error('order_update: malformed data');
    this.seq++;
    if (this.stale(e)) return;
    if (e.type === 'finished') this.open.delete(e.order.id);
    else this.open.set(e.order.id, e.order);
    this.o.sink.orders('cryptomus', [toOrder(e.order, e.type === 'finished')], false);
    this.resolver.order(e);
    if (e.type === 'finished' || this.resolver.pendingCount > 0) this.historyWanted = true;
    // What the order holds changed: so did the held funds of its asset.
    this.emitBalance(holdAsset(e.order));
    this.scheduleCheck();
  }

  /**
   * An event older than what is known: the server may deliver one action's events in any order, so
   * a "created" can follow its own "finished", or an update its successor. An order never reopens,
   * and its filled quantity never shrinks.
   */
  private stale(e: OrderEvent): boolean {
    const id = e.order.id;
    if (e.type === 'finished') {
      this.finished.delete(id);
      this.finished.add(id);
      if (this.finished.size > MAX_FINISHED_REMEMBERED) this.finished.delete(this.finished.values().next().value!);
      return false;
    }
    if (this.finished.has(id)) return true;
    const known = this.open.get(id);
    return known !== undefined && compareDecimal(e.order.filledQuantity, known.filledQuantity) < 0;
  }

  balance(data: unknown): void {
    const e = parseBalanceUpdate(data);
    if (!e) throw new Error('balance_update: malformed data');
    this.seq++;
    let queue = this.balanceEvents.get(e.asset);
    if (!queue) this.balanceEvents.set(e.asset, (queue = []));
    if (queue.length < MAX_BALANCE_EVENTS) queue.push(e);
    this.balanceTurn ??= setImmediate(() => this.applyBalances());
    this.scheduleCheck();
  }

  /**
   * The balance events of one I/O turn, per asset, in the order their old/new balances chain from
   * the known balance (the server may deliver a burst in any order). Events that do not chain (one
   * was missed) end on the one no other continues; the REST check that follows converges anyway.
   */
  private applyBalances(): void {
    this.balanceTurn = null;
    if (this.stopped) return;
    for (const [asset, events] of this.balanceEvents) {
      let current = this.available.get(asset) ?? null;
      const left = [...events];
      for (let i = left.findIndex((x) => chains(current, x)); i >= 0; i = left.findIndex((x) => chains(current, x))) {
        current = left[i]!.balance;
        left.splice(i, 1);
      }
      if (left.length) {
        const end = left.filter((x) => !left.some((y) => y !== x && y.previous !== null && compareDecimal(y.previous, x.balance) === 0)).at(-1) ?? left.at(-1)!;
        current = end.balance;
      }
      if (current !== null) this.available.set(asset, current);
      this.emitBalance(asset);
    }
    this.balanceEvents.clear();
  }

  deal(data: unknown): void {
    const fill = parseDealUpdate(data);
    if (!fill) throw new Error('deal_update: malformed data');
    this.seq++;
    this.resolver.push(fill);
    if (this.resolver.pendingCount > 0) this.historyWanted = true;
    this.scheduleCheck();
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.checkTimer);
    this.o.clock.clearTimeout(this.slowTimer);
    this.checkTimer = this.slowTimer = null;
    this.resolver.stop();
    if (this.balanceTurn) clearImmediate(this.balanceTurn);
    this.balanceTurn = null;
  }

  private locked(asset: string): string {
    const text = this.restHeld.get(asset) ?? '0';
    const now = holdsOf(this.open.values()).get(asset) ?? new Big(0);
    const then = this.restHolds.get(asset) ?? new Big(0);
    if (now.eq(then)) return text; // nothing moved since the read: its text as it was
    // REST rounds what it reports (8 places); order holds are exact. Round them the same way, or the
    // rounding of the read would linger as a ghost hold once the orders are gone.
    const dot = text.indexOf('.');
    const places = dot < 0 ? null : text.length - dot - 1;
    const r = (x: Big) => (places === null ? x : x.round(places, Big.roundHalfUp));
    const held = new Big(text).plus(r(now)).minus(r(then));
    return held.lt(0) ? '0' : held.toFixed();
  }

  private emitBalance(asset: string): void {
    if (!this.available.has(asset) && !this.restHeld.has(asset) && !holdsOf(this.open.values()).has(asset)) return;
    this.o.sink.balances('cryptomus', [{ exchange: 'cryptomus', asset, available: this.available.get(asset) ?? '0', locked: this.locked(asset) }], false);
  }

  private async read(kind: 'connect' | 'check' | 'slow', since: number | null): Promise<void> {
    if (this.stopped) return;
    if (this.reading) return this.scheduleCheck();
    this.reading = true;
    try {
      for (let attempt = 1; attempt <= MAX_READ_TRIES; attempt++) {
        const seq = this.seq;
        let balances: Balance[];
        let orders: OrderInfo[];
        try {
          [balances, orders] = await Promise.all([this.o.rest.balances(), this.o.rest.openOrders()]);
        } catch (error) {
          this.o.log.warn(`cryptomus: account read failed: ${describe(error)}`);
          return;
        }
        if (this.stopped) return;
        // Pushes arrived while REST answered: its picture may be older than them. Read again.
        if (seq !== this.seq && attempt < MAX_READ_TRIES) continue;
        if (seq !== this.seq) {
          this.scheduleCheck();
          break;
        }
        this.adopt(balances, orders);
        const live = orders.map((x) => toOrder(x));
        if (kind !== 'connect' && this.o.sink.reconciled) this.o.sink.reconciled('cryptomus', { balances, orders: live });
        else {
          this.o.sink.balances('cryptomus', balances, true);
          this.o.sink.orders('cryptomus', live, true);
        }
        break;
      }
      // The history is paged to its end (its order is not promised): read it only when it has news.
      if (kind !== 'check' || this.historyWanted || this.resolver.pendingCount > 0) {
        this.historyWanted = false;
        await this.readHistory(since);
      }
    } finally {
      this.reading = false;
    }
  }

  /** The REST picture becomes the live one. */
  private adopt(balances: Balance[], orders: OrderInfo[]): void {
    this.available.clear();
    this.restHeld.clear();
    for (const b of balances) {
      this.available.set(b.asset, b.available);
      this.restHeld.set(b.asset, b.locked);
    }
    this.open.clear();
    for (const x of orders) this.open.set(x.id, x);
    this.restHolds = holdsOf(orders);
    this.resolver.knowOrders(orders);
  }

  private async readHistory(since: number | null): Promise<void> {
    try {
      const { fills } = await this.o.rest.historyFills(since);
      if (!this.stopped) this.resolver.history(fills);
    } catch (error) {
      this.o.log.warn(`cryptomus: ${describe(error)}`);
    }
  }

  private scheduleCheck(): void {
    if (this.checkTimer || this.stopped) return;
    this.checkTimer = this.o.clock.setTimeout(() => {
      this.checkTimer = null;
      void this.reconcile();
    }, this.o.historyDebounceMs ?? HISTORY_DEBOUNCE_MS);
  }

  private armSlowTimer(): void {
    if (this.slowTimer || this.stopped) return;
    this.slowTimer = this.o.clock.setTimeout(() => {
      this.slowTimer = null;
      void this.reconcile(true).finally(() => this.armSlowTimer());
    }, this.o.reconcileEveryMs ?? RECONCILE_EVERY_MS);
  }
}

/** The asset an order holds (even when it holds nothing any more). */
function holdAsset(o: OrderInfo): string {
  const [base, quote] = o.market.slice('cryptomus:'.length).split('/') as [string, string];
  return o.side === 'buy' ? quote : base;
}
