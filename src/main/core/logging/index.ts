// The app's logger: every line is redacted (known secrets and secret-looking values), then written to
// rotating files in `<home>/logs/` and echoed to the console. Used by the desktop app (src/main/index.ts)
// and the web host (src/main/web/cli.ts):
//
//   const log = createAppLogger({ home: config.home, secrets: credentialSecrets(config.credentials) });
//   const core = createCore(config, { log });
//   // when credentials change at run time: log.addSecrets(credentialSecrets(next))
//   // at exit: log.close()
import { join } from 'node:path';
import type { Credentials } from '../config';
import { consoleLogger, type Logger } from '../log';
import { Redactor } from './redact';
import { RotatingFile } from './rotating-file';

export { REDACTED, Redactor } from './redact';
export { RotatingFile } from './rotating-file';

export interface AppLogger extends Logger {
  /** Secrets to redact from now on (credentials entered at run time). */
  addSecrets(values: Iterable<string>): void;
  /** The file being written now. */
  readonly file: string;
  close(): void;
}

export interface AppLoggerOptions {
  /** The data folder; logs go to `<home>/logs/`. */
  home: string;
  secrets?: Iterable<string>;
  /** Where lines are echoed after redaction (default: the console; null: nowhere). */
  echo?: Logger | null;
  /** Rotation: size of one file and how many files to keep (default 2 MiB × 5). */
  maxBytes?: number;
  maxFiles?: number;
  /** Timestamps (tests pass a fixed clock). */
  now?: () => number;
}

/** Every secret value in a set of credentials (all of their fields). */
export function credentialSecrets(credentials: Credentials): string[] {
  const out: string[] = [];
  for (const fields of Object.values(credentials) as (Record<string, unknown> | undefined)[]) {
    for (const value of Object.values(fields ?? {})) if (typeof value === 'string') out.push(value);
  }
  return out;
}

export function createAppLogger(options: AppLoggerOptions): AppLogger {
  const redactor = new Redactor(options.secrets);
  const file = new RotatingFile({ dir: join(options.home, 'logs'), maxBytes: options.maxBytes, maxFiles: options.maxFiles });
  const echo = options.echo === undefined ? consoleLogger : options.echo;
  const now = options.now ?? Date.now;
  let fileFailed = false;

  function write(level: 'INFO' | 'WARN' | 'ERROR', message: string): void {
    // Redaction comes first: nothing below this line sees the original text.
    const safe = redactor.redact(typeof message === 'string' ? message : String(message));
    if (echo) {
      if (level === 'INFO') echo.info(safe);
      else if (level === 'WARN') echo.warn(safe);
      else echo.error(safe);
    }
    if (fileFailed) return;
    try {
      file.write(`${new Date(now()).toISOString()} ${level.padEnd(5)} ${safe}\n`);
    } catch (error) {
      // A full disk or a read-only folder must not take the app down: keep logging to the console.
      fileFailed = true;
      echo?.error(`logging to ${file.path} stopped: ${redactor.redact(error instanceof Error ? error.message : String(error))}`);
    }
  }

  return {
    info: (m) => write('INFO', m),
    warn: (m) => write('WARN', m),
    error: (m) => write('ERROR', m),
    addSecrets: (values) => redactor.add(values),
    get file() {
      return file.path;
    },
    close: () => {
      try {
        file.close();
      } catch {
        // closing a log file that is already gone is not worth an error
      }
    },
  };
}
