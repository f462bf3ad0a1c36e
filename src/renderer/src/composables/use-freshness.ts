// Whether the numbers on a screen are live, and if not, since when and why ("As of 09:03:26 ·
// CoinKing reconnecting"). Built only from the exchanges' statuses (the core's one verdict on each
// link) and the link to the core itself, so every screen judges freshness the same way.
import { computed, ref, watch, type ComputedRef } from 'vue';
import type { ExchangeId, MarketId } from '../../../shared/model';
import { parseMarketId } from '../../../shared/model';
import { exchangeName, formatClock } from '../format';
import { i18n } from '../i18n';
import { useAppStore } from '../stores/use-app-store';
import { useMarketStore } from '../stores/use-market-store';

export interface Freshness {
  live: boolean;
  /** When the data was last live (ms), when known. */
  asOf: number | null;
  /** The sentence to show while not live; null while live. */
  text: string | null;
  /** The exchanges that are not live. */
  down: ExchangeId[];
}

export interface FreshnessOptions {
  /** Account data (balances, orders): a rejected API key makes it not live even while prices flow. */
  account?: boolean;
}

// The global translator (reactive to the language), so these work outside a component too.
const translate = (key: string, params?: Record<string, unknown>) => (i18n.global.t as (k: string, p?: Record<string, unknown>) => string)(key, params ?? {});

const coreDownSince = ref<number | null>(null);
let watchingCore = false;

export function useFreshness(exchanges: () => readonly ExchangeId[], options: FreshnessOptions = {}): ComputedRef<Freshness> {
  const market = useMarketStore();
  const app = useAppStore();
  const t = translate;
  if (!watchingCore) {
    watchingCore = true;
    watch(
      () => app.link.state,
      (state) => {
        if (state === 'open') coreDownSince.value = null;
        else coreDownSince.value ??= Date.now();
      },
      { immediate: true },
    );
  }
  return computed<Freshness>(() => {
    if (app.link.state !== 'open') {
      const why = t('app.fresh.coreDown');
      const asOf = coreDownSince.value;
      return { live: false, asOf, down: [], text: asOf ? t('app.fresh.asOf', { time: formatClock(asOf), why }) : t('app.fresh.never', { why }) };
    }
    const down: ExchangeId[] = [];
    const reasons: string[] = [];
    let asOf: number | null = null;
    for (const exchange of new Set(exchanges())) {
      const status = market.statuses.get(exchange);
      if (!status) continue;
      const rejected = options.account === true && status.problem;
      if (status.state === 'live' && !rejected) continue;
      if (status.state === 'not_configured' || status.state === 'idle') continue;
      down.push(exchange);
      const state = rejected && status.state === 'live' ? t('app.status.keyRejected') : t(`app.connection.${status.state}`);
      reasons.push(t('app.fresh.exchange', { exchange: exchangeName(exchange), state }));
      // A rejected key on a live link: the account data never arrived on this key.
      const since = status.state === 'live' ? null : market.lastLive(exchange);
      if (since !== null) asOf = asOf === null ? since : Math.min(asOf, since);
    }
    if (down.length === 0) return { live: true, asOf: null, text: null, down };
    const why = reasons.join(', ');
    const text = asOf !== null ? t('app.fresh.asOf', { time: formatClock(asOf), why }) : t('app.fresh.never', { why });
    return { live: false, asOf, text, down };
  });
}

/**
 * The freshness of one market's data (header, book, depth, tape, candles): its exchange's link, and
 * the market's own ticker as judged by the core (a quiet market on a live link stays live there).
 */
export function useMarketFreshness(market: () => MarketId | null): ComputedRef<Freshness> {
  const store = useMarketStore();
  const t = translate;
  const link = useFreshness(() => {
    const ref = market() ? parseMarketId(market()) : null;
    return ref ? [ref.exchange] : [];
  });
  return computed<Freshness>(() => {
    if (!link.value.live) return link.value;
    const id = market();
    const ticker = id ? store.tickers.get(id) : undefined;
    if (!ticker?.stale || ticker.updatedAt === null) return link.value;
    const why = t('app.connection.stale');
    return { live: false, asOf: ticker.updatedAt, down: [], text: t('app.fresh.asOf', { time: formatClock(ticker.updatedAt), why }) };
  });
}
