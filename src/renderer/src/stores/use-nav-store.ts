// Which screen is open, and which market the market view shows. Kept for the tab's session, so a
// reload returns to the same place.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { MarketId } from '../../../shared/model';
import { parseMarketId } from '../../../shared/model';

export const SCREENS = ['watchlist', 'market', 'portfolio', 'orders', 'deals', 'alerts', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

const STORAGE_KEY = 'vigil.nav';

function restore(): { screen: Screen; market: MarketId | null } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { screen?: unknown; market?: unknown } | null;
    const screen = SCREENS.includes(saved?.screen as Screen) ? (saved!.screen as Screen) : 'watchlist';
    const market = parseMarketId(saved?.market) ? (saved!.market as MarketId) : null;
    return { screen, market };
  } catch {
    return { screen: 'watchlist', market: null };
  }
}

export const useNavStore = defineStore('nav', () => {
  const initial = restore();
  const screen = ref<Screen>(initial.screen);
  const market = ref<MarketId | null>(initial.market);

  watch([screen, market], () => {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ screen: screen.value, market: market.value }));
    } catch {
      // Storage can be disabled; navigation still works for this page.
    }
  });

  function go(next: Screen): void {
    screen.value = next;
  }

  function openMarket(id: MarketId): void {
    market.value = id;
    screen.value = 'market';
  }

  return { screen, market, go, openMarket };
});
