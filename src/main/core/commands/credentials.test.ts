import { renderCoded } from '../../../shared/codes';
import type { Coded } from '../../../shared/notices';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import type { ExchangeStatus } from '../../../shared/model';
import type { CredentialStatus } from '../../../shared/credentials';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import type { ExchangeAdapter, ExchangeModule } from '../exchange-adapter';
import { silentLogger } from '../log';
import { KeychainUnavailableError, MemorySecretStore, type SecretStore } from '../secrets/secret-store';
import { CredentialVault } from '../secrets/vault';
import { tempFolders } from '../store/sqlite/sqlite.test-support';
import { waitFor } from '../testing/fault-server.test-support';
import { credentialsCommands } from './credentials';

const folders = tempFolders('vigil-credentials-cmd-');
let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
  folders.cleanup();
});

/**
 * An iTick stand-in that answers like a real exchange would, by token: "good…" goes live,
 * "bad…" fails authentication, "slow…" never answers, "flaky…" backs off until reconnected.
 */
function fakeItick() {
  const made: { token: string | undefined; stopped: boolean }[] = [];
  const module: ExchangeModule = {
    exchange: 'itick',
    needsCredentials: true,
    startDemo: async () => ({ endpoints: {}, close: async () => {} }),
    createAdapter: ({ credentials, clock }) => {
      const token = credentials.itick?.token;
      const record = { token, stopped: false };
      made.push(record);
      const listeners = new Set<(s: ExchangeStatus) => void>();
      const status = (state: ExchangeStatus['state'], reason: Coded | null = null): ExchangeStatus => ({
        exchange: 'itick', state, reason, nextRetryAt: null, attempt: 0, rttMs: null, badFrames: 0, since: clock.now(),
      });
      let current = status('connecting');
      const set = (s: ExchangeStatus) => {
        if (record.stopped) return;
        current = s;
        for (const l of listeners) l(s);
      };
      const answer = () =>
        setTimeout(() => {
          if (token?.startsWith('good')) set(status('live'));
          else if (token?.startsWith('bad')) set(status('auth_failed', { code: 'link.authRejected', params: { exchange: 'iTick', detail: 'Token rejected by the server' } }));
          else if (token?.startsWith('flaky')) set(status('backing_off', { code: 'link.closed', params: { code: 1006 } }));
        }, 10);
      answer();
      const adapter: ExchangeAdapter = {
        exchange: 'itick',
        status: () => current,
        onStatus: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        watch: () => {},
        focus: () => {},
        candleHistory: async () => [],
        markets: async () => [],
        reconnect: () => {
          set(status('connecting'));
          setTimeout(() => set(status('live')), 10);
        },
        stop: async () => {
          record.stopped = true;
        },
      };
      return adapter;
    },
  };
  return { module, made };
}

async function start(store: SecretStore = new MemorySecretStore('keychain')) {
  const vault = new CredentialVault(store, { log: silentLogger });
  await vault.load();
  const itick = fakeItick();
  // Not a demo run: these are the user's own credentials from the start.
  const config = loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: folders.make(), VIGIL_DEMO: '0' } });
  core = createCore(config, {
    log: silentLogger,
    modules: [itick.module],
    commandGroups: [(ctx) => credentialsCommands(ctx, vault, { testTimeoutMs: 300 })],
  });
  const events: { event: EventName; payload: unknown }[] = [];
  core.subscribe((event, payload) => void events.push({ event, payload }));
  await core.start();
  const changes = () => events.filter((e) => e.event === 'credentials.changed').map((e) => e.payload as CredentialStatus[]);
  return { core, vault, store, itick, events, changes };
}


/** What the user reads, in English: the core answers with codes. */
const en = (c: Coded | null) => (c ? renderCoded('en', c) : null);
async function verdict(core: { invoke: (c: 'credentials.test', r: { exchange: 'itick' }) => Promise<{ ok: boolean; message: Coded }> }) {
  const reply = await core.invoke('credentials.test', { exchange: 'itick' });
  return { ok: reply.ok, message: en(reply.message) };
}

