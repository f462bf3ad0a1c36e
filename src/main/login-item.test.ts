import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, autostartEntry, autostartFile, desktopExecArg } from './login-item';

function environment(platform: NodeJS.Platform, packaged = true, env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), 'vigil-login-'));
  const app = { isPackaged: packaged, setLoginItemSettings: vi.fn() };
  return { app, home, env: { XDG_CONFIG_HOME: join(home, 'config'), ...env }, platform, execPath: '/opt/Vigil/vigil' };
}

describe('start at login', () => {
  it.each(['darwin', 'win32'] as const)('on %s uses the login item settings', (platform) => {
    const e = environment(platform);
    expect(applyStartAtLogin(true, e)).toBe('registered');
    expect(applyStartAtLogin(false, e)).toBe('removed');
    expect(e.app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
  });

  it('on Linux writes and removes the XDG autostart entry', () => {
    const e = environment('linux');
    const file = join(e.env.XDG_CONFIG_HOME!, 'autostart', 'vigil.desktop');
    expect(autostartFile(e.env, e.home)).toBe(file);
    expect(applyStartAtLogin(true, e)).toBe('registered');
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry('/opt/Vigil/vigil'));
    expect(readFileSync(file, 'utf8')).toContain('\nExec=/opt/Vigil/vigil\n');
    expect(applyStartAtLogin(false, e)).toBe('removed');
    expect(existsSync(file)).toBe(false);
    expect(applyStartAtLogin(false, e)).toBe('removed'); // nothing there: still fine
    expect(e.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('run from an AppImage, starts the AppImage (the mounted executable changes every run)', () => {
    const e = environment('linux', true, { APPIMAGE: '/home/u/Apps/Vigil 0.1.0.AppImage' });
    applyStartAtLogin(true, e);
    expect(readFileSync(autostartFile(e.env, e.home), 'utf8')).toContain('\nExec="/home/u/Apps/Vigil 0.1.0.AppImage"\n');
  });

  it('an unpackaged app (development) is never registered', () => {
    const e = environment('linux', false);
    expect(applyStartAtLogin(true, e)).toBe('skipped');
    expect(existsSync(autostartFile(e.env, e.home))).toBe(false);
    const mac = environment('darwin', false);
    expect(applyStartAtLogin(true, mac)).toBe('skipped');
    expect(mac.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes Exec arguments as the desktop entry specification says', () => {
    expect(desktopExecArg('/usr/bin/vigil')).toBe('/usr/bin/vigil');
    expect(desktopExecArg('/opt/My Apps/vigil')).toBe('"/opt/My Apps/vigil"');
    expect(desktopExecArg('/opt/a"b$c`d\\e')).toBe('"/opt/a\\\\"b\\\\$c\\\\`d\\\\\\\\e"');
    expect(desktopExecArg('/opt/100%/vigil')).toBe('/opt/100%%/vigil');
  });
});
