// The user's exchange credentials: one JSON secret per account in a SecretStore (the OS keychain),
// under "<exchange>:<label>", mirrored in memory for the core. Each exchange's credentials section
// is its main account ("<exchange>:main"); further accounts (sub-accounts) carry their own labels.
// Entries of the single-account builds ("<exchange>:default") become the main account at load. What leaves the vault toward the UI is a CredentialStatus:
// configured or not, a masked hint, where it is kept, and the last error; never a secret. When the
// keychain cannot be used, credentials are kept in memory for this session, and the status says so.
//
// Each credential is bound to the origins of the exchange's endpoints it was entered for (kept with
// it in the keychain, never in settings or the database). When the endpoints change (a setting, an
// edited database, an environment variable), the credential is held back: the core sends it nowhere
// until the user enters it again (or, in the desktop app, confirms the new origins in a native
// dialog of the shell, never through a command the page can send).
import { coded } from '../../../shared/codes';
import type { CodeParams, Coded } from '../../../shared/notices';
import { CommandError } from '../../../shared/contract';
import type { ExchangeId } from '../../../shared/model';
import { EXCHANGE_NAMES, EXCHANGES } from '../../../shared/model';
import type { CredentialStatus } from '../../../shared/credentials';
import { CREDENTIAL_FIELDS } from '../../../shared/credentials';
import { ACCOUNT_LABEL_MAX, MAIN_ACCOUNT, MAX_EXTRA_ACCOUNTS, checkAccountLabel, type AccountStatus } from '../../../shared/accounts';
import { DEFAULT_ENDPOINTS, type Credentials, type Endpoints } from '../config';
import type { Logger } from '../log';
import { isObject, parseJson } from '../wire/json';
import { KeychainUnavailableError, type SecretStore } from './secret-store';

export type CredentialFields = Record<string, string>;

/** The field the masked hint is taken from: the API key or token. */
const SECRET_FIELD: Record<ExchangeId, string> = { cryptomus: 'apiKey', itick: 'token', coinking: 'token' };

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
  /** The origins of the exchange's endpoints the credential was entered for, sorted. */
  origins: string[];
}

/** How a credential is kept in the keychain: its fields and the origins it is bound to. */
interface Saved {
  v: 2;
  fields: CredentialFields;
  origins: string[];
}

/** The origins (scheme, host, port) of an exchange's endpoints, sorted and without repeats. */
export function endpointOrigins(exchange: ExchangeId, endpoints: Endpoints): string[] {
  const origins = new Set<string>();
  for (const [name, url] of Object.entries(endpoints)) {
    if (!name.startsWith(exchange)) continue;
    try {
      origins.add(new URL(url).origin);
    } catch {
      origins.add(`invalid:${url}`); // never equal to a bound origin
    }
  }
  return [...origins].sort();
}

const sameOrigins = (a: string[], b: string[]) => a.length === b.length && a.every((o, i) => o === b[i]);

export interface VaultOptions {
  log: Logger;
}

/** Where the single-account builds kept an exchange's credentials; moved to the main account at load. */
export const LEGACY_LABEL = 'default';

/** The keychain entry of one account. */
export const accountKey = (exchange: ExchangeId, label: string): string => `${exchange}:${label}`;

/** An account beside the main one: its own entry, bound to the origins it was entered for. */
interface ExtraEntry extends Entry {
  exchange: ExchangeId;
  label: string;
}

export class CredentialVault {
  private readonly entries = new Map<ExchangeId, Entry>();
  private readonly connectionErrors = new Map<ExchangeId, Coded>();
  /** Why the keychain last failed; null while it works (or has not been tried). */
  private keychainReason: string | null = null;
  private readonly log: Logger;
  /** Accounts beside each exchange's main one, by "<exchange>:<label>", in the order added. */
  private readonly extras = new Map<string, ExtraEntry>();
  /** The endpoints this run uses; credentials bound to other origins are held back. */
  private endpoints: Endpoints = DEFAULT_ENDPOINTS;

  constructor(
    private readonly store: SecretStore,
    options: VaultOptions,
  ) {
    this.log = options.log;
  }

  /** The keychain entry of the exchange's main account. */
  account(exchange: ExchangeId): string {
    return accountKey(exchange, MAIN_ACCOUNT);
  }

