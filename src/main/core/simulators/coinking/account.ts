// The simulator's demo user: balances, open limit orders and the finished-order history, kept with
// ViaBTC's accounting (a buy freezes quote and pays its fee in base, a sell freezes base and pays
// in quote; only orders that filled something enter the history).
import Big from 'big.js';
import type { SimMarket } from './market';

export interface SimOrder {
  id: number;
  market: string;
  type: 1 | 2;
  side: 1 | 2;
  ctime: number;
  mtime: number;
  ftime: number | null;
  price: Big;
  amount: Big;
  left: Big;
  dealStock: Big;
  dealMoney: Big;
  dealFee: Big;
}

export interface AssetChange {
  time: number;
  asset: string;
  business: string;
  change: string;
  balance: string;
  detail: Record<string, unknown>;
}

export interface AccountEvents {
  /** 1 put, 2 update, 3 finish. */
  order(event: 1 | 2 | 3, order: SimOrder): void;
  assets(changed: string[]): void;
}

const FEE = '0.001';
const STARTING: Record<string, string> = { USDT: '25000', BTC: '0.75', ETH: '6', SOL: '40', XRP: '5000', DOGE: '20000' };

export interface DemoAccountOptions {
  /** The exchange's user id for this account (each key is its own user). */
  userId?: number;
  /** The server's order numbering, shared by every account (default: this account's own, from 5,000,000). */
  nextOrderId?: () => number;
  /** Multiplies the starting balances, so a second account visibly differs from the first. */
  scale?: string;
}

export class DemoAccount {
  readonly userId: number;
  private readonly balances = new Map<string, { available: Big; freeze: Big }>();
  private readonly open = new Map<number, SimOrder>();
  /** Oldest first. */
  private readonly finished: SimOrder[] = [];
  private readonly changes: AssetChange[] = [];
  /** Order ids: the server numbers orders across all its users, so two accounts never share one. */
  private readonly nextId: () => number;

  constructor(
    private readonly markets: Map<string, SimMarket>,
    private readonly random: () => number,
    private readonly now: () => number,
    readonly events: AccountEvents,
    options: DemoAccountOptions = {},
  ) {
    this.userId = options.userId ?? 1001;
    let own = 5_000_000;
    this.nextId = options.nextOrderId ?? (() => own++);
    const t = now();
    for (const [asset, start] of Object.entries(STARTING)) {
      const amount = new Big(start).times(options.scale ?? '1').toFixed();
      this.balances.set(asset, { available: new Big(amount), freeze: new Big(0) });
      this.changes.push({ time: t - 86_400, asset, business: 'deposit', change: amount, balance: amount, detail: {} });
    }
  }

  private balance(asset: string): { available: Big; freeze: Big } {
    let b = this.balances.get(asset);
    if (!b) this.balances.set(asset, (b = { available: new Big(0), freeze: new Big(0) }));
    return b;
  }

  private market(name: string): SimMarket {
    const m = this.markets.get(name);
    if (!m) throw new Error(`unknown market ${name}`);
    return m;
  }

  /** A finished order from the past, for a history that is not empty on the first screen. */
  seedHistory(count: number): void {
    const names = [...this.markets.keys()];
    const t = this.now();
    for (let i = 0; i < count; i++) {
      const m = this.market(names[Math.floor(this.random() * names.length)]!);
      const price = new Big(m.walk.price()).times(1 + (this.random() - 0.5) * 0.04).round(m.spec.pricePrecision);
      const amount = new Big((0.01 + this.random()).toFixed(4));
      const side = this.random() < 0.5 ? 1 : 2;
      const when = t - 86_400 + (i + this.random()) * (80_000 / count);
      const money = price.times(amount);
      this.finished.push({
        id: this.nextId(),
        market: m.name,
        type: 1,
        side,
        ctime: when - 30,
        mtime: when,
        ftime: when,
        price,
        amount,
        left: new Big(0),
        dealStock: amount,
        dealMoney: money,
        dealFee: side === 2 ? amount.times(FEE) : money.times(FEE),
      });
    }
  }

  /** Places a limit order, freezing what it may spend; null without the funds. */
  place(market: string, side: 'buy' | 'sell', price: string, amount: string): SimOrder | null {
    const m = this.market(market);
    const p = new Big(price);
    const a = new Big(amount);
    const spend = side === 'buy' ? p.times(a) : a;
    const asset = side === 'buy' ? m.spec.quote : m.spec.base;
    const b = this.balance(asset);
    if (b.available.lt(spend) || a.lte(0) || p.lte(0)) return null;
    b.available = b.available.minus(spend);
    b.freeze = b.freeze.plus(spend);
    const t = this.now();
    const order: SimOrder = {
      id: this.nextId(),
      market,
      type: 1,
      side: side === 'buy' ? 2 : 1,
      ctime: t,
      mtime: t,
      ftime: null,
      price: p,
      amount: a,
      left: a,
      dealStock: new Big(0),
      dealMoney: new Big(0),
      dealFee: new Big(0),
    };
    this.open.set(order.id, order);
    this.events.order(1, order);
    this.events.assets([asset]);
    return order;
  }

