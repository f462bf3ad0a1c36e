// Demo mode: each exchange's simulator started on 127.0.0.1, with the endpoints and credentials that
// point an adapter at it. The simulators live apart from the adapters; this is where the two meet.
import { randomBytes } from 'node:crypto';
import type { ExchangeId } from '../../../shared/model';
import type { DemoServer } from '../exchange';
import { startCoinKingSimulator } from '../simulators/coinking/simulator';
import { DEMO_CREDENTIALS, startCryptomusSimulator } from '../simulators/cryptomus/simulator';
import { startItickSimulator } from '../simulators/itick/simulator';

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
    const token = `demo-${randomBytes(12).toString('hex')}`;
    // openAccounts: a demo user may add a second account with a key of their own (Settings).
    const sim = await startCoinKingSimulator({ seed: options.seed, tokens: [token], accountMs: 4_000, openAccounts: true });
    return {
      endpoints: { coinkingWs: sim.url, coinkingApi: sim.apiUrl },
      credentials: { coinking: { token } },
      close: () => sim.close(),
    };
  },
};
