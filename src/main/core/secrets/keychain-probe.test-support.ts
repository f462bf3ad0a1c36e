// Child process of keytar.keychain.ts: uses the real keytar store and the vault in whatever D-Bus
// environment it is given, and prints what the vault reports as one JSON line (never a secret).
// Run with plain Node: see scripts/ts-hooks.mjs.
import { silentLogger } from '../log';
import { KeytarSecretStore } from './keytar-store';
import { CredentialVault } from './vault';

const vault = new CredentialVault(new KeytarSecretStore({ timeoutMs: 10_000 }), { log: silentLogger });
const loaded = await vault.load();
const status = await vault.set('itick', { token: process.env.PROBE_TOKEN ?? 'probe-token-0000000000' });
process.stdout.write(
  `${JSON.stringify({ loaded: Object.keys(loaded), status, keptForSession: vault.credentialsFor('itick')?.token === process.env.PROBE_TOKEN })}\n`,
);
