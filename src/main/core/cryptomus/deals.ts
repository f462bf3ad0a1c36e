// Turns the user's fills into Deals. Fills come from two places: `deal_update` pushes and the
// transactions of history orders (fetched on every connect, so nothing is lost while offline). Both
// name a fill by its transaction id, which becomes Deal.id, so the engine stores each fill once.
//
// A `deal_update` does not say whether it was a buy or a sell. The side comes from, in order: the
// event itself (should the server add it), a deal id already seen on a history order, or the
// order_update that grew that order's filled quantity by exactly this fill. A fill matched by none is
// held (never guessed: a wrong side would corrupt P&L) until the next history fetch resolves it.
//
// The server may send one action's events in any order, so matching waits until the frames already
// read have all been handled (one I/O turn): a fill that looks unique when half of a burst has been
// handled (a buy fill beside only the sell's order step) is then seen beside its twin, and held.
// A burst split across reads can still pair wrongly; the history read that follows every private
// event (account.ts) has the true sides and rewrites such a deal (a counted correction).
import type { Deal, Side } from '../../../shared/model';
import { compareDecimal } from '../market/decimal';
import Big from 'big.js';
import type { Fill, OrderEvent, OrderInfo } from './wire';

interface OrderFillStep {
  orderId: string;
  market: string;
  side: Side;
  amount: string;
  value: string;
}

const MAX_PENDING = 500;
const MAX_DEALS_KNOWN = 5_000;
const MAX_STEPS = 200;
/** Orders whose filled quantity is remembered: ever-new order ids from the wire cannot grow it. */
export const MAX_ORDERS_TRACKED = 5_000;

export function fillToDeal(fill: Fill, side: Side, orderId: string | null): Deal {
  return {
    exchange: 'cryptomus',
    id: fill.transactionId,
    orderId,
    market: fill.market,
    side,
    price: fill.price,
    amount: fill.amount,
    value: fill.value,
    fee: fill.fee,
    feeAsset: fill.feeAsset,
    role: fill.role,
    time: fill.time,
  };
}

export class DealResolver {
  /** deal id → the order it belongs to. */
  private readonly dealOrders = new Map<string, { side: Side; orderId: string }>();
  /** order id → filled quantity last seen, to tell how much one update filled. */
  private readonly filled = new Map<string, { quantity: string; value: string }>();
  private readonly steps: OrderFillStep[] = [];
  private readonly pending = new Map<string, Fill>();

  private deferred: NodeJS.Immediate | null = null;

  /** With `afterReads` false, matching runs at once after every event (unit tests of the rules). */
  constructor(
    private readonly emit: (deals: Deal[]) => void,
    private readonly afterReads = false,
  ) {}

  stop(): void {
    if (this.deferred) clearImmediate(this.deferred);
    this.deferred = null;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Open orders from a REST snapshot: their filled quantities and values so far. */
  knowOrders(orders: OrderInfo[]): void {
    for (const o of orders) this.rememberFilled(o.id, { quantity: o.filledQuantity, value: o.filledValue });
  }

  /** Order ids tracked, oldest first (for tests and the bound). */
  get trackedOrders(): number {
    return this.filled.size;
  }

  private rememberFilled(id: string, filled: { quantity: string; value: string }): void {
    this.filled.delete(id); // re-inserted last: the oldest is first
    this.filled.set(id, filled);
    if (this.filled.size > MAX_ORDERS_TRACKED) this.filled.delete(this.filled.keys().next().value!);
  }

  /** A fill pushed by `deal_update`. */
  push(fill: Fill): void {
    const known = this.sideOf(fill);
    if (known) {
      this.dropStep(known.orderId, fill);
      this.emit([fillToDeal(fill, known.side, known.orderId)]);
      return;
    }
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(fill.transactionId, fill);
    this.settleSoon();
  }

  /** An `order_update`: remembers how much it filled, and resolves a held fill it explains. */
  order(event: OrderEvent): void {
    const o = event.order;
    const before = this.filled.get(o.id) ?? { quantity: '0', value: '0' };
    if (event.type === 'finished') this.filled.delete(o.id);
    else this.rememberFilled(o.id, { quantity: o.filledQuantity, value: o.filledValue });
    if (compareDecimal(o.filledQuantity, before.quantity) <= 0) return;
    this.steps.push({
      orderId: o.id,
      market: o.market,
      side: o.side,
      amount: new Big(o.filledQuantity).minus(before.quantity).toString(),
      value: new Big(o.filledValue).minus(before.value).toString(),
    });
    if (this.steps.length > MAX_STEPS) this.steps.shift();
    this.settleSoon();
  }

  /** Matching once the frames already read are handled (setImmediate runs after this I/O turn). */
  private settleSoon(): void {
    if (!this.afterReads) return this.settle();
    this.deferred ??= setImmediate(() => {
      this.deferred = null;
      this.settle();
    });
  }

  /** Pairs every held fill with an order step when exactly one step fits it and it alone fits that step. */
  private settle(): void {
    const out: Deal[] = [];
    for (let progress = true; progress; ) {
      progress = false;
      for (const [id, fill] of this.pending) {
        const fits = this.steps.filter((s) => matches(s, fill));
        if (fits.length !== 1) continue;
        const step = fits[0]!;
        let rivals = 0;
        for (const other of this.pending.values()) if (matches(step, other)) rivals++;
        if (rivals !== 1) continue;
        this.pending.delete(id);
        this.steps.splice(this.steps.indexOf(step), 1);
        this.learn(fill.dealId, step.side, step.orderId);
        out.push(fillToDeal(fill, step.side, step.orderId));
        progress = true;
      }
    }
    if (out.length) this.emit(out);
  }

  /** Fills of history orders (all known sides): emits them, and every held fill they explain. */
  history(fills: Fill[]): void {
    const out: Deal[] = [];
    for (const f of fills) {
      if (!f.side || !f.orderId) continue;
      this.learn(f.dealId, f.side, f.orderId);
      if (this.pending.delete(f.transactionId)) this.dropStep(f.orderId, f);
      out.push(fillToDeal(f, f.side, f.orderId));
    }
    for (const [id, fill] of this.pending) {
      const known = this.sideOf(fill);
      if (!known) continue;
      this.pending.delete(id);
      this.dropStep(known.orderId, fill);
      out.push(fillToDeal(fill, known.side, known.orderId));
    }
    if (out.length) this.emit(out);
    this.settle();
  }

  /** The order step this fill explains is used up (it must not pair with another fill later). */
  private dropStep(orderId: string | null, fill: Fill): void {
    const i = this.steps.findIndex((s) => s.orderId === orderId && matches(s, fill));
    if (i >= 0) this.steps.splice(i, 1);
  }

  private learn(dealId: string | null, side: Side, orderId: string): void {
    if (!dealId) return;
    this.dealOrders.set(dealId, { side, orderId });
    if (this.dealOrders.size > MAX_DEALS_KNOWN) this.dealOrders.delete(this.dealOrders.keys().next().value!);
  }

  private sideOf(fill: Fill): { side: Side; orderId: string | null } | null {
    if (fill.side) return { side: fill.side, orderId: fill.orderId };
    const byDeal = fill.dealId ? this.dealOrders.get(fill.dealId) : undefined;
    return byDeal ?? null;
  }

}

function matches(step: OrderFillStep, fill: Fill): boolean {
  return step.market === fill.market && compareDecimal(step.amount, fill.amount) === 0 && compareDecimal(step.value, fill.value) === 0;
}
