// The user's exchange credentials: one JSON secret per exchange in a SecretStore (the OS keychain),
// mirrored in memory for the core. What leaves the vault toward the UI is a CredentialStatus:
// configured or not, a masked hint, where it is kept, and the last error; never a secret. When the
// keychain cannot be used, credentials are kept in memory for this session, and the status says so.
import { coded } from '../../../shared/codes';
import type { CodeParams, Coded } from '../../../shared/notices';
import { CommandError } from '../../../shared/contract';
import type { ExchangeId } from '../../../shared/model';
import { EXCHANGES } from '../../../shared/model';
import type { CredentialStatus } from '../../../shared/settings';
import { CREDENTIAL_FIELDS } from '../../../shared/settings';
import type { Credentials } from '../config';
import type { Logger } from '../log';
import { isObject, parseJson } from '../wire/json';
import { KeychainUnavailableError, type SecretStore } from './secret-store';

export type CredentialFields = Record<string, string>;

/** The field the masked hint is taken from: the API key or token. */
const SECRET_FIELD: Record<ExchangeId, string> = { cryptomus: 'apiKey', itick: 'token', coinking: 'token' };

export const EXCHANGE_NAMES: Record<ExchangeId, string> = { cryptomus: 'Cryptomus', itick: 'iTick', coinking: 'CoinKing' };

const MAX_FIELD_LENGTH = 512;

/**
 * Checks one exchange's fields against CREDENTIAL_FIELDS: exactly those names, each a non-empty
 * string of printable characters (surrounding white space, as pasted, is trimmed). Messages name
 * the field, never its value.
 */
export function validateCredentialFields(exchange: ExchangeId, fields: unknown): CredentialFields {
  const names = CREDENTIAL_FIELDS[exchange];
  const name = EXCHANGE_NAMES[exchange];
  if (!isObject(fields)) throw new CommandError('credentials.fieldsNeeded', { exchange: name, fields: names.join(', ') });
  const unknown = Object.keys(fields).filter((k) => !names.includes(k));
  if (unknown.length) throw new CommandError('credentials.fieldsUnknown', { exchange: name, fields: unknown.join(', ').slice(0, 100) });
  const clean: CredentialFields = {};
  for (const field of names) {
    const value = fields[field];
    if (typeof value !== 'string' || value.trim() === '') throw new CommandError('credentials.fieldRequired', { exchange: name, field });
    const trimmed = value.trim();
    if (trimmed.length > MAX_FIELD_LENGTH) throw new CommandError('credentials.fieldTooLong', { exchange: name, field, max: MAX_FIELD_LENGTH });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\s]/.test(trimmed)) throw new CommandError('credentials.fieldInvalid', { exchange: name, field });
    clean[field] = trimmed;
  }
  return clean;
}

/** "…9f3a": the last four characters, only when the secret is long enough to spare them. */
export function maskedHint(secret: string): string {
  return secret.length >= 12 ? `…${secret.slice(-4)}` : '…';
}

export function keychainMessage(reason: string): string {
  return `The OS keychain is unavailable (${reason}): credentials are kept for this session only.`;
}

/** The same, as the code the UI shows. */
export function keychainNotice(reason: string): Coded {
  return coded('credentials.keychain', { detail: reason });
}

interface Entry {
  fields: CredentialFields;
  storage: 'keychain' | 'session';
}

export interface VaultOptions {
  log: Logger;
  /** The account label: accounts are "<exchange>:<label>". */
  label?: string;
}

export class CredentialVault {
  private readonly entries = new Map<ExchangeId, Entry>();
  private readonly connectionErrors = new Map<ExchangeId, Coded>();
  /** Why the keychain last failed; null while it works (or has not been tried). */
  private keychainReason: string | null = null;
  private readonly log: Logger;
  private readonly label: string;

  constructor(
    private readonly store: SecretStore,
    options: VaultOptions,
  ) {
    this.log = options.log;
    this.label = options.label ?? 'default';
  }

  account(exchange: ExchangeId): string {
    return `${exchange}:${this.label}`;
  }

  /** Reads every exchange's saved credentials (at start). A keychain failure is reported, not thrown. */
  async load(): Promise<Credentials> {
    for (const exchange of EXCHANGES) {
      let raw: string | null;
      try {
        raw = await this.store.get(this.account(exchange));
      } catch (error) {
        this.keychainFailed(error);
        return this.credentials();
      }
      if (raw === null) continue;
      const parsed = parseJson(raw);
      let fields: CredentialFields | null;
      try {
        fields = parsed.ok ? validateCredentialFields(exchange, parsed.value) : null;
      } catch {
        fields = null;
      }
      if (!fields) {
        this.log.warn(`the saved ${EXCHANGE_NAMES[exchange]} credentials are unreadable and are ignored; enter them again in Settings`);
        continue;
      }
      this.entries.set(exchange, { fields, storage: this.storage() });
    }
    this.keychainOk();
    return this.credentials();
  }

