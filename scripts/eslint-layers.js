// The layer rule of docs/architecture.md as a local ESLint rule. Unlike no-restricted-imports it resolves
// relative imports against the importing file, so `../../x` is judged by where it lands, and it
// also sees dynamic import() and require().
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isElectron = (s) => s === 'electron' || s.startsWith('electron/');

/** The exchange adapters: clients of the protocols, which never see the simulators' code. */
const ADAPTERS = ['src/main/core/cryptomus', 'src/main/core/itick', 'src/main/core/coinking'];

/** Folder → what its files may import. The first matching folder wins. */
export const LAYERS = [
  {
    folder: 'src/shared',
    may: ['src/shared'],
    bare: () => 'src/shared imports nothing outside itself',
  },
  {
    // Servers written from the protocols: they share nothing with the clients they test (tests may).
    folder: 'src/main/core/simulators',
    may: ['src/main/core/simulators', 'src/shared', 'src/main/core/wire/json', 'src/main/core/connection/clock'],
    testsMay: ['src/main/core'],
    bare: (s) => (isElectron(s) ? 'simulators run in plain Node: no electron' : null),
  },
  ...ADAPTERS.map((folder) => ({
    folder,
    may: ['src/main/core', 'src/shared'],
    mayNot: ['src/main/core/simulators'],
    bare: (s) => (isElectron(s) ? 'src/main/core is the Electron-free engine: it never imports electron' : null),
  })),
  {
    folder: 'src/main/core',
    may: ['src/main/core', 'src/shared'],
    bare: (s) => (isElectron(s) ? 'src/main/core is the Electron-free engine: it never imports electron' : null),
  },
  {
    folder: 'src/main/web',
    may: ['src/main/web', 'src/main/core', 'src/shared'],
    bare: (s) => (isElectron(s) ? 'the web host runs in plain Node: no electron' : null),
  },
  {
    folder: 'src/main',
    may: ['src/main', 'src/shared', 'package.json'],
    bare: () => null,
  },
  {
    folder: 'src/preload',
    may: ['src/preload', 'src/shared'],
    bare: (s) => (s === 'electron' ? null : 'the preload sees only src/shared and electron'),
  },
  {
    folder: 'src/renderer',
    may: ['src/renderer', 'src/shared'],
    bare: (s) =>
      isElectron(s)
        ? 'the renderer talks to the core only through the contract: no electron'
        : NODE.has(s)
          ? 'the renderer runs in a sandboxed page: no Node modules'
          : null,
  },
];

/** The one suffix of test helpers: importable from tests and other helpers, never from the app. */
const TEST_SUPPORT = /\.test-support(\.ts)?$/;

function inside(path, folder) {
  return path === folder || path.startsWith(folder + sep) || path.startsWith(folder + '/');
}

const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'imports must respect the layers of docs/architecture.md' } },
  create(context) {
    const file = relative(ROOT, context.filename);
    const layer = LAYERS.find((l) => inside(file, l.folder));
    if (!layer) return {};
    // Tests run in Node under vitest whatever layer they test; their relative imports are still judged.
    const isTest = /\.(test|keychain)\.ts$/.test(file);
    // Test-side files (tests and the helpers only tests import, named *.test-support.ts) may meet
    // client and server.
    const isTestSide = isTest || TEST_SUPPORT.test(file);
    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(context.filename), specifier));
        if (!isTestSide && TEST_SUPPORT.test(target)) {
          context.report({ node, message: `test helpers (*.test-support.ts) are for tests only; this import reaches ${target}` });
          return;
        }
        const may = isTestSide && layer.testsMay ? [...layer.may, ...layer.testsMay] : layer.may;
        if (!may.some((f) => inside(target, f))) {
          context.report({ node, message: `${layer.folder} may import only from ${may.join(', ')}; this import reaches ${target}` });
        } else if (!isTestSide && layer.mayNot?.some((f) => inside(target, f))) {
          context.report({ node, message: `${layer.folder} never imports ${layer.mayNot.join(', ')} (simulators and adapters share no code); this import reaches ${target}` });
        }
        return;
      }
      if (isTest && (specifier === 'vitest' || NODE.has(specifier))) return;
      const why = layer.bare(specifier);
      if (why) context.report({ node, message: `'${specifier}': ${why}` });
    }
    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layers: rule } };
