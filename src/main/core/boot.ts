// The boot sequence, once for both hosts (the desktop shell and `npm run web`): data folder →
// stores → saved settings → config → credentials → logger → core. Each host only adds what is its
// own: where credentials are kept, and how a failure is shown (a native dialog, an exit code).
import type { Settings } from '../../shared/settings';
import { defaultSettings, loadSettings } from './commands/settings';
import { loadConfig, type CoreConfig } from './config';
import type { Core } from './core';
import { createCore, type CoreOptions } from './create-core';
import type { Logger } from './log';
import { createAppLogger, credentialSecrets, type AppLogger } from './logging';
import { CredentialVault, type SecretStore } from './secrets';
import { openStoresOrMemory } from './store/open';
import type { Stores } from './store/ports';

export interface BootOptions {
  host: CoreConfig['host'];
  version: string;
  /** The data folder (VIGIL_HOME wins over it, as everywhere). */
  home: string;
  /** Where messages go until the data folder's log file is open. */
  log: Logger;
  /**
   * Where the user's credentials are kept (the OS keychain on the desktop). Without it, credentials
   * come from the environment only and live for this session (the web host).
   */
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** Passed on to the core (tests: a seed, a clock). */
  core?: Pick<CoreOptions, 'demoSeed' | 'clock' | 'modules'>;
}

export interface Booted {
  core: Core;
  config: CoreConfig;
  stores: Stores;
  /** The log file of the data folder, with every credential of this run redacted. */
  log: AppLogger;
  /** Why the database could not be opened (this session keeps its data in memory), or null. */
  storeProblem: string | null;
  /** Closes the stores and the log: after `core.stop()` (adapters save their last candles while stopping). */
  close(): void;
}

/**
 * Boots the core, not yet started. Throws HomeLockedError when another process owns the data folder
 * and ConfigError for an unusable configuration; nothing is left open when it throws.
 */
export async function bootCore(options: BootOptions): Promise<Booted> {
  const env = options.env ?? process.env;
  const home = env.VIGIL_HOME?.trim() || options.home;
  const opened = openStoresOrMemory(home, options.log);
  const { stores } = opened;
  try {
    // Read once: the config needs demo mode and the endpoint overrides, the core the rest.
    const stored = stores.settings.load();
    const saved = loadSettings(stored, defaultSettings(false), (m) => options.log.warn(m));
    const vault = options.secrets ? new CredentialVault(options.secrets, { log: options.log }) : undefined;
    // A keychain failure is reported in Settings, never thrown.
    const kept = vault ? await vault.load() : undefined;
    const config = loadConfig({ env, host: options.host, version: options.version, home, credentials: kept, demo: saved.demo, endpoints: saved.endpoints });
    if (vault) {
      // Keychain credentials entered for other endpoints are held back; environment ones come with theirs.
      vault.useEndpoints(config.endpoints);
      // Environment credentials show as this session's only, bound to the environment's endpoints.
      vault.adopt(config.credentials, config.environmentEndpoints);
    }
    const log = createAppLogger({ home: config.home, secrets: credentialSecrets(config.credentials) });
    // Never saved yet: demo mode is what this run decided (no credentials anywhere means demo).
    const settings: Settings = typeof stored?.demo === 'boolean' ? saved : { ...saved, demo: config.demo };
    const core = createCore(config, { ...options.core, log, stores, vault, settings, notices: opened.notices });
    return {
      core,
      config,
      stores,
      log,
      storeProblem: opened.problem,
      close() {
        stores.close();
        log.close();
      },
    };
  } catch (error) {
    stores.close(); // releases the folder lock for the next try
    throw error;
  }
}
