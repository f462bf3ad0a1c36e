// Test helpers for the iTick adapter: a sink and a logger that record everything they are given.
import type { Candle, CandleInterval, MarketId } from '../../../shared/model';
import type { BookUpdate, MarketSink } from '../exchange';
import type { Logger } from '../log';
import type { TickerPatch } from '../market/ticker-board';

export function recordingSink() {
  const tickers: { market: MarketId; patch: TickerPatch }[] = [];
  const books: { market: MarketId; update: BookUpdate }[] = [];
  const candles: { market: MarketId; interval: CandleInterval; candles: Candle[] }[] = [];
  const sink: Pick<MarketSink, 'ticker' | 'book' | 'candles'> = {
    ticker: (market, patch) => void tickers.push({ market, patch }),
    book: (market, update) => void books.push({ market, update }),
    candles: (market, interval, list) => void candles.push({ market, interval, candles: list }),
  };
  /** The newest value of one ticker field for a market, or undefined. */
  const latest = <K extends keyof TickerPatch>(market: MarketId, key: K): TickerPatch[K] | undefined => {
    for (let i = tickers.length - 1; i >= 0; i--) {
      const t = tickers[i]!;
      if (t.market === market && t.patch[key] !== undefined) return t.patch[key];
    }
    return undefined;
  };
  return { sink, tickers, books, candles, latest };
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(m),
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
  };
}
