// Accounts beside an exchange's main one (sub-accounts): one account session per (exchange, label).
// Market data stays one connection per exchange (the main adapter's); a session is a second adapter
// built by the exchange's `createAccountSession`, which follows no market and carries only the
// private side (login, balances, orders, deals), reported through a sink that stamps the label.
// Its key is the vault's entry "<exchange>:<label>", released only to the endpoints it was entered for.
import { coded } from '../../shared/codes';
import type { AccountStatus } from '../../shared/accounts';
import type { ExchangeId } from '../../shared/model';
import { EXCHANGE_NAMES } from '../../shared/model';
import type { Credentials, Endpoints } from './config';
import type { AdapterContext, ExchangeAdapter, ExchangeModule, MarketSink } from './exchange-adapter';
import type { Logger } from './log';
import type { CredentialVault } from './secrets/vault';

export interface AccountSessionsOptions {
  vault: CredentialVault;
  log: Logger;
  /** The exchange's module and the endpoints it runs on now (its simulator's in a demo run); null when not running. */
  running(exchange: ExchangeId): { module: ExchangeModule; endpoints: Endpoints } | null;
  /** The adapter context for one account: its sink stamps the label, its stores answer for that account. */
  context(exchange: ExchangeId, label: string, endpoints: Endpoints, credentials: Credentials): AdapterContext;
  /** The account left (removed, or its exchange reconfigured): its balances and orders leave the portfolio. */
  forget(exchange: ExchangeId, label: string): void;
  isDemo(exchange: ExchangeId): boolean;
  /** Told whenever an account's status may have changed. */
  changed(): void;
}

interface Session {
  adapter: ExchangeAdapter;
  off: () => void;
}

const keyOf = (exchange: ExchangeId, label: string) => `${exchange}:${label}`;

/** An account session's sink: no market data (the exchange's main connection carries it). */
export function accountOnlySink(account: Pick<MarketSink, 'balances' | 'orders' | 'deals' | 'reconciled'>): MarketSink {
  const none = () => {};
  return { ticker: none, trades: none, book: none, candles: none, ...account };
}

export class AccountSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: AccountSessionsOptions) {}

  /** Whether the exchange can run accounts beside its main one. */
  supports(module: ExchangeModule | undefined): boolean {
    return typeof module?.createAccountSession === 'function';
  }

  /** Whether the exchange, as it runs now, can take an account beside its main one. */
  supportsExchange(exchange: ExchangeId): boolean {
    return this.supports(this.options.running(exchange)?.module);
  }

  /** Starts every added account of the exchange (after its main adapter started or restarted). */
  startAll(exchange: ExchangeId): void {
    for (const label of this.options.vault.labels(exchange)) this.start(exchange, label);
  }

  /** Starts one account's session, when its key may go where the exchange runs now. */
  start(exchange: ExchangeId, label: string): void {
    const key = keyOf(exchange, label);
    if (this.sessions.has(key)) return;
    const running = this.options.running(exchange);
    if (!running || !this.supports(running.module)) return;
    const fields = this.options.vault.accountCredentials(exchange, label, running.endpoints);
    if (!fields) return; // held back: reported by status()
    this.options.log.addSecrets?.(Object.values(fields));
    const credentials = { [exchange]: fields } as unknown as Credentials;
    const adapter = running.module.createAccountSession!(this.options.context(exchange, label, running.endpoints, credentials));
    const off = adapter.onStatus(() => this.options.changed());
    this.sessions.set(key, { adapter, off });
    adapter.watch([]); // no markets: the account alone
    this.options.changed();
  }

  async stop(exchange: ExchangeId, label: string): Promise<void> {
    const key = keyOf(exchange, label);
    const session = this.sessions.get(key);
    if (session) {
      this.sessions.delete(key);
      session.off();
      await session.adapter.stop();
    }
    this.options.forget(exchange, label);
    this.options.changed();
  }

  async stopAll(exchange?: ExchangeId): Promise<void> {
    const all = this.options.vault.accounts().filter((a) => exchange === undefined || a.exchange === exchange);
    await Promise.all(all.map((a) => this.stop(a.exchange, a.label)));
  }

  reconnectAll(): void {
    for (const s of this.sessions.values()) s.adapter.reconnect();
  }

  /** Every added account with its link state (never a secret). */
  statuses(): AccountStatus[] {
    return this.options.vault.accounts().map(({ exchange, label }) => {
      const base = { ...this.options.vault.accountStatus({ exchange, label }), demo: this.options.isDemo(exchange) };
      const running = this.options.running(exchange);
      if (running && !this.supports(running.module)) {
        return { ...base, link: 'none', problem: coded('account.unsupported', { exchange: EXCHANGE_NAMES[exchange] }) };
      }
      const session = this.sessions.get(keyOf(exchange, label));
      if (!session) {
        const held = running !== null && this.options.vault.accountCredentials(exchange, label, running.endpoints) === null;
        return held ? { ...base, link: 'none', problem: coded('link.credentialsHeldBack', { exchange: EXCHANGE_NAMES[exchange] }) } : base;
      }
      const status = session.adapter.status();
      return { ...base, link: status.account ?? 'pending', problem: status.problem ?? null };
    });
  }
}
