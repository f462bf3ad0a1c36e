// The user's balances and open orders across exchanges, as the adapters report them.
import type { AccountSnapshot } from '../../../shared/contract';
import type { Balance, ExchangeId, Order } from '../../../shared/model';

export class Account {
  private readonly balances = new Map<string, Balance>();
  private readonly orders = new Map<string, Order>();
  private changed = false;

  setBalances(exchange: ExchangeId, list: Balance[], snapshot: boolean): void {
    if (snapshot) for (const [key, b] of this.balances) if (b.exchange === exchange) this.balances.delete(key);
    for (const b of list) this.balances.set(`${exchange}|${b.asset}`, b);
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
    this.changed = true;
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
