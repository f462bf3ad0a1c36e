// "Every venue": the open market's pair on each exchange that lists it, from venues.compare and the
// venues.frame events that follow. One comparison at a time, closed when the market view closes.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { VenueComparison } from '../../../../shared/contract';
import type { MarketId } from '../../../../shared/model';
import { api } from '../../api/client';
import { onLinkOpen } from '../../api/link';
import { errorMessage } from '../../format';

export const useVenuesStore = defineStore('venues', () => {
  const market = ref<MarketId | null>(null);
  const comparison = shallowRef<VenueComparison | null>(null);
  const state = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  let generation = 0;
  let listening = false;

  function listen(): void {
    if (listening) return;
    listening = true;
    api().on('venues.frame', (frame) => {
      if (frame.market === market.value && state.value === 'ready') comparison.value = frame;
    });
    // Pushes sent while the link to the core was down were missed: ask again.
    onLinkOpen(() => {
      if (market.value) void load();
    });
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    const m = market.value;
    if (!m) return;
    state.value = 'loading';
    error.value = null;
    try {
      const reply = await api().invoke('venues.compare', { market: m });
      if (mine !== generation) return;
      comparison.value = reply;
      state.value = 'ready';
    } catch (e) {
      if (mine !== generation) return;
      error.value = errorMessage(e);
      state.value = 'error';
    }
  }

  async function open(m: MarketId): Promise<void> {
    listen();
    if (market.value === m && state.value !== 'error') return;
    market.value = m;
    comparison.value = null;
    await load();
  }

  function close(): void {
    if (!market.value) return;
    generation++;
    market.value = null;
    comparison.value = null;
    state.value = 'idle';
    void api()
      .invoke('venues.compare', null)
      .catch(() => {}); // the core drops it anyway when the next one opens
  }

  return { market, comparison, state, error, open, close, load };
});
