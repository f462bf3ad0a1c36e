// The candle chart's settings (log scale, each market's indicators), read from and written to the
// core's settings (Settings.charts), so they survive a reload and follow the user to every window.
// A change shows at once; the core's reply (or settings.changed) then confirms it.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { ChartSettings, IndicatorKind, IndicatorSpec } from '../../../../shared/chart-settings';
import { defaultChartSettings, newIndicator, parseChartSettings, withIndicators, MAX_INDICATORS } from '../../../../shared/chart-settings';
import type { MarketId } from '../../../../shared/model';
import { useSettingsStore } from '../../stores/use-settings-store';

let counter = 0;
/** An id unique within one chart's list, short enough for the settings' parser. */
function freshId(kind: IndicatorKind, taken: readonly IndicatorSpec[]): string {
  let id: string;
  do id = `${kind}-${Date.now().toString(36)}${(counter++).toString(36)}`;
  while (taken.some((s) => s.id === id));
  return id;
}

/** One store, so the toolbar and the chart see the same pending change. */
export const useChartSettingsStore = defineStore('chartSettings', () => {
  const store = useSettingsStore();
  // What the user changed and the core has not confirmed yet.
  const pending = shallowRef<ChartSettings | null>(null);
  const charts = computed<ChartSettings>(() => pending.value ?? parseChartSettings(store.settings?.charts) ?? defaultChartSettings());

  async function save(next: ChartSettings): Promise<void> {
    pending.value = next;
    // On failure the chart goes back to what the core keeps (the settings store shows the error).
    await store.update({ charts: next });
    if (pending.value === next) pending.value = null;
  }

  const indicatorsOf = (market: MarketId | null): readonly IndicatorSpec[] => (market ? (charts.value.indicators[market] ?? []) : []);

  return {
    charts,
    logScale: computed(() => charts.value.logScale),
    pending,
    indicatorsOf,
    setLogScale: (on: boolean) => save({ ...charts.value, logScale: on }),
    add(market: MarketId, kind: IndicatorKind): Promise<void> {
      const list = indicatorsOf(market);
      if (list.length >= MAX_INDICATORS) return Promise.resolve();
      return save(withIndicators(charts.value, market, [...list, newIndicator(kind, freshId(kind, list))]));
    },
    remove: (market: MarketId, id: string) => save(withIndicators(charts.value, market, indicatorsOf(market).filter((s) => s.id !== id))),
    edit: (market: MarketId, spec: IndicatorSpec) => save(withIndicators(charts.value, market, indicatorsOf(market).map((s) => (s.id === spec.id ? spec : s)))),
  };
});
