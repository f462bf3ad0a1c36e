// Frame: bytes and serialisation time of one coalesced market frame at 200 symbols, as the web
// transport sends it (JSON of the contract's event message).
import { it } from 'vitest';
import type { WebServerMessage } from '../src/shared/contract';
import type { MarketId, Ticker } from '../src/shared/model';
import { median, record, seeded } from './harness';

const SYMBOLS = 200;

it('frame', () => {
  const rnd = seeded(3);
  const tickers: Ticker[] = Array.from({ length: SYMBOLS }, (_, i) => {
    const last = (100 + rnd() * 60_000).toFixed(2);
    return {
      market: `coinking:C${i}/USDT` as MarketId,
      last,
      open24h: (Number(last) * 0.98).toFixed(2),
      high24h: (Number(last) * 1.03).toFixed(2),
      low24h: (Number(last) * 0.96).toFixed(2),
      volume24h: (rnd() * 100_000).toFixed(4),
      changePct24h: ((rnd() - 0.5) * 10).toFixed(2),
      updatedAt: 1_767_000_000_000 + i,
      stale: false,
      notice: null,
    };
  });
  const message: WebServerMessage = { kind: 'event', event: 'market.frame', payload: { seq: 1, at: 1_767_000_000_000, tickers } };
  const bytes = Buffer.byteLength(JSON.stringify(message));
  const samples: number[] = [];
  for (let run = 0; run < 7; run++) {
    const n = 2000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) JSON.stringify(message);
    samples.push(Number(process.hrtime.bigint() - start) / n / 1000);
  }
  const usPerFrame = median(samples);
  // At 10 frames a second the whole budget is 100 ms per frame; serialising must be a sliver of it.
  record({
    name: 'frame',
    metrics: { symbols: SYMBOLS, bytesPerFrame: bytes, bytesPerSymbol: Math.round(bytes / SYMBOLS), serialiseMicrosPerFrame: Number(usPerFrame.toFixed(1)), kbPerSecondAt10Hz: Math.round((bytes * 10) / 1024) },
    target: 'serialising a 200-symbol frame takes under 1% of a 100 ms frame interval (< 1,000 µs)',
    met: usPerFrame < 1000,
  });
});
