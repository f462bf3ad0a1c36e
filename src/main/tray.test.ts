import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';

// Electron's tray and menu, reduced to what the test needs to see: the icon, the tooltip, the items.
const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeTray extends EventEmitter {
    static last: FakeTray | undefined;
    tooltip = '';
    menu: MenuItemConstructorOptions[] = [];
    constructor(readonly image: { path: string }) {
      super();
      FakeTray.last = this;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
      this.menu = menu.template;
    }
  }
  return {
    FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
  };
});
vi.mock('electron', () => ({ Tray: electron.FakeTray, Menu: electron.Menu, nativeImage: electron.nativeImage }));
const { createTray } = await import('./tray');

class FakeWindow extends EventEmitter {
  visible = true;
  isVisible = () => this.visible;
  isDestroyed = () => false;
  isMinimized = () => false;
  restore = vi.fn();
  focus = vi.fn();
  show = vi.fn(() => {
    this.visible = true;
    this.emit('show');
  });
  hide = vi.fn(() => {
    this.visible = false;
    this.emit('hide');
  });
}

function setup() {
  const window = new FakeWindow();
  const onReconnectAll = vi.fn();
  const onQuit = vi.fn();
  createTray({ icon: '/opt/Vigil/resources/tray.png', window: window as unknown as BrowserWindow, onReconnectAll, onQuit });
  const tray = electron.FakeTray.last!;
  const item = (label: RegExp) => {
    const found = tray.menu.find((i) => i.label !== undefined && label.test(i.label));
    if (!found?.click) throw new Error(`no menu item ${label}`);
    return { label: found.label, click: () => (found.click as () => void)() };
  };
  return { window, tray, item, onReconnectAll, onQuit };
}

describe('createTray', () => {
  beforeEach(() => {
    electron.FakeTray.last = undefined;
  });

  it('shows the app icon with the tooltip Vigil', () => {
    const { tray } = setup();
    expect(tray.image).toEqual({ path: '/opt/Vigil/resources/tray.png' });
    expect(tray.tooltip).toBe('Vigil');
    expect(tray.menu.map((i) => i.label ?? i.type)).toEqual(['Hide Vigil', 'Reconnect all', 'separator', 'Quit Vigil']);
  });

  it('Reconnect all and Quit call their callbacks, once each', () => {
    const { item, onReconnectAll, onQuit } = setup();
    item(/Reconnect all/).click();
    expect(onReconnectAll).toHaveBeenCalledOnce();
    expect(onQuit).not.toHaveBeenCalled();
    item(/Quit/).click();
    expect(onQuit).toHaveBeenCalledOnce();
    expect(onReconnectAll).toHaveBeenCalledOnce();
  });

  it('Show/Hide toggles the window and the label follows it', () => {
    const { window, item } = setup();
    item(/Hide Vigil/).click();
    expect(window.hide).toHaveBeenCalledOnce();
    expect(item(/Vigil$/).label).toBe('Show Vigil');
    item(/Show Vigil/).click();
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(item(/Vigil$/).label).toBe('Hide Vigil');
  });

  it('relabels the menu when the window is hidden some other way (closed to the tray)', () => {
    const { window, item } = setup();
    window.hide();
    expect(item(/Vigil$/).label).toBe('Show Vigil');
  });

  it.skipIf(process.platform === 'darwin')('a click on the icon toggles the window', () => {
    const { window, tray } = setup();
    tray.emit('click');
    expect(window.visible).toBe(false);
    tray.emit('click');
    expect(window.visible).toBe(true);
  });
});
