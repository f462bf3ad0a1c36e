import { renderCoded } from '../../../shared/codes';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { KeytarSecretStore, type KeytarApi } from './keytar-store';
import { KeychainUnavailableError, MemorySecretStore, type SecretStore } from './secret-store';
import { DEFAULT_ENDPOINTS } from '../config';
import { CredentialVault, endpointOrigins, maskedHint, validateCredentialFields } from './vault';

const API_KEY = 'sk_live_0123456789abcdef9f3a';
const TOKEN = 'tok-ABCDEFGHIJKLMNOP-7777';

function recordingLog(): Logger & { text: () => string } {
  const lines: string[] = [];
  return { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), text: () => lines.join('\n') };
}

/** A keychain in the state a machine without a Secret Service is in: every call fails. */
class BrokenKeychain implements SecretStore {
  readonly kind = 'keychain' as const;
  calls = 0;
  constructor(private readonly reason = 'Cannot autolaunch D-Bus without X11 $DISPLAY') {}
  private fail(): never {
    this.calls++;
    throw new KeychainUnavailableError(this.reason);
  }
  async get(): Promise<string | null> {
    return this.fail();
  }
  async set(): Promise<void> {
    return this.fail();
  }
  async delete(): Promise<boolean> {
    return this.fail();
  }
  async accounts(): Promise<string[]> {
    return this.fail();
  }
}


