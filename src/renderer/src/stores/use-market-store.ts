// Live market state: tickers by market and the exchanges' connection statuses.
// Frames may carry hundreds of tickers every 100 ms, so state is held in shallow refs and
// replaced, never deeply proxied: a row re-renders only when its own ticker object changes.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MarketFrame, MarketSnapshot } from '../../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, Ticker } from '../../../shared/model';
import { api } from '../api/client';
import { errorMessage } from '../format';

export const useMarketStore = defineStore('market', () => {
  const tickers = shallowRef<ReadonlyMap<MarketId, Ticker>>(new Map());
  const statuses = shallowRef<ReadonlyMap<ExchangeId, ExchangeStatus>>(new Map());
  const loaded = ref(false);
  const error = ref<string | null>(null);

  // On an ordered channel a snapshot supersedes every frame that arrived before its reply.
  function applySnapshot(snapshot: MarketSnapshot): void {
    tickers.value = new Map(snapshot.tickers.map((t) => [t.market, t]));
    statuses.value = new Map(snapshot.statuses.map((s) => [s.exchange, s]));
  }

  function applyFrame(frame: MarketFrame): void {
    if (frame.tickers.length === 0) return;
    const next = new Map(tickers.value);
    for (const t of frame.tickers) next.set(t.market, t);
    tickers.value = next;
  }

  function applyStatus(status: ExchangeStatus): void {
    const next = new Map(statuses.value);
    next.set(status.exchange, status);
    statuses.value = next;
  }

  async function load(): Promise<void> {
    try {
      applySnapshot(await api().invoke('market.snapshot', undefined));
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Listens to the core's pushes; returns the function that stops listening. */
  function subscribe(): () => void {
    const offFrame = api().on('market.frame', applyFrame);
    const offStatus = api().on('exchange.status', applyStatus);
    return () => {
      offFrame();
      offStatus();
    };
  }

  return { tickers, statuses, loaded, error, load, subscribe, applyFrame, applyStatus, applySnapshot };
});
