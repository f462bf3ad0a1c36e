// Settings commands: the user's preferences, validated field by field, kept through a
// SettingsPersistence, and pushed to every window as `settings.changed`.
import { CommandError } from '../../../shared/contract';
import type { EndpointName, Settings } from '../../../shared/settings';
import { LANGUAGES } from '../../../shared/settings';
import { checkEndpoint, DEFAULT_ENDPOINTS, type EndpointProblem } from '../config';
import type { CommandGroup, CoreContext } from '../context';
import type { SettingsPersistence } from '../store/ports';
import { isObject } from '../wire/json';

export interface SettingsDeps {
  persistence: SettingsPersistence;
}

export const ENDPOINT_NAMES = Object.keys(DEFAULT_ENDPOINTS) as EndpointName[];

export function defaultSettings(demo: boolean): Settings {
  return {
    language: 'en',
    theme: 'dark',
    notifications: true,
    startMinimized: false,
    startAtLogin: false,
    demo,
    quoteCurrency: 'USDT',
    endpoints: {},
  };
}

type Validator<K extends keyof Settings> = (value: unknown) => Settings[K];

function boolean<K extends keyof Settings>(key: K): Validator<K> {
  return (value) => {
    if (typeof value !== 'boolean') throw new CommandError(`${key} is true or false.`);
    return value as Settings[K];
  };
}

const ENDPOINT_PROBLEMS: Record<EndpointProblem, (name: EndpointName) => string> = {
  notUrl: (name) => `endpoints.${name} is not a URL.`,
  scheme: (name) => `endpoints.${name} must start with ${name.endsWith('Ws') ? 'wss:// (or ws://' : 'https:// (or http://'} to this computer).`,
  cleartext: (name) => `endpoints.${name}: ${name.endsWith('Ws') ? 'ws://' : 'http://'} (unencrypted) is allowed only to this computer (127.0.0.1, localhost).`,
  userInfo: (name) => `endpoints.${name} must not contain a user name or password.`,
  fragment: (name) => `endpoints.${name} must not contain "#".`,
  query: (name) => `endpoints.${name} must not contain a query ("?").`,
  tooLong: (name) => `endpoints.${name} is too long.`,
};

/** An endpoint override, checked fully (see checkEndpoint in config.ts); throws CommandError. */
export function validEndpoint(name: EndpointName, value: string): string {
  const checked = checkEndpoint(name, value);
  if (!checked.ok) throw new CommandError(ENDPOINT_PROBLEMS[checked.problem](name));
  return checked.url;
}

const VALIDATORS: { [K in keyof Settings]: Validator<K> } = {
  language: (value) => {
    if (!LANGUAGES.includes(value as Settings['language'])) throw new CommandError(`language is one of ${LANGUAGES.join(', ')}.`);
    return value as Settings['language'];
  },
  theme: (value) => {
    if (value !== 'dark' && value !== 'light') throw new CommandError('theme is "dark" or "light".');
    return value;
  },
  notifications: boolean('notifications'),
  startMinimized: boolean('startMinimized'),
  startAtLogin: boolean('startAtLogin'),
  demo: boolean('demo'),
  quoteCurrency: (value) => {
    const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (!/^[A-Z0-9]{2,20}$/.test(code)) throw new CommandError('quoteCurrency is an asset code such as USDT.');
    return code;
  },
  endpoints: (value) => {
    if (!isObject(value)) throw new CommandError('endpoints maps endpoint names to URLs.');
    const out: Settings['endpoints'] = {};
    for (const [name, url] of Object.entries(value)) {
      if (!ENDPOINT_NAMES.includes(name as EndpointName)) throw new CommandError(`Unknown endpoint "${name}"; known: ${ENDPOINT_NAMES.join(', ')}.`);
      if (typeof url !== 'string') throw new CommandError(`endpoints.${name} is a URL, or "" for the default.`);
      const trimmed = url.trim();
      if (trimmed) out[name as EndpointName] = validEndpoint(name as EndpointName, trimmed); // "" means the default
    }
    return out;
  },
};

/**
 * Checks a partial settings object: every field present must be known and valid. `endpoints`, when
 * present, replaces the whole map. Throws CommandError naming the first bad field.
 */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (!isObject(patch)) throw new CommandError('Expected an object of settings.');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!Object.hasOwn(VALIDATORS, key)) throw new CommandError(`Unknown setting "${key}".`);
    out[key] = (VALIDATORS[key as keyof Settings] as (v: unknown) => unknown)(value);
  }
  return out as Partial<Settings>;
}

/** Saved settings over the defaults; a saved field that is no longer valid falls back to its default. */
export function loadSettings(saved: Partial<Settings> | null, defaults: Settings, warn: (message: string) => void): Settings {
  const settings = { ...defaults };
  for (const [key, value] of Object.entries(saved ?? {})) {
    if (!Object.hasOwn(VALIDATORS, key)) continue; // from another version: ignored
    try {
      (settings as Record<string, unknown>)[key] = (VALIDATORS[key as keyof Settings] as (v: unknown) => unknown)(value);
    } catch (error) {
      warn(`saved setting "${key}" is not valid (${error instanceof Error ? error.message : String(error)}); using the default`);
    }
  }
  return settings;
}

export function settingsCommands(ctx: CoreContext, deps: SettingsDeps): CommandGroup {
  let current = loadSettings(deps.persistence.load(), defaultSettings(ctx.config.demo), (m) => ctx.log.warn(m));
  const copy = (): Settings => structuredClone(current);

  return {
    'settings.get': () => copy(),
    'settings.set': (request) => {
      const patch = validateSettingsPatch(request);
      const next: Settings = { ...current, ...patch };
      deps.persistence.save(next);
      current = next;
      ctx.emit('settings.changed', copy());
      return copy();
    },
  };
}
