import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';

// A BrowserWindow as far as the shell uses one, recording how it was built and driven.
const { FakeBrowserWindow } = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    visible = false;
    minimized = false;
    webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    show = vi.fn(() => void (this.visible = true));
    hide = vi.fn(() => void (this.visible = false));
    focus = vi.fn();
    restore = vi.fn(() => void (this.minimized = false));
    isMinimized = () => this.minimized;
    isDestroyed = () => false;
    loadURL = vi.fn(async () => {});
    loadFile = vi.fn(async () => {});
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      FakeBrowserWindow.created.push(this);
    }
  }
  return { FakeBrowserWindow };
});
vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));
const { createMainWindow, revealWindow } = await import('./window');

const fileEntry = { kind: 'app', root: '/opt/Vigil/out/renderer', url: 'app://vigil/index.html' } as const;

function build(options: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  createMainWindow({ entry: fileEntry, icon: '/opt/Vigil/resources/icon.png', isQuitting: () => false, ...options });
  return FakeBrowserWindow.created.at(-1)!;
}

/** Emits a cancellable window event and tells whether it went ahead. */
function proceeds(window: EventEmitter, name: string): boolean {
  let prevented = false;
  window.emit(name, { preventDefault: () => (prevented = true) });
  return !prevented;
}

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('uses exactly the secure web preferences, with the sandboxed CommonJS preload', () => {
    const { preload, ...rest } = build().options.webPreferences!;
    expect(preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(rest).toEqual({
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
      devTools: false, // no DevTools unless the shell asks (it does only when unpackaged)
    });
    expect(build({ devTools: true }).options.webPreferences!.devTools).toBe(true);
  });

  it('stays hidden until the page is ready to show', () => {
    const window = build();
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('started minimised, it loads the page but stays in the tray until revealed', () => {
    const window = build({ startHidden: true });
    expect(window.loadURL).toHaveBeenCalledOnce();
    window.emit('ready-to-show');
    expect(window.show).not.toHaveBeenCalled();
    revealWindow(window as never);
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('loads the built page over app:// (never file://), or the dev server in development', () => {
    const built = build();
    expect(built.loadURL).toHaveBeenCalledWith('app://vigil/index.html');
    expect(built.loadFile).not.toHaveBeenCalled();
    const dev = build({ entry: { kind: 'dev', url: 'http://localhost:5173/' } });
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(dev.loadFile).not.toHaveBeenCalled();
  });

  it('locks its web contents down: window.open is denied, navigation away is prevented', () => {
    const window = build();
    const openHandler = window.webContents.setWindowOpenHandler.mock.calls[0]![0] as () => unknown;
    expect(openHandler()).toEqual({ action: 'deny' });
    let prevented = false;
    window.webContents.emit('will-navigate', { url: 'https://evil.example/', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('hides to the tray on close, and closes for real once the app is quitting', () => {
    let quitting = false;
    const window = build({ isQuitting: () => quitting });
    window.visible = true;
    expect(proceeds(window, 'close')).toBe(false);
    expect(window.hide).toHaveBeenCalledOnce();
    expect(window.visible).toBe(false);

    quitting = true;
    expect(proceeds(window, 'close')).toBe(true);
    expect(window.hide).toHaveBeenCalledOnce();
  });
});

describe('revealWindow', () => {
  it('restores, shows and focuses a minimised or hidden window', () => {
    const window = build();
    window.minimized = true;
    revealWindow(window as never);
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });
});
