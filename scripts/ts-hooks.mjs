// Lets plain Node run the project's TypeScript sources (for test fixtures that must run in a child
// process, outside vitest):
//   node --experimental-transform-types --disable-warning=ExperimentalWarning --import ./scripts/ts-hooks.mjs file.ts
// Node strips the types itself; this hook only resolves the extensionless relative imports the
// sources use (moduleResolution "Bundler") to their .ts files.
import * as nodeModule from 'node:module';

function candidates(specifier, parentURL) {
  if (!parentURL || !(specifier.startsWith('./') || specifier.startsWith('../')) || /\.[cm]?[jt]s$/.test(specifier)) return [];
  return [`${specifier}.ts`, `${specifier}/index.ts`].map((c) => new URL(c, parentURL));
}

if (typeof nodeModule.registerHooks === 'function') {
  // Node 22.15+: synchronous in-thread hooks.
  const { existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const found = candidates(specifier, context.parentURL).find((url) => existsSync(fileURLToPath(url)));
      return nextResolve(found ? found.href : specifier, context);
    },
  });
} else {
  // Older Node 22: the same rule as an off-thread loader.
  const loader = `
    import { existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const candidates = ${candidates.toString()};
    export async function resolve(specifier, context, nextResolve) {
      const found = candidates(specifier, context.parentURL).find((url) => existsSync(fileURLToPath(url)));
      return nextResolve(found ? found.href : specifier, context);
    }`;
  nodeModule.register(`data:text/javascript,${encodeURIComponent(loader)}`);
}
