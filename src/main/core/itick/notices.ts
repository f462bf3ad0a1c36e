// The one notice a ticker row can show, from three sources that come and go independently: a
// refused subscription (the row gets no data at all), a refused depth/chart subscription for the
// focused market, and the market's trading status. The first that applies wins.
import type { MarketId } from '../../../shared/model';

export type NoticeSource = 'subscription' | 'focus' | 'trading';

interface Row {
  subscription: string | null;
  focus: string | null;
  trading: string | null;
  shown: string | null;
}

export const LIMIT_NOTICE = "Not subscribed: the iTick plan's subscription limit is reached";
export const UNCONFIRMED_NOTICE = 'iTick did not confirm the subscription';

/** iTick's trading status `ts`: 0 is normal trading and shows nothing. */
export function tradingNotice(status: number | null): string | null {
  switch (status) {
    case null:
    case 0:
      return null;
    case 1:
      return 'Trading suspended';
    case 2:
      return 'Delisted';
    case 3:
      return 'Circuit breaker: trading halted';
    default:
      return `Unusual trading status (${status})`;
  }
}

export class MarketNotices {
  private readonly rows = new Map<MarketId, Row>();

  /**
   * Sets one source's text for a market. Returns the notice to show when it changed because of
   * this, or undefined when the row shows the same as before (so callers send only changes).
   */
  set(market: MarketId, source: NoticeSource, text: string | null): string | null | undefined {
    let row = this.rows.get(market);
    if (!row) {
      if (text === null) return undefined; // the common case on every quote: nothing to clear
      row = { subscription: null, focus: null, trading: null, shown: null };
      this.rows.set(market, row);
    }
    row[source] = text;
    const next = row.subscription ?? row.focus ?? row.trading;
    if (next === row.shown) return undefined;
    row.shown = next;
    if (next === null) this.rows.delete(market);
    return next;
  }

  get(market: MarketId, source: NoticeSource): string | null {
    return this.rows.get(market)?.[source] ?? null;
  }

  /** Forgets markets nobody follows any more. */
  retain(markets: ReadonlySet<MarketId>): void {
    for (const id of this.rows.keys()) if (!markets.has(id)) this.rows.delete(id);
  }
}
