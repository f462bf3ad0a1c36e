// The app itself: what the core says about it, the link to the core, and start-up.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AppInfo } from '../../../shared/contract';
import { api, type LinkStatus } from '../api/client';
import { useMarketStore } from './use-market-store';
import { useWatchlistStore } from './use-watchlist-store';

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfo | null>(null);
  const link = shallowRef<LinkStatus>(api().link());
  let started = false;

  async function loadInfo(): Promise<void> {
    try {
      info.value = await api().invoke('app.info', undefined);
    } catch {
      // The watchlist shows the link error; the header just waits for the next connection.
    }
  }

  /** Subscribes every store and loads it now and after each reconnect (events were missed). */
  function start(): void {
    if (started) return;
    started = true;
    const market = useMarketStore();
    const watchlists = useWatchlistStore();
    market.subscribe();
    watchlists.subscribe();
    const loadAll = () => void Promise.all([loadInfo(), market.load(), watchlists.load()]);
    api().onLink((status) => {
      const opened = status.state === 'open' && link.value.state !== 'open';
      link.value = status;
      if (opened) loadAll();
    });
    // The preload bridge is open from the start; the web socket loads on its first 'open'.
    if (link.value.state === 'open') loadAll();
  }

  return { info, link, start };
});
