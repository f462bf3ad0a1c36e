// Soak: 5,000 msg/s through the core for 10 minutes (BENCH_SOAK_SECONDS to shorten), with RSS and
// heap recorded after a full GC at the start, half-way and the end. A long session must not grow
// memory, and the second half must be flat.
import { it } from 'vitest';
import type { MarketRef } from '../src/shared/model';
import { CoinKingAdapter } from '../src/main/core/coinking/adapter';
import { tickerFrames } from '../src/main/core/market/frame-pump';
import { FocusedMarket } from '../src/main/core/market/focused-market';
import { TickerBoard } from '../src/main/core/market/ticker-board';
import { record, seeded } from './harness';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const MARKETS = 200;
const TARGET_MB = 20;
const FLAT_MB = 2;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run the soak with --expose-gc (vitest.bench.config.ts does)');
  collect();
  collect();
}

const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

it('soak', async () => {
  const rnd = seeded(21);
  const markets: MarketRef[] = Array.from({ length: MARKETS }, (_, i) => ({ exchange: 'coinking', base: `S${i}`, quote: 'USDT' }));
  const board = new TickerBoard({ staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } });
  board.follow(markets.map((m) => `coinking:${m.base}/${m.quote}` as const));
  board.setLinkUp('coinking', true, Date.now());
  // A focused market too, so the book, tape and candle series are exercised for the whole run.
  const focus = new FocusedMarket('coinking:S0/USDT', '1m');
  focus.applyBook({ kind: 'snapshot', bids: [['100.00', '1']], asks: [['100.10', '1']] }, 0);
  let frames = 0;
  const flush = tickerFrames(board, () => frames++);
  const adapter = new CoinKingAdapter({ wsUrl: 'ws://127.0.0.1:9', sink: { ticker: (m, p) => board.update(m, p, Date.now()) } });
  adapter.watch(markets);
  adapter.connection.stop();

  let tradeId = 0;
  const frame = () => {
    const m = markets[Math.floor(rnd() * MARKETS)]!;
    return JSON.stringify({ method: 'price.update', params: [`${m.base}${m.quote}`, (1000 + rnd() * 1000).toFixed(2)], id: null });
  };

  gc();
  const start = process.memoryUsage();
  const began = Date.now();
  let sent = 0;
  let warm: NodeJS.MemoryUsage | null = null;
  let half: NodeJS.MemoryUsage | null = null; // the second half (the last five minutes) must be flat
  const curve: number[] = []; // RSS after a full collection, once a minute: the shape, not only the ends
  let nextSample = 60_000;
  const warmAfterMs = Math.min(30_000, (SECONDS * 1000) / 10);
  // Paced in 100 ms slices: each slice sends its share of messages, then one frame goes out.
  while (Date.now() - began < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - began) / 1000) * RATE);
    for (; sent < due; sent++) adapter.connection.receive(frame());
    const now = Date.now();
    focus.addTrades([{ market: 'coinking:S0/USDT', id: String(++tradeId), price: '100.05', amount: '0.1', side: 'buy', time: now }]);
    focus.upsertCandles([{ time: Math.floor(now / 60_000) * 60_000, open: '100', high: '101', low: '99', close: '100.5', volume: '1' }]);
    focus.applyBook({ kind: 'delta', bids: [[(99 + rnd()).toFixed(2), rnd() < 0.3 ? '0' : '1']], asks: [], limit: 50 }, now);
    focus.takeFrame();
    flush(now);
    if (now - began >= nextSample) {
      gc();
      curve.push(mb(process.memoryUsage().rss));
      nextSample += 60_000;
    }
    if (!half && now - began >= (SECONDS * 1000) / 2) {
      gc();
      half = process.memoryUsage();
    }
    if (!warm && now - began >= warmAfterMs) {
      gc();
      warm = process.memoryUsage();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const elapsed = (Date.now() - began) / 1000;
  gc();
  const end = process.memoryUsage();
  await adapter.stop();
  const growth = mb(end.rss - start.rss);
  const lastHalf = half ? mb(end.rss - half.rss) : Infinity;
  record({
    name: 'soak',
    metrics: {
      seconds: Math.round(elapsed),
      messages: sent,
      msgsPerSec: Math.round(sent / elapsed),
      frames,
      rssStartMB: mb(start.rss),
      rssEndMB: mb(end.rss),
      rssGrowthMB: growth,
      heapStartMB: mb(start.heapUsed),
      heapEndMB: mb(end.heapUsed),
      heapGrowthMB: mb(end.heapUsed - start.heapUsed),
      // For reading the curve: growth after the JIT and allocator have warmed up.
      rssGrowthAfterWarmupMB: warm ? mb(end.rss - warm.rss) : 'n/a',
      warmupSeconds: warmAfterMs / 1000,
      rssEachMinuteMB: curve.join(' '),
      rssGrowthLastHalfMB: lastHalf,
    },
    target: `${RATE} msg/s for 10 min with RSS growth (start to end) under ${TARGET_MB} MB, and under ${FLAT_MB} MB over the last five minutes`,
    met: SECONDS >= 600 && growth < TARGET_MB && lastHalf < FLAT_MB && sent / elapsed >= RATE * 0.98,
    notes: SECONDS < 600 ? `shortened run (BENCH_SOAK_SECONDS=${SECONDS}); the target is judged on 10 minutes` : undefined,
  });
});
