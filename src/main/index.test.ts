import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC, type EventName, type Events } from '../shared/contract';
import type { FiredAlert } from '../shared/alerts';
import type { PortfolioView } from '../shared/portfolio';
import type { Settings } from '../shared/settings';

// The app lifecycle against a fake Electron (the boundary) and a fake core (never the real engine).
const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');

  class FakeApp extends EventEmitter {
    hasLock = true;
    quitted = false;
    isPackaged = false;
    ready = Promise.resolve();
    requestSingleInstanceLock = vi.fn(() => this.hasLock);
    enableSandbox = vi.fn();
    setAppUserModelId = vi.fn();
    whenReady = vi.fn(() => this.ready);
    getVersion = () => '0.1.0';
    getAppPath = () => '/opt/vigil';
    getPath = vi.fn((name: string) => (name === 'downloads' ? '/home/u/Downloads' : '/tmp/vigil-test-home'));
    exit = vi.fn();
    relaunch = vi.fn();
    setLoginItemSettings = vi.fn();
    /** A fresh launch: the lock is free and nothing listens yet. */
    reset() {
      this.hasLock = true;
      this.quitted = false;
      this.removeAllListeners();
    }
    // Like Electron: before-quit may be prevented, otherwise the app quits.
    quit = vi.fn(() => {
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.quitted = true;
    });
  }

  class FakeWindow extends EventEmitter {
    static all: FakeWindow[] = [];
    visible = false;
    webContents = Object.assign(new EventEmitter(), { id: 1, setWindowOpenHandler: vi.fn(), send: vi.fn() });
    show = vi.fn(() => void (this.visible = true));
    hide = vi.fn(() => void (this.visible = false));
    focus = vi.fn();
    restore = vi.fn();
    isVisible = () => this.visible;
    isMinimized = () => false;
    isDestroyed = () => false;
    loadFile = vi.fn(async () => {});
    loadURL = vi.fn(async () => {});
    constructor() {
      super();
      FakeWindow.all.push(this);
    }
  }

  class FakeTray extends EventEmitter {
    static all: FakeTray[] = [];
    tooltip = '';
    menu: { label?: string; type?: string; checked?: boolean; click?: (item: { checked: boolean }) => void }[] = [];
    setToolTip = vi.fn((text: string) => void (this.tooltip = text));
    setContextMenu = vi.fn((menu: { template: FakeTray['menu'] }) => void (this.menu = menu.template));
    destroy = vi.fn();
    isDestroyed = () => false;
    constructor() {
      super();
      FakeTray.all.push(this);
    }
  }

  class FakeNotification extends EventEmitter {
    static all: FakeNotification[] = [];
    static isSupported = () => true;
    show = vi.fn();
    close = vi.fn();
    constructor(readonly options: { title: string; body: string; icon?: string }) {
      super();
      FakeNotification.all.push(this);
    }
  }

  const handlers = new Map<string, unknown>();
  return {
    app: new FakeApp(),
    FakeWindow,
    FakeTray,
    FakeNotification,
    handlers,
    ipcMain: {
      handle: vi.fn((channel: string, handler: unknown) => void handlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    },
    session: {
      defaultSession: Object.assign(new EventEmitter(), {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        setDisplayMediaRequestHandler: vi.fn(),
      }),
    },
    dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  };
});

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

