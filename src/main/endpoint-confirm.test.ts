// A held-back credential moves to a changed endpoint only through the shell's native dialog.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './core/config';
import type { Core } from './core/core';
import { createCore } from './core/create-core';
import { silentLogger } from './core/log';
import { CredentialVault, MemorySecretStore } from './core/secrets';
import { confirmHeldBackCredentials } from './endpoint-confirm';

let core: Core | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

async function heldBackCore() {
  const keychain = new MemorySecretStore('keychain');
  await keychain.set('coinking:default', JSON.stringify({ token: 'ck-token-0123456789abcdef' })); // entered for the defaults
  const vault = new CredentialVault(keychain, { log: silentLogger });
  await vault.load();
  const config = loadConfig({ host: 'electron', version: 't', env: { VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-confirm-')), VIGIL_DEMO: '0', VIGIL_COINKING_WS_URL: 'wss://mirror.example/ws' } });
  core = createCore(config, { log: silentLogger, vault, modules: [] });
  await core.start();
  return { core, vault, keychain };
}

describe('confirming a changed endpoint in a native dialog', () => {
  it('declined (the default): the key stays held back', async () => {
    const { core, vault } = await heldBackCore();
    const dialog = { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) };
    await confirmHeldBackCredentials(core, dialog);
    expect(dialog.showMessageBox).toHaveBeenCalledOnce();
    expect((dialog.showMessageBox.mock.calls[0] as unknown as [{ detail: string }])[0].detail).toContain('wss://mirror.example');
    expect(vault.credentialsFor('coinking')).toBeNull();
  });

  it('allowed: the key is bound to the new endpoints and used', async () => {
    const { core, vault, keychain } = await heldBackCore();
    await confirmHeldBackCredentials(core, { showMessageBox: async () => ({ response: 1, checkboxChecked: false }) });
    expect(vault.credentialsFor('coinking')).toEqual({ token: 'ck-token-0123456789abcdef' });
    expect(JSON.parse((await keychain.get('coinking:main'))!).origins).toContain('wss://mirror.example');
    expect((await core.invoke('credentials.status', undefined)).find((s) => s.exchange === 'coinking')!.heldBack).toBeNull();
  });

  it('is not a contract command: nothing the page can send confirms it', async () => {
    const { COMMAND_NAMES } = await import('../shared/contract');
    expect(COMMAND_NAMES.filter((c) => /confirm/i.test(c))).toEqual([]);
  });
});
