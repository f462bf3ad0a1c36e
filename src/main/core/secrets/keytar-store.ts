// The OS keychain through keytar: macOS Keychain, Windows Credential Manager, and the Secret
// Service (GNOME Keyring, KWallet) on Linux. keytar is loaded on first use, so a missing native
// library or an absent keychain shows up as KeychainUnavailableError, never as a crash at start.
import { KeychainUnavailableError, type SecretStore } from './secret-store';

/** The keytar functions used here (keytar's own typings describe the same). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export const KEYCHAIN_SERVICE = 'Vigil';

export interface KeytarStoreOptions {
  /** The keychain's service name; accounts are "<exchange>:<label>". */
  service?: string;
  /** How keytar is loaded (tests pass a fake). */
  load?: () => Promise<KeytarApi>;
  /**
   * How long one keychain call may take. A desktop keychain may show an unlock prompt, so this is
   * generous; a missing Secret Service fails at once.
   */
  timeoutMs?: number;
}

async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as unknown as KeytarApi & { default?: KeytarApi };
  return mod.default ?? mod;
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown error';
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly service: string;
  private api: Promise<KeytarApi> | null = null;
  private readonly load: () => Promise<KeytarApi>;
  private readonly timeoutMs: number;

  constructor(options: KeytarStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.load = options.load ?? loadKeytar;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.call((k) => k.setPassword(this.service, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    // keytar has no "list accounts": findCredentials returns the secrets too, dropped right here.
    const found = await this.call((k) => k.findCredentials(this.service));
    return found.map((c) => c.account);
  }

  /** Runs one keychain call; every failure becomes KeychainUnavailableError with a reason. */
  private async call<T>(run: (api: KeytarApi) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
      timer = setTimeout(() => reject(new Error(`no answer within ${limit}`)), this.timeoutMs);
    });
    try {
      // A failed load is forgotten, so it is tried again next time (the library may have appeared).
      this.api ??= this.load().catch((error: unknown) => {
        this.api = null;
        throw error;
      });
      const api = await Promise.race([this.api, timeout]);
      return await Promise.race([run(api), timeout]);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new KeychainUnavailableError(reasonOf(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
