// The core as its hosts see it (the `Core` interface): what the Electron shell and the web host start,
// serve and stop. `createCore` (create-core.ts) builds it; `bootCore` (boot.ts) boots it for a host.
import type { ContractHandlers } from '../../shared/contract';
import type { ExchangeId } from '../../shared/model';
import type { CoreConfig } from './config';

export interface Core extends ContractHandlers {
  readonly config: CoreConfig;
  /** Starts the demo simulators (in demo mode) and the exchange connections. */
  start(): Promise<void>;
  /** Closes every connection and simulator; the core cannot be started again. */
  stop(): Promise<void>;
  /** Drops and re-opens every exchange connection now (tray "reconnect all"). */
  reconnectAll(): void;
  /**
   * The user confirmed, in the desktop shell's native dialog, that held-back credentials (entered
   * for other endpoints) may go to the endpoints of this run. Deliberately not a contract command:
   * nothing the page sends can move a key to another host.
   */
  confirmCredentialEndpoints(exchange: ExchangeId): Promise<void>;
}
