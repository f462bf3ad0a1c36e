// The app:// scheme (docs/security.md, hardening review 15): the built renderer, and nothing else, with its CSP.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL, appResponse, registerAppScheme, serveAppProtocol } from './app-protocol';

function built(): string {
  const parent = mkdtempSync(join(tmpdir(), 'vigil-app-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'" /><script type="module" src="./assets/app.js"></script>`);
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(parent, 'secret.txt'), 'secret');
  return root;
}

describe('app:// protocol', () => {
  it('is registered privileged (standard, secure) before ready, and handled from the built folder', async () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const root = built();
    serveAppProtocol(protocol, root);
    const [scheme, handler] = protocol.handle.mock.calls[0]! as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    const res = await handler(new Request(APP_INDEX_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'");
  });

  it('serves the page\'s files and refuses everything outside the folder or another host', async () => {
    const root = built();
    expect((await appResponse(root, 'app://vigil/assets/app.js')).status).toBe(200);
    expect((await appResponse(root, 'app://vigil/')).status).toBe(200);
    expect((await appResponse(root, 'app://vigil/..%2fsecret.txt')).status).toBe(403);
    expect((await appResponse(root, 'app://vigil/%2e%2e/secret.txt')).status).not.toBe(200);
    expect((await appResponse(root, 'app://other/index.html')).status).toBe(404);
    expect((await appResponse(root, 'app://vigil/missing.js')).status).toBe(404);
    expect(await (await appResponse(root, 'app://vigil/..%2fsecret.txt')).text()).not.toContain('secret');
  });
});
