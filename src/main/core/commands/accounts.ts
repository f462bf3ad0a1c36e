// Account commands: add an account beside an exchange's main one (its own label and key), list the
// added accounts with their status, remove one. Keys travel only inward; replies carry a masked hint.
import { CommandError } from '../../../shared/contract';
import type { ExchangeId } from '../../../shared/model';
import { EXCHANGE_NAMES } from '../../../shared/model';
import type { AccountSessions } from '../account-sessions';
import type { Endpoints } from '../config';
import type { CommandGroup, CoreContext } from '../core-context';
import type { CredentialVault } from '../secrets/vault';

export function accountsCommands(
  ctx: CoreContext,
  vault: CredentialVault,
  sessions: AccountSessions,
  /** The endpoints the exchange runs on now (its simulator's in a demo run). */
  runningOn: (exchange: ExchangeId) => Endpoints | null,
): CommandGroup {
  return {
    'accounts.list': () => sessions.statuses(),
    'accounts.add': async (r) => {
      const exchange = r.exchange;
      const endpoints = runningOn(exchange);
      if (!endpoints || !sessions.supportsExchange(exchange)) {
        throw new CommandError('account.unsupported', { exchange: EXCHANGE_NAMES[exchange] });
      }
      // Known to the log's redaction before anything can log about them (the vault validates them).
      ctx.log.addSecrets?.(Object.values(r.fields).filter((v) => v.length > 0));
      // Bound to where the exchange runs now: on its simulator (demo), kept for this session only.
      const demo = ctx.isDemo(exchange);
      const added = await vault.addAccount(exchange, r.label, r.fields, endpoints, !demo);
      sessions.start(exchange, added.label);
      return sessions.statuses();
    },
    'accounts.remove': async ({ exchange, label }) => {
      await vault.removeAccount(exchange, label);
      await sessions.stop(exchange, label);
      return sessions.statuses();
    },
  };
}
