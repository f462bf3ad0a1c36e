// electron-builder.yml, checked three ways:
//  1. loaded and validated exactly as electron-builder does (app-builder-lib's getConfig and
//     validateConfiguration, against its JSON schema), and broken variants are refused;
//  2. Vigil's own requirements: ids, the four installer targets, the deb maintainer and homepage, the
//     fuses, and icons that exist at the sizes the app and installers use;
//  3. a real offline `--dir` packaging of a stand-in app with a stand-in Electron (a file carrying the
//     fuse sentinel), proving the fuses are flipped in the packaged binary and the resources land.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

type Config = Record<string, unknown> & {
  linux?: { target?: unknown; maintainer?: string; executableName?: string };
  mac?: { target?: unknown };
  win?: { target?: unknown };
  electronFuses?: Record<string, boolean>;
  extraResources?: { from: string; filter: string[] }[];
  extraMetadata?: { homepage?: string };
};

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debug: unknown): Promise<void>;
}
const builder = require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/** The fuses Vigil ships with, as design and docs/security.md state them. */
const REQUIRED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  // The UI comes over app://, not file:// (issue 13, item 15).
  grantFileProtocolExtraPrivileges: false,
};

const folders: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Loads a config file the way electron-builder does, then validates it with electron-builder's schema. */
async function loadAndValidate(file: string): Promise<Config> {
  const config = await builder.getConfig(repo, file, null);
  await builder.validateConfiguration(config, new DebugLogger(false));
  return config;
}

function targets(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

/** PNG width and height from the IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  if (b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** Vigil's requirements beyond the schema; throws on the first one not met. */
function checkVigilConfig(config: Config): void {
  function fail(message: string): never {
    throw new Error(`electron-builder.yml: ${message}`);
  }
  if (config.appId !== 'org.vigil.app') fail(`appId must be org.vigil.app, is ${String(config.appId)}`);
  if (config.productName !== 'Vigil') fail(`productName must be Vigil, is ${String(config.productName)}`);
  for (const [platform, wanted] of [
    ['linux', ['AppImage', 'deb']],
    ['mac', ['dmg']],
    ['win', ['nsis']],
  ] as const) {
    const have = targets((config[platform] as { target?: unknown } | undefined)?.target);
    for (const t of wanted) if (!have.includes(t)) fail(`${platform} targets ${JSON.stringify(have)} lack ${t}`);
  }
  if (!/^[^<>]+ <[^@\s]+@[^>\s]+>$/.test(config.linux?.maintainer ?? '')) fail('linux.maintainer must be "Name <e-mail>" (the deb needs it)');
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { homepage?: string; repository?: unknown };
  if (!pkg.homepage && !pkg.repository && !config.extraMetadata?.homepage) fail('the deb needs a homepage (package.json or extraMetadata)');
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
    if (config.electronFuses?.[fuse] !== value) fail(`electronFuses.${fuse} must be ${value}`);
  }
  for (const platform of ['linux', 'mac', 'win'] as const) {
    const icon = (config[platform] as { icon?: string } | undefined)?.icon;
    if (!icon || !existsSync(join(repo, icon))) fail(`${platform}.icon ${String(icon)} does not exist`);
    const [w, h] = pngSize(join(repo, icon));
    if (w < 512 || w !== h) fail(`${platform}.icon must be a square PNG of at least 512 px, is ${w}×${h}`);
  }
  const shipped = (config.extraResources ?? []).flatMap((r) => r.filter.map((f) => join(repo, r.from, f)));
  for (const name of ['icon.png', 'tray.png', 'tray@2x.png']) {
    const file = shipped.find((f) => f.endsWith(`/${name}`));
    if (!file || !existsSync(file)) fail(`extraResources must ship resources/${name}, which must exist`);
  }
  if (pngSize(join(repo, 'resources/tray.png')).join('x') !== '32x32') fail('resources/tray.png must be 32×32');
  if (pngSize(join(repo, 'resources/tray@2x.png')).join('x') !== '64x64') fail('resources/tray@2x.png must be 64×64');
}

