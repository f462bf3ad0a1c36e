// Storage faults survived: every write of the core goes through here. When the database refuses a
// write (disk full, a read-only folder, an I/O error), nothing throws into a timer or a socket
// handler: the core keeps running, keeps what it could not write (bounded), tells the user once on
// the notice board, and retries until the write succeeds. What was stored before is never touched.
import type { Candle, CandleInterval, Deal, MarketId, Order, Watchlist } from '../../../shared/model';
import type { AlertRule, FiredAlert } from '../../../shared/alerts';
import type { DealQuery, DealTotals } from '../../../shared/deals';
import type { Settings } from '../../../shared/settings';
import type { ValuePoint } from '../../../shared/portfolio';
import type { Clock, TimerHandle } from '../connection/clock';
import type { Logger } from '../log';
import type { NoticeBoard } from '../notices';
import { sameDeal } from '../portfolio/deal-history';
import type { Stores } from './ports';

/** How often a failed write is tried again. */
export const STORAGE_RETRY_MS = 5_000;
/** Records kept per kind while the database refuses them; beyond this the oldest are dropped (and counted). */
export const MAX_PENDING = 20_000;
export const STORAGE_NOTICE_ID = 'storage.writeFailed';

/** SQLite's code ("SQLITE_FULL", "SQLITE_READONLY", …) or the error's name: short, never a path or a value. */
export function storageErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name.slice(0, 40) : 'unknown';
}

interface Deps {
  notices: NoticeBoard;
  log: Logger;
  clock: Clock;
}

/** One kind of pending write: keyed records (the last write per key wins), flushed in one call. */
class Pending<T> {
  readonly items = new Map<string, T>();
  dropped = 0;

  constructor(private readonly write: (items: T[]) => void) {}

  add(key: string, item: T): void {
    this.items.delete(key); // re-inserted last: the map keeps order
    this.items.set(key, item);
    while (this.items.size > MAX_PENDING) {
      this.items.delete(this.items.keys().next().value!);
      this.dropped++;
    }
  }

  /** Writes everything pending; throws (keeping it all) when the database still refuses. */
  flush(): void {
    if (this.items.size === 0) return;
    this.write([...this.items.values()]);
    this.items.clear();
  }
}

export interface GuardedStores extends Stores {
  /** Records waiting for the database, all kinds together. */
  pendingWrites(): number;
  /** Tries the pending writes now (also runs every STORAGE_RETRY_MS while any are pending). */
  retryNow(): void;
  /** Stops the retry timer (the core's stop); a last attempt is made first. */
  stopRetrying(): void;
}

