// The one error policy of both transports (Electron IPC and the web host): a CommandError reaches
// the UI as its code and parameters; anything else is the core's own failure, which goes to the
// log with its stack and reaches the UI only as "command.failed". No internal text crosses.
import { CommandError } from '../../shared/contract';
import type { Coded } from '../../shared/notices';
import type { Logger } from './log';

export function commandErrorFor(command: string, error: unknown, log: Pick<Logger, 'error'>): Coded {
  if (error instanceof CommandError) return error.coded;
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  log.error(`${command} failed: ${detail}`);
  return { code: 'command.failed' };
}
