// Each exchange's market list (for search, and for each market's precision), plus the precision
// seen in the data itself for markets no list describes yet.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ExchangeId, MarketId, MarketInfo } from '../../../shared/model';
import { api } from '../api/client';
import { decimalsOf, errorMessage } from '../format';

export interface Catalog {
  state: 'loading' | 'ready' | 'error';
  markets: readonly MarketInfo[];
  error: string | null;
}

export interface Precision {
  price: number | null;
  amount: number | null;
}

const MAX_DIGITS = 12;

export const useCatalogStore = defineStore('catalog', () => {
  const catalogs = shallowRef<ReadonlyMap<ExchangeId, Catalog>>(new Map());
  const infos = shallowRef<ReadonlyMap<MarketId, MarketInfo>>(new Map());
  /** Replaced only when a market shows more digits than before: rare after the first frames. */
  const seen = shallowRef<ReadonlyMap<MarketId, Precision>>(new Map());

  function setCatalog(exchange: ExchangeId, catalog: Catalog): void {
    const next = new Map(catalogs.value);
    next.set(exchange, catalog);
    catalogs.value = next;
    if (catalog.state === 'ready' && catalog.markets.length > 0) {
      const byId = new Map(infos.value);
      for (const m of catalog.markets) byId.set(m.market, m);
      infos.value = byId;
    }
  }

  async function load(exchange: ExchangeId): Promise<void> {
    const previous = catalogs.value.get(exchange);
    setCatalog(exchange, { state: 'loading', markets: previous?.markets ?? [], error: null });
    try {
      const markets = await api().invoke('markets.list', { exchange });
      setCatalog(exchange, { state: 'ready', markets, error: null });
    } catch (e) {
      setCatalog(exchange, { state: 'error', markets: previous?.markets ?? [], error: errorMessage(e) });
    }
  }

  /** Loads an exchange's list once (and again when it failed). */
  function ensure(exchange: ExchangeId): void {
    const c = catalogs.value.get(exchange);
    if (!c || c.state === 'error') void load(exchange);
  }

  function grow(market: MarketId, kind: keyof Precision, values: readonly (string | null)[]): void {
    const current = seen.value.get(market);
    let digits = current?.[kind] ?? -1;
    for (const v of values) if (v !== null) digits = Math.max(digits, Math.min(MAX_DIGITS, decimalsOf(v)));
    if (digits < 0 || digits === current?.[kind]) return;
    const next = new Map(seen.value);
    next.set(market, { price: current?.price ?? null, amount: current?.amount ?? null, [kind]: digits });
    seen.value = next;
  }

  function observePrices(market: MarketId, values: readonly (string | null)[]): void {
    grow(market, 'price', values);
  }

  function observeAmounts(market: MarketId, values: readonly (string | null)[]): void {
    grow(market, 'amount', values);
  }

  /** The market's own precision when its exchange lists it, else the most digits seen so far. */
  function precision(market: MarketId): Precision {
    const info = infos.value.get(market);
    const s = seen.value.get(market);
    return { price: info?.pricePrecision ?? s?.price ?? null, amount: info?.amountPrecision ?? s?.amount ?? null };
  }

  /**
   * How many places an amount of `asset` has on `exchange`: the amount precision of a market the
   * exchange lists with that asset as its base (every market trading it agrees); null when none does.
   */
  function assetPrecision(exchange: ExchangeId, asset: string): number | null {
    return assetDigits.value.get(exchange)?.get(asset) ?? null;
  }
  // Worked out once per catalog change, not per row drawn (the deal table asks for every row).
  const assetDigits = computed(() => {
    const out = new Map<ExchangeId, Map<string, number>>();
    for (const [exchange, catalog] of catalogs.value) {
      const digits = new Map<string, number>();
      for (const m of catalog.markets) if (!digits.has(m.base)) digits.set(m.base, m.amountPrecision);
      out.set(exchange, digits);
    }
    return out;
  });

  return { catalogs, infos, load, ensure, observePrices, observeAmounts, precision, assetPrecision };
});
