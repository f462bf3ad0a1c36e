// The tray icon: Vigil keeps watching while its window is hidden, and this is the way back to it.
import { Menu, Tray, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { revealWindow } from './window';

export interface TrayOptions {
  /** Path of tray.png; Electron picks up tray@2x.png beside it on high-density screens. */
  icon: string;
  window: BrowserWindow;
  onReconnectAll(): void;
  onQuit(): void;
}

export function createTray(options: TrayOptions): Tray {
  const { window } = options;
  const tray = new Tray(nativeImage.createFromPath(options.icon));
  tray.setToolTip('Vigil');

  const toggleWindow = () => (window.isVisible() ? window.hide() : revealWindow(window));
  // Menus are immutable once built, so the Show/Hide label is refreshed by rebuilding it.
  const refreshMenu = () => {
    if (window.isDestroyed()) return;
    const template: MenuItemConstructorOptions[] = [
      { label: window.isVisible() ? 'Hide Vigil' : 'Show Vigil', click: toggleWindow },
      { label: 'Reconnect all', click: () => options.onReconnectAll() },
      { type: 'separator' },
      { label: 'Quit Vigil', click: () => options.onQuit() },
    ];
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };

  refreshMenu();
  window.on('show', refreshMenu);
  window.on('hide', refreshMenu);
  // On macOS a click already opens the menu; elsewhere a click on the icon toggles the window
  // (Linux app indicators report no clicks and show the menu instead).
  if (process.platform !== 'darwin') tray.on('click', toggleWindow);
  return tray;
}