function fakeCore(settings: Partial<Settings> | null = { notifications: true, startMinimized: false, startAtLogin: false, demo: false }) {
  const started = deferred();
  const stopped = deferred();
  const listeners = new Set<Listener>();
  return {
    started,
    stopped,
    config: { demo: true },
    listeners,
    start: vi.fn(() => started.promise),
    stop: vi.fn(() => stopped.promise),
    reconnectAll: vi.fn(),
    invoke: vi.fn(async (command: string, request: unknown): Promise<unknown> => {
      if (command === 'settings.get') {
        if (!settings) throw new Error('"settings.get" is not available in this build.');
        return settings;
      }
      if (command === 'settings.set') return { ...settings, ...(request as object) };
      if (command === 'alerts.pause') return request;
      if (command === 'portfolio.get') throw new Error('not yet');
      return null;
    }),
    subscribe: vi.fn((listener: Listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    emit<E extends EventName>(event: E, payload: Events[E]) {
      for (const l of listeners) l(event, payload);
    },
  };
}
let core: ReturnType<typeof fakeCore>;

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  Tray: fake.FakeTray,
  Notification: fake.FakeNotification,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  // The window's own web contents owns the frames the tests send from.
  webContents: { fromFrame: (frame: { owner?: { id: number } }) => frame.owner },
  ipcMain: fake.ipcMain,
  session: fake.session,
  dialog: fake.dialog,
  protocol: fake.protocol,
}));
vi.mock('./core/create-core', () => ({ createCore: vi.fn(() => core) }));
// The log file and the login item are the only things the shell writes outside Electron: both are
// observed here instead of touching the real home folder.
const logged = vi.hoisted(() => ({ lines: [] as string[], loginItem: [] as boolean[] }));
vi.mock('./core/logging', () => ({
  credentialSecrets: () => [],
  createAppLogger: () => ({
    info: (m: string) => void logged.lines.push(m),
    warn: (m: string) => void logged.lines.push(m),
    error: (m: string) => void logged.lines.push(m),
    addSecrets: () => {},
    close: () => {},
    file: '/dev/null',
  }),
}));
// The database and the keychain have their own tests against real SQLite and a real Secret
// Service; here the shell gets memory stores and an empty keychain.
vi.mock('./core/store/open', async () => {
  const { memoryStores } = await import('./core/store/ports');
  return { openStoresOrMemory: () => ({ stores: memoryStores(), problem: null, notices: [] }) };
});
vi.mock('./core/secrets', () => ({
  KeytarSecretStore: class {},
  CredentialVault: class {
    async load() {
      return {};
    }
    adopt() {}
    useEndpoints() {}
  },
}));
vi.mock('./login-item', () => ({ applyStartAtLogin: (enabled: boolean) => void logged.loginItem.push(enabled) }));

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Loads index.ts afresh, as launching the app would. */
async function launch() {
  vi.resetModules();
  await import('./index');
  await settle();
}