  /** The endpoints of this run: what new credentials are bound to and stored ones are checked against. */
  useEndpoints(endpoints: Endpoints): void {
    this.endpoints = { ...endpoints };
  }

  /** The origins stored credentials were entered for differ from this run's: they are not sent. */
  heldBack(exchange: ExchangeId): boolean {
    const entry = this.entries.get(exchange);
    return entry !== undefined && !sameOrigins(entry.origins, endpointOrigins(exchange, this.endpoints));
  }

  /** Whether the exchange's credentials may be sent to these endpoints (the ones they were entered for). */
  allows(exchange: ExchangeId, endpoints: Endpoints): boolean {
    const entry = this.entries.get(exchange);
    return entry !== undefined && sameOrigins(entry.origins, endpointOrigins(exchange, endpoints));
  }

  /**
   * The user confirmed, in the desktop shell's native dialog, that the held-back credentials may go
   * to this run's endpoints: they are bound to them from now on. Not reachable from the page.
   */
  async confirmEndpoints(exchange: ExchangeId): Promise<CredentialStatus> {
    const entry = this.entries.get(exchange);
    if (!entry) return this.status(exchange);
    entry.origins = endpointOrigins(exchange, this.endpoints);
    if (entry.storage === 'keychain') {
      try {
        await this.store.set(this.account(exchange), this.serialise(entry));
      } catch (error) {
        this.keychainFailed(error, entry.fields);
      }
    }
    return this.status(exchange);
  }

  /** Reads every exchange's saved credentials (at start). A keychain failure is reported, not thrown. */
  async load(): Promise<Credentials> {
    for (const exchange of EXCHANGES) {
      let raw: string | null;
      try {
        raw = (await this.store.get(this.account(exchange))) ?? (await this.migrateLegacy(exchange));
      } catch (error) {
        this.keychainFailed(error);
        return this.credentials();
      }
      if (raw === null) continue;
      const saved = this.deserialise(exchange, raw);
      if (!saved) {
        this.log.warn(`the saved ${EXCHANGE_NAMES[exchange]} credentials are unreadable and are ignored; enter them again in Settings`);
        continue;
      }
      this.entries.set(exchange, { ...saved, storage: this.storage() });
    }
    try {
      await this.loadExtras();
    } catch (error) {
      this.keychainFailed(error);
      return this.credentials();
    }
    this.keychainOk();
    return this.credentials();
  }

  /**
   * A single-account build kept the exchange's credentials under "<exchange>:default": they become
   * the main account (written under the new name first, so a failure in between loses nothing).
   */
  private async migrateLegacy(exchange: ExchangeId): Promise<string | null> {
    const legacy = accountKey(exchange, LEGACY_LABEL);
    const raw = await this.store.get(legacy);
    if (raw === null) return null;
    await this.store.set(this.account(exchange), raw);
    await this.store.delete(legacy);
    this.log.info(`the saved ${EXCHANGE_NAMES[exchange]} credentials are now its main account`);
    return raw;
  }

  /** The further accounts in the keychain: names listed, labels checked, at most MAX_EXTRA_ACCOUNTS each. */
  private async loadExtras(): Promise<void> {
    const names = await this.store.accounts();
    for (const exchange of EXCHANGES) {
      const taken = [MAIN_ACCOUNT, LEGACY_LABEL];
      for (const name of names.filter((n) => n.startsWith(`${exchange}:`)).sort()) {
        const checked = checkAccountLabel(name.slice(exchange.length + 1), taken);
        if (!('label' in checked) || taken.length - 2 >= MAX_EXTRA_ACCOUNTS) continue;
        const raw = await this.store.get(name);
        const saved = raw === null ? null : this.deserialise(exchange, raw);
        if (!saved) {
          this.log.warn(`the saved ${EXCHANGE_NAMES[exchange]} account "${checked.label}" is unreadable and is ignored`);
          continue;
        }
        taken.push(checked.label);
        this.extras.set(name, { ...saved, storage: this.storage(), exchange, label: checked.label });
      }
    }
  }

  /** The labels of the exchange's accounts beside the main one, in the order added. */
  labels(exchange: ExchangeId): string[] {
    return [...this.extras.values()].filter((e) => e.exchange === exchange).map((e) => e.label);
  }

