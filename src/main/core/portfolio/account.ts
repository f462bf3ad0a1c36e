// The user's balances and open orders across exchanges, as the adapters report them, and the
// reconciliation: the exchange's own account state, re-read, compared with the live one (every
// difference is a correction, counted and described), then adopted.
import Big from 'big.js';
import type { AccountSnapshot, Reconciliation } from '../../../shared/contract';
import type { Balance, ExchangeId, Order } from '../../../shared/model';

/**
 * Bounds on what the wire can make the account hold, per exchange: far above any real account,
 * low enough that a buggy or hostile feed of ever-new order ids or assets cannot grow memory.
 */
export const MAX_OPEN_ORDERS = 2000;
export const MAX_BALANCES = 2000;

/** Equal at the precision the exchange reported (it may round what it holds exactly). */
function sameAmount(live: string, reported: string): boolean {
  const dot = reported.indexOf('.');
  const places = dot < 0 ? 0 : reported.length - dot - 1;
  try {
    return new Big(live).round(places, Big.roundHalfUp).eq(reported);
  } catch {
    return false;
  }
}

function decimalOrZero(value: string | undefined): string {
  return value ?? '0';
}

export class Account {
  private readonly balances = new Map<string, Balance>();
  private readonly orders = new Map<string, Order>();
  private readonly checks = new Map<ExchangeId, Reconciliation>();
  private changed = false;
  /** Records left out over the bounds (for the log and tests). */
  dropped = 0;

  /**
   * Compares the exchange's own state with the live one, adopts it, and returns what differed
   * (one line per correction: asset or order id and the two values, nothing secret).
   */
  reconcile(exchange: ExchangeId, state: { balances: Balance[] | null; orders: Order[] | null; orderMarkets?: string[] }, at: number): string[] {
    const out: string[] = [];
    if (state.balances) {
      const live = new Map([...this.balances.values()].filter((b) => b.exchange === exchange).map((b) => [b.asset, b]));
      const seen = new Set<string>();
      for (const b of state.balances) {
        seen.add(b.asset);
        const l = live.get(b.asset);
        const available = decimalOrZero(l?.available);
        const locked = decimalOrZero(l?.locked);
        if (!sameAmount(available, b.available) || !sameAmount(locked, b.locked)) {
          out.push(`balance ${b.asset}: live ${available}/${locked} held, exchange ${b.available}/${b.locked} held`);
        }
      }
      for (const [asset, l] of live) {
        if (!seen.has(asset) && (new Big(l.available).gt(0) || new Big(l.locked).gt(0))) out.push(`balance ${asset}: live ${l.available}/${l.locked} held, exchange has none`);
      }
      this.setBalances(exchange, state.balances, true);
    }
    if (state.orders) {
      const scope = state.orderMarkets ? new Set(state.orderMarkets) : null;
      const inScope = (o: Order) => o.exchange === exchange && (!scope || scope.has(o.market));
      const live = new Map([...this.orders.values()].filter(inScope).map((o) => [o.id, o]));
      const seen = new Set<string>();
      for (const o of state.orders) {
        if (o.status === 'filled' || o.status === 'cancelled') continue;
        seen.add(o.id);
        const l = live.get(o.id);
        if (!l) out.push(`order ${o.id} (${o.market}): open at the exchange, missing live`);
        else if (!sameAmount(l.filled, o.filled) || !sameAmount(l.amount, o.amount)) out.push(`order ${o.id} (${o.market}): filled live ${l.filled}, exchange ${o.filled}`);
      }
      for (const [id, l] of live) if (!seen.has(id)) out.push(`order ${id} (${l.market}): open live, not at the exchange`);
      if (!scope) this.setOrders(exchange, state.orders, true);
      else {
        for (const id of live.keys()) if (!seen.has(id)) this.orders.delete(`${exchange}|${id}`);
        this.setOrders(exchange, state.orders, false);
      }
    }
    this.checked(exchange, at, out.length);
    return out;
  }

  /** Records a finished check (and corrections found outside it, e.g. stored deals rewritten). */
  checked(exchange: ExchangeId, at: number | null, corrections: number): void {
    const prev = this.checks.get(exchange);
    if (!prev && at === null && corrections === 0) return;
    this.checks.set(exchange, { exchange, at: at ?? prev?.at ?? null, corrections: (prev?.corrections ?? 0) + corrections });
    this.changed = true;
  }

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
      reconciliation: [...this.checks.values()].sort((a, b) => a.exchange.localeCompare(b.exchange)),
    };
  }

  /** The whole account when anything changed since the last call (it is small), else null. */
  takeChange(): AccountSnapshot | null {
    if (!this.changed) return null;
    this.changed = false;
    return this.snapshot();
  }
}
