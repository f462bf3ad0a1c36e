// The test runs in Node under vitest; the layer rule guards what the preload ships, not its tests.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC, type VigilBridge } from '../shared/contract';

// The renderer side of Electron: what the preload exposes, and an ipcRenderer the test can drive.
const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Listener[]>();
  const exposures: [string, unknown][] = [];
  return {
    exposures,
    ipcRenderer: {
      invoke: vi.fn(),
      on(channel: string, listener: Listener) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      emit(channel: string, ...args: unknown[]) {
        for (const listener of listeners.get(channel) ?? []) listener(...args);
      },
      listenerCount: (channel: string) => listeners.get(channel)?.length ?? 0,
    },
    // Recorded by hand: vitest clears vi.fn() calls before each test, and this one happens at import.
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposures.push([key, api]) },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));
await import('./index');

const bridge = electron.exposures[0]?.[1] as VigilBridge;
const push = (message: unknown) => electron.ipcRenderer.emit(IPC.event, { sender: 'ipc event' }, message);

describe('the preload bridge', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockReset();
  });

  it('exposes exactly window.vigil with invoke and on, nothing else', () => {
    expect(electron.exposures.map(([key]) => key)).toEqual(['vigil']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    // One IPC listener serves every subscription.
    expect(electron.ipcRenderer.listenerCount(IPC.event)).toBe(1);
  });

  it("invokes a contract command on its channel and returns the core's reply", async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ version: '0.1.0', demo: true, host: 'electron' });
    await expect(bridge.invoke('app.info', undefined)).resolves.toEqual({ version: '0.1.0', demo: true, host: 'electron' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC.command('app.info'), undefined);
  });

  it('refuses a command outside the contract without touching IPC', async () => {
    await expect(bridge.invoke('shell.openExternal' as never, 'https://evil.example' as never)).rejects.toThrow(
      'Unknown command: shell.openExternal',
    );
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it("hands the renderer the core's message, without Electron's wrapper", async () => {
    electron.ipcRenderer.invoke.mockRejectedValue(
      new Error(`Error invoking remote method '${IPC.command('watchlist.add')}': Error: Unknown market coinking:FOO/BAR`),
    );
    await expect(bridge.invoke('watchlist.add', { listId: 'main', market: 'coinking:FOO/BAR' })).rejects.toThrow(
      /^Unknown market coinking:FOO\/BAR$/,
    );
  });

  it('delivers only the subscribed event, payload only, until unsubscribed', () => {
    const onFrame = vi.fn();
    const onStatus = vi.fn();
    const stopFrames = bridge.on('market.frame', onFrame);
    bridge.on('exchange.status', onStatus);

    const frame = { seq: 1, at: 1000, tickers: [] };
    push({ event: 'market.frame', payload: frame });
    expect(onFrame).toHaveBeenCalledExactlyOnceWith(frame);
    expect(onStatus).not.toHaveBeenCalled();

    stopFrames();
    push({ event: 'market.frame', payload: { ...frame, seq: 2 } });
    expect(onFrame).toHaveBeenCalledOnce();
  });

  it('keeps two subscriptions with the same listener independent', () => {
    const listener = vi.fn();
    const first = bridge.on('watchlist.changed', listener);
    bridge.on('watchlist.changed', listener);
    first();
    push({ event: 'watchlist.changed', payload: [] });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('ignores malformed messages and survives a failing listener', () => {
    const failing = vi.fn(() => {
      throw new Error('listener bug');
    });
    const healthy = vi.fn();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    bridge.on('exchange.status', failing);
    bridge.on('exchange.status', healthy);
    push(null);
    push({ event: 'ipc.raw', payload: 1 });
    expect(healthy).not.toHaveBeenCalled();
    push({ event: 'exchange.status', payload: { exchange: 'coinking' } });
    expect(failing).toHaveBeenCalledOnce();
    expect(healthy).toHaveBeenCalledOnce();
    quiet.mockRestore();
  });

  it('refuses to subscribe to an event outside the contract', () => {
    expect(() => bridge.on('ipc.raw' as never, () => {})).toThrow('Unknown event: ipc.raw');
  });
});
