import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { COMMAND_NAMES, CommandError, IPC, decodeCommandError, type ContractHandlers, type EventName, type Events } from '../shared/contract';
import type { ExchangeStatus, Watchlist } from '../shared/model';

// Electron cannot run here: only the one static it offers this module is faked.
const owners = new Map<WebFrameMain, { id: number }>();
vi.mock('electron', () => ({
  webContents: { fromFrame: (frame: WebFrameMain) => owners.get(frame) },
}));
const { serveContract, windowTarget } = await import('./ipc-transport');
const { withShellCommands } = await import('./shell-commands');

const APP_URL = 'file:///opt/Vigil/resources/app.asar/out/renderer/index.html';
const isAppUrl = (url: string) => url.split('#')[0] === APP_URL;

type Handler = (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    call(channel: string, senderFrame: WebFrameMain | null, request?: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ senderFrame } as IpcMainInvokeEvent, request);
    },
  };
}

const watchlist: Watchlist = { id: 'main', name: 'Main', markets: ['coinking:BTC/USDT'] };
type CoreListener = <E extends EventName>(event: E, payload: Events[E]) => void;

function fakeCore() {
  const listeners = new Set<CoreListener>();
  const core = {
    invoke: vi.fn(async (command: string, request: unknown) => {
      if (command === 'watchlist.list') return [watchlist];
      if (command === 'watchlist.add') return { ...watchlist, markets: [...watchlist.markets, (request as { market: string }).market] };
      throw new Error(`No such market: ${JSON.stringify(request)}`);
    }),
    subscribe: vi.fn((listener: CoreListener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    emit<E extends EventName>(event: E, payload: Events[E]) {
      for (const listener of listeners) listener(event, payload);
    },
    listeners,
  };
  return core;
}

function fakeWindow(id: number) {
  return {
    isDestroyed: vi.fn(() => false),
    webContents: { id, send: vi.fn() },
  };
}

function frame(url: string, owner: { id: number } | undefined, extra: Partial<WebFrameMain> = {}): WebFrameMain {
  const f = { url, parent: null, detached: false, ...extra } as WebFrameMain;
  if (owner) owners.set(f, owner);
  return f;
}

describe('serveContract over the main window', () => {
  let ipc: ReturnType<typeof fakeIpcMain>;
  let core: ReturnType<typeof fakeCore>;
  let window: ReturnType<typeof fakeWindow>;
  let dispose: () => void;

  beforeEach(() => {
    owners.clear();
    ipc = fakeIpcMain();
    core = fakeCore();
    window = fakeWindow(7);
    dispose = serveContract(ipc, core as ContractHandlers, windowTarget(window as unknown as BrowserWindow, isAppUrl));
  });

  it('registers exactly one handler per command of the contract', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map((c) => IPC.command(c)).sort());
  });

  it("gives the app's own page the core's reply", async () => {
    const sender = frame(`${APP_URL}#/watchlist`, window.webContents);
    await expect(ipc.call(IPC.command('watchlist.list'), sender)).resolves.toEqual([watchlist]);
    const edit = { listId: 'main', market: 'coinking:ETH/USDT' };
    await expect(ipc.call(IPC.command('watchlist.add'), sender, edit)).resolves.toMatchObject({
      markets: ['coinking:BTC/USDT', 'coinking:ETH/USDT'],
    });
    expect(core.invoke).toHaveBeenCalledWith('watchlist.add', edit);
  });

  it('rejects a frame of the window that shows another page, and never calls the core', async () => {
    const sender = frame('https://evil.example/index.html', window.webContents);
    await expect(ipc.call(IPC.command('watchlist.list'), sender)).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('rejects the app page loaded in another web contents', async () => {
    const sender = frame(APP_URL, { id: 8 });
    await expect(ipc.call(IPC.command('watchlist.list'), sender)).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('rejects a frame that no web contents owns any more', async () => {
    await expect(ipc.call(IPC.command('watchlist.list'), frame(APP_URL, undefined))).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('rejects a subframe, even one showing the app page', async () => {
    const top = frame(APP_URL, window.webContents);
    const sub = frame(APP_URL, window.webContents, { parent: top, top });
    await expect(ipc.call(IPC.command('watchlist.list'), sub)).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('rejects a detached frame and a null sender frame', async () => {
    const gone = frame(APP_URL, window.webContents, { detached: true });
    await expect(ipc.call(IPC.command('app.info'), gone)).rejects.toThrow(/not the Vigil window/);
    await expect(ipc.call(IPC.command('app.info'), null)).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('rejects every call once the window is destroyed', async () => {
    const sender = frame(APP_URL, window.webContents);
    window.isDestroyed.mockReturnValue(true);
    await expect(ipc.call(IPC.command('app.info'), sender)).rejects.toThrow(/not the Vigil window/);
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it("sends a CommandError as its code and parameters only, the same policy as the web host", async () => {
    core.invoke.mockRejectedValueOnce(new CommandError('exchange.unknown', { value: '"nope"' }));
    const sender = frame(APP_URL, window.webContents);
    const error = await ipc.call(IPC.command('exchange.reconnect'), sender, { exchange: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // What Electron serialises for the renderer: String(error), which the preload and client decode.
    expect(decodeCommandError(String(error))).toEqual({ code: 'exchange.unknown', params: { value: '"nope"' } });
    expect(String(error)).not.toContain('Unknown exchange');
  });

  it('never sends an internal error text or stack to the renderer: only "command.failed", the rest to the log', async () => {
    const logged: string[] = [];
    dispose();
    dispose = serveContract(ipc, core as ContractHandlers, windowTarget(window as unknown as BrowserWindow, isAppUrl), { info: () => {}, warn: () => {}, error: (m) => logged.push(m) });
    core.invoke.mockRejectedValueOnce(new TypeError('cannot read x of undefined at /home/user/secret/path.ts:12'));
    const sender = frame(APP_URL, window.webContents);
    const error = await ipc.call(IPC.command('app.info'), sender).catch((e: unknown) => e);
    expect(decodeCommandError(String(error))).toEqual({ code: 'command.failed' });
    expect(String(error)).not.toMatch(/secret|TypeError|undefined/);
    expect(logged.join('\n')).toMatch(/TypeError: cannot read x of undefined/);
  });

  it('forwards every core event to the window on the event channel', () => {
    const status: ExchangeStatus = {
      exchange: 'coinking',
      state: 'live',
      reason: null,
      nextRetryAt: null,
      attempt: 0,
      rttMs: 12,
      badFrames: 0,
      since: 1,
    };
    core.emit('exchange.status', status);
    core.emit('watchlist.changed', [watchlist]);
    expect(window.webContents.send.mock.calls).toEqual([
      [IPC.event, { event: 'exchange.status', payload: status }],
      [IPC.event, { event: 'watchlist.changed', payload: [watchlist] }],
    ]);
  });

  it('drops events once the window is destroyed', () => {
    window.isDestroyed.mockReturnValue(true);
    core.emit('watchlist.changed', [watchlist]);
    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('dispose removes every handler and the event subscription', () => {
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.removeHandler).toHaveBeenCalledTimes(COMMAND_NAMES.length);
    expect(core.listeners.size).toBe(0);
    core.emit('watchlist.changed', [watchlist]);
    expect(window.webContents.send).not.toHaveBeenCalled();
    // The channels are free again: serving anew does not collide with stale handlers.
    expect(() => serveContract(ipc, core as ContractHandlers, windowTarget(window as unknown as BrowserWindow, isAppUrl))).not.toThrow();
  });

  it("the shell's own commands sit behind the same sender check (no save dialog for a foreign page)", async () => {
    dispose();
    const save = vi.fn(async () => ({ saved: true, path: '/tmp/x' }));
    serveContract(ipc, withShellCommands(core as ContractHandlers, { 'file.saveText': save }), windowTarget(window as unknown as BrowserWindow, isAppUrl));
    const evil = frame('https://evil.example/', window.webContents);
    await expect(ipc.call(IPC.command('file.saveText'), evil, { fileName: 'a', text: 'b' })).rejects.toThrow(/not the Vigil window/);
    await expect(ipc.call(IPC.command('file.saveText'), frame(APP_URL, { id: 99 }), { fileName: 'a', text: 'b' })).rejects.toThrow(/not the Vigil window/);
    expect(save).not.toHaveBeenCalled();
    await expect(ipc.call(IPC.command('file.saveText'), frame(APP_URL, window.webContents), { fileName: 'a', text: 'b' })).resolves.toEqual({ saved: true, path: '/tmp/x' });
    expect(core.invoke).not.toHaveBeenCalled(); // answered by the shell, not the core
  });
});

describe('a request the parser refuses, over IPC (issue 16)', () => {
  it('reaches the renderer as request.invalid { command, field }, from the core and from the shell, details in the log only', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadConfig } = await import('./core/config');
    const { createCore } = await import('./core/create-core');
    const { shellCommands } = await import('./shell-commands');
    const logged: string[] = [];
    const log = { info: () => {}, warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    // A real core (not started: parsing comes before any exchange is needed) behind the shell's commands.
    const core = createCore(loadConfig({ host: 'electron', version: '0.0.0-test', env: { VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-ipc-')) } }), { log });
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: true })) };
    const shell = shellCommands({ dialog: dialog as never, writeFile: async () => {}, window: () => undefined, defaultDir: tmpdir() });
    const ipc = fakeIpcMain();
    const window = fakeWindow(7);
    const dispose = serveContract(ipc, withShellCommands(core, shell, undefined, log), windowTarget(window as unknown as BrowserWindow, isAppUrl), log);
    const sender = frame(APP_URL, window.webContents);
    const refusal = async (command: Parameters<typeof IPC.command>[0], request: unknown) => {
      const error = await ipc.call(IPC.command(command), sender, request).then(() => null, (e: unknown) => e);
      expect(error, command).toBeInstanceOf(Error);
      return { wire: decodeCommandError(String(error)), text: String(error) };
    };
    const pause = await refusal('alerts.pause', { paused: 'yes' });
    expect(pause.wire).toEqual({ code: 'request.invalid', params: { command: 'alerts.pause', field: 'paused' } });
    expect(pause.text).not.toContain('expected'); // the parser's detail stays in the log
    const save = await refusal('file.saveText', { fileName: 'deals.csv', text: ['a', 'b'] });
    expect(save.wire).toEqual({ code: 'request.invalid', params: { command: 'file.saveText', field: 'text' } });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(logged).toEqual([
      'alerts.pause: request refused (paused: expected true or false, got a string of 3 characters)',
      'file.saveText: request refused (text: expected a string, got an array of 2)',
    ]);
    dispose();
    await core.stop();
  });
});
