// The gate must be able to fail: it is run here on small projects whose verdict is known.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const gate = join(repo, 'scripts', 'security-gate.mjs');
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";
const page = (head: string) => `<!doctype html><html><head>${head}<title>t</title></head><body></body></html>\n`;
const packageJson = JSON.stringify({ name: 'fixture', type: 'module', devDependencies: { electron: '^45.4.1' } });

const projects: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-gate-'));
  projects.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function runGate(root: string) {
  const run = spawnSync(process.execPath, [gate, '--root', root], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => {
  for (const root of projects.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('security gate', () => {
  it('fails an insecure shell and lists what it found, in the CSV too', () => {
    const root = project({
      'package.json': packageJson,
      'out/renderer/index.html': page(''),
      'src/main/index.ts': [
        "import { app, BrowserWindow } from 'electron';",
        'app.whenReady().then(() => {',
        '  const window = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
        "  void window.loadURL('http://example.com/');",
        '});',
        '',
      ].join('\n'),
    });
    const { status, output } = runGate(root);
    expect(status).toBe(1);
    for (const check of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK', 'CSP_GLOBAL_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      expect(output).toContain(check);
    }
    expect(output).toMatch(/FAILED: \d+ finding\(s\) of severity MEDIUM or above/);
    const csv = readFileSync(join(root, 'test-results', 'electronegativity.csv'), 'utf8');
    expect(csv).toMatch(/^issue, severity/);
    expect(csv).toContain('CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","src/main/index.ts","3:');
  });

  it("passes this app's shell: its window, security handlers and preload, with the built page's CSP", () => {
    const root = project({
      'package.json': packageJson,
      'out/renderer/index.html': page(`<meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    });
    for (const file of ['src/main/index.ts', 'src/main/security.ts', 'src/main/window.ts', 'src/main/ipc-transport.ts', 'src/main/tray.ts', 'src/preload/index.ts']) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(join(repo, file), join(root, file));
    }
    const { status, output } = runGate(root);
    expect(output).toContain('security gate: passed');
    expect(status).toBe(0);
  });

  it('fails when a source file cannot be parsed, since it was not checked', () => {
    const root = project({
      'package.json': packageJson,
      'out/renderer/index.html': page(`<meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
      'src/main/index.ts': 'export const = ;\n',
    });
    const { status, output } = runGate(root);
    expect(status).toBe(1);
    expect(output).toMatch(/could not parse src\/main\/index\.ts/);
  });

  it('fails when there is nothing to scan', () => {
    const root = project({ 'package.json': packageJson, 'out/renderer/index.html': page('') });
    const { status, output } = runGate(root);
    expect(status).toBe(1);
    expect(output).toContain('no source files');
    expect(existsSync(join(root, 'test-results', 'electronegativity.csv'))).toBe(false);
  });

  it('fails when the renderer has not been built, rather than scanning without the CSP', () => {
    const root = project({ 'package.json': packageJson, 'src/main/index.ts': 'export {};\n' });
    const { status, output } = runGate(root);
    expect(status).toBe(1);
    expect(output).toContain('electron-vite build');
  });
});
