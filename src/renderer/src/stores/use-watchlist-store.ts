// The user's watchlists, as the core keeps them. Edits apply on screen at once (a move or a removal
// must not wait for a round trip) and the core's reply or its next push settles the result.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { MarketId, Watchlist } from '../../../shared/model';
import { api } from '../api/client';
import { errorMessage } from '../format';

const ACTIVE_KEY = 'vigil.watchlist';

function readActive(): string | null {
  try {
    return localStorage.getItem(ACTIVE_KEY);
  } catch {
    return null;
  }
}

export const useWatchlistStore = defineStore('watchlist', () => {
  const lists = shallowRef<readonly Watchlist[]>([]);
  const activeId = ref<string | null>(readActive());
  const loaded = ref(false);
  const error = ref<string | null>(null);
  /** The last edit the core refused, shown until the next edit or dismissal. */
  const editError = ref<string | null>(null);

  /** The chosen list, or the first one when the choice no longer exists. */
  const active = computed<Watchlist | null>(() => lists.value.find((l) => l.id === activeId.value) ?? lists.value[0] ?? null);

  watch(activeId, (id) => {
    try {
      if (id) localStorage.setItem(ACTIVE_KEY, id);
    } catch {
      // The choice holds for this page.
    }
  });

  /** Edits on their way: pushes and replies that would undo a newer on-screen edit wait for the last. */
  let pending = 0;
  let missedPush = false;

  function apply(next: Watchlist[]): void {
    lists.value = next;
  }

  function applyPush(next: Watchlist[]): void {
    if (pending > 0) missedPush = true;
    else apply(next);
  }

  function replace(list: Watchlist): void {
    lists.value = lists.value.some((l) => l.id === list.id) ? lists.value.map((l) => (l.id === list.id ? list : l)) : [...lists.value, list];
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
    return api().on('watchlist.changed', applyPush);
  }

  function select(id: string): void {
    activeId.value = id;
  }

  /**
   * Runs an edit. Its reply is returned only when no other edit is still on its way (a reply to an
   * earlier edit would undo a later one on screen); on failure the core's state is reloaded and
   * the reason kept for the UI.
   */
  async function edit<T>(run: () => Promise<T>): Promise<T | null> {
    editError.value = null;
    pending++;
    let reply: T | null = null;
    let failed = false;
    try {
      reply = await run();
    } catch (e) {
      editError.value = errorMessage(e);
      failed = true;
    }
    pending--;
    if (pending > 0) return null;
    if (failed || missedPush) {
      missedPush = false;
      void load();
    }
    return reply;
  }

  async function create(name: string): Promise<Watchlist | null> {
    const list = await edit(() => api().invoke('watchlist.create', { name }));
    if (list) {
      replace(list);
      activeId.value = list.id;
    }
    return list;
  }

  async function rename(listId: string, name: string): Promise<void> {
    const list = await edit(() => api().invoke('watchlist.rename', { listId, name }));
    if (list) replace(list);
  }

  async function remove(listId: string): Promise<void> {
    const next = await edit(() => api().invoke('watchlist.delete', { listId }));
    if (next) apply(next);
  }

  async function addMarket(listId: string, market: MarketId): Promise<boolean> {
    const list = await edit(() => api().invoke('watchlist.add', { listId, market }));
    if (list) replace(list);
    return editError.value === null;
  }

  async function removeMarket(listId: string, market: MarketId): Promise<void> {
    const current = lists.value.find((l) => l.id === listId);
    if (current) replace({ ...current, markets: current.markets.filter((m) => m !== market) });
    const list = await edit(() => api().invoke('watchlist.remove', { listId, market }));
    if (list) replace(list);
  }

  async function moveMarket(listId: string, market: MarketId, index: number): Promise<void> {
    const current = lists.value.find((l) => l.id === listId);
    if (current) {
      const markets = current.markets.filter((m) => m !== market);
      markets.splice(Math.max(0, Math.min(index, markets.length)), 0, market);
      replace({ ...current, markets });
    }
    const list = await edit(() => api().invoke('watchlist.move', { listId, market, index }));
    if (list) replace(list);
  }

  /** Puts a removed market back at its old place in the list (Undo). */
  async function restoreMarket(listId: string, market: MarketId, index: number): Promise<void> {
    if (!(await addMarket(listId, market))) return;
    await moveMarket(listId, market, index);
  }

  return {
    lists,
    activeId,
    active,
    loaded,
    error,
    editError,
    load,
    subscribe,
    select,
    create,
    rename,
    remove,
    addMarket,
    removeMarket,
    moveMarket,
    restoreMarket,
  };
});
