// Ingest, per exchange: frames of the real wire shapes → parse → validate → unified event → market
// state → coalesced frame, against a bare JSON.parse of the same frames in the same run.
import { it } from 'vitest';
import type { MarketRef } from '../src/shared/model';
import { CoinKingAdapter } from '../src/main/core/coinking/adapter';
import { CryptomusAdapter } from '../src/main/core/cryptomus/adapter';
import { ItickAdapter } from '../src/main/core/itick/adapter';
import { MemoryCandleStore } from '../src/main/core/market/candle-store';
import { tickerFrames } from '../src/main/core/market/frame-pump';
import { TickerBoard } from '../src/main/core/market/ticker-board';
import { median, record, seeded, throughput } from './harness';

const MARKETS = 200;
const TARGET_RATIO = 0.5;

interface Feed {
  exchange: string;
  frames: string[];
  /** Builds the pipeline and returns a function that ingests one frame. */
  pipeline(board: TickerBoard): { ingest(raw: string): void; close(): void };
  markets: MarketRef[];
}

function coinkingFeed(): Feed {
  const rnd = seeded(11);
  const markets: MarketRef[] = Array.from({ length: MARKETS }, (_, i) => ({ exchange: 'coinking', base: `C${i}`, quote: 'USDT' }));
  const frames: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const m = markets[Math.floor(rnd() * MARKETS)]!;
    const name = `${m.base}${m.quote}`;
    const last = (1000 + rnd() * 1000).toFixed(2);
    // ViaBTC pushes a price on every trade and the 24 h state about once a second: mostly prices.
    frames.push(
      rnd() < 0.8
        ? JSON.stringify({ method: 'price.update', params: [name, last], id: null })
        : JSON.stringify({
            method: 'state.update',
            params: [name, { open: '1000.00', last, high: '2000.00', low: '999.00', volume: (rnd() * 1e5).toFixed(4), deal: (rnd() * 1e8).toFixed(2) }],
            id: null,
          }),
    );
  }
  return {
    exchange: 'coinking',
    frames,
    markets,
    pipeline(board) {
      const adapter = new CoinKingAdapter({
        wsUrl: 'ws://127.0.0.1:9', // never connected: frames are fed straight into its connection
        sink: { ticker: (market, patch) => board.update(market, patch, 0) },
      });
      adapter.watch(markets);
      adapter.connection.stop();
      return { ingest: (raw) => adapter.connection.receive(raw), close: () => void adapter.stop() };
    },
  };
}

function itickFeed(): Feed {
  const rnd = seeded(12);
  const markets: MarketRef[] = Array.from({ length: MARKETS }, (_, i) => ({ exchange: 'itick', base: `I${i}`, quote: 'USDT' }));
  const frames: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const m = markets[Math.floor(rnd() * MARKETS)]!;
    const ld = 1000 + Math.round(rnd() * 100_000) / 100;
    // The newer servers' quote push: last, time, volume, turnover, status, and the day's o/h/l.
    frames.push(
      JSON.stringify({
        code: 1,
        data: { s: `${m.base}${m.quote}`, ld, t: 1_767_000_000_000 + i, v: Math.round(rnd() * 1e6) / 100, tu: Math.round(rnd() * 1e9) / 100, ts: 0, o: 1000.5, h: 2100.25, l: 990.75, type: 'quote' },
      }),
    );
  }
  return {
    exchange: 'itick',
    frames,
    markets,
    pipeline(board) {
      const adapter = new ItickAdapter({
        wsUrl: 'ws://127.0.0.1:9',
        apiUrl: 'http://127.0.0.1:9',
        token: () => 'bench',
        sink: { ticker: (market, patch) => board.update(market, patch, 0), book: () => {}, candles: () => {} },
      });
      adapter.watch(markets);
      adapter.connection.stop();
      return { ingest: (raw) => adapter.connection.receive(raw), close: () => void adapter.stop() };
    },
  };
}

