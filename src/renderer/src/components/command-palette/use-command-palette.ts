// The command palette's state and what it lists: markets of all three venues (each venue's
// markets.list, loaded once), every screen, and actions (reconnect a venue, switch the language,
// add the market on screen to the current watchlist, privacy mode when the settings have it).
// One palette per window: the open state lives in this module so a hotkey or a button can open it.
import { computed, ref, watch } from 'vue';
import type { MarketId } from '../../../../shared/model';
import { EXCHANGES, parseMarketId } from '../../../../shared/model';
import { LANGUAGES, type Language, type Settings } from '../../../../shared/settings';
import { api } from '../../api/client';
import { errorMessage, exchangeName, formatFixed } from '../../format';
import { useI18n } from '../../i18n';
import { listName } from '../../i18n/coded';
import { useCatalogStore } from '../../stores/use-catalog-store';
import { useMarketStore } from '../../stores/use-market-store';
import { SCREENS, useNavStore } from '../../stores/use-nav-store';
import { useSettingsStore } from '../../stores/use-settings-store';
import { useToastStore } from '../../stores/use-toast-store';
import { useWatchlistStore } from '../../stores/use-watchlist-store';
import { matchCommands, searchAllVenues, type PaletteCommand } from './palette-search';

export type PaletteKind = 'market' | 'screen' | 'action';

export interface PaletteEntry extends PaletteCommand {
  kind: PaletteKind;
  /** A second line: the venue and last price of a market, the shortcut of a screen. */
  detail: string;
  run: () => void | Promise<void>;
}

const isOpen = ref(false);
const query = ref('');
const active = ref(0);

/** Opens the palette from anywhere (the Ctrl/Cmd+K hotkey, a button). */
export function openCommandPalette(): void {
  query.value = '';
  active.value = 0;
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
  const catalog = useCatalogStore();
  const tickers = useMarketStore();
  const settings = useSettingsStore();
  const watchlists = useWatchlistStore();
  const toasts = useToastStore();

  // The market lists load when the palette first opens (and again after a failure), not at start;
  // the watchlists are always loaded (useAppStore().start()).
  watch(isOpen, (open) => {
    if (!open) return;
    for (const e of EXCHANGES) catalog.ensure(e);
  });

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
    // Privacy mode appears once the settings carry a `privacy` switch (issue 14's portfolio work).
    const current = settings.settings as (Settings & { privacy?: unknown }) | null;
    if (typeof current?.privacy === 'boolean') {
      const on = current.privacy;
      list.push({
        kind: 'action',
        id: 'privacy',
        label: t(on ? 'app.palette.privacyOff' : 'app.palette.privacyOn'),
        detail: '',
        keywords: ['privacy', 'hide', 'amounts'],
        run: () => void settings.update({ privacy: !on } as Partial<Settings>),
      });
    }
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
    searchAllVenues(
      EXCHANGES.map((e) => catalog.catalogs.get(e)?.markets ?? []),
      query.value,
    ).map((m) => {
      const last = tickers.tickers.get(m.market)?.last ?? null;
      const venue = venueOf(m.market);
      return {
        kind: 'market',
        id: m.market,
        label: `${m.base}/${m.quote}`,
        detail: last === null ? venue : `${venue} · ${formatFixed(last, m.pricePrecision)}`,
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
    const states = EXCHANGES.map((e) => [e, catalog.catalogs.get(e)] as const);
    const missing = states.filter(([, c]) => c?.state === 'error').map(([e]) => t('app.palette.unavailable', { exchange: exchangeName(e) }));
    if (missing.length) return missing.join(' · ');
    if (query.value.trim() && states.some(([, c]) => !c || c.state === 'loading')) return t('app.palette.loading');
    if (!query.value.trim()) return t('app.palette.typeForMarkets');
    if (entries.value.length === 0) return t('app.palette.empty', { query: query.value.trim() });
    return null;
  });

  watch(query, () => (active.value = 0));
  watch(entries, (list) => {
    if (active.value >= list.length) active.value = Math.max(0, list.length - 1);
  });

  function move(step: number): void {
    const n = entries.value.length;
    if (n > 0) active.value = (active.value + step + n) % n;
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
