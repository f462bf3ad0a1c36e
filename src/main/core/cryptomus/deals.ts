// Turns the user's fills into Deals. Fills come from two places: `deal_update` pushes and the
// transactions of history orders (fetched on every connect, so nothing is lost while offline). Both
// name a fill by its transaction id, which becomes Deal.id, so the engine stores each fill once.
//
// A `deal_update` does not say whether it was a buy or a sell. The side comes from, in order: the
// event itself (should the server add it), a deal id already seen on a history order, or the
// order_update that grew that order's filled quantity by exactly this fill. A fill matched by none is
// held (never guessed: a wrong side would corrupt P&L) until the next history fetch resolves it.
import type { Deal, Side } from '../../../shared/model';
import { compareDecimal } from '../market/decimal';
import Big from 'big.js';
import type { Fill, OrderEvent, OrderInfo } from './wire';

interface OrderFillStep {
  orderId: string;
  market: string;
  side: Side;
  amount: string;
  time: number;
}

const MAX_PENDING = 500;
const MAX_DEALS_KNOWN = 5_000;
const MAX_STEPS = 200;
/** Orders whose filled quantity is remembered: ever-new order ids from the wire cannot grow it. */
export const MAX_ORDERS_TRACKED = 5_000;
/** How far apart a deal's commit time and its order's update time may be to be matched. */
const MATCH_WINDOW_MS = 10_000;

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
  private readonly filled = new Map<string, string>();
  private readonly steps: OrderFillStep[] = [];
  private readonly pending = new Map<string, Fill>();

  constructor(private readonly emit: (deals: Deal[]) => void) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Open orders from a REST snapshot: their filled quantities so far. */
  knowOrders(orders: OrderInfo[]): void {
    for (const o of orders) this.rememberFilled(o.id, o.filledQuantity);
  }

  /** Order ids tracked, oldest first (for tests and the bound). */
  get trackedOrders(): number {
    return this.filled.size;
  }

  private rememberFilled(id: string, quantity: string): void {
    this.filled.delete(id); // re-inserted last: the oldest is first
    this.filled.set(id, quantity);
    if (this.filled.size > MAX_ORDERS_TRACKED) this.filled.delete(this.filled.keys().next().value!);
  }

  /** A fill pushed by `deal_update`. */
  push(fill: Fill): void {
    const known = this.sideOf(fill);
    if (known) {
      this.emit([fillToDeal(fill, known.side, known.orderId)]);
      return;
    }
    const step = this.takeStep(fill);
    if (step) {
      this.learn(fill.dealId, step.side, step.orderId);
      this.emit([fillToDeal(fill, step.side, step.orderId)]);
      return;
    }
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(fill.transactionId, fill);
  }

  /** An `order_update`: remembers how much it filled, and resolves a held fill it explains. */
  order(event: OrderEvent): void {
    const o = event.order;
    const before = this.filled.get(o.id) ?? '0';
    if (event.type === 'finished') this.filled.delete(o.id);
    else this.rememberFilled(o.id, o.filledQuantity);
    if (compareDecimal(o.filledQuantity, before) <= 0) return;
    const step: OrderFillStep = {
      orderId: o.id,
      market: o.market,
      side: o.side,
      amount: new Big(o.filledQuantity).minus(before).toString(),
      time: o.updatedAt,
    };
    for (const [id, fill] of this.pending) {
      if (matches(step, fill)) {
        this.pending.delete(id);
        this.learn(fill.dealId, step.side, step.orderId);
        this.emit([fillToDeal(fill, step.side, step.orderId)]);
        return;
      }
    }
    this.steps.push(step);
    if (this.steps.length > MAX_STEPS) this.steps.shift();
  }

  /** Fills of history orders (all known sides): emits them, and every held fill they explain. */
  history(fills: Fill[]): void {
    const out: Deal[] = [];
    for (const f of fills) {
      if (!f.side || !f.orderId) continue;
      this.learn(f.dealId, f.side, f.orderId);
      this.pending.delete(f.transactionId);
      out.push(fillToDeal(f, f.side, f.orderId));
    }
    for (const [id, fill] of this.pending) {
      const known = this.sideOf(fill);
      if (!known) continue;
      this.pending.delete(id);
      out.push(fillToDeal(fill, known.side, known.orderId));
    }
    if (out.length) this.emit(out);
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

  private takeStep(fill: Fill): OrderFillStep | null {
    const i = this.steps.findIndex((s) => matches(s, fill));
    if (i < 0) return null;
    return this.steps.splice(i, 1)[0]!;
  }
}

function matches(step: OrderFillStep, fill: Fill): boolean {
  return step.market === fill.market && compareDecimal(step.amount, fill.amount) === 0 && Math.abs(step.time - fill.time) <= MATCH_WINDOW_MS;
}
