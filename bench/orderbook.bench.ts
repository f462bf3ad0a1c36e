// Order book: level updates per second on a 1,000-level book, applying 20-level deltas of
// decimal-string levels, beside a naive baseline (a Map per side, sorted on every read) in the same run.
import { it } from 'vitest';
import type { BookLevel } from '../src/shared/model';
import { OrderBook } from '../src/main/core/market/order-book';
import { median, record, seeded, throughput } from './harness';

const LEVELS = 1000;
const DELTA = 20;
const TARGET = 2_500_000;

/** Pre-generated deltas: prices on a 0.01 grid around 50,000, about a fifth of them deletions. */
function makeDeltas(count: number, rnd: () => number): { bids: BookLevel[]; asks: BookLevel[] }[] {
  const out = [];
  for (let i = 0; i < count; i++) {
    const side = (base: number, dir: number): BookLevel[] =>
      Array.from({ length: DELTA / 2 }, () => {
        const price = (base + dir * Math.floor(rnd() * LEVELS * 1.2) * 0.01).toFixed(2);
        return [price, rnd() < 0.2 ? '0' : (rnd() * 3).toFixed(6)] as BookLevel;
      });
    out.push({ bids: side(49_999.99, -1), asks: side(50_000.0, 1) });
  }
  return out;
}

function snapshot(): { bids: BookLevel[]; asks: BookLevel[] } {
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < LEVELS / 2; i++) {
    bids.push([(49_999.99 - i * 0.01).toFixed(2), '1.000000']);
    asks.push([(50_000.0 + i * 0.01).toFixed(2), '1.000000']);
  }
  return { bids, asks };
}

/** The naive book a first attempt would write: a Map per side, sorted whenever the top is read. */
class NaiveBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  apply(u: { bids: BookLevel[]; asks: BookLevel[] }): void {
    for (const [p, a] of u.bids) if (Number(a) === 0) this.bids.delete(p); else this.bids.set(p, a);
    for (const [p, a] of u.asks) if (Number(a) === 0) this.asks.delete(p); else this.asks.set(p, a);
  }
  top(n: number): { bids: BookLevel[]; asks: BookLevel[] } {
    return {
      bids: [...this.bids].sort((x, y) => Number(y[0]) - Number(x[0])).slice(0, n),
      asks: [...this.asks].sort((x, y) => Number(x[0]) - Number(y[0])).slice(0, n),
    };
  }
}

it('order book', () => {
  const deltas = makeDeltas(5_000, seeded(1));
  const snap = snapshot();
  const ours: number[] = [];
  const naive: number[] = [];
  for (let run = 0; run < 5; run++) {
    const book = new OrderBook('coinking:BTC/USDT');
    book.apply({ kind: 'snapshot', ...snap }, 0);
    let i = 0;
    ours.push(
      throughput(() => {
        const d = deltas[i++ % deltas.length]!;
        book.apply({ kind: 'delta', bids: d.bids, asks: d.asks, limit: LEVELS }, i);
        return DELTA;
      }, 1500).opsPerSec,
    );
    const nb = new NaiveBook();
    nb.apply(snap);
    let j = 0;
    naive.push(
      throughput(() => {
        const d = deltas[j++ % deltas.length]!;
        nb.apply(d);
        // The UI reads the top once per 100 ms frame; at these rates that is about every 2,000 deltas.
        if (j % 2000 === 0) nb.top(50);
        return DELTA;
      }, 1500).opsPerSec,
    );
  }
  const levelsPerSec = median(ours);
  const naivePerSec = median(naive);
  record({
    name: 'orderbook',
    metrics: {
      levelUpdatesPerSec: Math.round(levelsPerSec),
      naiveLevelUpdatesPerSec: Math.round(naivePerSec),
      ratioToNaive: Number((levelsPerSec / naivePerSec).toFixed(2)),
      bookLevels: LEVELS,
      deltaLevels: DELTA,
      runs: ours.length,
    },
    target: `>= ${TARGET.toLocaleString('en')} level updates/s (a float-based book of a well-known exchange library does about 2.4M/s)`,
    met: levelsPerSec >= TARGET,
  });
});
