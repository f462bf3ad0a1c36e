// The main window: a sandboxed, context-isolated page that sees only the preload's bridge.
// Closing it hides it to the tray; only quitting the app really closes it.
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { lockDownWebContents, type RendererEntry } from './security';

export interface MainWindowOptions {
  entry: RendererEntry;
  /** The window icon (Linux and Windows taskbars). */
  icon: string;
  /** True once the app is quitting: then close really closes. */
  isQuitting(): boolean;
  /** Start in the tray: the window is built and loaded, but not shown (settings.startMinimized). */
  startHidden?: boolean;
  /** DevTools: only in development; a packaged build has none (they would expose the page's state). */
  devTools?: boolean;
}

// Every main module is bundled into out/main/index.js, so the preload sits at out/preload/index.cjs.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Vigil',
    icon: options.icon,
    show: false,
    backgroundColor: '#0b0e13', // the UI's --bg, so no flash of another colour before the first paint
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools ?? false,
    },
  });

  lockDownWebContents(window.webContents, options.entry);
  if (!options.startHidden) window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });

  const loading = window.loadURL(options.entry.url); // app://vigil/index.html, or the dev server
  loading.catch((error: unknown) => console.error(`[vigil] the window could not load the UI: ${String(error)}`));
  return window;
}

/** Brings the window to the front, whether it was hidden to the tray or minimised. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