describe('the app lifecycle', () => {
  beforeEach(() => {
    fake.app.reset();
    fake.FakeWindow.all = [];
    fake.FakeTray.all = [];
    fake.FakeNotification.all = [];
    fake.handlers.clear();
    logged.lines = [];
    logged.loginItem = [];
    core = fakeCore();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('quits at once when another instance holds the lock, without starting the core', async () => {
    fake.app.hasLock = false;
    await launch();
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    expect(core.start).not.toHaveBeenCalled();
  });

  it('locks the session down, starts the core, then opens the window, serves the contract and shows the tray', async () => {
    await launch();
    expect(fake.app.enableSandbox).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(fake.session.defaultSession.listenerCount('will-download')).toBe(1);
    expect(core.start).toHaveBeenCalledOnce();
    expect(fake.FakeWindow.all).toHaveLength(0); // not before the core has started

    core.started.resolve();
    await settle();
    expect(fake.FakeWindow.all).toHaveLength(1);
    expect(fake.handlers.size).toBe(COMMAND_NAMES.length);
    expect(fake.FakeTray.all).toHaveLength(1);
    // The UI comes over app:// (registered privileged before ready), never file://.
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.FakeWindow.all[0]!.loadURL).toHaveBeenCalledWith('app://vigil/index.html');
    expect(fake.FakeWindow.all[0]!.loadFile).not.toHaveBeenCalled();
  });

  it('quitting waits for the core to stop, once, then quits', async () => {
    await launch();
    core.started.resolve();
    await settle();

    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    expect(core.stop).toHaveBeenCalledOnce();
    expect(fake.handlers.size).toBe(0); // no more commands reach a stopping core
    fake.app.quit(); // asked again while stopping
    expect(core.stop).toHaveBeenCalledOnce();
    expect(fake.app.quitted).toBe(false);

    core.stopped.resolve();
    await settle();
    expect(fake.app.quitted).toBe(true);
    expect(fake.FakeTray.all[0]!.destroy).toHaveBeenCalledOnce();
  });

  it('closing the window hides it until the app quits', async () => {
    await launch();
    core.started.resolve();
    await settle();
    const window = fake.FakeWindow.all[0]!;
    let prevented = false;
    window.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);

    fake.app.quit();
    prevented = false;
    window.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('a second launch brings the hidden window back', async () => {
    await launch();
    core.started.resolve();
    await settle();
    const window = fake.FakeWindow.all[0]!;
    fake.app.emit('second-instance');
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('locks down every web contents the app creates', async () => {
    await launch();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('a core that fails to start is reported, stopped, and the app exits with 1', async () => {
    await launch();
    core.started.reject(new Error('VIGIL_ITICK_WS_URL must use ws: or wss:'));
    await settle();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Vigil could not start', 'VIGIL_ITICK_WS_URL must use ws: or wss:');
    expect(fake.FakeWindow.all).toHaveLength(0);
    expect(core.stop).toHaveBeenCalledOnce();

    core.stopped.resolve();
    await settle();
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(logged.lines).toContain('start failed: VIGIL_ITICK_WS_URL must use ws: or wss:');
  });
});

/** Launches and lets the core start; returns the window, the tray and helpers. */
async function running(settings?: Partial<Settings> | null) {
  if (settings !== undefined) core = fakeCore(settings);
  await launch();
  core.started.resolve();
  await settle();
  await settle();
  const window = fake.FakeWindow.all[0]!;
  const tray = fake.FakeTray.all[0]!;
  const item = (label: string) => {
    const found = tray.menu.find((i) => i.label === label);
    if (!found) throw new Error(`no tray item ${label}`);
    return found;
  };
  // A frame of the app's own page in the window, as Electron reports the sender of an IPC call.
  const appFrame = { url: 'app://vigil/index.html', parent: null, detached: false, owner: window.webContents };
  const call = (command: string, request?: unknown) => (fake.handlers.get(IPC.command(command as never)) as (e: unknown, r: unknown) => Promise<unknown>)({ senderFrame: appFrame }, request);
  return { window, tray, item, call };
}

const fired = (market: FiredAlert['market']): FiredAlert => ({ id: 'a1', ruleId: 'r1', title: { code: 'rule.named', params: { name: 'BTC above 100000' } }, body: { code: 'alert.above', params: { pair: 'BTC/USDT', exchange: 'CoinKing', price: '100001', threshold: '100000' } }, market, at: 1, folded: 0 });

describe('the shell around the core', () => {
  beforeEach(() => {
    fake.app.reset();
    fake.FakeWindow.all = [];
    fake.FakeTray.all = [];
    fake.FakeNotification.all = [];
    fake.handlers.clear();
    logged.lines = [];
    logged.loginItem = [];
    core = fakeCore();
  });

  it('notifies fired alerts; a click shows the window and asks the UI to open the market', async () => {
    const { window } = await running();
    window.visible = false;
    core.emit('alert.fired', fired('coinking:BTC/USDT'));
    const [notification] = fake.FakeNotification.all;
    expect(notification!.options).toMatchObject({ title: 'BTC above 100000', body: 'BTC/USDT on CoinKing is 100001, above 100000.' });
    expect(notification!.show).toHaveBeenCalledOnce();

    window.webContents.send.mockClear();
    notification!.emit('click');
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledWith(IPC.event, { event: 'ui.focusMarket', payload: { market: 'coinking:BTC/USDT' } });
  });

  it('shows no notification while notifications are off, and follows the setting as it changes', async () => {
    await running({ notifications: false, startMinimized: false, startAtLogin: false, demo: false });
    core.emit('alert.fired', fired(null));
    expect(fake.FakeNotification.all).toHaveLength(0);
    core.emit('settings.changed', { notifications: true } as Settings);
    core.emit('alert.fired', fired(null));
    expect(fake.FakeNotification.all).toHaveLength(1);
  });

  it('without settings in the core: notifications on, the login item left alone', async () => {
    await running(null);
    core.emit('alert.fired', fired(null));
    expect(fake.FakeNotification.all).toHaveLength(1);
    expect(logged.loginItem).toEqual([]);
    expect(logged.lines.some((l) => /settings are not available/.test(l))).toBe(true);
  });

  it('start at login follows the setting; start minimised keeps the window hidden', async () => {
    const { window } = await running({ notifications: true, startMinimized: true, startAtLogin: true, demo: false });
    window.emit('ready-to-show');
    expect(window.show).not.toHaveBeenCalled();
    expect(logged.loginItem).toEqual([true]);
    core.emit('settings.changed', { notifications: true, startMinimized: true, startAtLogin: false, demo: false } as Settings);
    core.emit('settings.changed', { notifications: false, startMinimized: true, startAtLogin: false, demo: false } as Settings);
    expect(logged.loginItem).toEqual([true, false]);
  });

  it('the tray tooltip shows the portfolio total', async () => {
    const { tray } = await running();
    expect(tray.tooltip).toBe('Vigil');
    const view: PortfolioView = {
      quote: 'USDT',
      pnlMethod: 'average',
      total: '12345.674',
      holdings: [{ exchange: 'coinking', asset: 'BTC', amount: '1', available: '1', held: '0', change24h: null, costBasis: null, price: '12345.674', value: '12345.674', share: '100.00' }],
      realisedPnl: '0',
      unrealisedPnl: '0',
      at: 1,
    };
    core.emit('portfolio.changed', view);
    expect(tray.tooltip).toBe('Vigil — 12,345.67 USDT');
  });

  it('Pause alerts calls the core; a pause from the window ticks the tray too', async () => {
    const { item, call } = await running();
    item('Pause alerts').click!({ checked: true });
    await settle();
    expect(core.invoke).toHaveBeenCalledWith('alerts.pause', { paused: true });
    expect(item('Pause alerts').checked).toBe(true);
    await expect(call('alerts.pause', { paused: false })).resolves.toEqual({ paused: false });
    expect(item('Pause alerts').checked).toBe(false);
  });

  it('Demo mode saves the setting, then restarts through a clean quit', async () => {
    const { item } = await running();
    expect(item('Demo mode').checked).toBe(true);
    item('Demo mode').click!({ checked: false });
    await settle();
    expect(core.invoke).toHaveBeenCalledWith('settings.set', { demo: false });
    expect(fake.app.relaunch).toHaveBeenCalledOnce();
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(core.stop).toHaveBeenCalledOnce(); // the core stops before the process goes
  });

  it('Reconnect all reaches the core', async () => {
    const { item } = await running();
    item('Reconnect all').click!({ checked: false });
    expect(core.reconnectAll).toHaveBeenCalledOnce();
  });

  it('answers file.saveText with a native save dialog and writes the file', async () => {
    const { call, window } = await running();
    const folder = mkdtempSync(join(tmpdir(), 'vigil-save-'));
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(folder, 'deals.csv') });
    await expect(call('file.saveText', { fileName: 'deals.csv', text: 'a,b\n1,2\n' })).resolves.toEqual({ saved: true, path: join(folder, 'deals.csv') });
    expect(readFileSync(join(folder, 'deals.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(fake.dialog.showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: join('/home/u/Downloads', 'deals.csv') }));
    expect(core.invoke).not.toHaveBeenCalledWith('file.saveText', expect.anything());

    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(call('file.saveText', { fileName: 'x.csv', text: '' })).resolves.toEqual({ saved: false, path: null });
  });
});
