import type { Language } from '../shared/settings';
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
    destroyed = false;
    destroy() {
      this.destroyed = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  return {
    FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
  };
});
vi.mock('electron', () => ({ Tray: electron.FakeTray, Menu: electron.Menu, nativeImage: electron.nativeImage }));
const { createTray, formatTotal, tooltipFor } = await import('./tray');

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

function setup(demo = false, language: () => Language = () => 'en', privacy: () => boolean = () => false) {
  const window = new FakeWindow();
  const onReconnectAll = vi.fn();
  const onQuit = vi.fn();
  const onPauseAlerts = vi.fn();
  const onDemoMode = vi.fn();
  const handle = createTray({
    icon: '/opt/Vigil/resources/tray.png',
    window: window as unknown as BrowserWindow,
    onReconnectAll,
    onQuit,
    onPauseAlerts,
    onDemoMode,
    demo,
    language,
    privacy,
  });
  const tray = electron.FakeTray.last!;
  const item = (label: RegExp) => {
    const found = tray.menu.find((i) => i.label !== undefined && label.test(i.label));
    if (!found?.click) throw new Error(`no menu item ${label}`);
    // Electron flips a checkbox before calling its click handler.
    const click = () => (found.click as (item: { checked: boolean }) => void)({ checked: found.type === 'checkbox' ? !found.checked : false });
    return { label: found.label, checked: found.checked, click };
  };
  return { window, tray, item, handle, onReconnectAll, onQuit, onPauseAlerts, onDemoMode };
}

const view = (total: string, quote = 'USDT') => ({
  quote,
  pnlMethod: 'average' as const,
  total,
  holdings: [{ exchange: 'coinking' as const, asset: 'BTC', amount: '1', available: '1', held: '0', change24h: null, costBasis: null, price: total, value: total, share: '100.00' }],
  realisedPnl: '0',
  unrealisedPnl: '0',
  at: 0,
});

describe('createTray', () => {
  beforeEach(() => {
    electron.FakeTray.last = undefined;
  });

  it('shows the app icon with the tooltip Vigil', () => {
    const { tray } = setup();
    expect(tray.image).toEqual({ path: '/opt/Vigil/resources/tray.png' });
    expect(tray.tooltip).toBe('Vigil');
    expect(tray.menu.map((i) => i.label ?? i.type)).toEqual(['Hide Vigil', 'separator', 'Pause alerts', 'Reconnect all', 'Demo mode', 'separator', 'Quit Vigil']);
  });

  it("speaks the user's language, and follows a change of it", () => {
    let language: Language = 'zh-CN';
    const { tray, handle } = setup(false, () => language);
    expect(tray.menu.map((i) => i.label ?? i.type)).toEqual(['隐藏 Vigil', 'separator', '暂停提醒', '全部重新连接', '演示模式', 'separator', '退出 Vigil']);
    language = 'th';
    handle.refresh();
    expect(tray.menu[0]!.label).toBe('ซ่อน Vigil');
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

  it('the tooltip carries the portfolio total, and says only Vigil when there is nothing to show', () => {
    const { tray, handle } = setup();
    handle.setPortfolio(view('12345.674'));
    expect(tray.tooltip).toBe('Vigil — 12,345.67 USDT');
    handle.setPortfolio(view('0.6', 'BTC'));
    expect(tray.tooltip).toBe('Vigil — 0.60 BTC');
    handle.setPortfolio({ ...view('0'), holdings: [] });
    expect(tray.tooltip).toBe('Vigil');
    handle.setPortfolio(null);
    expect(tray.tooltip).toBe('Vigil');
  });

  it('privacy mode keeps the total out of the tooltip, and a refresh after the setting changes brings it back', () => {
    let privacy = true;
    const { tray, handle } = setup(false, () => 'en', () => privacy);
    handle.setPortfolio(view('12345.674'));
    expect(tray.tooltip).toBe('Vigil');
    expect(tray.tooltip).not.toMatch(/\d/);
    privacy = false;
    handle.refresh();
    expect(tray.tooltip).toBe('Vigil — 12,345.67 USDT');
    privacy = true;
    handle.refresh();
    expect(tray.tooltip).toBe('Vigil');
  });

  it('Pause alerts is a checkbox that reports its new state and shows what it is told', () => {
    const { item, handle, onPauseAlerts } = setup();
    expect(item(/Pause alerts/).checked).toBe(false);
    item(/Pause alerts/).click();
    expect(onPauseAlerts).toHaveBeenCalledExactlyOnceWith(true);
    handle.setPaused(true);
    expect(item(/Pause alerts/).checked).toBe(true);
    item(/Pause alerts/).click();
    expect(onPauseAlerts).toHaveBeenLastCalledWith(false);
  });

  it('Demo mode shows the current mode and reports the switch', () => {
    const { item, handle, onDemoMode } = setup(true);
    expect(item(/Demo mode/).checked).toBe(true);
    item(/Demo mode/).click();
    expect(onDemoMode).toHaveBeenCalledExactlyOnceWith(false);
    handle.setDemo(false);
    expect(item(/Demo mode/).checked).toBe(false);
  });

  it('destroy removes the icon and stops following the window', () => {
    const { window, tray, handle } = setup();
    handle.destroy();
    expect(tray.destroyed).toBe(true);
    expect(window.listenerCount('show')).toBe(0);
    expect(window.listenerCount('hide')).toBe(0);
  });
});

describe('formatTotal', () => {
  it.each([
    ['12345.674', 'USDT', '12,345.67'],
    ['1234567.005', 'USDT', '1,234,567.01'],
    ['0', 'USDT', '0.00'],
    ['-1500.5', 'USDT', '-1,500.50'],
    ['0.00123', 'BTC', '0.00123'],
    ['1234.5', 'ETH', '1,234.50'],
    ['0.123456789', 'BTC', '0.12345679'],
    ['-0.000000001', 'BTC', '0.00'],
    ['not a number', 'USDT', 'not a number'],
  ])('%s %s → %s', (total, quote, expected) => {
    expect(formatTotal(total, quote)).toBe(expected);
  });

  it('tooltipFor without a view is Vigil', () => expect(tooltipFor(null)).toBe('Vigil'));
});
