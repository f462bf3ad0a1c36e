// Commands only the desktop shell can answer, and how they join the core's contract.
//
// `file.saveText` needs a native dialog and the window to hang it on, so it is answered here, in front
// of the core: `withShellCommands(core, shellCommands(...))` is the ContractHandlers the IPC transport
// serves. The core (and the web host, which serves the same core) keeps its host-neutral default, an
// error that tells the browser to download instead. This keeps Electron out of the core's handler
// table entirely, needs no CoreContext, and the shell's handlers sit behind the same sender check as
// every other command. The shell's own commands pass the same request parser as the core's
// (core/commands/requests.ts) before their handler runs.
import { basename, join } from 'node:path';
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { renderCoded, type CoreCode } from '../shared/codes';
import { CommandError, type CommandName, type ContractHandlers, type ReplyOf, type RequestOf } from '../shared/contract';
import type { Language } from '../shared/settings';
import { parseRequest } from './core/commands/requests';
import { consoleLogger, type Logger } from './core/log';

export type ShellCommands = { [C in CommandName]?: (request: RequestOf<C>) => Promise<ReplyOf<C>> | ReplyOf<C> };

export interface ShellCommandDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  writeFile(path: string, text: string): Promise<void>;
  /** The window the dialog belongs to (modal on it), if it is still there. */
  window(): BrowserWindow | undefined;
  /** Where the dialog starts (app.getPath('downloads')). */
  defaultDir: string;
  /** The user's language, for the dialog's own words. */
  language?(): Language;
}

const FILTERS: Record<string, { name: string | CoreCode; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  txt: { name: 'shell.textFiles', extensions: ['txt'] },
};

/** A file name the renderer suggests, reduced to a plain name: no folders, no control characters. */
export function safeFileName(value: unknown): string {
  const raw = typeof value === 'string' ? value : '';
  const name = basename(raw.replace(/\\/g, '/'))
    .replace(/[<>:"|?*]/g, '_')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120);
  return name || 'vigil-export.txt';
}

export function shellCommands(deps: ShellCommandDeps): ShellCommands {
  return {
    // The request is parsed (withShellCommands): text within MAX_SAVE_BYTES, a bounded file name.
    'file.saveText': async (r) => {
      const fileName = safeFileName(r.fileName);
      const extension = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase() : '';
      const say = (code: CoreCode) => renderCoded(deps.language?.() ?? 'en', { code });
      const filter = FILTERS[extension];
      const options: SaveDialogOptions = {
        title: say('shell.save'),
        defaultPath: join(deps.defaultDir, fileName),
        filters: [
          ...(filter ? [{ name: filter.name.startsWith('shell.') ? say(filter.name as CoreCode) : filter.name, extensions: filter.extensions }] : []),
          { name: say('shell.allFiles'), extensions: ['*'] },
        ],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const window = deps.window();
      const choice = window && !window.isDestroyed() ? await deps.dialog.showSaveDialog(window, options) : await deps.dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false, path: null };
      try {
        await deps.writeFile(choice.filePath, r.text);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CommandError('file.saveFailed', { name: basename(choice.filePath), detail: code ?? '-' });
      }
      return { saved: true, path: choice.filePath };
    },
  };
}

/**
 * The core's contract with the shell's commands answered first. `observe` sees every successful reply
 * (the tray follows `alerts.pause` this way, whoever paused).
 */
export function withShellCommands(
  core: ContractHandlers,
  commands: ShellCommands,
  observe?: <C extends CommandName>(command: C, reply: ReplyOf<C>) => void,
  log: Pick<Logger, 'warn'> = consoleLogger,
): ContractHandlers {
  return {
    async invoke<C extends CommandName>(command: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
      const own = commands[command] as ((r: RequestOf<C>) => Promise<ReplyOf<C>> | ReplyOf<C>) | undefined;
      // The core parses what it answers itself; the shell's own commands get the same parser here.
      const reply = own ? await own(parseRequest(command, request, log)) : await core.invoke(command, request);
      observe?.(command, reply);
      return reply;
    },
    subscribe: (listener) => core.subscribe(listener),
  };
}
