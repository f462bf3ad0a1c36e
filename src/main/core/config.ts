// Everything the core needs to know about its surroundings, read once from the environment.
// Endpoints default to the exchanges' public URLs (docs/protocols.md) and can each be overridden
// (see README, "Environment").
import type { Coded } from '../../shared/notices';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MarketId } from '../../shared/model';
import { parseMarketId } from '../../shared/model';

export interface Endpoints {
  cryptomusApi: string;
  cryptomusMarket: string;
  cryptomusScales: string;
  cryptomusWs: string;
  itickWs: string;
  itickApi: string;
  coinkingWs: string;
  coinkingApi: string;
}

export const DEFAULT_ENDPOINTS: Endpoints = {
  cryptomusApi: 'https://api.cryptomus.com',
  cryptomusMarket: 'https://api-app.cryptomus.com',
  cryptomusScales: 'https://exchange-ws.cryptomus.com',
  cryptomusWs: 'wss://api-ws.cryptomus.com/ws',
  itickWs: 'wss://api.itick.org/cws',
  itickApi: 'https://api.itick.org',
  coinkingWs: 'wss://wss.coinking.pro:8090',
  coinkingApi: 'https://www.coinking.pro',
};

export const ENDPOINT_ENV: Record<keyof Endpoints, string> = {
  cryptomusApi: 'VIGIL_CRYPTOMUS_API_URL',
  cryptomusMarket: 'VIGIL_CRYPTOMUS_MARKET_URL',
  cryptomusScales: 'VIGIL_CRYPTOMUS_SCALES_URL',
  cryptomusWs: 'VIGIL_CRYPTOMUS_WS_URL',
  itickWs: 'VIGIL_ITICK_WS_URL',
  itickApi: 'VIGIL_ITICK_API_URL',
  coinkingWs: 'VIGIL_COINKING_WS_URL',
  coinkingApi: 'VIGIL_COINKING_API_URL',
};

/** Credentials live only in memory in the core; they are never logged, stored or sent to the UI. */
export interface Credentials {
  cryptomus?: { userId: string; apiKey: string };
  itick?: { token: string };
  coinking?: { token: string };
}

/** An endpoint override that was refused at load (see checkEndpoint); the core posts a notice. */
export interface RefusedEndpoint {
  name: keyof Endpoints;
  source: 'environment' | 'settings';
  problem: EndpointProblem;
}

export interface CoreConfig {
  /** The data folder (VIGIL_HOME): the database and the logs. */
  home: string;
  endpoints: Endpoints;
  /** Overrides refused at load: the defaults (or saved values) are used instead. */
  refusedEndpoints?: RefusedEndpoint[];
  /**
   * The endpoints the environment names (or the defaults), without saved settings: credentials from
   * the environment were given for these, and are bound to them (a saved override holds them back).
   */
  environmentEndpoints?: Endpoints;
  credentials: Credentials;
  /** Run against the built-in simulators instead of the real exchanges. */
  demo: boolean;
  /** Initial watchlist when none has been saved yet. */
  initialWatchlist: MarketId[];
  host: 'electron' | 'web';
  version: string;
  /** How often coalesced market frames are pushed to the UI. */
  frameIntervalMs: number;
}

export const DEMO_WATCHLIST: MarketId[] = [
  'coinking:BTC/USDT',
  'coinking:ETH/USDT',
  'coinking:SOL/USDT',
  'coinking:XRP/USDT',
  'coinking:DOGE/USDT',
  'coinking:LTC/USDT',
  'coinking:BNB/USDT',
  'coinking:ADA/USDT',
];

/** A second demo list, so the watchlist screen shows every exchange at work. */
export const DEMO_EXCHANGES_LIST: { label: Coded; markets: MarketId[] } = {
  label: { code: 'list.exchanges' },
  markets: [
    'cryptomus:BTC/USDT',
    'cryptomus:ETH/USDT',
    'cryptomus:SOL/USDT',
    'itick:BTC/USDT',
    'itick:ETH/USDT',
    'itick:XRP/USDT',
    'coinking:BTC/USDT',
    'coinking:ETH/USDT',
  ],
};

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Vigil');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Vigil');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Vigil');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Why an endpoint URL is refused, as a code: the settings command and the notice board translate it. */
export type EndpointProblem = 'notUrl' | 'scheme' | 'cleartext' | 'userInfo' | 'fragment' | 'query' | 'tooLong';

