// Credential commands: secrets go in (credentials.set), only their status comes out. Setting or
// removing credentials restarts that exchange's adapter with them; `credentials.test` waits for the
// exchange to accept or reject them. Authentication errors from the adapters become the status's
// lastError.
import type { ReplyOf } from '../../../shared/contract';
import type { ExchangeId, ExchangeStatus } from '../../../shared/model';
import type { CredentialStatus } from '../../../shared/credentials';
import type { Credentials } from '../config';
import type { CommandGroup, CoreContext } from '../core-context';
import type { CredentialVault } from '../secrets/vault';
import { EXCHANGE_NAMES, isLinkUp } from '../../../shared/model';
import { coded } from '../../../shared/codes';

export interface CredentialsOptions {
  /** How long `credentials.test` waits for the exchange's verdict. */
  testTimeoutMs?: number;
  /**
   * The user's own key took an exchange out of demo: keep demo mode on in the settings, so the next
   * start is the same mix (this exchange on the user's account, the others on their simulators)
   * rather than leaving the others unconfigured. The user turns demo off in Settings to leave it.
   */
  keepDemo?: () => Promise<void>;
}

export const CREDENTIALS_TEST_TIMEOUT_MS = 15_000;

/** The endpoint that carries each exchange's key (shown when leaving demo: where the key goes). */
const ENDPOINT_OF = { cryptomus: 'cryptomusApi', itick: 'itickWs', coinking: 'coinkingWs' } as const;

function originOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

type Verdict = ReplyOf<'credentials.test'>;

function verdictOf(status: ExchangeStatus): Verdict | null {
  const exchange = EXCHANGE_NAMES[status.exchange];
  if (status.problem) return { ok: false, message: coded('credentials.rejectedBecause', { exchange, reason: status.problem }) };
  if (isLinkUp(status.state)) return { ok: true, message: coded('credentials.accepted', { exchange }) };
  if (status.state === 'auth_failed') {
    return { ok: false, message: status.reason ? coded('credentials.rejectedBecause', { exchange, reason: status.reason }) : coded('credentials.rejected', { exchange }) };
  }
  return null;
}

export function credentialsCommands(ctx: CoreContext, vault: CredentialVault, options: CredentialsOptions = {}): CommandGroup {
  const timeoutMs = options.testTimeoutMs ?? CREDENTIALS_TEST_TIMEOUT_MS;
  // Each status says whether its exchange runs on the simulator (the demo keys are never shown as the user's).
  const withDemo = (status: CredentialStatus): CredentialStatus => (ctx.isDemo(status.exchange) ? { ...status, demo: true } : status);
  const statuses = () => vault.statuses().map(withDemo);
  const changed = () => ctx.emit('credentials.changed', statuses());

  // Whether an exchange takes the credentials shows in its connection status: keep it as lastError.
  ctx.onStop(
    ctx.bus.on('exchange.status', (status) => {
      if (!vault.has(status.exchange)) return;
      const rejected = status.reason ?? coded('credentials.rejected', { exchange: EXCHANGE_NAMES[status.exchange] });
      const error = status.problem ? status.problem : status.state === 'auth_failed' ? rejected : status.state === 'live' ? null : undefined;
      if (error !== undefined && vault.setConnectionError(status.exchange, error)) changed();
    }),
  );

  async function apply(exchange: ExchangeId): Promise<void> {
    try {
      await ctx.reconfigure(exchange, vault.credentialsFor(exchange) as Credentials[ExchangeId] | null);
    } finally {
      changed();
    }
  }

  /**
   * An adapter that follows nothing has no connection to judge (iTick connects only while one of its
   * markets is watched): follow one of its markets for the length of the test.
   */
  async function probeFollow(exchange: ExchangeId): Promise<() => void> {
    const adapter = ctx.adapters.get(exchange);
    if (!adapter || ctx.statuses.get(exchange)?.state !== 'idle') return () => {};
    const markets = await adapter.markets().catch(() => []);
    const first = markets[0];
    if (!first) return () => {};
    const source = `credentials-test:${exchange}`;
    ctx.follow(source, [first.market]);
    return () => ctx.follow(source, []);
  }

  async function test(exchange: ExchangeId): Promise<Verdict> {
    const name = EXCHANGE_NAMES[exchange];
    if (!vault.has(exchange)) return { ok: false, message: coded('credentials.none', { exchange: name }) };
    const release = await probeFollow(exchange);
    try {
      return await verdict(exchange, name);
    } finally {
      release();
    }
  }

  function verdict(exchange: ExchangeId, name: string): Promise<Verdict> {
    const now = ctx.statuses.get(exchange);
    const known = now ? verdictOf(now) : null;
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      let last = now;
      const finish = (verdict: Verdict) => {
        ctx.clock.clearTimeout(timer);
        unsubscribe();
        resolve(verdict);
      };
      const unsubscribe = ctx.bus.on('exchange.status', (status) => {
        if (status.exchange !== exchange) return;
        last = status;
        const verdict = verdictOf(last);
        if (verdict) finish(verdict);
      });
      const timer = ctx.clock.setTimeout(() => {
        const seconds = Math.max(1, Math.round(timeoutMs / 1000));
        finish({ ok: false, message: last?.reason ? coded('credentials.noAnswerBecause', { exchange: name, seconds, reason: last.reason }) : coded('credentials.noAnswer', { exchange: name, seconds }) });
      }, timeoutMs);
      // Waiting out a backoff would waste the user's time: try now.
      if (last?.state === 'backing_off') ctx.adapters.get(exchange)?.reconnect();
    });
  }

  return {
    'credentials.status': () => statuses(),
    'credentials.set': async ({ exchange, fields }) => {
      // Known to the log's redaction before anything can log about them (the vault validates them).
      ctx.log.addSecrets?.(Object.values(fields).filter((v) => v.length > 0));
      await vault.set(exchange, fields);
      const leavingDemo = ctx.isDemo(exchange);
      await apply(exchange);
      if (leavingDemo && !ctx.isDemo(exchange)) {
        await options.keepDemo?.().catch((error: unknown) => ctx.log.warn(`could not keep demo mode in the settings: ${String(error)}`));
        const endpoint = ctx.config.endpoints[ENDPOINT_OF[exchange]];
        ctx.notices.post({ level: 'info', id: `demo-left:${exchange}`, code: 'credentials.demoLeft', params: { exchange: EXCHANGE_NAMES[exchange], endpoint: originOf(endpoint) }, exchange });
      }
      return withDemo(vault.status(exchange));
    },
    'credentials.remove': async ({ exchange }) => {
      await vault.remove(exchange);
      await apply(exchange);
      return withDemo(vault.status(exchange));
    },
    'credentials.test': ({ exchange }) => test(exchange),
  };
}
