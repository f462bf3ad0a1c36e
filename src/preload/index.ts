// The sandboxed preload: puts exactly the contract on `window.vigil` and nothing else. The page never
// sees ipcRenderer, its events or any Node object, only these two functions.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, isCommandName, isEventName, type EventName, type VigilBridge } from '../shared/contract';

export type { VigilBridge };

type Relay = (payload: unknown) => void;
const relays = new Map<EventName, Set<Relay>>();

function isEventMessage(value: unknown): value is { event: EventName; payload: unknown } {
  return typeof value === 'object' && value !== null && isEventName((value as { event?: unknown }).event);
}

// One IPC listener for all subscriptions, so many `on` calls never pile up listeners on ipcRenderer.
ipcRenderer.on(IPC.event, (_event, message: unknown) => {
  if (!isEventMessage(message)) return;
  for (const relay of [...(relays.get(message.event) ?? [])]) {
    try {
      relay(message.payload);
    } catch (error) {
      console.error(`[vigil] a ${message.event} listener failed:`, error);
    }
  }
});

// Electron rejects with "Error invoking remote method '<channel>': Error: <message>"; the UI gets
// just the message: a coded error as JSON (see encodeCommandError), which the renderer's client decodes.
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:Error: )?/;

const bridge: VigilBridge = {
  async invoke(command, request) {
    if (!isCommandName(command)) throw new Error(`Unknown command: ${String(command)}`);
    try {
      return await ipcRenderer.invoke(IPC.command(command), request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(message.replace(REMOTE_PREFIX, ''), { cause: error });
    }
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError(`The ${event} listener must be a function`);
    const relay: Relay = (payload) => listener(payload as Parameters<typeof listener>[0]);
    const subscribers = relays.get(event) ?? new Set<Relay>();
    relays.set(event, subscribers.add(relay));
    return () => {
      subscribers.delete(relay);
    };
  },
};

contextBridge.exposeInMainWorld('vigil', bridge);
