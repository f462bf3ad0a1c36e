// Start at login (settings.startAtLogin). macOS and Windows have app.setLoginItemSettings; Linux has
// none in Electron, so there the XDG autostart entry (~/.config/autostart/vigil.desktop) is written or
// removed. An unpackaged app (development) is never registered: it would start a bare Electron.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App } from 'electron';

export interface LoginItemEnvironment {
  app: Pick<App, 'setLoginItemSettings' | 'isPackaged'>;
  platform: NodeJS.Platform;
  /** The executable to start: process.execPath, or the AppImage itself ($APPIMAGE) when run from one. */
  execPath: string;
  env: NodeJS.ProcessEnv;
  home?: string;
}

export type LoginItemResult = 'registered' | 'removed' | 'skipped';

/** Where the Linux autostart entry lives ($XDG_CONFIG_HOME/autostart/vigil.desktop). */
export function autostartFile(env: NodeJS.ProcessEnv, home = homedir()): string {
  return join(env.XDG_CONFIG_HOME?.trim() || join(home, '.config'), 'autostart', 'vigil.desktop');
}

/** One argument of a desktop entry's Exec key, quoted as the Desktop Entry Specification says. */
export function desktopExecArg(arg: string): string {
  const quoted = /[\s"'\\`$<>|&;*?#()~]/.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  // In a desktop file, `\` itself is an escape character and `%` introduces field codes.
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Vigil',
    'Comment=Crypto portfolio and market monitor',
    `Exec=${desktopExecArg(executable)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function applyStartAtLogin(enabled: boolean, environment: LoginItemEnvironment): LoginItemResult {
  const { app, platform, env } = environment;
  if (!app.isPackaged) return 'skipped';
  if (platform === 'darwin' || platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return enabled ? 'registered' : 'removed';
  }
  const file = autostartFile(env, environment.home);
  if (!enabled) {
    rmSync(file, { force: true });
    return 'removed';
  }
  const executable = env.APPIMAGE?.trim() || environment.execPath;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, autostartEntry(executable), { mode: 0o644 });
  return 'registered';
}
