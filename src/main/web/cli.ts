// `npm run web`: the core without Electron, serving the UI to a browser on 127.0.0.1.
//   node out/main/web.js [--port N] [--no-open]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootCore, type Booted } from '../core/boot';
import { ConfigError, defaultHome } from '../core/config';
import { consoleLogger } from '../core/log';
import { HomeLockedError } from '../core/store/sqlite/lock';
import { openBrowser } from './browser';
import { startWebHost } from './server';

interface Args {
  port: number;
  open: boolean;
}

function usage(message: string): never {
  console.error(`vigil web: ${message}\nusage: npm run web -- [--port N] [--no-open]`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 5199, open: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-open') args.open = false;
    else if (a === '--port' || a?.startsWith('--port=')) {
      const value = a === '--port' ? argv[++i] : a.slice('--port='.length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port takes a number from 0 to 65535, got ${value}`);
      args.port = port;
    } else if (a === '--help' || a === '-h') usage('serves the Vigil UI on 127.0.0.1');
    else usage(`unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  let booted: Booted;
  try {
    // Headless runs take credentials from the environment only: no secret store, so they live for
    // this session and the OS keychain is never touched.
    booted = await bootCore({ host: 'web', version: pkg.version, home: defaultHome(), log: consoleLogger });
  } catch (error) {
    if (error instanceof HomeLockedError) {
      console.error(`vigil web: ${error.code}: ${error.message}`);
      process.exit(3);
    }
    if (error instanceof ConfigError) usage(error.message);
    throw error;
  }
  const { core, config, log } = booted;
  await core.start();
  const host = await startWebHost({
    core,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    port: args.port,
    log,
  });
  console.log(`Vigil ${config.demo ? '(demo mode) ' : ''}is serving on ${host.url}`);
  console.log(`data folder: ${config.home}`);
  if (args.open) openBrowser(host.url, { onError: () => console.log('(could not open a browser; open the address above yourself)') });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await core.stop();
    booted.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`vigil web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
