// The user's fills, keyed by exchange and the exchange's deal id, so replays (order history fetched
// again after a reconnect, a push that repeats a fill) never duplicate. The SQLite ledger
// (store/sqlite/deals.ts) implements the same interface.
import { accountOf } from '../../../shared/accounts';
import type { Deal, ExchangeId } from '../../../shared/model';

/** Whether two reports of one fill say the same (the exchange's truth may correct a stored one). */
export function sameDeal(a: Deal, b: Deal): boolean {
  return (
    a.side === b.side &&
    a.orderId === b.orderId &&
    a.market === b.market &&
    a.price === b.price &&
    a.amount === b.amount &&
    a.value === b.value &&
    a.fee === b.fee &&
    a.feeAsset === b.feeAsset &&
    a.role === b.role &&
    a.time === b.time
  );
}

export interface DealHistory {
  /** Stores the deals not seen before; returns exactly those. */
  add(deals: Deal[]): Deal[];
  /**
   * Stores new deals and rewrites a stored one that a later report of the same id contradicts
   * (upsert by the exchange's id): `fresh` are the new ones, `corrected` the rewritten ones.
   */
  upsert(deals: Deal[]): { fresh: Deal[]; corrected: Deal[] };
  /** Newest first. */
  list(filter?: { exchange?: ExchangeId; market?: string }): Deal[];
  /** The newest deal time for an exchange (ms), or one of its accounts, to ask only for what came after; null if none. */
  latestTime(exchange: ExchangeId, account?: string): number | null;
}

export class MemoryDealHistory implements DealHistory {
  private readonly byKey = new Map<string, Deal>();

  add(deals: Deal[]): Deal[] {
    return this.upsert(deals).fresh;
  }

  upsert(deals: Deal[]): { fresh: Deal[]; corrected: Deal[] } {
    const fresh: Deal[] = [];
    const corrected: Deal[] = [];
    for (const d of deals) {
      const key = `${d.exchange}|${d.id}`;
      const known = this.byKey.get(key);
      if (known && sameDeal(known, d)) continue;
      this.byKey.set(key, d);
      (known ? corrected : fresh).push(d);
    }
    return { fresh, corrected };
  }

  list(filter: { exchange?: ExchangeId; market?: string } = {}): Deal[] {
    return [...this.byKey.values()]
      .filter((d) => (!filter.exchange || d.exchange === filter.exchange) && (!filter.market || d.market === filter.market))
      .sort((a, b) => b.time - a.time);
  }

  latestTime(exchange: ExchangeId, account?: string): number | null {
    let latest: number | null = null;
    for (const d of this.byKey.values()) if (d.exchange === exchange && (account === undefined || accountOf(d) === account) && (latest === null || d.time > latest)) latest = d.time;
    return latest;
  }
}