function cryptomusFeed(): Feed {
  const rnd = seeded(13);
  const markets: MarketRef[] = Array.from({ length: MARKETS }, (_, i) => ({ exchange: 'cryptomus', base: `M${i}`, quote: 'USDT' }));
  const frames: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const m = markets[Math.floor(rnd() * MARKETS)]!;
    const symbol = `${m.base}_${m.quote}`;
    const price = (1000 + rnd() * 1000).toFixed(2);
    const timestamp = 1_767_000_000 + i;
    // The seed's shapes: mostly last prices, with the 24 h ticker (all strings) now and then.
    frames.push(
      rnd() < 0.7
        ? JSON.stringify({ id: 1, method: 'lastprice_update', data: { symbol, timestamp, price } })
        : JSON.stringify({
            id: '4',
            method: 'ticker_update',
            data: { symbol, timestamp, price, open: '1000.00', high: '2000.00', low: '999.00', volume: (rnd() * 1e5).toFixed(4), quote_volume: (rnd() * 1e8).toFixed(2), price_change: '0.50' },
          }),
    );
  }
  return {
    exchange: 'cryptomus',
    frames,
    markets,
    pipeline(board) {
      const noop = () => {};
      const adapter = new CryptomusAdapter({
        endpoints: { cryptomusApi: 'http://127.0.0.1:9', cryptomusMarket: 'http://127.0.0.1:9', cryptomusScales: 'http://127.0.0.1:9', cryptomusWs: 'ws://127.0.0.1:9' },
        credentials: { userId: 'bench', apiKey: 'bench' },
        sink: { ticker: (market, patch) => board.update(market, patch, 0), trades: noop, book: noop, candles: noop, balances: noop, orders: noop, deals: noop },
        candleStore: new MemoryCandleStore(),
        deals: { latestTime: () => null },
      });
      adapter.watch(markets);
      adapter.connection.stop();
      return { ingest: (raw) => adapter.connection.receive(raw), close: () => void adapter.stop() };
    },
  };
}

const FEEDS: (() => Feed)[] = [cryptomusFeed, itickFeed, coinkingFeed];

it('ingest', () => {
  const results: Record<string, number | string> = {};
  let worst = Infinity;
  for (const make of FEEDS) {
    const feed = make();
    const board = new TickerBoard({ staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } });
    board.follow(feed.markets.map((m) => `${m.exchange}:${m.base}/${m.quote}` as const));
    board.setLinkUp(feed.markets[0]!.exchange, true, 0);
    // The pipeline ends at the built frame; serialising it is the transport's cost (see frame.bench.ts).
    let framedTickers = 0;
    const flush = tickerFrames(board, (frame) => (framedTickers += frame.tickers.length));
    const { ingest, close } = feed.pipeline(board);
    const ours: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < 5; run++) {
      let i = 0;
      ours.push(
        throughput(() => {
          // One frame per 500 messages: 5,000 msg/s with 100 ms frames.
          for (let k = 0; k < 500; k++) ingest(feed.frames[i++ % feed.frames.length]!);
          flush(0);
          return 500;
        }, 1500).opsPerSec,
      );
      let j = 0;
      let sink = 0;
      bare.push(
        throughput(() => {
          for (let k = 0; k < 500; k++) sink += (JSON.parse(feed.frames[j++ % feed.frames.length]!) as object) ? 1 : 0;
          return 500;
        }, 1500).opsPerSec + sink * 0,
      );
    }
    close();
    const msgs = median(ours);
    const parse = median(bare);
    const ratio = msgs / parse;
    worst = Math.min(worst, ratio);
    results[`${feed.exchange}.msgsPerSec`] = Math.round(msgs);
    results[`${feed.exchange}.nsPerMsg`] = Math.round(1e9 / msgs);
    results[`${feed.exchange}.jsonParseMsgsPerSec`] = Math.round(parse);
    results[`${feed.exchange}.ratioToJsonParse`] = Number(ratio.toFixed(2));
    results[`${feed.exchange}.tickersFramed`] = framedTickers;
  }
  record({
    name: 'ingest',
    metrics: results,
    target: `every exchange's pipeline at >= ${TARGET_RATIO} of a bare JSON.parse of the same frames`,
    met: worst >= TARGET_RATIO,
  });
});