  /**
   * Takes credentials that came from elsewhere (environment variables) as session credentials,
   * for the exchanges the vault has none for. They are not written to the keychain.
   */
  adopt(credentials: Credentials): void {
    for (const exchange of EXCHANGES) {
      const c = credentials[exchange] as CredentialFields | undefined;
      if (!c || this.entries.has(exchange)) continue;
      this.entries.set(exchange, { fields: { ...c }, storage: 'session' });
    }
  }

  /** Stores an exchange's credentials (validated), in the keychain when it can. */
  async set(exchange: ExchangeId, input: unknown): Promise<CredentialStatus> {
    const fields = validateCredentialFields(exchange, input);
    let storage: Entry['storage'] = 'session';
    try {
      await this.store.set(this.account(exchange), JSON.stringify(fields));
      storage = this.storage();
      this.keychainOk();
    } catch (error) {
      this.keychainFailed(error, fields);
    }
    this.entries.set(exchange, { fields, storage });
    this.connectionErrors.delete(exchange);
    return this.status(exchange);
  }

  /** Forgets an exchange's credentials, in memory and in the keychain. */
  async remove(exchange: ExchangeId): Promise<CredentialStatus> {
    const had = this.entries.get(exchange);
    this.entries.delete(exchange);
    this.connectionErrors.delete(exchange);
    try {
      await this.store.delete(this.account(exchange));
      this.keychainOk();
    } catch (error) {
      this.keychainFailed(error, had?.fields);
    }
    return this.status(exchange);
  }

  has(exchange: ExchangeId): boolean {
    return this.entries.has(exchange);
  }

  /** The credentials for the core's adapters. Only for the core: never send them to the UI. */
  credentials(): Credentials {
    const out: Record<string, CredentialFields> = {};
    for (const [exchange, entry] of this.entries) out[exchange] = { ...entry.fields };
    return out as Credentials;
  }

  credentialsFor<E extends ExchangeId>(exchange: E): NonNullable<Credentials[E]> | null {
    const entry = this.entries.get(exchange);
    return entry ? ({ ...entry.fields } as unknown as NonNullable<Credentials[E]>) : null;
  }

  /** Records (or clears, with null) the exchange's last connection error; true when it changed. */
  setConnectionError(exchange: ExchangeId, message: Coded | null): boolean {
    const before = this.connectionErrors.get(exchange) ?? null;
    const after = message === null ? null : this.redactCoded(message);
    if (JSON.stringify(before) === JSON.stringify(after)) return false;
    if (after === null) this.connectionErrors.delete(exchange);
    else this.connectionErrors.set(exchange, after);
    return true;
  }

  status(exchange: ExchangeId): CredentialStatus {
    const entry = this.entries.get(exchange);
    const keychain = this.keychainReason === null ? null : keychainNotice(this.keychainReason);
    if (!entry) return { exchange, configured: false, hint: null, storage: null, lastError: keychain };
    const connection = this.connectionErrors.get(exchange) ?? null;
    return {
      exchange,
      configured: true,
      hint: maskedHint(entry.fields[SECRET_FIELD[exchange]] ?? ''),
      storage: entry.storage,
      lastError: connection ?? (entry.storage === 'session' ? keychain : null),
    };
  }

  statuses(): CredentialStatus[] {
    return EXCHANGES.map((e) => this.status(e));
  }

  private storage(): Entry['storage'] {
    return this.store.kind === 'keychain' ? 'keychain' : 'session';
  }

  private keychainOk(): void {
    if (this.keychainReason === null) return;
    this.keychainReason = null;
    this.log.info('the OS keychain is available again');
  }

  private keychainFailed(error: unknown, fields?: CredentialFields): void {
    const raw = error instanceof KeychainUnavailableError ? error.reason : error instanceof Error ? error.message : String(error);
    const reason = this.redact(raw, fields);
    if (this.keychainReason !== reason) this.log.warn(keychainMessage(reason));
    this.keychainReason = reason;
  }

  /** Takes every known secret value out of a message before it is shown or logged. */
  /** Every text parameter redacted, nested messages included, so no parameter can carry a secret out. */
  private redactCoded(message: Coded): Coded {
    if (!message.params) return message;
    const params: CodeParams = {};
    for (const [k, v] of Object.entries(message.params)) {
      params[k] = typeof v === 'string' ? this.redact(v) : v !== null && typeof v === 'object' ? this.redactCoded(v) : v;
    }
    return { code: message.code, params };
  }

  private redact(message: string, extra?: CredentialFields): string {
    let out = message;
    const values = [...this.entries.values()].flatMap((e) => Object.values(e.fields)).concat(Object.values(extra ?? {}));
    for (const v of values) if (v.length >= 4) out = out.split(v).join('***');
    return out;
  }
}
