// Serves the contract over Electron IPC: one handler per command, every core event pushed to the
// window. Each call is checked against its sender frame, so only the app's own page can drive the core.
import { webContents, type BrowserWindow, type IpcMain, type WebFrameMain } from 'electron';
import { COMMAND_NAMES, IPC, encodeCommandError, type ContractHandlers, type EventName, type Events } from '../shared/contract';
import { commandErrorFor } from './core/command-errors';
import { silentLogger, type Logger } from './core/log';

/** The window the contract is served to. */
export interface ContractTarget {
  isTrustedSender(frame: WebFrameMain | null): boolean;
  send<E extends EventName>(event: E, payload: Events[E]): void;
}

/** What the renderer receives on IPC.event. */
export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
}

export type IpcRegistry = Pick<IpcMain, 'handle' | 'removeHandler'>;

export function serveContract(ipcMain: IpcRegistry, core: ContractHandlers, target: ContractTarget, log: Logger = silentLogger): () => void {
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(IPC.command(command), async (event, request) => {
      if (!target.isTrustedSender(event.senderFrame)) {
        throw new Error(`Refused ${command}: the sender is not the Vigil window`);
      }
      try {
        return await core.invoke(command, request);
      } catch (error) {
        // Electron sends only `String(error)` across: the coded error travels as JSON in the message
        // (the preload decodes it); internal text and stacks go to the log only (command-errors.ts).
        // (Electron passes on only the message; the cause stays in this process.)
        throw new Error(encodeCommandError(commandErrorFor(command, error, log)), { cause: error });
      }
    });
  }
  const unsubscribe = core.subscribe((event, payload) => target.send(event, payload));
  return () => {
    unsubscribe();
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(IPC.command(command));
  };
}

/**
 * The main window as a contract target. A sender is trusted only when it is the top frame of this
 * window's web contents and currently shows the app's own page (`isAppUrl`).
 */
export function windowTarget(window: BrowserWindow, isAppUrl: (url: string) => boolean): ContractTarget {
  return {
    isTrustedSender(frame) {
      if (!frame || frame.detached || frame.parent !== null || window.isDestroyed()) return false;
      if (webContents.fromFrame(frame)?.id !== window.webContents.id) return false;
      return isAppUrl(frame.url);
    },
    send(event, payload) {
      if (window.isDestroyed()) return;
      const message: EventMessage = { event, payload };
      window.webContents.send(IPC.event, message);
    },
  };
}
