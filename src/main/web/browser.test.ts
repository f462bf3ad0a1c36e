// docs/security.md, hardening review 8: the browser that `npm run web` opens gets no credential from this process's
// environment and no session token on its command line. A real child process stands in for the
// browser and records what it was given.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../core/testing/fault-server.test-support';
import { openBrowser } from './browser';

describe('opening the browser', () => {
  it('passes a clean environment and keeps the token off the command line (in a 0600 launcher file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-'));
    const out = join(dir, 'seen.json');
    const fake = join(dir, 'fake-browser.sh');
    writeFileSync(fake, `#!/bin/sh\nenv > "${out}.env"\nprintf '%s' "$*" > "${out}.args"\n`, { mode: 0o700 });
    const token = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
    const url = `http://127.0.0.1:5199/#token=${token}`;
    const { file } = openBrowser(url, {
      command: fake,
      env: { PATH: process.env.PATH, HOME: '/home/u', DISPLAY: ':0', VIGIL_COINKING_TOKEN: 'ck-secret-123456', VIGIL_CRYPTOMUS_API_KEY: 'cm-secret', AWS_SECRET_ACCESS_KEY: 'aws' },
      keepMs: 5_000,
    });
    await waitFor(() => existsSync(`${out}.args`) && existsSync(`${out}.env`), 'the fake browser to run', 5_000);
    await new Promise((r) => setTimeout(r, 50));
    const args = readFileSync(`${out}.args`, 'utf8');
    const env = readFileSync(`${out}.env`, 'utf8');
    expect(args).not.toContain(token);
    expect(args).toMatch(/^file:\/\//);
    expect(env).not.toContain('VIGIL_');
    expect(env).not.toContain('ck-secret');
    expect(env).not.toContain('AWS_SECRET');
    expect(env).toContain('DISPLAY=:0');
    // The launcher forwards to the tokened address and is the user's alone.
    const launcher = fileURLToPath(args);
    expect(launcher).toBe(file);
    expect(readFileSync(launcher, 'utf8')).toContain(token);
    expect(statSync(launcher).mode & 0o777).toBe(0o600);
  });
});
