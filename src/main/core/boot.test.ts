import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootCore } from './boot';
import { ConfigError } from './config';
import type { Logger } from './log';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, addSecrets: () => {} };
const homes: string[] = [];
function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-boot-'));
  homes.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('bootCore', () => {
  it('reads the saved settings once into the core, from a real SQLite file', async () => {
    const dir = home();
    const first = await bootCore({ host: 'web', version: '0.0.0', home: dir, log: quiet, env: {} });
    // Never saved: no credentials anywhere, so this run is a demo run and Settings says so.
    expect(first.config.demo).toBe(true);
    expect((await first.core.invoke('settings.get', undefined)).demo).toBe(true);
    await first.core.invoke('settings.set', { quoteCurrency: 'BTC', endpoints: { coinkingWs: 'wss://ck.example.com/ws' } });
    await first.core.stop();
    first.close();

    const second = await bootCore({ host: 'web', version: '0.0.0', home: dir, log: quiet, env: {} });
    const settings = await second.core.invoke('settings.get', undefined);
    expect(settings.quoteCurrency).toBe('BTC');
    // The saved endpoint reached the config the adapters use, through the same one read.
    expect(second.config.endpoints.coinkingWs).toBe('wss://ck.example.com/ws');
    expect((await second.core.invoke('portfolio.get', undefined)).quote).toBe('BTC');
    await second.core.stop();
    second.close();
  });

  it('honours VIGIL_HOME over the host folder, as every host did', async () => {
    const dir = home();
    const booted = await bootCore({ host: 'web', version: '0.0.0', home: '/nonexistent/vigil', log: quiet, env: { VIGIL_HOME: dir } });
    expect(booted.config.home).toBe(dir);
    await booted.core.stop();
    booted.close();
  });

  it('throws a bad configuration to the host and leaves the folder usable', async () => {
    const dir = home();
    await expect(bootCore({ host: 'web', version: '0.0.0', home: dir, log: quiet, env: { VIGIL_WATCHLIST: 'not-a-market' } })).rejects.toBeInstanceOf(ConfigError);
    const again = await bootCore({ host: 'web', version: '0.0.0', home: dir, log: quiet, env: {} });
    expect(again.storeProblem).toBeNull();
    await again.core.stop();
    again.close();
  });
});
