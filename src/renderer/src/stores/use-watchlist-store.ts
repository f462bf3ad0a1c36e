// The user's watchlists, as the core keeps them.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Watchlist } from '../../../shared/model';
import { api } from '../api/client';
import { errorMessage } from '../format';

export const useWatchlistStore = defineStore('watchlist', () => {
  const lists = shallowRef<readonly Watchlist[]>([]);
  const activeId = ref<string | null>(null);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  /** The chosen list, or the first one when the choice no longer exists. */
  const active = computed<Watchlist | null>(() => lists.value.find((l) => l.id === activeId.value) ?? lists.value[0] ?? null);

  function apply(next: Watchlist[]): void {
    lists.value = next;
  }

  async function load(): Promise<void> {
    try {
      apply(await api().invoke('watchlist.list', undefined));
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  function subscribe(): () => void {
    return api().on('watchlist.changed', apply);
  }

  function select(id: string): void {
    activeId.value = id;
  }

  return { lists, activeId, active, loaded, error, load, subscribe, select };
});
