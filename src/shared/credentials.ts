// Credentials as the contract carries them: the fields each exchange takes (inward only) and each
// exchange's credential status (never a secret).
import type { ExchangeId } from './model';
import type { Coded } from './notices';

/** The credential fields each exchange takes. Write-only: they go in, never come back. */
export const CREDENTIAL_FIELDS: Record<ExchangeId, readonly string[]> = {
  cryptomus: ['userId', 'apiKey'],
  itick: ['token'],
  coinking: ['token'],
};

export interface CredentialStatus {
  exchange: ExchangeId;
  configured: boolean;
  /** A masked hint such as "…9f3a", never the secret. */
  hint: string | null;
  /** 'keychain' when stored in the OS keychain, 'session' when kept only until the app quits. */
  storage: 'keychain' | 'session' | null;
  /** Why the keychain could not be used, or the last connection error for these credentials (a code). */
  lastError: Coded | null;
  /**
   * Set when the credentials are held back: the exchange's endpoints are not the ones they were
   * entered for (code "credentials.endpointChanged", params.origins: the new origins). Nothing is
   * sent until the user enters them again.
   */
  heldBack: Coded | null;
  /** True while this exchange runs against its built-in simulator (demo mode): no key of the user's is in use. */
  demo?: boolean;
}

export interface CredentialsInput {
  exchange: ExchangeId;
  /** Field name → value, per CREDENTIAL_FIELDS. */
  fields: Record<string, string>;
}