  /**
   * Adds an account beside the exchange's main one. It is bound to the origins of `runningOn`, the
   * endpoints the exchange runs on now; `persist: false` (a demo account on the simulator) keeps it
   * for this session only. Label and fields are checked totally; errors are codes.
   */
  async addAccount(exchange: ExchangeId, label: unknown, input: unknown, runningOn: Endpoints, persist: boolean): Promise<AccountStatus> {
    if (this.labels(exchange).length >= MAX_EXTRA_ACCOUNTS) throw new CommandError('account.tooMany', { exchange: EXCHANGE_NAMES[exchange], max: MAX_EXTRA_ACCOUNTS });
    const checked = checkAccountLabel(label, [MAIN_ACCOUNT, LEGACY_LABEL, ...this.labels(exchange)]);
    if ('problem' in checked) throw new CommandError(checked.problem, { exchange: EXCHANGE_NAMES[exchange], max: ACCOUNT_LABEL_MAX });
    const fields = validateCredentialFields(exchange, input);
    const origins = endpointOrigins(exchange, runningOn);
    let storage: Entry['storage'] = 'session';
    if (persist) {
      try {
        await this.store.set(accountKey(exchange, checked.label), this.serialise({ fields, origins }));
        storage = this.storage();
        this.keychainOk();
      } catch (error) {
        this.keychainFailed(error, fields);
      }
    }
    const entry: ExtraEntry = { fields, storage, origins, exchange, label: checked.label };
    this.extras.set(accountKey(exchange, checked.label), entry);
    return this.accountStatus(entry);
  }

  /** Forgets an added account, in the keychain first (a refused delete forgets nothing, as `remove`). */
  async removeAccount(exchange: ExchangeId, label: string): Promise<void> {
    const key = accountKey(exchange, label);
    const entry = this.extras.get(key);
    if (!entry) throw new CommandError('account.notFound', { exchange: EXCHANGE_NAMES[exchange], label: String(label).slice(0, 40) });
    if (entry.storage === 'keychain') {
      try {
        await this.store.delete(key);
        this.keychainOk();
      } catch (error) {
        this.keychainFailed(error, entry.fields);
        throw new CommandError('credentials.deleteRefused', { exchange: EXCHANGE_NAMES[exchange], detail: this.keychainReason ?? '-' });
      }
    }
    this.extras.delete(key);
  }

  /**
   * An added account's fields, only when `endpoints` are the ones it was entered for (else null:
   * held back). Only for the core's account sessions: never send them to the UI.
   */
  accountCredentials(exchange: ExchangeId, label: string, endpoints: Endpoints): CredentialFields | null {
    const entry = this.extras.get(accountKey(exchange, label));
    return entry && sameOrigins(entry.origins, endpointOrigins(exchange, endpoints)) ? { ...entry.fields } : null;
  }

  /** An added account as the UI sees it; the engine fills in its link state. */
  accountStatus(entry: { exchange: ExchangeId; label: string }): AccountStatus {
    const e = this.extras.get(accountKey(entry.exchange, entry.label));
    return {
      exchange: entry.exchange,
      label: entry.label,
      hint: maskedHint(e?.fields[SECRET_FIELD[entry.exchange]] ?? ''),
      storage: e?.storage ?? 'session',
      link: 'pending',
      problem: null,
      demo: false,
    };
  }

  /** Every added account, exchange by exchange. */
  accounts(): { exchange: ExchangeId; label: string }[] {
    return EXCHANGES.flatMap((exchange) => this.labels(exchange).map((label) => ({ exchange, label })));
  }

  /**
   * Takes credentials that came from elsewhere (environment variables) as session credentials,
   * for the exchanges the vault has none for, bound to `boundTo` (the endpoints that came with
   * them). They are not written to the keychain.
   */
  adopt(credentials: Credentials, boundTo: Endpoints = this.endpoints): void {
    for (const exchange of EXCHANGES) {
      const c = credentials[exchange] as CredentialFields | undefined;
      if (!c || this.entries.has(exchange)) continue;
      this.entries.set(exchange, { fields: { ...c }, storage: 'session', origins: endpointOrigins(exchange, boundTo) });
    }
  }

