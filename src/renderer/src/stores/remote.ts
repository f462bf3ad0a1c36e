// One command's reply held for the UI, with the loading and error states every screen shows.
// The reply sits in a shallow ref: replaced whole, never deeply proxied.
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import { onLinkOpen } from '../api/link';
import { errorMessage } from '../format';

export type RemoteState = 'loading' | 'error' | 'ready';

export interface Remote<T> {
  data: ShallowRef<T | null>;
  /** The last load's error; kept alongside older data, which stays on screen. */
  error: Ref<string | null>;
  loading: Ref<boolean>;
  /** 'error' only while there is nothing to show; a failed refresh keeps 'ready'. */
  state: ComputedRef<RemoteState>;
  reload(): Promise<void>;
  /** Loads on first use, then again after every reconnect of the core link. */
  ensure(): void;
  set(value: T): void;
}

export function createRemote<T>(fetch: () => Promise<T>): Remote<T> {
  const data = shallowRef<T | null>(null) as ShallowRef<T | null>;
  const error = ref<string | null>(null);
  const loading = ref(false);
  let generation = 0;
  let started = false;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await fetch();
      if (mine !== generation) return;
      data.value = value;
      error.value = null;
    } catch (e) {
      if (mine !== generation) return;
      error.value = errorMessage(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function ensure(): void {
    if (started) return;
    started = true;
    onLinkOpen(() => void reload());
  }

  // On the ordered channel a reply still on its way is newer than any push that arrives before it,
  // so a push never cancels a pending load.
  function set(value: T): void {
    data.value = value;
    error.value = null;
  }

  const state = computed<RemoteState>(() => (data.value !== null ? 'ready' : error.value !== null ? 'error' : 'loading'));
  return { data, error, loading, state, reload, ensure, set };
}
