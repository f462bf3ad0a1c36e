// Opening the user's browser for `npm run web`. The browser gets a clean environment (never the
// VIGIL_* credentials of this process) and no token on its command line (any local user can read
// command lines): it opens a launcher file, readable only by the user, that forwards to the
// tokened address, and the file is removed shortly after.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a browser needs from the environment to find the display, the session bus and the user's profile. */
const PASSED = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|DISPLAY|WAYLAND_DISPLAY|XAUTHORITY|XDG_[A-Z_]+|DBUS_SESSION_BUS_ADDRESS|DESKTOP_SESSION|BROWSER|TMPDIR|TEMP|TMP|SYSTEMROOT|SystemRoot|WINDIR|windir|USERPROFILE|APPDATA|LOCALAPPDATA|PROGRAMFILES|ProgramFiles|COMSPEC|ComSpec|PATHEXT)$/;

export function browserEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && PASSED.test(name)) clean[name] = value;
  return clean;
}

/** A 0600 file in a fresh 0700 folder that forwards to `url` (the token stays inside the file). */
export function writeLauncher(url: string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-open-'));
  const file = join(dir, 'open-vigil.html');
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${attr}"><title>Vigil</title><script>location.replace(${target})</script>`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The opener (xdg-open, open, explorer by default). */
  command?: string;
  /** How long the launcher file lives (the browser reads it at once). */
  keepMs?: number;
  onError?: () => void;
}

export function openBrowser(url: string, options: OpenOptions = {}): { file: string } {
  const platform = options.platform ?? process.platform;
  const command = options.command ?? (platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer' : 'xdg-open');
  const launcher = writeLauncher(url);
  const child = spawn(command, [pathToFileURL(launcher.file).href], {
    stdio: 'ignore',
    detached: true,
    env: browserEnvironment(options.env ?? process.env),
  });
  child.on('error', () => options.onError?.());
  child.unref();
  setTimeout(() => launcher.remove(), options.keepMs ?? 60_000).unref();
  return { file: launcher.file };
}
