// The command palette's state and what it lists: markets of all three venues (the core's
// markets.search, the one owner of "search every venue", as the Add market panel uses it), every
// screen, and actions: privacy mode, the portfolio's quote and P&L method, the open market on every
// venue, an indicator on the open chart, a new account, the watchlist sorted by 24 h change, a
// venue reconnected, the language, the open market added to the watchlist.
// One palette per window: the open state lives in this module so a hotkey or a button can open it.
import { computed, ref, watch } from 'vue';
import { INDICATOR_KINDS, MAX_INDICATORS } from '../../../../shared/chart-settings';
import type { MarketId } from '../../../../shared/model';
import { EXCHANGES, parseMarketId } from '../../../../shared/model';
import { LANGUAGES, type Language } from '../../../../shared/settings';
import { PNL_METHODS, PORTFOLIO_QUOTES } from '../../../../shared/portfolio';
import { api } from '../../api/client';
import { useMarketSearch } from '../../composables/use-market-search';
import { PRIVACY_HOTKEY, usePrivacy } from '../../composables/use-privacy';
import { errorMessage, exchangeName, formatClock, formatFixed } from '../../format';
import { useI18n } from '../../i18n';
import { listName } from '../../i18n/coded';
import { useChartSettingsStore } from '../../screens/market/use-chart-settings-store';
import { useMarketStore } from '../../stores/use-market-store';
import { SCREENS, useNavStore } from '../../stores/use-nav-store';
import { useSettingsStore } from '../../stores/use-settings-store';
import { useToastStore } from '../../stores/use-toast-store';
import { useWatchlistStore } from '../../stores/use-watchlist-store';
import { MAX_MARKET_RESULTS, matchCommands, normalizeQuery, type PaletteCommand } from './palette-search';

export type PaletteKind = 'market' | 'screen' | 'action';

export interface PaletteEntry extends PaletteCommand {
  kind: PaletteKind;
  /** A second line: the venue and last price of a market, the shortcut of a screen. */
  detail: string;
  run: () => void | Promise<void>;
  /** After running: the element (a CSS selector) to scroll into view and focus, once it is on screen. */
  reveal?: string;
}

const isOpen = ref(false);
const query = ref('');
const active = ref(0);
/** The trader moved the active entry since the text last changed (see the entries watcher). */
let moved = false;

/** Opens the palette from anywhere (the Ctrl/Cmd+K hotkey, a button). */
export function openCommandPalette(): void {
  query.value = '';
  active.value = 0;
  moved = false;
  isOpen.value = true;
}

export function closeCommandPalette(): void {
  isOpen.value = false;
}

/** Ctrl+K, or Cmd+K on a Mac: the palette's hotkey. */
export function isPaletteHotkey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}

const languageKey = (l: Language) => l.replace('-', '') as 'en' | 'zhCN' | 'zhTW' | 'th';

