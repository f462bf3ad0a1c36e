// Integration test against a real Secret Service (GNOME Keyring on a private D-Bus session):
//   npm run test:keychain
// which runs it inside `dbus-run-session` with a throwaway, unlocked keyring (scripts/with-keyring.sh).
import { renderCoded } from '../../../shared/codes';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CredentialStatus } from '../../../shared/credentials';
import { silentLogger } from '../log';
import { KEYCHAIN_SERVICE, KeytarSecretStore, type KeytarApi } from './keytar-store';
import { DEFAULT_ENDPOINTS } from '../config';
import { CredentialVault, keychainMessage } from './vault';

const ROOT = resolve(import.meta.dirname, '../../../..');
const API_KEY = `ck_${Date.now().toString(16)}_keychain_test_9f3a`;

let keytar: KeytarApi;

beforeAll(async () => {
  // Never touch a real keyring: with-keyring.sh makes a new one in temp folders and says so.
  if (process.env.VIGIL_THROWAWAY_KEYRING !== '1' || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('Run this through `npm run test:keychain` (a private D-Bus session with a throwaway keyring).');
  }
  const mod = (await import('keytar')) as unknown as KeytarApi & { default?: KeytarApi };
  keytar = mod.default ?? mod;
});

describe('KeytarSecretStore on a real Secret Service', () => {
  it('stores, reads back, lists and deletes a secret under the service "Vigil"', async () => {
    const store = new KeytarSecretStore();
    await store.set('itick:default', 'secret-one');
    await store.set('coinking:default', 'secret-two');
    expect(await store.get('itick:default')).toBe('secret-one');
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'itick:default')).toBe('secret-one');
    expect((await store.accounts()).sort()).toEqual(['coinking:default', 'itick:default']);
    await store.set('itick:default', 'secret-one-changed');
    expect(await store.get('itick:default')).toBe('secret-one-changed');
    expect(await store.delete('itick:default')).toBe(true);
    expect(await store.delete('itick:default')).toBe(false);
    expect(await store.get('itick:default')).toBeNull();
    expect(await store.accounts()).toEqual(['coinking:default']);
    await store.delete('coinking:default');
  });

  it('keeps vault credentials in the keychain across sessions, encrypted on disk, and removes them', async () => {
    const vault = new CredentialVault(new KeytarSecretStore(), { log: silentLogger });
    expect(await vault.load()).toEqual({});
    const status = await vault.set('cryptomus', { userId: 'user-42', apiKey: API_KEY });
    expect(status).toEqual({ exchange: 'cryptomus', configured: true, hint: '…9f3a', storage: 'keychain', lastError: null, heldBack: null });
    expect(JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, 'cryptomus:main'))!)).toMatchObject({ v: 2, fields: { userId: 'user-42', apiKey: API_KEY } });

    // The keyring's files hold the secret encrypted, never in plain text.
    const keyrings = join(process.env.XDG_DATA_HOME!, 'keyrings');
    const files = readdirSync(keyrings);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(keyrings, f)).includes(API_KEY)).toBe(false);

    // The next session (a new vault over a new store) finds them.
    const next = new CredentialVault(new KeytarSecretStore(), { log: silentLogger });
    expect(await next.load()).toEqual({ cryptomus: { userId: 'user-42', apiKey: API_KEY } });
    expect(next.status('cryptomus')).toMatchObject({ configured: true, storage: 'keychain' });

    expect(await next.remove('cryptomus')).toMatchObject({ configured: false, storage: null, lastError: null });
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'cryptomus:main')).toBeNull();
    expect(await new CredentialVault(new KeytarSecretStore(), { log: silentLogger }).load()).toEqual({});
  });

  it('without a Secret Service, keeps credentials for the session and says why', async () => {
    const run = promisify(execFile);
    const token = 'probe-token-ABCDEFGH-5150';
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--experimental-transform-types',
        '--disable-warning=ExperimentalWarning',
        '--import',
        join(ROOT, 'scripts/ts-hooks.mjs'),
        join(import.meta.dirname, 'keychain-probe.test-support.ts'),
      ],
      // A session bus address that leads nowhere: what a desktop without a keyring daemon looks like.
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/vigil-test-bus', PROBE_TOKEN: token }, timeout: 20_000 },
    );
    const report = JSON.parse(stdout.trim()) as { loaded: string[]; status: CredentialStatus; keptForSession: boolean };
    expect(report.loaded).toEqual([]);
    expect(report.keptForSession).toBe(true);
    expect(report.status).toMatchObject({ exchange: 'itick', configured: true, hint: '…5150', storage: 'session' });
    // libsecret's own words, e.g. "Could not connect: No such file or directory".
    const lastError = report.status.lastError;
    expect(lastError?.code, JSON.stringify(lastError)).toBe('credentials.keychain');
    const reason = String(lastError?.params?.detail ?? '');
    expect(reason).toBeTruthy();
    expect(renderCoded('en', lastError!)).toBe(keychainMessage(reason));
    expect(stdout + stderr).not.toContain(token);
    // Nothing reached the real keychain.
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'itick:main')).toBeNull();
  });

  it('moves a single-account entry to the main account, and keeps further accounts under "<exchange>:<label>"', async () => {
    // What a single-account build left in the keychain: "coinking:default", in the first format.
    await keytar.setPassword(KEYCHAIN_SERVICE, 'coinking:default', JSON.stringify({ token: 'ck-legacy-token-0001' }));
    const vault = new CredentialVault(new KeytarSecretStore(), { log: silentLogger });
    expect(await vault.load()).toEqual({ coinking: { token: 'ck-legacy-token-0001' } });
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'coinking:default')).toBeNull();
    expect(JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, 'coinking:main'))!)).toEqual({ token: 'ck-legacy-token-0001' });

    const sub = await vault.addAccount('coinking', 'Sub 1', { token: 'ck-sub-token-00000002' }, DEFAULT_ENDPOINTS, true);
    expect(sub).toMatchObject({ exchange: 'coinking', label: 'Sub 1', hint: '…0002', storage: 'keychain' });
    expect(JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, 'coinking:Sub 1'))!)).toMatchObject({ v: 2, fields: { token: 'ck-sub-token-00000002' } });

    // The next session finds both accounts, each with its own key.
    const next = new CredentialVault(new KeytarSecretStore(), { log: silentLogger });
    expect(await next.load()).toEqual({ coinking: { token: 'ck-legacy-token-0001' } });
    expect(next.labels('coinking')).toEqual(['Sub 1']);
    expect(next.accountCredentials('coinking', 'Sub 1', DEFAULT_ENDPOINTS)).toEqual({ token: 'ck-sub-token-00000002' });
    await next.removeAccount('coinking', 'Sub 1');
    await next.remove('coinking');
    expect((await new KeytarSecretStore().accounts()).filter((a) => a.startsWith('coinking:'))).toEqual([]);
  });
});
