// Each exchange's market list, for search and for each market's display precision. The precision
// is the core's (MarketInfo): a market no list describes is drawn with the digits as they came.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ExchangeId, MarketId, MarketInfo } from '../../../shared/model';
import { api } from '../api/client';
import { errorMessage } from '../format';

export interface Catalog {
  state: 'loading' | 'ready' | 'error';
  markets: readonly MarketInfo[];
  error: string | null;
}

export interface Precision {
  price: number | null;
  amount: number | null;
}

export const useCatalogStore = defineStore('catalog', () => {
  const catalogs = shallowRef<ReadonlyMap<ExchangeId, Catalog>>(new Map());
  const infos = shallowRef<ReadonlyMap<MarketId, MarketInfo>>(new Map());

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

  /** The market's precision as its exchange lists it (MarketInfo); null: draw the digits as they came. */
  function precision(market: MarketId): Precision {
    const info = infos.value.get(market);
    return { price: info?.pricePrecision ?? null, amount: info?.amountPrecision ?? null };
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

  return { catalogs, infos, load, ensure, precision, assetPrecision };
});
