// The market open in the market view: its candles, order book and trade tape, from market.focus
// and the focus frames that follow. Candles live in a plain array (thousands of them, never
// proxied): `revision` says the series changed, `epoch` that it was replaced (a new market, a
// new interval, a fresh snapshot), and the chart works out the rest by comparing with what it drew.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { FocusFrame, FocusSnapshot } from '../../../../shared/contract';
import type { Candle, CandleInterval, MarketId, OrderBookView, Trade } from '../../../../shared/model';
import { isCandleInterval } from '../../../../shared/model';
import { api } from '../../api/client';
import { onLinkOpen } from '../../api/link';
import { errorMessage } from '../../format';
import { MAX_CANDLES, prependCandles, upsertCandles } from './candles';

export const TAPE_LENGTH = 80;
export const HISTORY_PAGE = 300;
const INTERVAL_KEY = 'vigil.interval';

function savedInterval(): CandleInterval {
  try {
    const v = localStorage.getItem(INTERVAL_KEY);
    return isCandleInterval(v) ? v : '15m';
  } catch {
    return '15m';
  }
}

export const useFocusStore = defineStore('focus', () => {
  const market = ref<MarketId | null>(null);
  const interval = ref<CandleInterval>(savedInterval());
  const state = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const book = shallowRef<OrderBookView | null>(null);
  const trades = shallowRef<readonly Trade[]>([]);
  /** Bumped on every change of the candle series. */
  const revision = ref(0);
  /** Bumped when the series is replaced rather than extended. */
  const epoch = ref(0);
  let candles: Candle[] = [];
  const history = ref<'idle' | 'loading' | 'done' | 'error'>('idle');
  const historyError = ref<string | null>(null);
  let generation = 0;
  let listening = false;

  function bump(replaced = false): void {
    if (replaced) epoch.value++;
    revision.value++;
  }

  function applySnapshot(s: FocusSnapshot): void {
    candles = s.candles.slice(-MAX_CANDLES);
    book.value = s.book;
    trades.value = s.trades.slice(0, TAPE_LENGTH);
    history.value = 'idle';
    historyError.value = null;
    bump(true);
  }

  function applyFrame(f: FocusFrame): void {
    if (f.market !== market.value || f.interval !== interval.value || state.value !== 'ready') return;
    if (f.book) book.value = f.book;
    if (f.trades.length) trades.value = [...f.trades, ...trades.value].slice(0, TAPE_LENGTH);
    if (f.candles.length) {
      if (upsertCandles(candles, f.candles)) bump();
    }
  }

  function listen(): void {
    if (listening) return;
    listening = true;
    api().on('market.focus', applyFrame);
    // The core forgets nothing on a reconnect of the link, but this window missed the frames.
    onLinkOpen(() => {
      if (market.value && state.value !== 'idle') void load();
    });
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    const m = market.value;
    if (!m) return;
    state.value = 'loading';
    error.value = null;
    try {
      const snapshot = await api().invoke('market.focus', { market: m, interval: interval.value });
      if (mine !== generation) return;
      if (!snapshot) throw new Error('market.focus returned nothing');
      applySnapshot(snapshot);
      state.value = 'ready';
    } catch (e) {
      if (mine !== generation) return;
      candles = [];
      book.value = null;
      trades.value = [];
      bump(true);
      error.value = errorMessage(e);
      state.value = 'error';
    }
  }

  /** Opens a market (or changes the interval): the snapshot replaces everything shown. */
  async function open(next: MarketId, nextInterval: CandleInterval = interval.value): Promise<void> {
    listen();
    if (next === market.value && nextInterval === interval.value && state.value !== 'idle' && state.value !== 'error') return;
    if (next !== market.value) {
      candles = [];
      book.value = null;
      trades.value = [];
      bump(true);
    }
    market.value = next;
    interval.value = nextInterval;
    try {
      localStorage.setItem(INTERVAL_KEY, nextInterval);
    } catch {
      // The interval holds for this page.
    }
    await load();
  }

  /** The market view closed: the core stops following depth, trades and candles. */
  function close(): void {
    generation++;
    state.value = 'idle';
    api()
      .invoke('market.focus', null)
      .catch(() => {});
  }

  /** Loads the candles before the oldest one shown (the user scrolled to the left edge). */
  async function loadOlder(): Promise<void> {
    const m = market.value;
    const first = candles[0];
    if (!m || !first || state.value !== 'ready' || history.value === 'loading' || history.value === 'done') return;
    if (candles.length >= MAX_CANDLES) {
      history.value = 'done';
      return;
    }
    const mine = generation;
    const iv = interval.value;
    history.value = 'loading';
    try {
      const older = await api().invoke('market.candles', { market: m, interval: iv, before: first.time, limit: HISTORY_PAGE });
      if (mine !== generation || m !== market.value || iv !== interval.value) return;
      const added = prependCandles(candles, older);
      history.value = added === 0 ? 'done' : 'idle';
      historyError.value = null;
      if (added > 0) bump();
    } catch (e) {
      if (mine !== generation) return;
      history.value = 'error';
      historyError.value = errorMessage(e);
    }
  }

  return {
    market,
    interval,
    state,
    error,
    book,
    trades,
    revision,
    epoch,
    history,
    historyError,
    open,
    close,
    load,
    loadOlder,
    /** The series, oldest first (not reactive: read it when `revision` changes). */
    candles: () => candles,
  };
});
