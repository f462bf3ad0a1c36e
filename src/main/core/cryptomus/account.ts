// The user's account on Cryptomus: balances, open orders and deals (own fills), from REST
// snapshots after every connect and the order/balance/deal pushes in between.
// - A push that lands while a snapshot is in flight is newer than it, so it wins over it.
// - The order history is read after every connect (fills made while offline) and shortly after an
//   order finishes (its earlier fills are in the history only once it completes); it is read from
//   a minute before the newest stored deal, taken before deal_subscribe on each socket.
import type { Balance, Order, OrderStatus } from '../../../shared/model';
import type { Clock, TimerHandle } from '../connection/clock';
import { describe } from '../connection/errors';
import type { MarketSink } from '../exchange';
import type { Logger } from '../log';
import { compareDecimal } from '../market/decimal';
import type { DealHistory } from '../portfolio/deal-history';
import { DealResolver } from './deals';
import type { CryptomusRest } from './rest';
import { parseBalanceUpdate, parseDealUpdate, parseOrderUpdate, type OrderInfo } from './wire';

/** After an order finishes, its fills are in the order history: read it shortly after. */
export const HISTORY_DEBOUNCE_MS = 2_000;
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
}

export class CryptomusAccount {
  private readonly resolver: DealResolver;
  /** Held amounts from the last balance snapshot: balance_update tells only the new balance. */
  private readonly locked = new Map<string, string>();
  private pushedBalances: Map<string, Balance> | null = null;
  private finishedOrders: Set<string> | null = null;
  private historyTimer: TimerHandle | null = null;
  private stopped = false;

  constructor(private readonly o: CryptomusAccountOptions) {
    this.resolver = new DealResolver((deals) => o.sink.deals('cryptomus', deals));
  }

  /** Where the next history read starts (ms), or null for all of it. */
  historyStart(): number | null {
    const latest = this.o.deals.latestTime('cryptomus');
    return latest === null ? null : latest - HISTORY_OVERLAP_MS;
  }

  /** After every connect, once the private channels are subscribed. Never throws. */
  async sync(since: number | null): Promise<void> {
    const pushed = new Map<string, Balance>();
    this.pushedBalances = pushed;
    try {
      const balances = await this.o.rest.balances();
      if (this.stopped) return;
      this.locked.clear();
      for (const b of balances) this.locked.set(b.asset, b.locked);
      const merged = balances.map((b) => (pushed.has(b.asset) ? { ...b, available: pushed.get(b.asset)!.available } : b));
      for (const [asset, b] of pushed) if (!merged.some((m) => m.asset === asset)) merged.push(b);
      this.o.sink.balances('cryptomus', merged, true);
    } catch (error) {
      this.o.log.warn(`cryptomus: ${describe(error)}`);
    } finally {
      if (this.pushedBalances === pushed) this.pushedBalances = null;
    }
    const finished = new Set<string>();
    this.finishedOrders = finished;
    try {
      const orders = (await this.o.rest.openOrders()).filter((o) => !finished.has(o.id));
      if (this.stopped) return;
      this.resolver.knowOrders(orders);
      this.o.sink.orders('cryptomus', orders.map((o) => toOrder(o)), true);
    } catch (error) {
      this.o.log.warn(`cryptomus: ${describe(error)}`);
    } finally {
      if (this.finishedOrders === finished) this.finishedOrders = null;
    }
    await this.readHistory(since);
  }

  /** `order_update`; throws on a malformed one (the connection counts it as a bad frame). */
  order(data: unknown): void {
    const e = parseOrderUpdate(data);
    if (!e) throw new Error('order_update: malformed data');
    this.o.sink.orders('cryptomus', [toOrder(e.order, e.type === 'finished')], false);
    if (e.type === 'finished') this.finishedOrders?.add(e.order.id);
    this.resolver.order(e);
    if (e.type === 'finished' || this.resolver.pendingCount > 0) this.scheduleHistory();
  }

  balance(data: unknown): void {
    const e = parseBalanceUpdate(data);
    if (!e) throw new Error('balance_update: malformed data');
    const balance: Balance = { exchange: 'cryptomus', asset: e.asset, available: e.balance, locked: this.locked.get(e.asset) ?? '0' };
    this.pushedBalances?.set(e.asset, balance);
    this.o.sink.balances('cryptomus', [balance], false);
  }

  deal(data: unknown): void {
    const fill = parseDealUpdate(data);
    if (!fill) throw new Error('deal_update: malformed data');
    this.resolver.push(fill);
    if (this.resolver.pendingCount > 0) this.scheduleHistory();
  }

  stop(): void {
    this.stopped = true;
    this.o.clock.clearTimeout(this.historyTimer);
    this.historyTimer = null;
  }

  private async readHistory(since: number | null): Promise<void> {
    try {
      const { fills } = await this.o.rest.historyFills(since);
      if (!this.stopped) this.resolver.history(fills);
    } catch (error) {
      this.o.log.warn(`cryptomus: ${describe(error)}`);
    }
  }

  private scheduleHistory(): void {
    if (this.historyTimer || this.stopped) return;
    this.historyTimer = this.o.clock.setTimeout(() => {
      this.historyTimer = null;
      void this.readHistory(this.historyStart());
    }, this.o.historyDebounceMs ?? HISTORY_DEBOUNCE_MS);
  }
}