export function guardStores(inner: Stores, deps: Deps): GuardedStores {
  const { notices, log, clock } = deps;
  let timer: TimerHandle | null = null;
  let failing: string | null = null;
  let failures = 0;

  const deals = new Pending<Deal>((items) => void inner.deals.upsert(items));
  const candles = new Pending<{ market: MarketId; interval: CandleInterval; candle: Candle }>((items) => {
    const bySeries = new Map<string, { market: MarketId; interval: CandleInterval; candles: Candle[] }>();
    for (const i of items) {
      const key = `${i.market}|${i.interval}`;
      let s = bySeries.get(key);
      if (!s) bySeries.set(key, (s = { market: i.market, interval: i.interval, candles: [] }));
      s.candles.push(i.candle);
    }
    for (const s of bySeries.values()) inner.candles.save(s.market, s.interval, s.candles);
  });
  const orders = new Pending<Order>((items) => inner.orders.upsert(items));
  const values = new Pending<ValuePoint & { quote: string }>((items) => {
    for (const p of items) inner.values.add(p);
  });
  const fired = new Pending<FiredAlert>((items) => {
    for (const a of items) inner.alerts.addFired(a);
  });
  const rules = new Pending<{ rule: AlertRule | null; id: string }>((items) => {
    for (const r of items) {
      if (r.rule) inner.alerts.saveRule(r.rule);
      else inner.alerts.deleteRule(r.id);
    }
  });
  const lists = new Pending<Watchlist[]>((items) => inner.watchlists.save(items.at(-1)!));
  const settings = new Pending<Settings>((items) => inner.settings.save(items.at(-1)!));
  const all = [deals, candles, orders, values, fired, rules, lists, settings];
  const pendingCount = () => all.reduce((n, p) => n + p.items.size, 0);

  function failed(error: unknown): void {
    const code = storageErrorCode(error);
    failures++;
    // Log the first failures and then every hundredth: a full disk must not fill the log too.
    if (failures <= 3 || failures % 100 === 0) log.error(`storage: a write failed (${code}); kept in memory and retried every ${STORAGE_RETRY_MS / 1000} s`);
    if (failing !== code) notices.post({ id: STORAGE_NOTICE_ID, level: 'error', code: 'storage.writeFailed', params: { error: code } });
    failing = code;
    schedule();
  }

  function schedule(): void {
    if (timer !== null) return;
    timer = clock.setTimeout(() => {
      timer = null;
      retry();
    }, STORAGE_RETRY_MS);
  }

  function retry(): void {
    try {
      for (const p of all) p.flush();
    } catch (error) {
      failed(error);
      return;
    }
    if (failing !== null) {
      const dropped = all.reduce((n, p) => n + p.dropped, 0);
      log.info(`storage: writes succeed again${dropped ? ` (${dropped} records over the in-memory limit were lost)` : ''}`);
      notices.post({ id: STORAGE_NOTICE_ID, level: 'info', code: 'storage.recovered', params: { dropped } });
      failing = null;
      failures = 0;
    }
  }

  /** Runs a write, or queues it behind earlier failed ones so order is kept. */
  function write(queue: () => void, direct: () => void): void {
    if (pendingCount() > 0) {
      queue();
      schedule();
      return;
    }
    try {
      direct();
    } catch (error) {
      queue();
      failed(error);
    }
  }

  const dealKey = (d: Deal) => `${d.exchange}|${d.id}`;

  return {
    deals: {
      add(list: Deal[]): Deal[] {
        if (list.length === 0) return [];
        // A deal already waiting is not new; the rest are new to the user even before they are saved.
        const incoming = list.filter((d) => !deals.items.has(dealKey(d)));
        let fresh: Deal[] = [];
        write(
          () => {
            for (const d of incoming) deals.add(dealKey(d), d);
            fresh = incoming;
          },
          () => {
            fresh = inner.deals.add(incoming);
          },
        );
        return fresh;
      },
      upsert(list: Deal[]): { fresh: Deal[]; corrected: Deal[] } {
        let result: { fresh: Deal[]; corrected: Deal[] } = { fresh: [], corrected: [] };
        if (list.length === 0) return result;
        write(
          () => {
            // Held in memory: a deal waiting under the same id with other values is a correction.
            for (const d of list) {
              const known = deals.items.get(dealKey(d));
              deals.add(dealKey(d), d);
              if (!known) result.fresh.push(d);
              else if (!sameDeal(known, d)) result.corrected.push(d);
            }
          },
          () => {
            result = inner.deals.upsert(list);
          },
        );
        return result;
      },
      list: (filter) => {
        const stored = inner.deals.list(filter);
        if (deals.items.size === 0) return stored;
        const extra = [...deals.items.values()].filter((d) => (!filter?.exchange || d.exchange === filter.exchange) && (!filter?.market || d.market === filter.market));
        return [...extra, ...stored].sort((a, b) => b.time - a.time);
      },
      latestTime: (exchange) => inner.deals.latestTime(exchange),
      query: (q: DealQuery): { total: number; rows: Deal[]; totals: DealTotals } => inner.deals.query(q),
    },
    candles: {
      load: (market, interval, before, limit) => inner.candles.load(market, interval, before, limit),
      save(market, interval, list) {
        write(
          () => {
            for (const c of list) candles.add(`${market}|${interval}|${c.time}`, { market, interval, candle: c });
          },
          () => inner.candles.save(market, interval, list),
        );
      },
    },
    orders: {
      upsert(list) {
        write(
          () => {
            for (const o of list) orders.add(`${o.exchange}|${o.id}`, o);
          },
          () => inner.orders.upsert(list),
        );
      },
      openOrders(exchange) {
        const byKey = new Map(inner.orders.openOrders(exchange).map((o) => [`${o.exchange}|${o.id}`, o]));
        for (const [key, o] of orders.items) {
          if (o.exchange !== exchange) continue;
          if (o.status === 'open' || o.status === 'partially_filled') byKey.set(key, o);
          else byKey.delete(key);
        }
        return [...byKey.values()];
      },
    },
    values: {
      add(point) {
        write(
          () => values.add(`${point.quote}|${point.time}`, point),
          () => inner.values.add(point),
        );
      },
      range: (quote, from, to) => inner.values.range(quote, from, to),
    },
    alerts: {
      rules: () => inner.alerts.rules(),
      saveRule(rule) {
        write(
          () => rules.add(rule.id, { rule, id: rule.id }),
          () => inner.alerts.saveRule(rule),
        );
      },
      deleteRule(id) {
        write(
          () => rules.add(id, { rule: null, id }),
          () => inner.alerts.deleteRule(id),
        );
      },
      fired: (limit) => inner.alerts.fired(limit),
      addFired(alert) {
        write(
          () => fired.add(alert.id, alert),
          () => inner.alerts.addFired(alert),
        );
      },
    },
    watchlists: {
      load: () => inner.watchlists.load(),
      save(saved) {
        write(
          () => lists.add('lists', structuredClone(saved)),
          () => inner.watchlists.save(saved),
        );
      },
    },
    settings: {
      load: () => inner.settings.load(),
      save(saved) {
        write(
          () => settings.add('settings', structuredClone(saved)),
          () => inner.settings.save(saved),
        );
      },
    },
    close: () => inner.close(),
    pendingWrites: pendingCount,
    retryNow: retry,
    stopRetrying() {
      clock.clearTimeout(timer);
      timer = null;
      if (pendingCount() > 0) {
        try {
          for (const p of all) p.flush();
        } catch (error) {
          log.error(`storage: ${pendingCount()} records could not be written before stopping (${storageErrorCode(error)})`);
        }
      }
    },
  };
}
