// Test helpers for the SQLite store: temp data folders that are removed afterwards, and deals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../simulators/random-walk';
import type { Deal, ExchangeId, MarketId } from '../../../../shared/model';

/** Makes temp folders and removes every one of them on `cleanup()`. */
export function tempFolders(prefix = 'vigil-store-'): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MARKETS: MarketId[] = ['coinking:BTC/USDT', 'coinking:ETH/BTC', 'cryptomus:SOL/USDT', 'itick:XRP/USD'];

export { seededRandom }; // one generator for the whole project: the demo simulators'

/** `n` varied deals: several exchanges, markets, sides, fee currencies and decimal precisions. */
export function makeDeals(n: number, seed = 1, start = 1_700_000_000_000): Deal[] {
  const rnd = seededRandom(seed);
  const deals: Deal[] = [];
  for (let i = 0; i < n; i++) {
    const market = MARKETS[Math.floor(rnd() * MARKETS.length)]!;
    const exchange = market.slice(0, market.indexOf(':')) as ExchangeId;
    const price = (rnd() * 50_000).toFixed(2);
    const amount = (rnd() * 3).toFixed(8);
    const value = (Number(price) * Number(amount)).toFixed(10);
    const feeKind = i % 11;
    deals.push({
      exchange,
      id: `${exchange}-${i}`,
      orderId: i % 3 ? `o-${Math.floor(i / 3)}` : null,
      market,
      side: rnd() < 0.5 ? 'buy' : 'sell',
      price,
      amount,
      value,
      // Rebates are negative; one in eleven pays its fee in another asset.
      fee: feeKind === 0 ? `-${(rnd() / 100).toFixed(12)}` : (rnd() / 10).toFixed(14),
      feeAsset: feeKind === 1 ? 'BNB' : null,
      role: i % 4 === 0 ? 'maker' : i % 4 === 1 ? 'taker' : null,
      time: start + i * 1000,
      // One deal in five is a sub-account's.
      account: i % 5 === 4 ? 'sub' : 'main',
    });
  }
  return deals;
}
