// The settings the shell acts on (notifications, start minimised, start at login, demo, privacy), read from the
// core with `settings.get` and kept current from `settings.changed`. A core without settings (an older
// build, or a failure) leaves the defaults in place and says so: the shell then changes nothing the
// user set elsewhere (it does not touch the login item, for one).
import type { ContractHandlers, Events } from '../shared/contract';
import { LANGUAGES, type Settings } from '../shared/settings';

export type ShellSettings = Pick<Settings, 'notifications' | 'startMinimized' | 'startAtLogin' | 'demo' | 'privacy' | 'language'>;

export const SHELL_DEFAULTS: Readonly<ShellSettings> = Object.freeze({
  notifications: true,
  startMinimized: false,
  startAtLogin: false,
  demo: false,
  privacy: false,
  language: 'en',
});

export interface ShellSettingsWatch {
  /** False while the core has not answered settings.get nor pushed settings.changed. */
  available(): boolean;
  current(): ShellSettings;
  onChange(listener: (settings: ShellSettings) => void): () => void;
  dispose(): void;
}

function pick(settings: Partial<Settings> | null | undefined, base: ShellSettings): ShellSettings {
  const flag = (key: Exclude<keyof ShellSettings, 'language'>) => (typeof settings?.[key] === 'boolean' ? (settings[key] as boolean) : base[key]);
  const language = LANGUAGES.includes(settings?.language as Settings['language']) ? (settings!.language as Settings['language']) : base.language;
  return { notifications: flag('notifications'), startMinimized: flag('startMinimized'), startAtLogin: flag('startAtLogin'), demo: flag('demo'), privacy: flag('privacy'), language };
}

export async function watchShellSettings(core: ContractHandlers, warn: (message: string) => void = () => {}): Promise<ShellSettingsWatch> {
  let current: ShellSettings = { ...SHELL_DEFAULTS };
  let available = false;
  const listeners = new Set<(settings: ShellSettings) => void>();
  let changedEarly = false;
  const unsubscribe = core.subscribe((event, payload) => {
    if (event !== 'settings.changed') return;
    current = pick(payload as Events['settings.changed'], current);
    available = true;
    changedEarly = true;
    for (const l of listeners) l(current);
  });
  try {
    const settings = await core.invoke('settings.get', undefined);
    if (!changedEarly) current = pick(settings, current); // a push during the call is newer
    available = true;
  } catch (error) {
    warn(`settings are not available, using the defaults: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    available: () => available,
    current: () => ({ ...current }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      unsubscribe();
      listeners.clear();
    },
  };
}
