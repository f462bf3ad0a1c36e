// Credentials are bound to the origins they were entered for (docs/security.md, hardening review 1): after an endpoint
// changes (here by settings.set, as the page or the web-host socket could), the stored key reaches
// the new host only once the user has entered it again. Real sockets: a fault server stands in for
// the new CoinKing host and records every frame it receives.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { Core } from '../core';
import { createCore } from '../create-core';
import { EXCHANGE_MODULES } from '../exchange-modules';
import { silentLogger } from '../log';
import { memoryStores } from '../store/ports';
import { startFaultServer, waitFor, type FaultServer } from '../testing/fault-server.test-support';
import { CredentialVault, MemorySecretStore } from '.';
import { tempFolders } from '../store/sqlite/sqlite.test-support';

const TOKEN = 'ck-secret-token-0123456789abcdef';
const folders = tempFolders('vigil-binding-');
let server: FaultServer | null = null;
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
  await server?.close();
  folders.cleanup();
});

describe('a credential bound to the endpoint it was entered for', () => {
  it('is not sent to a host the endpoint was changed to until the user enters it again', async () => {
    server = await startFaultServer();
    const keychain = new MemorySecretStore('keychain'); // survives "restarts", as the OS keychain does
    const stores = memoryStores();
    const home = folders.make();
    const coinking = EXCHANGE_MODULES.filter((m) => m.exchange === 'coinking');
    const start = async () => {
      const vault = new CredentialVault(keychain, { log: silentLogger });
      await vault.load();
      const saved = stores.settings.load();
      const config = loadConfig({
        host: 'electron',
        version: 'test',
        env: { VIGIL_HOME: home, VIGIL_WATCHLIST: 'coinking:BTC/USDT' },
        endpoints: saved?.endpoints,
        credentials: vault.credentials(),
      });
      const core = createCore(config, { log: silentLogger, stores, vault, modules: coinking });
      cores.push(core);
      await core.start();
      return core;
    };

    // First run, default endpoints: the user enters the key (it is bound to wss://wss.coinking.pro:8090).
    const first = await start();
    await first.invoke('credentials.set', { exchange: 'coinking', fields: { token: TOKEN } });
    // Then one command moves the endpoint to another host (loopback here, so the test can watch it).
    await first.invoke('settings.set', { endpoints: { coinkingWs: server.url, coinkingApi: 'http://127.0.0.1:9' } });
    await first.stop();
    cores.length = 0;

    // The next start connects to the new host, but without the key.
    const second = await start();
    await waitFor(() => server!.requests.some((r) => r.method !== 'server.auth'), 'the new host to be used', 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const everything = JSON.stringify(server.requests);
    expect(everything).not.toContain(TOKEN);
    expect(server.requests.map((r) => r.method)).not.toContain('server.auth');
    const status = (await second.invoke('credentials.status', undefined)).find((s) => s.exchange === 'coinking')!;
    expect(status.configured).toBe(true);
    expect(status.heldBack).toEqual({ code: 'credentials.endpointChanged', params: { origins: expect.stringContaining(new URL(server.url).origin) } });
    expect((await second.invoke('notices.list', undefined)).map((n) => n.message.code)).toContain('credentials.endpointChanged');

    // The user enters it again: now, and only now, it goes there.
    await second.invoke('credentials.set', { exchange: 'coinking', fields: { token: TOKEN } });
    await waitFor(() => server!.requests.some((r) => r.method === 'server.auth'), 'the re-entered key to be used', 10_000);
    expect(server.requests.find((r) => r.method === 'server.auth')!.params[0]).toBe(TOKEN);
    expect((await second.invoke('credentials.status', undefined)).find((s) => s.exchange === 'coinking')!.heldBack).toBeNull();
  });

  it('a headless run: a key from the environment does not follow an endpoint saved in settings (by a page command)', async () => {
    server = await startFaultServer();
    const stores = memoryStores();
    // What a page could have done through the web host's socket, in an earlier run:
    stores.settings.save({ ...(stores.settings.load() ?? {}), endpoints: { coinkingWs: server.url, coinkingApi: 'http://127.0.0.1:9' } } as never);
    const config = loadConfig({
      host: 'web',
      version: 'test',
      env: { VIGIL_HOME: folders.make(), VIGIL_WATCHLIST: 'coinking:BTC/USDT', VIGIL_COINKING_TOKEN: TOKEN },
      endpoints: stores.settings.load()!.endpoints,
    });
    expect(config.endpoints.coinkingWs).toBe(server.url);
    const core = createCore(config, { log: silentLogger, stores, modules: EXCHANGE_MODULES.filter((m) => m.exchange === 'coinking') });
    cores.push(core);
    await core.start();
    await waitFor(() => server!.requests.length > 0, 'the saved host to be used', 10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(server.requests)).not.toContain(TOKEN);
    expect((await core.invoke('credentials.status', undefined)).find((s) => s.exchange === 'coinking')!.heldBack?.code).toBe('credentials.endpointChanged');
  });

  it('a key saved before binding existed is bound to the default endpoints', async () => {
    const keychain = new MemorySecretStore('keychain');
    await keychain.set('coinking:default', JSON.stringify({ token: TOKEN })); // the first format: fields only
    const vault = new CredentialVault(keychain, { log: silentLogger });
    await vault.load();
    vault.useEndpoints(loadConfig({ host: 'web', version: 't', env: {} }).endpoints);
    expect(vault.credentialsFor('coinking')).toEqual({ token: TOKEN });
    vault.useEndpoints(loadConfig({ host: 'web', version: 't', env: { VIGIL_COINKING_WS_URL: 'wss://other.test/ws' } }).endpoints);
    expect(vault.credentialsFor('coinking')).toBeNull();
    expect(vault.credentials()).toEqual({});
    // The desktop shell's native confirmation (never a page command) binds it to the new origins.
    await vault.confirmEndpoints('coinking');
    expect(vault.credentialsFor('coinking')).toEqual({ token: TOKEN });
    expect(JSON.parse((await keychain.get('coinking:main'))!)).toMatchObject({ v: 2, origins: ['https://www.coinking.pro', 'wss://other.test'] });
  });
});
