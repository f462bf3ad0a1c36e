import { describe, expect, it } from 'vitest';
import { ManualClock } from '../connection/clock';
import type { MarketFrame } from '../../../shared/contract';
import { FramePump, tickerFrames } from './frame-pump';
import { TickerBoard } from './ticker-board';

const STALE = { staleAfterMs: { coinking: 60_000, cryptomus: 60_000, itick: 60_000 } };
const BTC = 'coinking:BTC/USDT';

/** A board with one live market, a pump of 100 ms frames, and the frames it sent with their times. */
function setup() {
  const clock = new ManualClock();
  const board = new TickerBoard(STALE);
  const frames: { at: number; frame: MarketFrame }[] = [];
  const pump = new FramePump(clock, 100, [tickerFrames(board, (frame) => frames.push({ at: clock.now(), frame }))]);
  board.follow([BTC]);
  board.setLinkUp('coinking', true, clock.now());
  pump.start();
  clock.advance(100); // the first frame: the followed market, still waiting for a price
  clock.advance(100); // then a quiet interval
  frames.length = 0;
  const price = (last: string) => {
    board.update(BTC, { last }, clock.now());
    pump.poke();
  };
  return { clock, board, pump, frames, price };
}

describe('FramePump', () => {
  it('sends the first change after a quiet interval at once, not at the end of the interval', () => {
    const { clock, frames, price } = setup();
    const t0 = clock.now();
    clock.advance(37); // somewhere inside the pump's interval
    price('100.00');
    expect(frames).toHaveLength(0); // not inside the message handler: the rest of the read joins it
    clock.advance(0);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.at).toBe(t0 + 37);
    expect(frames[0]!.frame.tickers[0]).toMatchObject({ market: BTC, last: '100.00' });
  });

  it('coalesces a burst to at most one frame per interval, each carrying the latest price', () => {
    const { clock, frames, price } = setup();
    // 1,000 prices, one a millisecond, for a second.
    for (let i = 0; i < 1000; i++) {
      price(`100.${String(i % 100).padStart(2, '0')}`);
      clock.advance(1);
    }
    clock.advance(200);
    expect(frames.length).toBeGreaterThanOrEqual(10);
    expect(frames.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at - frames[i - 1]!.at).toBeGreaterThanOrEqual(100);
    expect(frames.at(-1)!.frame.tickers[0]!.last).toBe('100.99');
    expect(frames[0]!.frame.tickers[0]!.last).toBe('100.00'); // the leading edge: the burst's first price
  });

  it('does not send a second frame within the interval when the tick and the leading edge meet', () => {
    const { clock, frames, price } = setup();
    const t0 = clock.now();
    clock.advance(99); // the periodic tick is 1 ms away
    price('100.00');
    clock.advance(1); // the leading flush and the periodic tick both fall due
    price('100.01');
    clock.advance(1);
    expect(frames.map((f) => f.at - t0)).toEqual([99]); // the leading frame; the tick moved after it
    clock.advance(97);
    expect(frames).toHaveLength(1);
    clock.advance(1);
    expect(frames.map((f) => f.at - t0)).toEqual([99, 199]);
    expect(frames[1]!.frame.tickers[0]!.last).toBe('100.01');
  });

  it('does not hold a steady feed at a fixed phase: changes every interval go out as they arrive', () => {
    const { clock, frames, price } = setup();
    const arrivals: number[] = [];
    clock.advance(63); // the feed's phase is not the pump's
    for (let i = 0; i < 50; i++) {
      arrivals.push(clock.now());
      price(`100.${String(i).padStart(2, '0')}`);
      clock.advance(i % 2 ? 101 : 99); // a little jitter either side of the interval
    }
    expect(frames).toHaveLength(50);
    const waits = frames.map((f, i) => f.at - arrivals[i]!);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at - frames[i - 1]!.at).toBeGreaterThanOrEqual(100);
  });

  it('sends nothing while nothing changes, and leads again after a quiet interval', () => {
    const { clock, frames, price } = setup();
    price('100.00');
    clock.advance(0);
    clock.advance(10_000);
    expect(frames).toHaveLength(1); // ten seconds of quiet: no frames at all
    price('100.00'); // the same price is no change
    clock.advance(0);
    expect(frames).toHaveLength(1);
    const at = clock.now();
    price('100.50');
    clock.advance(0);
    expect(frames).toHaveLength(2);
    expect(frames[1]!.at).toBe(at);
  });

  it('keeps no leading flush after stop', () => {
    const { clock, pump, frames, price } = setup();
    pump.stop();
    price('100.00');
    clock.advance(1000);
    expect(frames).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
