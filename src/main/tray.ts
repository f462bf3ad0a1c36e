// The tray icon: Vigil keeps watching while its window is hidden, and this is the way back to it.
// The tooltip carries the portfolio total; the menu shows or hides the window, pauses alerts,
// reconnects every exchange, switches demo mode (a restart) and quits.
import Big from 'big.js';
import { Menu, Tray, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { renderCoded, type CoreCode } from '../shared/codes';
import type { Language } from '../shared/settings';
import type { PortfolioView } from '../shared/portfolio';
import { revealWindow } from './window';

export interface TrayOptions {
  /** Path of tray.png; Electron picks up tray@2x.png beside it on high-density screens. */
  icon: string;
  window: BrowserWindow;
  onReconnectAll(): void;
  onQuit(): void;
  /** The Pause alerts checkbox was toggled to `paused`. */
  onPauseAlerts?(paused: boolean): void;
  /** The Demo mode checkbox was toggled to `demo` (the app saves it and restarts). */
  onDemoMode?(demo: boolean): void;
  /** Whether this run is in demo mode. */
  demo?: boolean;
  /** The user's language, read whenever the menu is built (the core's settings). */
  language?(): Language;
  /** Privacy mode (the core's settings): the tooltip shows no amount. Read on every update and refresh. */
  privacy?(): boolean;
}

export interface VigilTray {
  readonly tray: Tray;
  /** Shows the portfolio total in the tooltip (null: just "Vigil"). */
  setPortfolio(view: PortfolioView | null): void;
  setPaused(paused: boolean): void;
  setDemo(demo: boolean): void;
  /** The language or privacy setting changed: rebuild the menu and the tooltip. */
  refresh(): void;
  destroy(): void;
}

/** Quotes shown with cents; anything else (BTC, ETH…) keeps up to 8 decimals. */
const CENT_QUOTES = new Set(['USDT', 'USDC', 'USD', 'EUR', 'GBP', 'BUSD', 'FDUSD', 'TUSD', 'DAI', 'RUB', 'CNY', 'THB']);

/** "12345.678" USDT → "12,345.68"; "0.00123" BTC → "0.00123". Decimal arithmetic only. */
export function formatTotal(total: string, quote: string): string {
  let value: Big;
  try {
    value = new Big(total);
  } catch {
    return total;
  }
  let fixed: string;
  if (CENT_QUOTES.has(quote)) fixed = value.toFixed(2);
  else {
    // Up to 8 decimals, at least 2: 0.6 → "0.60", 0.00123 → "0.00123".
    fixed = value.round(8).toFixed();
    const decimals = fixed.includes('.') ? fixed.length - fixed.indexOf('.') - 1 : -1;
    if (decimals < 0) fixed += '.00';
    else if (decimals < 2) fixed += '0';
  }
  if (/^-0\.0+$/.test(fixed)) fixed = fixed.slice(1);
  const negative = fixed.startsWith('-');
  const [int, frac] = (negative ? fixed.slice(1) : fixed).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export function tooltipFor(view: PortfolioView | null, privacy = false): string {
  if (!view || view.holdings.length === 0 || privacy) return 'Vigil';
  return `Vigil — ${formatTotal(view.total, view.quote)} ${view.quote}`;
}

export function createTray(options: TrayOptions): VigilTray {
  const { window } = options;
  const tray = new Tray(nativeImage.createFromPath(options.icon));
  let paused = false;
  let demo = options.demo ?? false;
  let tooltip = 'Vigil';
  let portfolio: PortfolioView | null = null;
  tray.setToolTip(tooltip);
  const showTooltip = () => {
    const next = tooltipFor(portfolio, options.privacy?.() ?? false);
    if (next === tooltip) return;
    tooltip = next;
    tray.setToolTip(next);
  };

  const toggleWindow = () => (window.isVisible() ? window.hide() : revealWindow(window));
  const say = (code: CoreCode) => renderCoded(options.language?.() ?? 'en', { code });
  // Menus are immutable once built, so labels and checkboxes are refreshed by rebuilding it.
  const refreshMenu = () => {
    if (window.isDestroyed() || tray.isDestroyed?.()) return;
    const template: MenuItemConstructorOptions[] = [
      { label: say(window.isVisible() ? 'shell.hide' : 'shell.show'), click: toggleWindow },
      { type: 'separator' },
      {
        label: say('shell.pauseAlerts'),
        type: 'checkbox',
        checked: paused,
        enabled: Boolean(options.onPauseAlerts),
        click: (item) => options.onPauseAlerts?.(item.checked),
      },
      { label: say('shell.reconnectAll'), click: () => options.onReconnectAll() },
      {
        label: say('shell.demoMode'),
        type: 'checkbox',
        checked: demo,
        enabled: Boolean(options.onDemoMode),
        click: (item) => options.onDemoMode?.(item.checked),
      },
      { type: 'separator' },
      { label: say('shell.quit'), click: () => options.onQuit() },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };

  refreshMenu();
  window.on('show', refreshMenu);
  window.on('hide', refreshMenu);
  // On macOS a click already opens the menu; elsewhere a click on the icon toggles the window
  // (Linux app indicators report no clicks and show the menu instead).
  if (process.platform !== 'darwin') tray.on('click', toggleWindow);

  return {
    tray,
    setPortfolio(view) {
      portfolio = view;
      showTooltip();
    },
    setPaused(value) {
      paused = value;
      refreshMenu();
    },
    setDemo(value) {
      demo = value;
      refreshMenu();
    },
    refresh() {
      refreshMenu();
      showTooltip();
    },
    destroy() {
      window.removeListener('show', refreshMenu);
      window.removeListener('hide', refreshMenu);
      tray.destroy();
    },
  };
}
