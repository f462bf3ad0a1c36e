// Secrets: where credentials are kept (SecretStore: the OS keychain or memory) and the vault that
// keeps each exchange's credentials there and reports only their status.
export { KeychainUnavailableError, MemorySecretStore, type SecretStore } from './secret-store';
export { KEYCHAIN_SERVICE, KeytarSecretStore, type KeytarApi, type KeytarStoreOptions } from './keytar-store';
export {
  CredentialVault,
  keychainMessage,
  maskedHint,
  validateCredentialFields,
  type CredentialFields,
  type VaultOptions,
} from './vault';
