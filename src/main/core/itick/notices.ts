// The one notice a ticker row can show, from three sources that come and go independently: a
// refused subscription (the row gets no data at all), a refused depth/chart subscription for the
// focused market, and the market's trading status. The first that applies wins.
import { coded } from '../../../shared/codes';
import type { MarketId } from '../../../shared/model';
import type { Coded } from '../../../shared/notices';

export type NoticeSource = 'subscription' | 'focus' | 'trading';

interface Row {
  subscription: Coded | null;
  focus: Coded | null;
  trading: Coded | null;
  shown: Coded | null;
}

export const LIMIT_NOTICE = coded('ticker.limitReached');
export const UNCONFIRMED_NOTICE = coded('ticker.unconfirmed');
const SUSPENDED = coded('ticker.suspended');
const DELISTED = coded('ticker.delisted');
const HALTED = coded('ticker.halted');

/** iTick's trading status `ts`: 0 is normal trading and shows nothing. */
export function tradingNotice(status: number | null): Coded | null {
  switch (status) {
    case null:
    case 0:
      return null;
    case 1:
      return SUSPENDED;
    case 2:
      return DELISTED;
    case 3:
      return HALTED;
    default:
      return coded('ticker.unusual', { status });
  }
}

const same = (a: Coded | null, b: Coded | null) => a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));

export class MarketNotices {
  private readonly rows = new Map<MarketId, Row>();

  /**
   * Sets one source's text for a market. Returns the notice to show when it changed because of
   * this, or undefined when the row shows the same as before (so callers send only changes).
   */
  set(market: MarketId, source: NoticeSource, text: Coded | null): Coded | null | undefined {
    let row = this.rows.get(market);
    if (!row) {
      if (text === null) return undefined; // the common case on every quote: nothing to clear
      row = { subscription: null, focus: null, trading: null, shown: null };
      this.rows.set(market, row);
    }
    row[source] = text;
    const next = row.subscription ?? row.focus ?? row.trading;
    if (same(next, row.shown)) return undefined;
    row.shown = next;
    if (next === null) this.rows.delete(market);
    return next;
  }

  get(market: MarketId, source: NoticeSource): Coded | null {
    return this.rows.get(market)?.[source] ?? null;
  }

  /** Forgets markets nobody follows any more. */
  retain(markets: ReadonlySet<MarketId>): void {
    for (const id of this.rows.keys()) if (!markets.has(id)) this.rows.delete(id);
  }
}
