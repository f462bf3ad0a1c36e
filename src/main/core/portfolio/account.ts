// The user's balances and open orders across exchanges, as the adapters report them, and the
// reconciliation, per account (an exchange may have several: the main one and sub-accounts, each
// reported by its own session and stamped with its label here): the exchange's own account state, re-read, compared with the live one (every
// difference is a correction, counted and described), then adopted.
import Big from 'big.js';
import type { AccountSnapshot, Reconciliation } from '../../../shared/contract';
import type { Balance, ExchangeId, Order } from '../../../shared/model';
import { MAIN_ACCOUNT, accountOf } from '../../../shared/accounts';

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

const key = (exchange: ExchangeId, account: string, id: string) => `${exchange}|${account}|${id}`;

/** The main account first, then the others by label. */
const byAccount = (a: string, b: string) => (a === b ? 0 : a === MAIN_ACCOUNT ? -1 : b === MAIN_ACCOUNT ? 1 : a.localeCompare(b));

export class Account {
  private readonly balances = new Map<string, Balance>();
  private readonly orders = new Map<string, Order>();
  private readonly checks = new Map<string, Reconciliation>();
  private changed = false;
  /** Records left out over the bounds (for the log and tests). */
  dropped = 0;

  /**
   * Compares the exchange's own state with the live one, adopts it, and returns what differed
   * (one line per correction: asset or order id and the two values, nothing secret).
   */
  reconcile(
    exchange: ExchangeId,
    state: { balances: Balance[] | null; orders: Order[] | null; orderMarkets?: string[] },
    at: number,
    account = MAIN_ACCOUNT,
  ): string[] {
    const out: string[] = [];
    const mine = (r: { exchange: ExchangeId; account?: string }) => r.exchange === exchange && accountOf(r) === account;
    if (state.balances) {
      const live = new Map([...this.balances.values()].filter(mine).map((b) => [b.asset, b]));
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
      this.setBalances(exchange, state.balances, true, account);
    }
    if (state.orders) {
      const scope = state.orderMarkets ? new Set(state.orderMarkets) : null;
      const inScope = (o: Order) => mine(o) && (!scope || scope.has(o.market));
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
      if (!scope) this.setOrders(exchange, state.orders, true, account);
      else {
        for (const id of live.keys()) if (!seen.has(id)) this.orders.delete(key(exchange, account, id));
        this.setOrders(exchange, state.orders, false, account);
      }
    }
    this.checked(exchange, at, out.length, account);
    return out;
  }

  /** Records a finished check (and corrections found outside it, e.g. stored deals rewritten). */
  checked(exchange: ExchangeId, at: number | null, corrections: number, account = MAIN_ACCOUNT): void {
    const id = `${exchange}|${account}`;
    const prev = this.checks.get(id);
    if (!prev && at === null && corrections === 0) return;
    this.checks.set(id, { exchange, account, at: at ?? prev?.at ?? null, corrections: (prev?.corrections ?? 0) + corrections });
    this.changed = true;
  }

  /** Each balance is kept stamped with its account's label. */
  setBalances(exchange: ExchangeId, list: Balance[], snapshot: boolean, account = MAIN_ACCOUNT): void {
    if (snapshot) for (const [k, b] of this.balances) if (b.exchange === exchange && accountOf(b) === account) this.balances.delete(k);
    let held = this.count(this.balances, exchange, account);
    for (const b of list) {
      const k = key(exchange, account, b.asset);
      if (!this.balances.has(k)) {
        if (held >= MAX_BALANCES) {
          this.dropped++;
          continue;
        }
        held++;
      }
      this.balances.set(k, { ...b, account });
    }
    this.changed = true;
  }

  /** Each order is kept stamped with its account's label. */
  setOrders(exchange: ExchangeId, list: Order[], snapshot: boolean, account = MAIN_ACCOUNT): void {
    if (snapshot) for (const [k, o] of this.orders) if (o.exchange === exchange && accountOf(o) === account) this.orders.delete(k);
    for (const o of list) {
      const k = key(exchange, account, o.id);
      // Filled and cancelled orders leave the open-orders list; they live on as deals.
      if (o.status === 'filled' || o.status === 'cancelled') this.orders.delete(k);
      else this.orders.set(k, { ...o, account });
    }
    this.trimOrders(exchange, account);
    this.changed = true;
  }

  /** A removed account leaves the portfolio: its balances, open orders and check line go. */
  forget(exchange: ExchangeId, account: string): void {
    this.setBalances(exchange, [], true, account);
    this.setOrders(exchange, [], true, account);
    this.checks.delete(`${exchange}|${account}`);
  }

  /** Over the bound, the oldest open orders of the account go first (the newest matter most). */
  private trimOrders(exchange: ExchangeId, account: string): void {
    const mine = [...this.orders.values()].filter((o) => o.exchange === exchange && accountOf(o) === account);
    if (mine.length <= MAX_OPEN_ORDERS) return;
    mine.sort((a, b) => a.createdAt - b.createdAt);
    for (const o of mine.slice(0, mine.length - MAX_OPEN_ORDERS)) {
      this.orders.delete(key(exchange, account, o.id));
      this.dropped++;
    }
  }

  private count(map: Map<string, { exchange: ExchangeId; account?: string }>, exchange: ExchangeId, account: string): number {
    let n = 0;
    for (const v of map.values()) if (v.exchange === exchange && accountOf(v) === account) n++;
    return n;
  }

  snapshot(): AccountSnapshot {
    return {
      balances: [...this.balances.values()].sort(
        (a, b) => a.exchange.localeCompare(b.exchange) || byAccount(accountOf(a), accountOf(b)) || a.asset.localeCompare(b.asset),
      ),
      orders: [...this.orders.values()].sort((a, b) => b.createdAt - a.createdAt),
      reconciliation: [...this.checks.values()].sort((a, b) => a.exchange.localeCompare(b.exchange) || byAccount(accountOf(a), accountOf(b))),
    };
  }

  /** The whole account when anything changed since the last call (it is small), else null. */
  takeChange(): AccountSnapshot | null {
    if (!this.changed) return null;
    this.changed = false;
    return this.snapshot();
  }
}
