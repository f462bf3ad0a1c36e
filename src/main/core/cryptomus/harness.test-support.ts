// Test wiring for the Cryptomus adapter: a simulator and an adapter pointed at it, recording what it
// hands the engine (the shared recording sink; deals go through a MemoryDealHistory, as the engine stores them).
import type { MarketRef } from '../../../shared/model';
import { FAST, recordingSink, type Recorded } from '../testing/adapter.test-support';
import type { Clock } from '../connection/clock';
import { MemoryCandleStore } from '../market/candle-store';
import { TOKEN_PATH } from './rest';
import { CryptomusAdapter, type CryptomusAdapterOptions } from './adapter';
import { DEMO_CREDENTIALS, startCryptomusSimulator, type CryptomusSimulator, type CryptomusSimulatorOptions } from '../simulators/cryptomus/simulator';

export const ref = (base: string, quote = 'USDT'): MarketRef => ({ exchange: 'cryptomus', base, quote });

export interface Harness {
  sim: CryptomusSimulator;
  adapter: CryptomusAdapter;
  rec: Recorded;
  store: MemoryCandleStore;
  /** Token requests the simulator answered with a token. */
  tokensIssued(): number;
  close(): Promise<void>;
}

export async function harness(
  options: {
    sim?: CryptomusSimulatorOptions;
    clock?: Clock;
    adapter?: Partial<CryptomusAdapterOptions>;
    store?: MemoryCandleStore;
    existing?: CryptomusSimulator;
  } = {},
): Promise<Harness> {
  const sim = options.existing ?? (await startCryptomusSimulator({ accountMs: 0, tickMs: 1_000_000, seed: 11, ...options.sim }));
  const { sink, rec } = recordingSink();
  const store = options.store ?? new MemoryCandleStore();
  const adapter = new CryptomusAdapter({
    endpoints: sim.endpoints,
    credentials: DEMO_CREDENTIALS,
    sink,
    candleStore: store,
    deals: rec.history,
    clock: options.clock,
    connection: FAST,
    historyDebounceMs: 50,
    ...options.adapter,
  });
  return {
    sim,
    adapter,
    rec,
    store,
    tokensIssued: () => sim.http.filter((h) => h.path === TOKEN_PATH && h.status === 200).length,
    async close() {
      await adapter.stop();
      if (!options.existing) await sim.close();
    },
  };
}
