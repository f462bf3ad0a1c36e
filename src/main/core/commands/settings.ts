// Settings commands: the user's preferences, validated field by field, kept through a
// SettingsPersistence, and pushed to every window as `settings.changed`.
import type { CoreCode } from '../../../shared/codes';
import { defaultChartSettings, parseChartSettings } from '../../../shared/chart-settings';
import { CommandError } from '../../../shared/contract';
import type { CodeParams } from '../../../shared/notices';
import type { EndpointName, Settings, WatchlistSort, WatchlistSortColumn } from '../../../shared/settings';
import { LANGUAGES, MAX_WATCHLIST_SORTS, WATCHLIST_SORT_COLUMNS } from '../../../shared/settings';
import { PNL_METHODS } from '../../../shared/portfolio';
import { checkEndpoint, DEFAULT_ENDPOINTS, type EndpointProblem } from '../config';
import type { CommandGroup, CoreContext } from '../core-context';
import type { SettingsPersistence } from '../store/ports';
import { isObject } from '../wire/json';

export interface SettingsDeps {
  persistence: SettingsPersistence;
  /** The settings as already read (the engine reads them once); read from `persistence` when absent. */
  initial?: Settings;
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
    pnlMethod: 'average',
    privacy: false,
    endpoints: {},
    charts: defaultChartSettings(),
    watchlistSort: {},
  };
}

type Validator<K extends keyof Settings> = (value: unknown) => Settings[K];

function boolean<K extends keyof Settings>(key: K): Validator<K> {
  return (value) => {
    if (typeof value !== 'boolean') throw new CommandError('settings.boolean', { key });
    return value as Settings[K];
  };
}

/** A refused endpoint as a code with parameters (the UI words it in the user's language). */
export function endpointProblemCode(name: EndpointName, problem: EndpointProblem): [CoreCode, CodeParams] {
  const ws = name.endsWith('Ws');
  switch (problem) {
    case 'notUrl':
      return ['settings.endpointUrl', { name }];
    case 'scheme':
      return ['settings.endpointScheme', { name, schemes: ws ? 'wss:// (ws:// only to this computer)' : 'https:// (http:// only to this computer)' }];
    case 'cleartext':
      return ['settings.endpointCleartext', { name, scheme: ws ? 'ws://' : 'http://' }];
    case 'userInfo':
      return ['settings.endpointUserInfo', { name }];
    case 'fragment':
      return ['settings.endpointFragment', { name }];
    case 'query':
      return ['settings.endpointQuery', { name }];
    case 'tooLong':
      return ['settings.endpointTooLong', { name }];
  }
}

/** An endpoint override, checked fully (see checkEndpoint in config.ts); throws CommandError. */
export function validEndpoint(name: EndpointName, value: string): string {
  const checked = checkEndpoint(name, value);
  if (!checked.ok) throw new CommandError(...endpointProblemCode(name, checked.problem));
  return checked.url;
}

const VALIDATORS: { [K in keyof Settings]: Validator<K> } = {
  language: (value) => {
    if (!LANGUAGES.includes(value as Settings['language'])) throw new CommandError('settings.language', { value: String(value).slice(0, 20) });
    return value as Settings['language'];
  },
  theme: (value) => {
    if (value !== 'dark' && value !== 'light') throw new CommandError('settings.theme');
    return value;
  },
  notifications: boolean('notifications'),
  startMinimized: boolean('startMinimized'),
  startAtLogin: boolean('startAtLogin'),
  demo: boolean('demo'),
  quoteCurrency: (value) => {
    const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (!/^[A-Z0-9]{2,20}$/.test(code)) throw new CommandError('settings.quoteCurrency');
    return code;
  },
  pnlMethod: (value) => {
    if (!PNL_METHODS.includes(value as Settings['pnlMethod'])) throw new CommandError('settings.pnlMethod');
    return value as Settings['pnlMethod'];
  },
  privacy: boolean('privacy'),
  endpoints: (value) => {
    if (!isObject(value)) throw new CommandError('request.invalid', { command: 'settings.set', field: 'endpoints' });
    const out: Settings['endpoints'] = {};
    for (const [name, url] of Object.entries(value)) {
      if (!ENDPOINT_NAMES.includes(name as EndpointName)) throw new CommandError('settings.endpointUnknown', { name: name.slice(0, 40) });
      if (typeof url !== 'string') throw new CommandError('settings.endpointUrl', { name });
      const trimmed = url.trim();
      if (trimmed) out[name as EndpointName] = validEndpoint(name as EndpointName, trimmed); // "" means the default
    }
    return out;
  },
  charts: (value) => {
    const charts = parseChartSettings(value);
    if (!charts) throw new CommandError('request.invalid', { command: 'settings.set', field: 'charts' });
    return charts;
  },
  watchlistSort: (value) => {
    if (!isObject(value)) throw new CommandError('request.invalid', { command: 'settings.set', field: 'watchlistSort' });
    const entries = Object.entries(value);
    if (entries.length > MAX_WATCHLIST_SORTS) throw new CommandError('request.invalid', { command: 'settings.set', field: 'watchlistSort' });
    const out: Record<string, WatchlistSort> = {};
    for (const [listId, sort] of entries) {
      if (listId.length === 0 || listId.length > 64) throw new CommandError('request.invalid', { command: 'settings.set', field: 'watchlistSort' });
      if (!isObject(sort) || !WATCHLIST_SORT_COLUMNS.includes(sort.column as WatchlistSortColumn) || (sort.direction !== 'asc' && sort.direction !== 'desc')) {
        throw new CommandError('request.invalid', { command: 'settings.set', field: `watchlistSort.${listId.slice(0, 40)}` });
      }
      out[listId] = { column: sort.column as WatchlistSortColumn, direction: sort.direction };
    }
    return out;
  },
};

/**
 * Checks a partial settings object: every field present must be known and valid. `endpoints`, when
 * present, replaces the whole map. Throws CommandError naming the first bad field.
 */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (!isObject(patch)) throw new CommandError('request.invalid', { command: 'settings.set', field: 'request' });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!Object.hasOwn(VALIDATORS, key)) throw new CommandError('settings.unknown', { key: key.slice(0, 40) });
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
  let current = structuredClone(deps.initial ?? loadSettings(deps.persistence.load(), defaultSettings(ctx.config.demo), (m) => ctx.log.warn(m)));
  const copy = (): Settings => structuredClone(current);

  return {
    'settings.get': () => copy(),
    'settings.set': (request) => {
      const patch = validateSettingsPatch(request);
      const next: Settings = { ...current, ...patch };
      deps.persistence.save(next);
      current = next;
      ctx.bus.publish('settings.changed', copy(), (e) => ctx.log.error(`a core service failed on new settings: ${String(e)}`));
      ctx.emit('settings.changed', copy());
      return copy();
    },
  };
}