  /** Fills `amount` (default: all that is left) of an open order at its price. */
  fill(id: number, amount?: string): SimOrder | null {
    const o = this.open.get(id);
    if (!o) return null;
    const x = amount === undefined ? o.left : new Big(amount).gt(o.left) ? o.left : new Big(amount);
    const m = this.market(o.market);
    const money = o.price.times(x);
    const base = this.balance(m.spec.base);
    const quote = this.balance(m.spec.quote);
    let fee: Big;
    if (o.side === 2) {
      fee = x.times(FEE);
      quote.freeze = quote.freeze.minus(money);
      base.available = base.available.plus(x.minus(fee));
      this.record(m.spec.base, 'trade', x.minus(fee), base.available, o.id);
      this.record(m.spec.quote, 'trade', money.neg(), quote.available, o.id);
    } else {
      fee = money.times(FEE);
      base.freeze = base.freeze.minus(x);
      quote.available = quote.available.plus(money.minus(fee));
      this.record(m.spec.base, 'trade', x.neg(), base.available, o.id);
      this.record(m.spec.quote, 'trade', money.minus(fee), quote.available, o.id);
    }
    o.left = o.left.minus(x);
    o.dealStock = o.dealStock.plus(x);
    o.dealMoney = o.dealMoney.plus(money);
    o.dealFee = o.dealFee.plus(fee);
    o.mtime = this.now();
    if (o.left.eq(0)) this.finish(o);
    else this.events.order(2, o);
    this.events.assets([m.spec.base, m.spec.quote]);
    return o;
  }

  /** Cancels an open order, releasing what it still held. */
  cancel(id: number): SimOrder | null {
    const o = this.open.get(id);
    if (!o) return null;
    const m = this.market(o.market);
    const asset = o.side === 2 ? m.spec.quote : m.spec.base;
    const held = o.side === 2 ? o.price.times(o.left) : o.left;
    const b = this.balance(asset);
    b.freeze = b.freeze.minus(held);
    b.available = b.available.plus(held);
    o.mtime = this.now();
    this.finish(o);
    this.events.assets([asset]);
    return o;
  }

  private finish(o: SimOrder): void {
    this.open.delete(o.id);
    o.ftime = o.mtime;
    if (o.dealStock.gt(0)) this.finished.push(o); // ViaBTC archives only orders that filled something
    this.events.order(3, o);
  }

  private record(asset: string, business: string, change: Big, balance: Big, orderId: number): void {
    this.changes.push({ time: this.now(), asset, business, change: change.toFixed(), balance: balance.toFixed(), detail: { id: orderId } });
    if (this.changes.length > 5_000) this.changes.shift();
  }

  /** Some demo activity: a new order near the price, a fill, or a cancel. */
  step(): void {
    const open = [...this.open.values()];
    const r = this.random();
    if (open.length < 2 || r < 0.35) {
      const names = [...this.markets.keys()];
      const m = this.market(names[Math.floor(this.random() * names.length)]!);
      const side = this.random() < 0.5 ? 'buy' : 'sell';
      const price = new Big(m.walk.price()).times(side === 'buy' ? 0.998 : 1.002).round(m.spec.pricePrecision);
      const budget = new Big(50 + Math.floor(this.random() * 200));
      const amount = budget.div(price).round(4);
      if (amount.gt(0)) this.place(m.name, side, price.toFixed(m.spec.pricePrecision), amount.toFixed(4));
      return;
    }
    const o = open[Math.floor(this.random() * open.length)]!;
    if (r < 0.85) this.fill(o.id, this.random() < 0.5 ? o.left.div(2).round(4, Big.roundDown).toFixed() : undefined);
    else this.cancel(o.id);
  }

  openOrders(market: string): SimOrder[] {
    return [...this.open.values()].filter((o) => o.market === market);
  }

  /**
   * Finished orders with fills, newest first, CREATED in [start, end) (0 = unlimited): ViaBTC's
   * readhistory (rh_reader.c) filters `order.history` on create_time, not on finish time.
   */
  history(market: string, start: number, end: number, side: 0 | 1 | 2): SimOrder[] {
    return this.finished
      .filter((o) => o.market === market && (!start || o.ctime >= start) && (!end || o.ctime < end) && (!side || o.side === side))
      .reverse();
  }

  assets(names: string[]): Record<string, { available: string; freeze: string }> {
    const out: Record<string, { available: string; freeze: string }> = {};
    const list = names.length ? names : [...this.balances.keys()];
    for (const asset of list) {
      const b = this.balances.get(asset);
      if (b) out[asset] = { available: b.available.toFixed(), freeze: b.freeze.toFixed() };
    }
    return out;
  }

  assetHistory(asset: string | null, business: string | null, start: number, end: number): AssetChange[] {
    const kinds = business ? new Set(business.split(',')) : null;
    return this.changes
      .filter((c) => (!asset || c.asset === asset) && (!kinds || kinds.has(c.business)) && (!start || c.time >= start) && (!end || c.time < end))
      .reverse();
  }

  /** The ViaBTC order object: open orders carry mtime and left; history records ftime instead. */
  static wire(o: SimOrder, userId: number): Record<string, unknown> {
    const common = {
      id: o.id,
      market: o.market,
      source: 'web',
      type: o.type,
      side: o.side,
      user: userId,
      ctime: o.ctime,
      price: o.price.toFixed(),
      amount: o.amount.toFixed(),
      taker_fee: FEE,
      maker_fee: FEE,
      deal_stock: o.dealStock.toFixed(),
      deal_money: o.dealMoney.toFixed(),
      deal_fee: o.dealFee.toFixed(),
    };
    return o.ftime !== null ? { ...common, ftime: o.ftime } : { ...common, mtime: o.mtime, left: o.left.toFixed() };
  }

  /** The object pushed with `order.update`: always mtime and left, as for an open order. */
  static pushed(o: SimOrder, userId: number): Record<string, unknown> {
    return DemoAccount.wire({ ...o, ftime: null }, userId);
  }
}
