// What the core keeps across sessions, as interfaces: the SQLite database (store/sqlite) implements
// them all; the memory versions serve tests and runs without a database.
import { accountOf } from '../../../shared/accounts';
import Big from 'big.js';
import type { AlertRule, FiredAlert } from '../../../shared/alerts';
import type { DealQuery, DealTotals } from '../../../shared/deals';
import type { Settings } from '../../../shared/settings';
import type { ValuePoint } from '../../../shared/portfolio';
import type { Deal, Order, Watchlist } from '../../../shared/model';
import type { CandleStore } from '../market/candle-store';
import type { DealHistory } from '../portfolio/deal-history';
import { MemoryCandleStore } from '../market/candle-store';
import { MemoryDealHistory } from '../portfolio/deal-history';
import { MAX_TIME_MS } from '../wire/time';

export interface DealLedger extends DealHistory {
  /** One page, newest first, with the count and totals over the whole filter. */
  query(q: DealQuery): { total: number; rows: Deal[]; totals: DealTotals };
}

export interface WatchlistPersistence {
  load(): Watchlist[] | null;
  save(lists: Watchlist[]): void;
}

export interface SettingsPersistence {
  load(): Partial<Settings> | null;
  save(settings: Settings): void;
}

export interface AlertPersistence {
  rules(): AlertRule[];
  saveRule(rule: AlertRule): void;
  deleteRule(id: string): void;
  /** Newest first. */
  fired(limit: number): FiredAlert[];
  addFired(alert: FiredAlert): void;
}

/** Portfolio value over time (balance snapshots valued at the time), for the value chart. */
export interface ValueHistory {
  add(point: ValuePoint & { quote: string }): void;
  range(quote: string, from: number, to: number): ValuePoint[];
}

/** Orders as last seen, open or finished (for the orders screen's history and fill progress). */
export interface OrderLog {
  upsert(orders: Order[]): void;
  /**
   * The exchange's orders stored as still open (open or partly filled): what was open at the last
   * sync, so history after a restart can start from the oldest of them.
   */
  openOrders(exchange: Order['exchange'], account?: string): Order[];
}

/** Orders in memory, with the SQLite log's rule: an older report never overwrites a newer one. */
export class MemoryOrderLog implements OrderLog {
  private readonly byKey = new Map<string, Order>();

  upsert(orders: Order[]): void {
    for (const o of orders) {
      const key = `${o.exchange}|${o.id}`;
      const known = this.byKey.get(key);
      if (!known || o.updatedAt >= known.updatedAt) this.byKey.set(key, o);
    }
  }

  openOrders(exchange: Order['exchange'], account?: string): Order[] {
    return [...this.byKey.values()].filter(
      (o) => o.exchange === exchange && (account === undefined || accountOf(o) === account) && (o.status === 'open' || o.status === 'partially_filled'),
    );
  }
}

export interface Stores {
  deals: DealLedger;
  candles: CandleStore;
  watchlists: WatchlistPersistence;
  settings: SettingsPersistence;
  alerts: AlertPersistence;
  values: ValueHistory;
  orders: OrderLog;
  close(): void;
}

export function dealMatches(d: Deal, q: Omit<DealQuery, 'offset' | 'limit'>): boolean {
  return (
    Number.isFinite(d.time) && d.time >= 0 && d.time < MAX_TIME_MS &&
    (!q.exchange || d.exchange === q.exchange) &&
    (!q.account || accountOf(d) === q.account) &&
    (!q.market || d.market === q.market) &&
    (!q.pair || d.market.slice(d.market.indexOf(':') + 1) === q.pair) &&
    (!q.side || d.side === q.side) &&
    (q.from === undefined || d.time >= q.from) &&
    (q.to === undefined || d.time < q.to)
  );
}

/** Totals over deals: value per quote currency, fees per fee currency, in decimals. */
export function dealTotals(deals: Iterable<Deal>): DealTotals {
  const value = new Map<string, Big>();
  const fees = new Map<string, Big>();
  let count = 0;
  for (const d of deals) {
    count++;
    const quote = d.market.slice(d.market.indexOf('/') + 1);
    value.set(quote, (value.get(quote) ?? new Big(0)).plus(d.value));
    const feeAsset = d.feeAsset ?? quote;
    fees.set(feeAsset, (fees.get(feeAsset) ?? new Big(0)).plus(d.fee));
  }
  // toFixed(): plain decimals always ("0.0000001", never "1e-7"), as the SQLite ledger prints them.
  const out = (m: Map<string, Big>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed()]));
  return { count, value: out(value), fees: out(fees) };
}

export class MemoryDealLedger extends MemoryDealHistory implements DealLedger {
  query(q: DealQuery): { total: number; rows: Deal[]; totals: DealTotals } {
    const all = this.list().filter((d) => dealMatches(d, q));
    return { total: all.length, rows: all.slice(q.offset, q.offset + q.limit), totals: dealTotals(all) };
  }
}

export function memoryStores(): Stores {
  let lists: Watchlist[] | null = null;
  let settings: Partial<Settings> | null = null;
  const rules = new Map<string, AlertRule>();
  const fired: FiredAlert[] = [];
  const values: (ValuePoint & { quote: string })[] = [];
  return {
    deals: new MemoryDealLedger(),
    candles: new MemoryCandleStore(),
    watchlists: { load: () => lists, save: (l) => void (lists = structuredClone(l)) },
    settings: { load: () => settings, save: (s) => void (settings = structuredClone(s)) },
    alerts: {
      rules: () => [...rules.values()],
      saveRule: (r) => void rules.set(r.id, r),
      deleteRule: (id) => void rules.delete(id),
      fired: (limit) => fired.slice(-limit).reverse(),
      addFired: (a) => void fired.push(a),
    },
    values: {
      add: (p) => void values.push(p),
      range: (quote, from, to) => values.filter((p) => p.quote === quote && p.time >= from && p.time < to).map(({ time, value }) => ({ time, value })),
    },
    orders: new MemoryOrderLog(),
    close: () => {},
  };
}
