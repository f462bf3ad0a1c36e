import { describe, expect, it } from 'vitest';
import { ManualClock } from '../connection/clock';
import type { MarketFrame } from '../../../shared/contract';
import { FramePump, tickerFrames } from './frame-pump';
import { TickerBoard } from './ticker-board';

const STALE = { staleAfterMs: { coinking: 10_000, cryptomus: 10_000, itick: 10_000 } };

describe('TickerBoard and FramePump', () => {
  it('judges a quiet market on a live link fresh where the exchange pushes only on change (CoinKing), stale where it streams', () => {
    const clock = new ManualClock();
    const board = new TickerBoard({ staleAfterMs: { coinking: null, cryptomus: 10_000, itick: 10_000 } });
    board.follow(['coinking:BTC/USDT', 'cryptomus:BTC/USDT']);
    board.setLinkUp('coinking', true, clock.now());
    board.setLinkUp('cryptomus', true, clock.now());
    board.update('coinking:BTC/USDT', { last: '67000' }, clock.now());
    board.update('cryptomus:BTC/USDT', { last: '67001' }, clock.now());
    clock.advance(600_000); // ten quiet minutes; the links answer their heartbeats
    board.sweep(clock.now());
    const stale = () => Object.fromEntries(board.snapshot().map((t) => [t.market, t.stale]));
    expect(stale()).toEqual({ 'coinking:BTC/USDT': false, 'cryptomus:BTC/USDT': true });
    // The link itself (its heartbeats, judged by the connection) is what makes a CoinKing price stale.
    board.setLinkUp('coinking', false, clock.now());
    expect(stale()['coinking:BTC/USDT']).toBe(true);
  });

  it('coalesces many updates into one frame with only the changed markets', () => {
    const clock = new ManualClock();
    const board = new TickerBoard(STALE);
    const frames: MarketFrame[] = [];
    const pump = new FramePump(clock, 100, [tickerFrames(board, (f) => frames.push(f))]);
    const flush = () => {
      const before = frames.length;
      pump.flush();
      return frames.length > before ? frames[frames.length - 1]! : null;
    };
    board.follow(['coinking:BTC/USDT', 'coinking:ETH/USDT']);
    board.setLinkUp('coinking', true, clock.now());
    flush();
    for (let i = 0; i < 1000; i++) board.update('coinking:BTC/USDT', { last: `67000.${String(i % 100).padStart(2, '0')}` }, clock.now());
    board.update('coinking:BTC/USDT', { open24h: '66000.00' }, clock.now());
    const frame = flush()!;
    expect(frame.tickers).toHaveLength(1);
    expect(frame.tickers[0]).toMatchObject({ market: 'coinking:BTC/USDT', last: '67000.99', changePct24h: '1.52', stale: false });
    expect(flush()).toBeNull(); // nothing changed since
  });

  it('marks a market stale when it goes quiet or its exchange link drops, and live again on data', () => {
    const clock = new ManualClock();
    const board = new TickerBoard(STALE);
    let last: MarketFrame | null = null;
    const pump = new FramePump(clock, 100, [tickerFrames(board, (f) => (last = f))]);
    const flush = () => {
      last = null;
      pump.flush();
      return last as MarketFrame | null;
    };
    board.follow(['coinking:BTC/USDT']);
    board.setLinkUp('coinking', true, clock.now());
    board.update('coinking:BTC/USDT', { last: '1.00' }, clock.now());
    expect(flush()!.tickers[0]!.stale).toBe(false);
    clock.advance(10_001);
    expect(flush()!.tickers[0]!.stale).toBe(true);
    board.update('coinking:BTC/USDT', { last: '1.01' }, clock.now());
    expect(flush()!.tickers[0]!.stale).toBe(false);
    board.setLinkUp('coinking', false, clock.now());
    expect(flush()!.tickers[0]).toMatchObject({ stale: true, last: '1.01' });
  });

  it('forgets markets no longer followed and ignores their pushes', () => {
    const board = new TickerBoard(STALE);
    board.follow(['coinking:BTC/USDT', 'coinking:ETH/USDT']);
    board.follow(['coinking:ETH/USDT']);
    board.update('coinking:BTC/USDT', { last: '1' }, 0);
    expect(board.snapshot().map((t) => t.market)).toEqual(['coinking:ETH/USDT']);
  });
});
