// The user's balances and open orders across exchanges, as the adapters report them.
import type { AccountSnapshot } from '../../../shared/contract';
import type { Balance, ExchangeId, Order } from '../../../shared/model';

/**
 * Bounds on what the wire can make the account hold, per exchange: far above any real account,
 * low enough that a buggy or hostile feed of ever-new order ids or assets cannot grow memory.
 */
export const MAX_OPEN_ORDERS = 2000;
export const MAX_BALANCES = 2000;

export class Account {
  private readonly balances = new Map<string, Balance>();
  private readonly orders = new Map<string, Order>();
  private changed = false;
  /** Records left out over the bounds (for the log and tests). */
  dropped = 0;

  setBalances(exchange: ExchangeId, list: Balance[], snapshot: boolean): void {
    if (snapshot) for (const [key, b] of this.balances) if (b.exchange === exchange) this.balances.delete(key);
    let held = this.count(this.balances, exchange);
    for (const b of list) {
      const key = `${exchange}|${b.asset}`;
      if (!this.balances.has(key)) {
        if (held >= MAX_BALANCES) {
          this.dropped++;
          continue;
        }
        held++;
      }
      this.balances.set(key, b);
    }
    this.changed = true;
  }

  setOrders(exchange: ExchangeId, list: Order[], snapshot: boolean): void {
    if (snapshot) for (const [key, o] of this.orders) if (o.exchange === exchange) this.orders.delete(key);
    for (const o of list) {
      const key = `${exchange}|${o.id}`;
      // Filled and cancelled orders leave the open-orders list; they live on as deals.
      if (o.status === 'filled' || o.status === 'cancelled') this.orders.delete(key);
      else this.orders.set(key, o);
    }
    this.trimOrders(exchange);
    this.changed = true;
  }

  /** Over the bound, the oldest open orders of the exchange go first (the newest matter most). */
  private trimOrders(exchange: ExchangeId): void {
    const mine = [...this.orders.values()].filter((o) => o.exchange === exchange);
    if (mine.length <= MAX_OPEN_ORDERS) return;
    mine.sort((a, b) => a.createdAt - b.createdAt);
    for (const o of mine.slice(0, mine.length - MAX_OPEN_ORDERS)) {
      this.orders.delete(`${exchange}|${o.id}`);
      this.dropped++;
    }
  }

  private count(map: Map<string, { exchange: ExchangeId }>, exchange: ExchangeId): number {
    let n = 0;
    for (const v of map.values()) if (v.exchange === exchange) n++;
    return n;
  }

  snapshot(): AccountSnapshot {
    return {
      balances: [...this.balances.values()].sort((a, b) => a.exchange.localeCompare(b.exchange) || a.asset.localeCompare(b.asset)),
      orders: [...this.orders.values()].sort((a, b) => b.createdAt - a.createdAt),
    };
  }

  /** The whole account when anything changed since the last call (it is small), else null. */
  takeChange(): AccountSnapshot | null {
    if (!this.changed) return null;
    this.changed = false;
    return this.snapshot();
  }
}
