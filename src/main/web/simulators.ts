// `npm run simulators`: the three exchange simulators on 127.0.0.1, standalone, with the environment
// that points Vigil at them as if they were the real exchanges (no demo mode involved).
import { EXCHANGE_MODULES } from '../core/exchange-modules';
import { simulatorEnvironment } from '../core/demo/environment';

async function main(): Promise<void> {
  const servers = await Promise.all(EXCHANGE_MODULES.map((m) => m.startDemo()));
  const env = simulatorEnvironment(servers);
  console.log('# The simulators are running. In another shell, point Vigil at them:');
  for (const [name, value] of Object.entries(env)) console.log(`export ${name}=${value}`);
  console.log('# then: npm run web   (the credentials above are the simulators\' own, not secrets)');
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`vigil simulators: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
