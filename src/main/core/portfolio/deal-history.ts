// The user's fills, keyed by exchange and the exchange's deal id, so replays (order history fetched
// again after a reconnect, a push that repeats a fill) never duplicate. The SQLite ledger
// (store/sqlite/deals.ts) implements the same interface.
import type { Deal, ExchangeId } from '../../../shared/model';

export interface DealHistory {
  /** Stores the deals not seen before; returns exactly those. */
  add(deals: Deal[]): Deal[];
  /** Newest first. */
  list(filter?: { exchange?: ExchangeId; market?: string }): Deal[];
  /** The newest deal time for an exchange (ms), to ask only for what came after; null if none. */
  latestTime(exchange: ExchangeId): number | null;
}

export class MemoryDealHistory implements DealHistory {
  private readonly byKey = new Map<string, Deal>();

  add(deals: Deal[]): Deal[] {
    const fresh: Deal[] = [];
    for (const d of deals) {
      const key = `${d.exchange}|${d.id}`;
      if (this.byKey.has(key)) continue;
      this.byKey.set(key, d);
      fresh.push(d);
    }
    return fresh;
  }

  list(filter: { exchange?: ExchangeId; market?: string } = {}): Deal[] {
    return [...this.byKey.values()]
      .filter((d) => (!filter.exchange || d.exchange === filter.exchange) && (!filter.market || d.market === filter.market))
      .sort((a, b) => b.time - a.time);
  }

  latestTime(exchange: ExchangeId): number | null {
    let latest: number | null = null;
    for (const d of this.byKey.values()) if (d.exchange === exchange && (latest === null || d.time > latest)) latest = d.time;
    return latest;
  }
}
