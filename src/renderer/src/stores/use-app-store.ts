// The app itself: what the core says about it, the link to the core, and start-up.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AppInfo } from '../../../shared/contract';
import { api, type LinkStatus } from '../api/client';
import { onLinkOpen } from '../api/link';
import { useMarketStore } from './use-market-store';
import { useNavStore } from './use-nav-store';
import { useNoticeStore } from './use-notice-store';
import { useSettingsStore } from './use-settings-store';
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

  /** Subscribes the always-on stores and loads them now and after each reconnect (events were missed). */
  function start(): void {
    if (started) return;
    started = true;
    const market = useMarketStore();
    const watchlists = useWatchlistStore();
    const nav = useNavStore();
    const notices = useNoticeStore();
    market.subscribe();
    watchlists.subscribe();
    notices.subscribe();
    useSettingsStore().start();
    // The shell asks for a market when a notification is clicked.
    api().on('ui.focusMarket', ({ market: id }) => nav.openMarket(id));
    api().onLink((status) => (link.value = status));
    // The preload bridge is open from the start; the web socket loads on its first 'open'.
    onLinkOpen(() => void Promise.all([loadInfo(), market.load(), watchlists.load(), notices.load()]));
  }

  return { info, link, start };
});
