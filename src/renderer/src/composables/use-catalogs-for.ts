// Loads the market lists of the exchanges a screen shows markets of, so every price and amount
// can be drawn at its market's own precision (each list is loaded once per exchange).
import { watch } from 'vue';
import type { ExchangeId, MarketId } from '../../../shared/model';
import { parseMarketId } from '../../../shared/model';
import { useCatalogStore } from '../stores/use-catalog-store';

export function useCatalogsFor(markets: () => readonly MarketId[]): void {
  const catalog = useCatalogStore();
  watch(
    () => [...new Set(markets().flatMap((m) => parseMarketId(m)?.exchange ?? []))].sort().join(),
    (exchanges) => {
      for (const e of exchanges ? (exchanges.split(',') as ExchangeId[]) : []) catalog.ensure(e);
    },
    { immediate: true },
  );
}