describe('validateCredentialFields', () => {
  it('takes exactly the fields of CREDENTIAL_FIELDS, trimmed, and never quotes a value back', () => {
    expect(validateCredentialFields('cryptomus', { userId: ' u-1 ', apiKey: `${API_KEY}\n` })).toEqual({ userId: 'u-1', apiKey: API_KEY });
    expect(validateCredentialFields('itick', { token: TOKEN })).toEqual({ token: TOKEN });
    const cases: [unknown, RegExp][] = [
      [null, /Cryptomus needs userId, apiKey/],
      [{ userId: 'u' }, /apiKey is required/],
      [{ userId: 'u', apiKey: '   ' }, /apiKey is required/],
      [{ userId: 'u', apiKey: 42 }, /apiKey is required/],
      [{ userId: 'u', apiKey: API_KEY, token: API_KEY }, /does not take token/],
      [{ userId: 'u', apiKey: `${API_KEY} x` }, /spaces or control characters/],
      [{ userId: 'u', apiKey: 'k'.repeat(513) }, /longer than 512/],
    ];
    for (const [input, message] of cases) {
      let error: unknown = null;
      try {
        validateCredentialFields('cryptomus', input);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(API_KEY);
    }
  });

  it('hints with the last four characters only of a long enough secret', () => {
    expect(maskedHint(API_KEY)).toBe('…9f3a');
    expect(maskedHint('short-key')).toBe('…');
  });
});

describe('CredentialVault', () => {
  it('keeps one JSON secret per exchange under "<exchange>:main" and reports status without the secret', async () => {
    const memory = new MemorySecretStore('keychain');
    const vault = new CredentialVault(memory, { log: recordingLog() });
    expect(await vault.load()).toEqual({});
    const status = await vault.set('cryptomus', { userId: 'user-1', apiKey: API_KEY });
    expect(status).toEqual({ exchange: 'cryptomus', configured: true, hint: '…9f3a', storage: 'keychain', lastError: null, heldBack: null });
    expect(JSON.stringify(vault.statuses())).not.toContain(API_KEY);
    expect(await memory.accounts()).toEqual(['cryptomus:main']);
    expect(JSON.parse((await memory.get('cryptomus:main'))!)).toMatchObject({ v: 2, fields: { userId: 'user-1', apiKey: API_KEY } });
    expect(vault.credentialsFor('cryptomus')).toEqual({ userId: 'user-1', apiKey: API_KEY });

    // A new session reads it back from the store.
    const next = new CredentialVault(memory, { log: recordingLog() });
    expect(await next.load()).toEqual({ cryptomus: { userId: 'user-1', apiKey: API_KEY } });
    expect(next.status('cryptomus').storage).toBe('keychain');

    expect(await next.remove('cryptomus')).toEqual({ exchange: 'cryptomus', configured: false, hint: null, storage: null, lastError: null, heldBack: null });
    expect(await memory.accounts()).toEqual([]);
    expect(next.credentials()).toEqual({});
  });

  it('ignores an unreadable saved secret with a warning that does not show it', async () => {
    const memory = new MemorySecretStore();
    await memory.set('itick:default', `{"token": "${TOKEN}", "extra": 1}`);
    await memory.set('coinking:default', `not json ${TOKEN}`);
    const log = recordingLog();
    const vault = new CredentialVault(memory, { log });
    expect(await vault.load()).toEqual({});
    expect(log.text()).toMatch(/saved iTick credentials are unreadable/);
    expect(log.text()).not.toContain(TOKEN);
  });

  it('falls back to the session when the keychain is unavailable, and says so', async () => {
    const log = recordingLog();
    const vault = new CredentialVault(new BrokenKeychain(), { log });
    expect(await vault.load()).toEqual({});
    const message =
      'The OS keychain is unavailable (Cannot autolaunch D-Bus without X11 $DISPLAY): credentials are kept for this session only.';
    const coded = { code: 'credentials.keychain', params: { detail: 'Cannot autolaunch D-Bus without X11 $DISPLAY' } };
    expect(vault.status('itick')).toEqual({ exchange: 'itick', configured: false, hint: null, storage: null, lastError: coded, heldBack: null });
    expect(renderCoded('en', coded)).toBe(message);
    const status = await vault.set('itick', { token: TOKEN });
    expect(status).toEqual({ exchange: 'itick', configured: true, hint: '…7777', storage: 'session', lastError: coded, heldBack: null });
    expect(vault.credentials()).toEqual({ itick: { token: TOKEN } });
    expect(log.text()).toContain(message);
    expect(log.text()).not.toContain(TOKEN);
  });

  it('never lets a secret through an error message', async () => {
    const log = recordingLog();
    const vault = new CredentialVault(new BrokenKeychain(`denied for ${TOKEN}`), { log });
    const status = await vault.set('coinking', { token: TOKEN });
    expect(JSON.stringify(status.lastError)).toContain('denied for ***');
    vault.setConnectionError('coinking', { code: 'link.authRejected', params: { exchange: 'CoinKing', detail: `server said: bad key ${TOKEN}` } });
    expect(vault.status('coinking').lastError).toEqual({ code: 'link.authRejected', params: { exchange: 'CoinKing', detail: 'server said: bad key ***' } });
    expect(JSON.stringify(vault.statuses()) + log.text()).not.toContain(TOKEN);
  });

  it('shows the connection error first, and clears it', async () => {
    const vault = new CredentialVault(new MemorySecretStore(), { log: recordingLog() });
    await vault.set('itick', { token: TOKEN });
    expect(vault.status('itick')).toMatchObject({ storage: 'session', lastError: null, heldBack: null });
    const rejected = { code: 'link.authRejected', params: { exchange: 'iTick', detail: 'Token rejected' } };
    expect(vault.setConnectionError('itick', rejected)).toBe(true);
    expect(vault.setConnectionError('itick', { ...rejected })).toBe(false);
    expect(vault.status('itick').lastError).toEqual(rejected);
    expect(vault.setConnectionError('itick', null)).toBe(true);
    expect(vault.status('itick').lastError).toBeNull();
  });

  it('adopts credentials from the environment as session ones, without writing them anywhere', async () => {
    const memory = new MemorySecretStore('keychain');
    const vault = new CredentialVault(memory, { log: recordingLog() });
    await vault.set('itick', { token: TOKEN });
    vault.adopt({ itick: { token: 'from-env-token-xxxxxxxx' }, coinking: { token: 'from-env-token-yyyyyyyy' } });
    expect(vault.credentials()).toEqual({ itick: { token: TOKEN }, coinking: { token: 'from-env-token-yyyyyyyy' } });
    expect(vault.status('coinking')).toMatchObject({ configured: true, storage: 'session', hint: '…yyyy' });
    expect(await memory.accounts()).toEqual(['itick:main']);
  });
});

describe('several accounts per exchange', () => {
  it('moves a single-account entry ("<exchange>:default") to the main account at load', async () => {
    const memory = new MemorySecretStore('keychain');
    await memory.set('coinking:default', JSON.stringify({ v: 2, fields: { token: TOKEN }, origins: endpointOrigins('coinking', DEFAULT_ENDPOINTS) }));
    const vault = new CredentialVault(memory, { log: recordingLog() });
    expect(await vault.load()).toEqual({ coinking: { token: TOKEN } });
    expect(await memory.accounts()).toEqual(['coinking:main']);
    expect(vault.status('coinking')).toMatchObject({ configured: true, storage: 'keychain', heldBack: null });
    expect(vault.labels('coinking')).toEqual([]);
  });

  it('keeps each added account under "<exchange>:<label>", bound to the endpoints it was entered for', async () => {
    const memory = new MemorySecretStore('keychain');
    const vault = new CredentialVault(memory, { log: recordingLog() });
    await vault.load();
    const status = await vault.addAccount('coinking', ' Sub-1 ', { token: 'ck-sub-token-0000-0002' }, DEFAULT_ENDPOINTS, true);
    expect(status).toMatchObject({ exchange: 'coinking', label: 'Sub-1', hint: '…0002', storage: 'keychain' });
    expect(JSON.stringify(status)).not.toContain('ck-sub-token');
    expect(await memory.accounts()).toEqual(['coinking:Sub-1']);
    expect(vault.accountCredentials('coinking', 'Sub-1', DEFAULT_ENDPOINTS)).toEqual({ token: 'ck-sub-token-0000-0002' });
    // Another origin (a simulator, a changed endpoint) never gets it.
    expect(vault.accountCredentials('coinking', 'Sub-1', { ...DEFAULT_ENDPOINTS, coinkingWs: 'ws://127.0.0.1:9999' })).toBeNull();

    const next = new CredentialVault(memory, { log: recordingLog() });
    await next.load();
    expect(next.labels('coinking')).toEqual(['Sub-1']);
    await next.removeAccount('coinking', 'Sub-1');
    expect(await memory.accounts()).toEqual([]);
    await expect(next.removeAccount('coinking', 'Sub-1')).rejects.toMatchObject({ code: 'account.notFound' });
  });

  it('refuses bad, taken and too many labels with codes, before storing anything', async () => {
    const memory = new MemorySecretStore('keychain');
    const vault = new CredentialVault(memory, { log: recordingLog() });
    const add = (label: unknown) => vault.addAccount('coinking', label, { token: 'ck-sub-token-0000-0002' }, DEFAULT_ENDPOINTS, true);
    await expect(add('')).rejects.toMatchObject({ code: 'account.labelRequired' });
    await expect(add('a:b')).rejects.toMatchObject({ code: 'account.labelInvalid' });
    await expect(add('x'.repeat(25))).rejects.toMatchObject({ code: 'account.labelTooLong' });
    await expect(add('MAIN')).rejects.toMatchObject({ code: 'account.labelTaken' });
    await expect(add(42)).rejects.toMatchObject({ code: 'account.labelRequired' });
    expect(await memory.accounts()).toEqual([]);
    for (const label of ['a', 'b', 'c', 'd']) await add(label);
    await expect(add('A')).rejects.toMatchObject({ code: 'account.tooMany' });
    await expect(add('e')).rejects.toMatchObject({ code: 'account.tooMany' });
    expect((await memory.accounts()).sort()).toEqual(['coinking:a', 'coinking:b', 'coinking:c', 'coinking:d']);
  });

  it('keeps a demo account for the session only, and never writes it to the keychain', async () => {
    const memory = new MemorySecretStore('keychain');
    const vault = new CredentialVault(memory, { log: recordingLog() });
    const simulator = { ...DEFAULT_ENDPOINTS, coinkingWs: 'ws://127.0.0.1:4100', coinkingApi: 'http://127.0.0.1:4100' };
    expect(await vault.addAccount('coinking', 'demo sub', { token: 'ck-demo-sub-00000003' }, simulator, false)).toMatchObject({ storage: 'session' });
    expect(await memory.accounts()).toEqual([]);
    expect(vault.accountCredentials('coinking', 'demo sub', simulator)).toEqual({ token: 'ck-demo-sub-00000003' });
    expect(vault.accountCredentials('coinking', 'demo sub', DEFAULT_ENDPOINTS)).toBeNull();
    await vault.removeAccount('coinking', 'demo sub');
    expect(vault.labels('coinking')).toEqual([]);
  });
});

describe('KeytarSecretStore', () => {
  function fakeKeytar(): KeytarApi & { data: Map<string, string> } {
    const data = new Map<string, string>();
    return {
      data,
      getPassword: async (s, a) => data.get(`${s}/${a}`) ?? null,
      setPassword: async (s, a, p) => void data.set(`${s}/${a}`, p),
      deletePassword: async (s, a) => data.delete(`${s}/${a}`),
      findCredentials: async (s) =>
        [...data].filter(([k]) => k.startsWith(`${s}/`)).map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
    };
  }

  it('keeps secrets under the service "Vigil" and lists accounts without their secrets', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore({ load: async () => keytar });
    await store.set('itick:default', TOKEN);
    expect(keytar.data.get('Vigil/itick:default')).toBe(TOKEN);
    expect(await store.get('itick:default')).toBe(TOKEN);
    expect(await store.accounts()).toEqual(['itick:default']);
    expect(await store.delete('itick:default')).toBe(true);
    expect(await store.get('itick:default')).toBeNull();
  });

  it('turns a failed load, a failed call and a call that hangs into KeychainUnavailableError', async () => {
    let loads = 0;
    const missing = new KeytarSecretStore({
      load: async () => {
        loads++;
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    await expect(missing.get('x')).rejects.toThrow(new KeychainUnavailableError('libsecret-1.so.0: cannot open shared object file'));
    await expect(missing.get('x')).rejects.toBeInstanceOf(KeychainUnavailableError);
    expect(loads).toBe(2); // a failed load is tried again

    const failing = new KeytarSecretStore({
      load: async () => ({ ...fakeKeytar(), getPassword: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) }),
    });
    await expect(failing.get('x')).rejects.toMatchObject({ reason: 'Cannot autolaunch D-Bus without X11 $DISPLAY' });

    const hanging = new KeytarSecretStore({ timeoutMs: 50, load: async () => ({ ...fakeKeytar(), setPassword: () => new Promise<void>(() => {}) }) });
    await expect(hanging.set('x', 'y')).rejects.toMatchObject({ reason: 'no answer within 50 ms' });
  });
});

describe('a keychain that refuses a delete', () => {
  it('says so and does not claim the credentials were removed (they would come back at the next start)', async () => {
    const keychain = new MemorySecretStore('keychain');
    const refusing: SecretStore = {
      kind: 'keychain',
      get: (a) => keychain.get(a),
      set: (a, v) => keychain.set(a, v),
      accounts: () => keychain.accounts(),
      delete: async () => {
        throw new KeychainUnavailableError('the keychain is locked');
      },
    };
    const vault = new CredentialVault(refusing, { log: silentLogger });
    await vault.set('itick', { token: 'itick-token-0123456789' });
    await expect(vault.remove('itick')).rejects.toThrow(/refused to delete the iTick credentials \(the keychain is locked\).*still stored/);
    expect(vault.status('itick').configured).toBe(true);
    // What the next start would find: still there, as the status says.
    const next = new CredentialVault(keychain, { log: silentLogger });
    await next.load();
    expect(next.status('itick').configured).toBe(true);
  });
});
