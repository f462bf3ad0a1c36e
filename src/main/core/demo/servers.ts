// Demo mode: each exchange's simulator started on 127.0.0.1, with the endpoints and credentials that
// point an adapter at it. The simulators live apart from the adapters; this is where the two meet.
import { randomBytes } from 'node:crypto';
import type { ExchangeId } from '../../../shared/model';
import type { DemoServer } from '../exchange-adapter';
import { startCoinKingSimulator } from '../simulators/coinking/simulator';
import { DEMO_CREDENTIALS, startCryptomusSimulator } from '../simulators/cryptomus/simulator';
import { startItickSimulator } from '../simulators/itick/simulator';

/** What a demo key starts with (the simulator opens a demo account for a new one). */
export const DEMO_KEY_PREFIX = 'demo-';

export type DemoStarter = (options?: { seed?: number }) => Promise<DemoServer>;

export const DEMO_SERVERS: Record<ExchangeId, DemoStarter> = {
  async cryptomus(options = {}) {
    // Private events in any order, as the real server promises nothing else across channels.
    const sim = await startCryptomusSimulator({ seed: options.seed, shufflePrivate: true });
    return {
      endpoints: sim.endpoints,
      credentials: { cryptomus: { ...DEMO_CREDENTIALS } },
      close: () => sim.close(),
    };
  },
  async itick(options = {}) {
    const sim = await startItickSimulator({ seed: options.seed });
    return {
      endpoints: { itickWs: sim.wsUrl, itickApi: sim.apiUrl },
      credentials: { itick: { token: sim.tokens[0]! } },
      close: () => sim.close(),
    };
  },
  async coinking(options = {}) {
    // A fresh key per run: the demo account is reachable only by the app that started it.
    const token = `${DEMO_KEY_PREFIX}${randomBytes(12).toString('hex')}`;
    // A demo user may add a further account with a key of their own that starts with "demo-"
    // (Settings → Accounts); any other key is refused, as a real server refuses an unknown key.
    const sim = await startCoinKingSimulator({ seed: options.seed, tokens: [token], accountMs: 4_000, openAccounts: DEMO_KEY_PREFIX });
    return {
      endpoints: { coinkingWs: sim.url, coinkingApi: sim.apiUrl },
      credentials: { coinking: { token } },
      close: () => sim.close(),
    };
  },
};