  /** Stores an exchange's credentials (validated), in the keychain when it can. */
  async set(exchange: ExchangeId, input: unknown): Promise<CredentialStatus> {
    const fields = validateCredentialFields(exchange, input);
    const origins = endpointOrigins(exchange, this.endpoints);
    let storage: Entry['storage'] = 'session';
    try {
      await this.store.set(this.account(exchange), this.serialise({ fields, origins }));
      storage = this.storage();
      this.keychainOk();
    } catch (error) {
      this.keychainFailed(error, fields);
    }
    this.entries.set(exchange, { fields, storage, origins });
    this.connectionErrors.delete(exchange);
    return this.status(exchange);
  }

  /**
   * Forgets an exchange's credentials, in the keychain and then in memory. When the keychain
   * refuses the delete, nothing is forgotten and CommandError says so: claiming a removal the
   * keychain did not make would bring the key back, unannounced, at the next start.
   */
  async remove(exchange: ExchangeId): Promise<CredentialStatus> {
    const had = this.entries.get(exchange);
    try {
      await this.store.delete(this.account(exchange));
      this.keychainOk();
    } catch (error) {
      this.keychainFailed(error, had?.fields);
      throw new CommandError('credentials.deleteRefused', { exchange: EXCHANGE_NAMES[exchange], detail: this.keychainReason ?? '-' });
    }
    this.entries.delete(exchange);
    this.connectionErrors.delete(exchange);
    return this.status(exchange);
  }

  has(exchange: ExchangeId): boolean {
    return this.entries.has(exchange);
  }

  /**
   * The credentials the core's adapters may send to this run's endpoints: the held-back ones are
   * left out. Only for the core: never send them to the UI.
   */
  credentials(): Credentials {
    const out: Record<string, CredentialFields> = {};
    for (const [exchange, entry] of this.entries) if (!this.heldBack(exchange)) out[exchange] = { ...entry.fields };
    return out as Credentials;
  }

  /** One exchange's credentials, or null when there are none or they are held back. */
  credentialsFor<E extends ExchangeId>(exchange: E): NonNullable<Credentials[E]> | null {
    const entry = this.entries.get(exchange);
    return entry && !this.heldBack(exchange) ? ({ ...entry.fields } as unknown as NonNullable<Credentials[E]>) : null;
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
    if (!entry) return { exchange, configured: false, hint: null, storage: null, lastError: keychain, heldBack: null };
    const connection = this.connectionErrors.get(exchange) ?? null;
    return {
      exchange,
      configured: true,
      hint: maskedHint(entry.fields[SECRET_FIELD[exchange]] ?? ''),
      storage: entry.storage,
      lastError: connection ?? (entry.storage === 'session' ? keychain : null),
      heldBack: this.heldBack(exchange)
        ? { code: 'credentials.endpointChanged', params: { origins: endpointOrigins(exchange, this.endpoints).join(' ') } }
        : null,
    };
  }

  statuses(): CredentialStatus[] {
    return EXCHANGES.map((e) => this.status(e));
  }

  private serialise(entry: { fields: CredentialFields; origins: string[] }): string {
    const saved: Saved = { v: 2, fields: entry.fields, origins: entry.origins };
    return JSON.stringify(saved);
  }

  /**
   * A saved credential. The first format held only the fields: those were entered for the default
   * endpoints (the only ones the settings offered then without an override), so they are bound there.
   */
  private deserialise(exchange: ExchangeId, raw: string): { fields: CredentialFields; origins: string[] } | null {
    const parsed = parseJson(raw);
    if (!parsed.ok) return null;
    const value = parsed.value;
    const v2 = isObject(value) && value.v === 2;
    try {
      const fields = validateCredentialFields(exchange, v2 ? value.fields : value);
      if (!v2) return { fields, origins: endpointOrigins(exchange, DEFAULT_ENDPOINTS) };
      const origins = Array.isArray(value.origins) ? value.origins.filter((o): o is string => typeof o === 'string') : null;
      return origins && origins.length > 0 ? { fields, origins: [...new Set(origins)].sort() } : null;
    } catch {
      return null;
    }
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
    const values = [...this.entries.values(), ...this.extras.values()].flatMap((e) => Object.values(e.fields)).concat(Object.values(extra ?? {}));
    for (const v of values) if (v.length >= 4) out = out.split(v).join('***');
    return out;
  }
}