/** 127.0.0.0/8, ::1 and localhost: the only hosts a credential may travel to in cleartext. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Checks one endpoint override fully, where it is set (settings.set) and wherever it is loaded (the
 * database, the environment): a ws:/wss: URL for the WebSocket ones, http:/https: for the others;
 * cleartext (ws:, http:) only to loopback; no user name or password, no fragment ("#"), no query,
 * no white space or control characters. Returns the URL without trailing slashes, or the problem.
 */
export function checkEndpoint(name: keyof Endpoints, value: string): { ok: true; url: string } | { ok: false; problem: EndpointProblem } {
  if (value.length > 2048) return { ok: false, problem: 'tooLong' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(value)) return { ok: false, problem: 'notUrl' };
  if (value.includes('#')) return { ok: false, problem: 'fragment' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'notUrl' };
  }
  const ws = name.endsWith('Ws');
  const schemes = ws ? ['ws:', 'wss:'] : ['http:', 'https:'];
  if (!schemes.includes(url.protocol) || !url.hostname) return { ok: false, problem: 'scheme' };
  if ((url.protocol === 'ws:' || url.protocol === 'http:') && !isLoopbackHost(url.hostname)) return { ok: false, problem: 'cleartext' };
  if (url.username || url.password) return { ok: false, problem: 'userInfo' };
  if (url.search || value.includes('?')) return { ok: false, problem: 'query' };
  return { ok: true, url: value.replace(/\/+$/, '') };
}

function parseWatchlist(value: string): MarketId[] {
  const ids: MarketId[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const ref = parseMarketId(part.toUpperCase().replace(/^[A-Z]+:/, (p) => p.toLowerCase()));
    if (!ref) throw new ConfigError(`VIGIL_WATCHLIST: ${JSON.stringify(part)} is not a market id like coinking:BTC/USDT`);
    ids.push(`${ref.exchange}:${ref.base}/${ref.quote}`);
  }
  return ids;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  host: 'electron' | 'web';
  version: string;
  /** The data folder when VIGIL_HOME is not set (Electron passes app.getPath('userData')). */
  home?: string;
  /** Credentials from a source other than the environment (the keychain, in the desktop app). */
  credentials?: Credentials;
  /** Saved settings: demo mode and endpoint overrides. The environment wins over both. */
  demo?: boolean;
  endpoints?: Partial<Endpoints>;
}

export function loadConfig(options: LoadConfigOptions): CoreConfig {
  const env = options.env ?? process.env;
  const endpoints = { ...DEFAULT_ENDPOINTS };
  const fromEnvironment = { ...DEFAULT_ENDPOINTS };
  const refused: RefusedEndpoint[] = [];
  // A refused override never stops the app: it is reported and the next source (saved, then the
  // default) is used instead.
  for (const key of Object.keys(ENDPOINT_ENV) as (keyof Endpoints)[]) {
    const sources: [RefusedEndpoint['source'], string | undefined][] = [
      ['environment', env[ENDPOINT_ENV[key]]?.trim()],
      ['settings', options.endpoints?.[key]?.trim()],
    ];
    for (const [source, value] of sources) {
      if (!value) continue;
      const checked = checkEndpoint(key, value);
      if (checked.ok) {
        endpoints[key] = checked.url;
        if (source === 'environment') fromEnvironment[key] = checked.url;
        break;
      }
      refused.push({ name: key, source, problem: checked.problem });
    }
  }
  const credentials: Credentials = { ...options.credentials, ...credentialsFromEnv(env) };
  const anyCredentials = Object.keys(credentials).length > 0;
  const demo = env.VIGIL_DEMO === '1' || (env.VIGIL_DEMO !== '0' && (options.demo === true || !anyCredentials));
  const listed = env.VIGIL_WATCHLIST?.trim();
  return {
    home: env.VIGIL_HOME?.trim() || options.home || defaultHome(env),
    endpoints,
    refusedEndpoints: refused,
    environmentEndpoints: fromEnvironment,
    credentials,
    demo,
    initialWatchlist: listed ? parseWatchlist(listed) : DEMO_WATCHLIST,
    host: options.host,
    version: options.version,
    frameIntervalMs: 100,
  };
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const c: Credentials = {};
  const userId = env.VIGIL_CRYPTOMUS_USER_ID?.trim();
  const apiKey = env.VIGIL_CRYPTOMUS_API_KEY?.trim();
  if (userId && apiKey) c.cryptomus = { userId, apiKey };
  const itick = env.VIGIL_ITICK_TOKEN?.trim();
  if (itick) c.itick = { token: itick };
  const coinking = env.VIGIL_COINKING_TOKEN?.trim();
  if (coinking) c.coinking = { token: coinking };
  return c;
}
