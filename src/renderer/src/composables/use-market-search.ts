// The search across every venue as the trader types: one debounced `markets.search` at a time, a
// reply to older text dropped, the failure in words. The Add market panel and the command palette
// both search this way.
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { MarketSearchReply } from '../../../shared/contract';
import { api } from '../api/client';
import { errorMessage } from '../format';

/** How long the typing must pause before the core is asked. */
export const MARKET_SEARCH_DELAY_MS = 150;

export function useMarketSearch(limit: number) {
  const found = shallowRef<MarketSearchReply | null>(null);
  const searching = ref(false);
  const searchError = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  /** Searches for `text` (already trimmed) once typing pauses; empty text clears the results. */
  function search(text: string): void {
    if (timer) clearTimeout(timer);
    const mine = ++seq;
    searchError.value = null; // it was about older text
    if (!text) {
      found.value = null;
      searching.value = false;
      return;
    }
    searching.value = true;
    timer = setTimeout(async () => {
      try {
        const reply = await api().invoke('markets.search', { query: text, limit });
        if (mine !== seq) return; // newer text is on its way
        found.value = reply;
      } catch (e) {
        if (mine === seq) {
          found.value = null;
          searchError.value = errorMessage(e);
        }
      } finally {
        if (mine === seq) searching.value = false;
      }
    }, MARKET_SEARCH_DELAY_MS);
  }

  onBeforeUnmount(() => timer && clearTimeout(timer));
  return { found, searching, searchError, search };
}
