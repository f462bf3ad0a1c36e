// Where secrets are kept: the OS keychain (keytar-store.ts) or, for tests and sessions without a
// keychain, memory. A store keeps opaque strings under account names and never logs them.

export interface SecretStore {
  /** 'keychain': survives restarts in the OS keychain. 'memory': gone when the process ends. */
  readonly kind: 'keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when there was something to delete. */
  delete(account: string): Promise<boolean>;
  /** The accounts that hold a secret (the names only). */
  accounts(): Promise<string[]>;
}

/** The keychain cannot be reached (no Secret Service on D-Bus, locked, denied, library missing). */
export class KeychainUnavailableError extends Error {
  override name = 'KeychainUnavailableError';

  constructor(readonly reason: string) {
    super(`The OS keychain is unavailable: ${reason}`);
  }
}

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  /** Tests may let it stand in for a working keychain (`kind: 'keychain'`). */
  constructor(readonly kind: SecretStore['kind'] = 'memory') {}

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  async accounts(): Promise<string[]> {
    return [...this.secrets.keys()];
  }
}
