// Live market state: tickers by market, the exchanges' connection statuses, and a short price
// history per market for sparklines. Frames may carry hundreds of tickers every 100 ms, so state
// is held in shallow refs and replaced, never deeply proxied: a row re-renders only when its own
// ticker object changes. The history is plain arrays outside reactivity; `sparkSecond` moves once
// a second, so sparklines are redrawn at most once a second, not on every price. While the window
// is hidden, frames are merged aside and nothing on screen is touched; they land at once when it
// is shown again.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MarketFrame, MarketSnapshot } from '../../../shared/contract';
import type { ExchangeId, ExchangeStatus, MarketId, Ticker } from '../../../shared/model';
import { api } from '../api/client';
import { errorMessage } from '../format';

/** One sparkline point per bucket, the last point following the price within its bucket. */
export const SPARK_BUCKET_MS = 1_000;
/** 300 buckets of 1 s: the last five minutes. */
export const SPARK_POINTS = 300;

export interface SparkHistory {
  /** Bucket index (time / SPARK_BUCKET_MS) of each point. */
  buckets: number[];
  values: number[];
}

/** Adds a price to a bounded history; returns it (created when missing). */
export function recordPrice(history: SparkHistory | undefined, at: number, price: number): SparkHistory {
  const h = history ?? { buckets: [], values: [] };
  const bucket = Math.floor(at / SPARK_BUCKET_MS);
  const last = h.buckets.length - 1;
  if (last >= 0 && h.buckets[last] === bucket) h.values[last] = price;
  else if (last < 0 || bucket > h.buckets[last]!) {
    h.buckets.push(bucket);
    h.values.push(price);
    if (h.buckets.length > SPARK_POINTS) {
      h.buckets.shift();
      h.values.shift();
    }
  }
  return h;
}

export const useMarketStore = defineStore('market', () => {
  const tickers = shallowRef<ReadonlyMap<MarketId, Ticker>>(new Map());
  const statuses = shallowRef<ReadonlyMap<ExchangeId, ExchangeStatus>>(new Map());
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const history = new Map<MarketId, SparkHistory>();
  const liveUntil = new Map<ExchangeId, number>();
  /** The second of the latest frame: sparklines follow it, not every price. */
  const sparkSecond = ref(0);
  /** Tickers received while the window was hidden, applied when it is shown. */
  let held: Map<MarketId, Ticker> | null = null;

  function record(t: Ticker, at: number): void {
    if (t.last === null) return;
    const price = Number(t.last);
    if (Number.isFinite(price)) history.set(t.market, recordPrice(history.get(t.market), at, price));
  }

  // On an ordered channel a snapshot supersedes every frame that arrived before its reply.
  function applySnapshot(snapshot: MarketSnapshot): void {
    held = null;
    tickers.value = new Map(snapshot.tickers.map((t) => [t.market, t]));
    for (const s of snapshot.statuses) applyStatus(s);
    const now = Date.now();
    for (const t of snapshot.tickers) record(t, t.updatedAt ?? now);
    sparkSecond.value = Math.floor(now / SPARK_BUCKET_MS);
  }

  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

  function applyFrame(frame: MarketFrame): void {
    if (frame.tickers.length === 0) return;
    for (const t of frame.tickers) record(t, frame.at);
    if (hidden()) {
      held ??= new Map();
      for (const t of frame.tickers) held.set(t.market, t);
      return;
    }
    const next = new Map(tickers.value);
    if (held) for (const [id, t] of held) next.set(id, t);
    held = null;
    for (const t of frame.tickers) next.set(t.market, t);
    tickers.value = next;
    const second = Math.floor(frame.at / SPARK_BUCKET_MS);
    if (second !== sparkSecond.value) sparkSecond.value = second;
  }

  /** The window is shown again: what arrived while it was hidden lands at once, not on the next frame. */
  function catchUp(): void {
    if (hidden() || !held) return;
    const next = new Map(tickers.value);
    for (const [id, t] of held) next.set(id, t);
    held = null;
    tickers.value = next;
    sparkSecond.value = Math.floor(Date.now() / SPARK_BUCKET_MS);
  }

  function applyStatus(status: ExchangeStatus): void {
    const previous = statuses.value.get(status.exchange);
    // When each exchange stopped being live: the "as of" of every number it feeds.
    if (status.state === 'live') liveUntil.delete(status.exchange);
    else if (previous?.state === 'live') liveUntil.set(status.exchange, status.since);
    else if (!liveUntil.has(status.exchange) && status.aliveAt) liveUntil.set(status.exchange, status.aliveAt);
    const next = new Map(statuses.value);
    next.set(status.exchange, status);
    statuses.value = next;
  }

  /** When the exchange was last live, if it is not live now and ever was (ms); null otherwise. */
  function lastLive(exchange: ExchangeId): number | null {
    return liveUntil.get(exchange) ?? null;
  }

  /** The market's recent prices, oldest first (not reactive: read it when the ticker changes). */
  function sparkline(market: MarketId): readonly number[] {
    return history.get(market)?.values ?? [];
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
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', catchUp);
    return () => {
      offFrame();
      offStatus();
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', catchUp);
    };
  }

  return { tickers, statuses, loaded, error, sparkSecond, load, subscribe, applyFrame, applyStatus, applySnapshot, catchUp, sparkline, lastLive };
});
