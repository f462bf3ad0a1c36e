// The environment that points Vigil at running simulators: the same variables a user sets to
// point it at any server that speaks the protocols (README, "Environment").
import { ENDPOINT_ENV, type Endpoints } from '../config';
import type { DemoServer } from '../exchange-adapter';

export function simulatorEnvironment(servers: DemoServer[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const server of servers) {
    for (const [key, url] of Object.entries(server.endpoints) as [keyof Endpoints, string][]) env[ENDPOINT_ENV[key]] = url;
    const c = server.credentials ?? {};
    if (c.cryptomus) {
      env.VIGIL_CRYPTOMUS_USER_ID = c.cryptomus.userId;
      env.VIGIL_CRYPTOMUS_API_KEY = c.cryptomus.apiKey;
    }
    if (c.itick) env.VIGIL_ITICK_TOKEN = c.itick.token;
    if (c.coinking) env.VIGIL_COINKING_TOKEN = c.coinking.token;
  }
  return env;
}
