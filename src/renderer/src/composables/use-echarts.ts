// ECharts in a component: created when its container appears, resized with its box, disposed
// with it. Updates are
// queued by key and run together on the next animation frame, so a burst of frames costs one
// setOption per chart per frame, and a later update of a key replaces an earlier one not yet drawn.
import { BarChart, CandlestickChart, LineChart, PieChart } from 'echarts/charts';
import { AxisPointerComponent, DataZoomComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { useSettingsStore } from '../stores/use-settings-store';

echarts.use([CandlestickChart, BarChart, LineChart, PieChart, GridComponent, DataZoomComponent, TooltipComponent, AxisPointerComponent, MarkLineComponent, CanvasRenderer]);

export type EChart = echarts.ECharts;
export type ChartOption = Parameters<EChart['setOption']>[0];

export interface ChartColors {
  text: string;
  muted: string;
  faint: string;
  border: string;
  grid: string;
  surface: string;
  up: string;
  down: string;
  upWash: string;
  downWash: string;
  info: string;
  warn: string;
  fontUi: string;
  fontNum: string;
}

function readColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    faint: v('--faint'),
    border: v('--border-strong'),
    grid: v('--border'),
    surface: v('--surface'),
    up: v('--up'),
    down: v('--down'),
    upWash: v('--up-wash'),
    downWash: v('--down-wash'),
    info: v('--info'),
    warn: v('--warn'),
    fontUi: v('--font-ui'),
    fontNum: v('--font-num'),
  };
}

/** The theme's colours for canvas drawing, read again after every theme change has been applied. */
export function useChartColors(): Ref<ChartColors> {
  const settings = useSettingsStore();
  const colors = shallowRef(readColors());
  watch(
    () => settings.theme,
    () => (colors.value = readColors()),
    { flush: 'post' },
  );
  return colors;
}

export function useEChart(container: Ref<HTMLElement | null>, ready: (chart: EChart) => void, resized?: (chart: EChart) => void) {
  let chart: EChart | null = null;
  let observer: ResizeObserver | null = null;
  let frame = 0;
  const queue = new Map<string, (chart: EChart) => void>();

  function flush(): void {
    frame = 0;
    if (!chart) return;
    const jobs = [...queue.values()];
    queue.clear();
    for (const job of jobs) job(chart);
  }

  /** Runs `job` on the next animation frame, replacing a queued job of the same key. */
  function update(key: string, job: (chart: EChart) => void): void {
    queue.set(key, job);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function dispose(): void {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    queue.clear();
    observer?.disconnect();
    observer = null;
    chart?.dispose();
    chart = null;
  }

  // The container may come and go (a chart shown only once there is data): follow it.
  watch(
    container,
    (el) => {
      dispose();
      if (!el) return;
      chart = echarts.init(el, null, { renderer: 'canvas' });
      // Reachable from the element, for the browser tests (they read the drawn option) and devtools.
      Object.defineProperty(el, 'vigilChart', { value: chart, configurable: true });
      observer = new ResizeObserver(() =>
        update('resize', (c) => {
          c.resize();
          resized?.(c);
        }),
      );
      observer.observe(el);
      ready(chart);
    },
    { flush: 'post', immediate: true },
  );

  onBeforeUnmount(dispose);

  return { update, chart: () => chart };
}
