import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../shared/contract';

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
    getPath = () => '/tmp/vigil-test-home';
    exit = vi.fn();
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
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    destroy = vi.fn();
    constructor() {
      super();
      FakeTray.all.push(this);
    }
  }

  const handlers = new Map<string, unknown>();
  return {
    app: new FakeApp(),
    FakeWindow,
    FakeTray,
    handlers,
    ipcMain: {
      handle: vi.fn((channel: string, handler: unknown) => void handlers.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    dialog: { showErrorBox: vi.fn() },
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

function fakeCore() {
  const started = deferred();
  const stopped = deferred();
  return {
    started,
    stopped,
    config: {},
    start: vi.fn(() => started.promise),
    stop: vi.fn(() => stopped.promise),
    reconnectAll: vi.fn(),
    invoke: vi.fn(),
    subscribe: vi.fn(() => () => {}),
  };
}
let core: ReturnType<typeof fakeCore>;

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  Tray: fake.FakeTray,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  webContents: { fromFrame: () => undefined },
  ipcMain: fake.ipcMain,
  session: fake.session,
  dialog: fake.dialog,
}));
vi.mock('./core/engine', () => ({ createCore: vi.fn(() => core) }));

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
    fake.handlers.clear();
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
    expect(core.start).toHaveBeenCalledOnce();
    expect(fake.FakeWindow.all).toHaveLength(0); // not before the core has started

    core.started.resolve();
    await settle();
    expect(fake.FakeWindow.all).toHaveLength(1);
    expect(fake.handlers.size).toBe(COMMAND_NAMES.length);
    expect(fake.FakeTray.all).toHaveLength(1);
    expect(fake.FakeWindow.all[0]!.loadFile).toHaveBeenCalledWith(expect.stringMatching(/[/\\]renderer[/\\]index\.html$/));
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
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    await launch();
    core.started.reject(new Error('VIGIL_ITICK_WS_URL must use ws: or wss:'));
    await settle();
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Vigil could not start', 'VIGIL_ITICK_WS_URL must use ws: or wss:');
    expect(fake.FakeWindow.all).toHaveLength(0);
    expect(core.stop).toHaveBeenCalledOnce();

    core.stopped.resolve();
    await settle();
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    quiet.mockRestore();
  });
});
