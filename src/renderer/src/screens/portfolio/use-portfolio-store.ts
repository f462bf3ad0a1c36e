// The portfolio valued in one quote currency (portfolio.get, then every portfolio.changed push)
// and its value over time (portfolio.history) for the chosen range.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ValuePoint } from '../../../../shared/portfolio';
import { api } from '../../api/client';
import { onLinkOpen } from '../../api/link';
import { errorMessage } from '../../format';
import { createRemote } from '../../stores/remote';

export const RANGES = ['24h', '7d', '30d', '90d'] as const;
export type Range = (typeof RANGES)[number];
export const RANGE_MS: Record<Range, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 };

export const usePortfolioStore = defineStore('portfolio', () => {
  const portfolio = createRemote(() => api().invoke('portfolio.get', undefined));
  const range = ref<Range>('7d');
  const points = shallowRef<readonly ValuePoint[] | null>(null);
  const historyState = ref<'loading' | 'ready' | 'error'>('loading');
  const historyError = ref<string | null>(null);
  let generation = 0;
  let listening = false;

  async function loadHistory(): Promise<void> {
    const mine = ++generation;
    historyState.value = 'loading';
    const to = Date.now();
    try {
      const reply = await api().invoke('portfolio.history', { from: to - RANGE_MS[range.value], to });
      if (mine !== generation) return;
      points.value = reply;
      historyState.value = 'ready';
      historyError.value = null;
    } catch (e) {
      if (mine !== generation) return;
      points.value = null;
      historyError.value = errorMessage(e);
      historyState.value = 'error';
    }
  }

  function setRange(next: Range): void {
    range.value = next;
    void loadHistory();
  }

  function ensure(): void {
    if (!listening) {
      listening = true;
      api().on('portfolio.changed', (view) => portfolio.set(view));
      onLinkOpen(() => void loadHistory());
    }
    portfolio.ensure();
  }

  return { portfolio, range, points, historyState, historyError, loadHistory, setRange, ensure };
});