describe('credentials commands', () => {
  it('sets credentials: stored, adapter restarted with them, status pushed, the secret never sent back', async () => {
    const { core, store, itick, events, changes } = await start();
    expect((await core.invoke('market.snapshot', undefined)).statuses.find((s) => s.exchange === 'itick')!.state).toBe('not_configured');
    expect((await core.invoke('credentials.status', undefined)).map((s) => s.configured)).toEqual([false, false, false]);

    const token = 'good-token-0123456789-abcd';
    const reply = await core.invoke('credentials.set', { exchange: 'itick', fields: { token } });
    expect(reply).toEqual({ exchange: 'itick', configured: true, hint: '…abcd', storage: 'keychain', lastError: null, heldBack: null });
    expect(JSON.parse((await store.get('itick:main'))!)).toMatchObject({ v: 2, fields: { token }, origins: ['https://api.itick.org', 'wss://api.itick.org'] });
    expect(itick.made.map((m) => m.token)).toEqual([token]);
    expect(changes().at(-1)!.find((s) => s.exchange === 'itick')).toEqual(reply);

    expect(await verdict(core)).toEqual({ ok: true, message: 'iTick accepted the credentials.' });
    const everything = JSON.stringify(events) + JSON.stringify(await core.invoke('credentials.status', undefined));
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('0123456789');
  });

  it('reports rejected credentials in the test and as the status\'s lastError', async () => {
    const { core, changes } = await start();
    await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'bad-token-00000000' } });
    expect(await verdict(core)).toEqual({
      ok: false,
      message: 'iTick rejected the credentials: iTick rejected the API key (Token rejected by the server).',
    });
    await waitFor(() => en(changes().at(-1)![1]!.lastError) === 'iTick rejected the API key (Token rejected by the server).', 'the rejection in credentials.changed');
    // New credentials clear it, and going live keeps it clear.
    const fixed = await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'good-token-11111111' } });
    expect(fixed.lastError).toBeNull();
    expect((await core.invoke('credentials.test', { exchange: 'itick' })).ok).toBe(true);
    expect((await core.invoke('credentials.status', undefined))[1]!.lastError).toBeNull();
  });

  it('gives up after the timeout when the exchange never answers, and says in what state it is', async () => {
    const { core } = await start();
    await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'slow-token-22222222' } });
    const started = Date.now();
    expect(await verdict(core)).toEqual({ ok: false, message: 'No answer from iTick within 1 s.' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('reconnects at once instead of waiting out a backoff', async () => {
    const { core, events } = await start();
    const lastItickState = () =>
      events.filter((e) => e.event === 'exchange.status' && (e.payload as ExchangeStatus).exchange === 'itick').map((e) => (e.payload as ExchangeStatus).state).at(-1);
    await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'flaky-token-33333333' } });
    await waitFor(() => lastItickState() === 'backing_off', 'the fake to back off');
    expect(await verdict(core)).toEqual({ ok: true, message: 'iTick accepted the credentials.' });
  });

  it('removes credentials: gone from the store, adapter stopped, exchange not configured', async () => {
    const { core, store, itick } = await start();
    await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'good-token-44444444' } });
    const reply = await core.invoke('credentials.remove', { exchange: 'itick' });
    expect(reply).toEqual({ exchange: 'itick', configured: false, hint: null, storage: null, lastError: null, heldBack: null });
    expect(await store.accounts()).toEqual([]);
    expect(itick.made.map((m) => m.stopped)).toEqual([true]);
    expect((await core.invoke('market.snapshot', undefined)).statuses.find((s) => s.exchange === 'itick')!.state).toBe('not_configured');
    expect(await verdict(core)).toEqual({ ok: false, message: 'No credentials are set for iTick.' });
  });

  it('validates the request before storing anything', async () => {
    const { core, store, itick } = await start();
    const bad: [unknown, RegExp][] = [
      [{ exchange: 'itick', fields: { token: '' } }, /iTick: token is required/],
      [{ exchange: 'itick', fields: { apiKey: 'x' } }, /iTick does not take apiKey/],
      [{ exchange: 'cryptomus', fields: { apiKey: 'k-1234567890' } }, /Cryptomus: userId is required/],
      [{ exchange: 'kraken', fields: { token: 'x' } }, /Unknown exchange "kraken"/],
      [null, /“credentials.set” a request it does not accept \(request\)/],
      [{ exchange: 'itick', fields: ['token'] }, /does not accept \(fields\)/],
    ];
    for (const [request, message] of bad) await expect(core.invoke('credentials.set', request as never), JSON.stringify(request)).rejects.toThrow(message);
    expect(await store.accounts()).toEqual([]);
    expect(itick.made).toEqual([]);
  });

  it('without a keychain, keeps the credentials for the session, connects with them, and says so', async () => {
    const broken: SecretStore = {
      kind: 'keychain',
      get: async () => Promise.reject(new KeychainUnavailableError('Could not connect: No such file or directory')),
      set: async () => Promise.reject(new KeychainUnavailableError('Could not connect: No such file or directory')),
      delete: async () => Promise.reject(new KeychainUnavailableError('Could not connect: No such file or directory')),
      accounts: async () => Promise.reject(new KeychainUnavailableError('Could not connect: No such file or directory')),
    };
    const { core, itick } = await start(broken);
    const reply = await core.invoke('credentials.set', { exchange: 'itick', fields: { token: 'good-token-55555555' } });
    expect(reply).toEqual({
      exchange: 'itick',
      configured: true,
      hint: '…5555',
      storage: 'session',
      lastError: { code: 'credentials.keychain', params: { detail: 'Could not connect: No such file or directory' } },
      heldBack: null,
    });
    expect(en(reply.lastError)).toBe('The OS keychain is unavailable (Could not connect: No such file or directory): credentials are kept for this session only.');
    expect(itick.made.map((m) => m.token)).toEqual(['good-token-55555555']);
    expect((await core.invoke('credentials.test', { exchange: 'itick' })).ok).toBe(true);
  });
});