export function useCommandPalette() {
  const { t } = useI18n();
  const nav = useNavStore();
  const tickers = useMarketStore();
  const settings = useSettingsStore();
  const watchlists = useWatchlistStore();
  const toasts = useToastStore();
  const charts = useChartSettingsStore();
  const privacy = usePrivacy();

  // Markets: one debounced markets.search as the trader types; a reply to older text is dropped.
  const { found, searching, searchError, search } = useMarketSearch(MAX_MARKET_RESULTS);
  watch(
    () => normalizeQuery(query.value),
    (text) => search(text),
    { immediate: true },
  );

  function failed(e: unknown): void {
    toasts.push({ tone: 'bad', title: t('app.common.failed', { error: errorMessage(e) }) });
  }

  // Every screen but the one open.
  const screens = computed<PaletteEntry[]>(() =>
    SCREENS.map(
      (s, i): PaletteEntry => ({
        kind: 'screen',
        id: `screen:${s}`,
        label: t('app.palette.goTo', { screen: t(`app.nav.${s}`) }),
        detail: t('app.nav.shortcut', { n: i + 1 }),
        keywords: [s, t(`app.nav.${s}`)],
        run: () => nav.go(s),
      }),
    ).filter((e) => e.id !== `screen:${nav.screen}`),
  );

  const actions = computed<PaletteEntry[]>(() => {
    const list: PaletteEntry[] = [];
    // The market on screen, added to the watchlist shown on the watchlist screen.
    const market = nav.screen === 'market' ? nav.market : null;
    const target = watchlists.active;
    if (market && target && !target.markets.includes(market)) {
      const words = { market: marketLabel(market), list: listName(target) };
      list.push({
        kind: 'action',
        id: 'watch',
        label: t('app.palette.watch', words),
        detail: venueOf(market),
        keywords: ['watchlist', 'add', market],
        run: async () => {
          if (await watchlists.addMarket(target.id, market)) toasts.push({ tone: 'good', title: t('app.palette.watched', words) });
          else failed(watchlists.editError);
        },
      });
    }
    // Privacy mode, through the same toggle as the header button and Ctrl/Cmd+Shift+H.
    const hidden = privacy.hidden.value;
    list.push({
      kind: 'action',
      id: 'privacy',
      label: t(hidden ? 'app.palette.privacyOff' : 'app.palette.privacyOn'),
      detail: PRIVACY_HOTKEY,
      keywords: ['privacy', 'hide', 'show', 'amounts'],
      run: () => privacy.toggle(),
    });
    const current = settings.settings;
    // The market view's market (the one open, or last opened): every venue, and the chart's indicators.
    const open = nav.market;
    if (open) {
      const pair = marketLabel(open);
      list.push({
        kind: 'action',
        id: 'venues',
        label: t('app.palette.venues', { market: pair }),
        detail: venueOf(open),
        keywords: ['compare', 'venues', 'exchanges', 'arbitrage', open],
        run: () => nav.openMarket(open),
        reveal: '[data-testid="venue-panel"]',
      });
      if (charts.indicatorsOf(open).length < MAX_INDICATORS) {
        for (const kind of INDICATOR_KINDS) {
          list.push({
            kind: 'action',
            id: `indicator:${kind}`,
            label: t('app.palette.indicator', { indicator: t(`market.chart.long.${kind}`), market: pair }),
            detail: venueOf(open),
            keywords: ['indicator', 'chart', kind, t(`market.chart.short.${kind}`)],
            run: async () => {
              nav.openMarket(open);
              await charts.add(open, kind);
            },
          });
        }
      }
    }
    if (current) {
      for (const quote of PORTFOLIO_QUOTES) {
        if (quote === current.quoteCurrency) continue;
        list.push({
          kind: 'action',
          id: `quote:${quote}`,
          label: t('app.palette.quote', { quote }),
          detail: '',
          keywords: ['portfolio', 'quote', 'currency', quote],
          run: () => void settings.update({ quoteCurrency: quote }),
        });
      }
      for (const method of PNL_METHODS) {
        if (method === current.pnlMethod) continue;
        list.push({
          kind: 'action',
          id: `pnl:${method}`,
          label: t(`app.palette.pnl.${method}`),
          detail: '',
          keywords: ['pnl', 'p&l', 'profit', method],
          run: () => void settings.update({ pnlMethod: method }),
        });
      }
    }
    // The watchlist shown on the watchlist screen, sorted by 24 h change (biggest rise first).
    const shown = watchlists.active;
    if (shown && current) {
      const words = { list: listName(shown) };
      list.push({
        kind: 'action',
        id: 'sort:change',
        label: t('app.palette.sortChange', words),
        detail: '',
        keywords: ['sort', 'change', '24h', 'watchlist'],
        run: () => {
          void settings.update({ watchlistSort: { ...current.watchlistSort, [shown.id]: { column: 'change', direction: 'desc' } } });
          nav.go('watchlist');
        },
      });
    }
    list.push({
      kind: 'action',
      id: 'account:add',
      label: t('app.palette.addAccount'),
      detail: t('app.nav.settings'),
      keywords: ['account', 'add', 'api', 'key', 'settings'],
      run: () => nav.go('settings'),
      reveal: '[data-testid="account-exchange"]',
    });
    for (const l of LANGUAGES) {
      if (l === settings.language) continue;
      const name = t(`app.languages.${languageKey(l)}`);
      list.push({
        kind: 'action',
        id: `language:${l}`,
        label: t('app.palette.language', { language: name }),
        detail: '',
        keywords: ['language', l, name],
        run: () => void settings.update({ language: l }),
      });
    }
    for (const e of EXCHANGES) {
      const name = exchangeName(e);
      list.push({
        kind: 'action',
        id: `reconnect:${e}`,
        label: t('app.palette.reconnect', { exchange: name }),
        detail: '',
        keywords: ['reconnect', e, name],
        run: async () => {
          toasts.push({ tone: 'info', title: t('app.palette.reconnecting', { exchange: name }) }, 3_000);
          try {
            tickers.applyStatus(await api().invoke('exchange.reconnect', { exchange: e }));
          } catch (err) {
            failed(err);
          }
        },
      });
    }
    return list;
  });

  function venueOf(id: MarketId): string {
    const ref = parseMarketId(id);
    return ref ? exchangeName(ref.exchange) : '';
  }

  function marketLabel(id: MarketId): string {
    const ref = parseMarketId(id);
    return ref ? `${ref.base}/${ref.quote}` : id;
  }

  const markets = computed<PaletteEntry[]>(() =>
    (found.value?.results ?? []).map((m) => {
      const venue = exchangeName(m.exchange);
      return {
        kind: 'market',
        id: m.market,
        label: `${m.base}/${m.quote}`,
        // A stale price says so, with its time: never shown as if live.
        detail:
          m.last === null
            ? `${venue} · ${t('app.palette.noPrice')}`
            : m.stale
              ? `${venue} · ${formatFixed(m.last, null)} · ${t('app.fresh.asOf', { time: m.asOf === null ? '—' : formatClock(m.asOf), why: t('app.fresh.notLive') })}`
              : `${venue} · ${formatFixed(m.last, null)}`,
        keywords: [],
        run: () => nav.openMarket(m.market),
      };
    }),
  );

  /** With text: commands named by it, then markets, then other matching commands. Without: screens and actions. */
  const entries = computed<PaletteEntry[]>(() => {
    const { leading, other } = matchCommands([...screens.value, ...actions.value], query.value);
    return [...leading, ...markets.value, ...other];
  });

  /** What the lists are doing, when that explains an empty or short result. */
  const status = computed<string | null>(() => {
    if (!query.value.trim()) return t('app.palette.typeForMarkets');
    if (searchError.value) return t('app.palette.searchFailed', { error: searchError.value });
    if (searching.value && !found.value) return t('app.palette.loading');
    const missing = (found.value?.unavailable ?? []).map((e) => t('app.palette.unavailable', { exchange: exchangeName(e) }));
    if (missing.length) return missing.join(' · ');
    if (!searching.value && entries.value.length === 0) return t('app.palette.empty', { query: query.value.trim() });
    return null;
  });

  // Typing starts again at the top; once the trader has moved to an entry, markets arriving later
  // do not move the choice from under the keys.
  watch(query, () => {
    active.value = 0;
    moved = false;
  });
  watch(entries, (list, before) => {
    const chosen = moved ? before?.[active.value]?.id : undefined;
    const kept = chosen === undefined ? -1 : list.findIndex((e) => e.id === chosen);
    if (kept >= 0) active.value = kept;
    else if (active.value >= list.length) active.value = Math.max(0, list.length - 1);
  });

  function move(step: number): void {
    const n = entries.value.length;
    if (n > 0) active.value = (active.value + step + n) % n;
    moved = true;
  }

  /** Runs the entry and closes the palette; the caller moves the focus. */
  async function choose(index = active.value): Promise<PaletteEntry | null> {
    const entry = entries.value[index];
    if (!entry) return null;
    isOpen.value = false;
    try {
      await entry.run();
    } catch (e) {
      failed(e);
    }
    return entry;
  }

  return { isOpen, query, active, entries, status, move, choose, open: openCommandPalette, close: closeCommandPalette };
}
