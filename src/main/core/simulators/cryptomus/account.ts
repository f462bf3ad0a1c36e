// The simulated Cryptomus account behind the demo's private channels: balances with held amounts,
// open orders, fills and finished orders with their transactions. Every change is reported as the
// `order_update`, `balance_update` and `deal_update` events the real server sends, in its shapes.
import Big from 'big.js';

export type AccountEvent =
  | { channel: 'order'; key: string; method: 'order_update'; data: unknown }
  | { channel: 'balance'; key: string; method: 'balance_update'; data: unknown }
  | { channel: 'deal'; key: string; method: 'deal_update'; data: unknown };

export interface SimTransaction {
  id: string;
  tradeRole: 'maker' | 'taker';
  filledPrice: string;
  filledQuantity: string;
  filledValue: string;
  fee: string;
  feeCurrency: string;
  /** Unix seconds. */
  committedAt: number;
}

export interface SimOrder {
  id: string;
  dealId: string;
  symbol: string;
  base: string;
  quote: string;
  direction: 'buy' | 'sell';
  price: Big;
  quantity: Big;
  filledQuantity: Big;
  filledValue: Big;
  createTs: number;
  updateTs: number | null;
  finishTs: number | null;
  state: 'active' | 'completed' | 'cancelled';
  internalState: 'active' | 'filled' | 'cancelled';
  transactions: SimTransaction[];
}