/** A variant of the real config file with one change, written beside a temp folder. */
function variant(edit: (yml: string) => string): string {
  const file = join(tempDir('vigil-eb-'), 'electron-builder.yml');
  const yml = readFileSync(join(repo, 'electron-builder.yml'), 'utf8');
  const changed = edit(yml);
  if (changed === yml) throw new Error('the edit changed nothing: fix the test');
  writeFileSync(file, changed);
  return file;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema and Vigil's requirements", async () => {
    const config = await loadAndValidate(join(repo, 'electron-builder.yml'));
    expect(() => checkVigilConfig(config)).not.toThrow();
    // The comments say how to package offline: keep them.
    expect(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')).toMatch(/DOWNLOADS it[\s\S]*electronDist/);
  });

  it.each([
    ['a misspelt option', (y: string) => y.replace('  maintainer:', '  maintaner:'), /configuration\.linux/],
    ['a fuse that is not a boolean', (y: string) => y.replace('runAsNode: false', 'runAsNode: "no"'), /runAsNode|boolean/i],
    ['an unknown top-level key', (y: string) => `${y}\nfuses:\n  runAsNode: false\n`, /fuses|additional/i],
  ])("electron-builder's validator refuses %s", async (_name, edit, message) => {
    await expect(loadAndValidate(variant(edit))).rejects.toThrow(message);
  });

  it.each([
    ['the deb target dropped', (y: string) => y.replace('    - deb\n', ''), /lack deb/],
    ['no maintainer', (y: string) => y.replace(/ {2}maintainer: .*\n/, ''), /maintainer/],
    ['runAsNode left on', (y: string) => y.replace('runAsNode: false', 'runAsNode: true'), /runAsNode must be false/],
    ['another appId', (y: string) => y.replace('appId: org.vigil.app', 'appId: com.example.app'), /appId/],
    ['a missing icon', (y: string) => y.replace('  icon: resources/icon.png\n  synopsis', '  icon: resources/nope.png\n  synopsis'), /linux\.icon/],
  ])('the requirements refuse %s', async (_name, edit, message) => {
    const config = await loadAndValidate(variant(edit));
    expect(() => checkVigilConfig(config)).toThrow(message);
  });
});

// Fuse order in Electron's fuse wire (@electron/fuses FuseV1Options).
const WIRE = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe('packaging', () => {
  it('packages offline from an unpacked Electron (electronDist) and flips the fuses in the binary', () => {
    // A stand-in Electron: a file with the fuse sentinel, wire version 1 and every fuse on ('1').
    const electron = tempDir('vigil-electron-');
    writeFileSync(join(electron, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), Buffer.from([1, WIRE.length]), Buffer.from('1'.repeat(WIRE.length)), Buffer.alloc(16)]), { mode: 0o755 });
    writeFileSync(join(electron, 'version'), '45.4.1');
    writeFileSync(join(electron, 'LICENSE'), 'MIT');
    // A stand-in app with the real config and icons (the real build is not needed to test packaging).
    const project = tempDir('vigil-project-');
    mkdirSync(join(project, 'out/main'), { recursive: true });
    writeFileSync(join(project, 'out/main/index.js'), 'export {};\n');
    writeFileSync(join(project, 'out/main/index.js.map'), '{}\n');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'vigil', productName: 'Vigil', version: '0.1.0', description: 'test', main: './out/main/index.js' }));
    copyFileSync(join(repo, 'electron-builder.yml'), join(project, 'electron-builder.yml'));
    mkdirSync(join(project, 'resources'));
    for (const f of ['icon.png', 'tray.png', 'tray@2x.png']) copyFileSync(join(repo, 'resources', f), join(project, 'resources', f));

    const run = spawnSync(
      process.execPath,
      [require.resolve('electron-builder/cli.js'), '--projectDir', project, '--config', 'electron-builder.yml', '--linux', 'dir', '--x64', `-c.electronDist=${electron}`, '-c.electronVersion=45.4.1', '-c.npmRebuild=false'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);

    const unpacked = join(project, 'dist', 'linux-unpacked');
    const binary = readFileSync(join(unpacked, 'vigil'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    const wire = binary.toString('latin1', at + 2, at + 2 + WIRE.length);
    const fuses = Object.fromEntries(WIRE.map((name, i) => [name, wire[i] === '1']));
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) expect(fuses[fuse], fuse).toBe(value);
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);

    expect(existsSync(join(unpacked, 'resources', 'app.asar'))).toBe(true);
    expect(existsSync(join(unpacked, 'resources', 'app'))).toBe(false); // only app.asar: the fuse needs it
    for (const f of ['icon.png', 'tray.png', 'tray@2x.png']) expect(existsSync(join(unpacked, 'resources', f)), f).toBe(true);
    const asar = readFileSync(join(unpacked, 'resources', 'app.asar')).toString('latin1');
    expect(asar).toContain('"index.js"');
    expect(asar).not.toContain('"index.js.map"'); // source maps stay out
  }, 120_000);
});