const FEE_RATE = '0.001';
const MAX_HISTORY = 1_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `YYYY-MM-DD HH:MM:SS` in UTC, as the REST history writes times. */
export function restTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export class SimAccount {
  readonly balances = new Map<string, { available: Big; held: Big }>();
  readonly open = new Map<string, SimOrder>();
  /** Finished orders, newest first. */
  readonly history: SimOrder[] = [];
  private readonly walletIds = new Map<string, string>();

  constructor(
    private readonly random: () => number,
    private readonly nowSeconds: () => number,
    private readonly publish: (event: AccountEvent) => void,
    initial: Record<string, string>,
  ) {
    for (const [asset, amount] of Object.entries(initial)) this.balances.set(asset, { available: new Big(amount), held: new Big(0) });
  }

  /** A ULID-looking id, like the exchange's. */
  newId(): string {
    let out = '01J';
    for (let i = 0; i < 23; i++) out += CROCKFORD[Math.floor(this.random() * 32)];
    return out;
  }

  /** Places a limit order, holding the funds it needs; null when they are not there. */
  place(symbol: string, direction: 'buy' | 'sell', price: string, quantity: string): SimOrder | null {
    const [base, quote] = symbol.split('_') as [string, string];
    const p = new Big(price);
    const q = new Big(quantity);
    const asset = direction === 'buy' ? quote : base;
    const need = direction === 'buy' ? p.times(q) : q;
    const wallet = this.wallet(asset);
    if (wallet.available.lt(need) || q.lte(0)) return null;
    const now = this.nowSeconds();
    const order: SimOrder = {
      id: this.newId(),
      dealId: this.newId(),
      symbol,
      base,
      quote,
      direction,
      price: p,
      quantity: q,
      filledQuantity: new Big(0),
      filledValue: new Big(0),
      createTs: now,
      updateTs: null,
      finishTs: null,
      state: 'active',
      internalState: 'active',
      transactions: [],
    };
    this.open.set(order.id, order);
    this.publish({ channel: 'order', key: symbol, method: 'order_update', data: { type: 'created', info: this.orderInfo(order) } });
    this.move(asset, need.neg(), need);
    return order;
  }

  /** Fills `quantity` (default: all that is left) of an open order at its price. */
  fill(orderId: string, quantity?: string): SimTransaction | null {
    const order = this.open.get(orderId);
    if (!order) return null;
    const left = order.quantity.minus(order.filledQuantity);
    const q = quantity ? Big(quantity) : left;
    if (q.lte(0) || q.gt(left)) return null;
    const now = this.nowSeconds();
    const value = q.times(order.price);
    const buy = order.direction === 'buy';
    // Fees are taken from what is received: base for a buy, quote for a sell.
    const fee = (buy ? q : value).times(FEE_RATE);
    const tx: SimTransaction = {
      id: this.newId(),
      tradeRole: this.random() < 0.5 ? 'maker' : 'taker',
      filledPrice: order.price.toFixed(),
      filledQuantity: q.toFixed(),
      filledValue: value.toFixed(),
      fee: fee.toFixed(),
      feeCurrency: buy ? order.base : order.quote,
      committedAt: now,
    };
    order.transactions.push(tx);
    order.filledQuantity = order.filledQuantity.plus(q);
    order.filledValue = order.filledValue.plus(value);
    const done = order.filledQuantity.eq(order.quantity);
    if (done) this.finish(order, 'completed', now);
    else order.updateTs = now;
    this.publish({
      channel: 'deal',
      key: order.symbol,
      method: 'deal_update',
      data: {
        info: {
          dealId: order.dealId,
          symbol: order.symbol,
          dealState: done ? 'completed' : 'active',
          transactionId: tx.id,
          filledPrice: tx.filledPrice,
          filledQuantity: tx.filledQuantity,
          filledValue: tx.filledValue,
          fee: tx.fee,
          feeCurrency: tx.feeCurrency,
          tradeRole: tx.tradeRole,
          committedAt: tx.committedAt,
        },
      },
    });
    this.publish({ channel: 'order', key: order.symbol, method: 'order_update', data: { type: done ? 'finished' : 'updated', info: this.orderInfo(order) } });
    if (buy) {
      this.move(order.quote, new Big(0), value.neg());
      this.move(order.base, q.minus(fee), new Big(0));
    } else {
      this.move(order.base, new Big(0), q.neg());
      this.move(order.quote, value.minus(fee), new Big(0));
    }
    return tx;
  }

  cancel(orderId: string): boolean {
    const order = this.open.get(orderId);
    if (!order) return false;
    const left = order.quantity.minus(order.filledQuantity);
    this.finish(order, 'cancelled', this.nowSeconds());
    this.publish({ channel: 'order', key: order.symbol, method: 'order_update', data: { type: 'finished', info: this.orderInfo(order) } });
    const asset = order.direction === 'buy' ? order.quote : order.base;
    const release = order.direction === 'buy' ? left.times(order.price) : left;
    this.move(asset, release, release.neg());
    return true;
  }

  /** `order_update` info (Unix seconds). */
  orderInfo(o: SimOrder): Record<string, unknown> {
    return {
      id: o.id,
      symbol: o.symbol,
      orderType: 'limit',
      direction: o.direction,
      price: o.price.toFixed(16),
      quantity: o.quantity.toFixed(16),
      value: o.price.times(o.quantity).toFixed(16),
      filledQuantity: o.filledQuantity.toFixed(16),
      filledValue: o.filledValue.toFixed(16),
      clientOid: null,
      createTs: o.createTs,
      ...(o.updateTs !== null && o.finishTs === null ? { updateTs: o.updateTs } : {}),
      ...(o.finishTs !== null ? { finishTs: o.finishTs, state: o.state, internalState: o.internalState } : {}),
    };
  }

  /** An order as the REST lists show it (times as strings), with its fills when finished. */
  restOrder(o: SimOrder, withDeal: boolean): Record<string, unknown> {
    const avg = o.filledQuantity.gt(0) ? o.filledValue.div(o.filledQuantity).toFixed(16) : null;
    return {
      id: o.id,
      type: 'limit',
      direction: o.direction,
      symbol: o.symbol,
      price: o.price.toFixed(16),
      quantity: o.quantity.toFixed(16),
      value: o.price.times(o.quantity).toFixed(16),
      filledQuantity: o.filledQuantity.toFixed(16),
      filledValue: o.filledValue.toFixed(16),
      clientOrderId: null,
      state: o.state,
      internalState: o.internalState,
      createdAt: restTime(o.createTs),
      ...(o.finishTs !== null ? { finishedAt: restTime(o.finishTs) } : {}),
      ...(withDeal
        ? {
            deal: {
              id: o.dealId,
              state: o.state,
              averageFilledPrice: avg,
              transactions: o.transactions.map((t) => ({ ...t, committedAt: restTime(t.committedAt) })),
            },
          }
        : {}),
    };
  }

  private finish(order: SimOrder, state: 'completed' | 'cancelled', now: number): void {
    order.finishTs = now;
    order.state = state;
    order.internalState = state === 'completed' ? 'filled' : 'cancelled';
    this.open.delete(order.id);
    this.history.unshift(order);
    if (this.history.length > MAX_HISTORY) this.history.length = MAX_HISTORY;
  }

  private wallet(asset: string): { available: Big; held: Big } {
    let w = this.balances.get(asset);
    if (!w) this.balances.set(asset, (w = { available: new Big(0), held: new Big(0) }));
    return w;
  }

  /** Changes a wallet; a change of the available amount is pushed as `balance_update`. */
  private move(asset: string, available: Big, held: Big): void {
    const w = this.wallet(asset);
    const old = w.available;
    w.available = w.available.plus(available);
    w.held = w.held.plus(held);
    if (available.eq(0)) return;
    let walletId = this.walletIds.get(asset);
    if (!walletId) this.walletIds.set(asset, (walletId = this.newId()));
    this.publish({
      channel: 'balance',
      key: asset,
      method: 'balance_update',
      data: {
        info: {
          walletId,
          currencyCode: asset,
          amount: available.abs().toFixed(16),
          oldBalance: old.toFixed(16),
          newBalance: w.available.toFixed(8),
        },
      },
    });
  }
}
