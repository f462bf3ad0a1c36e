// iTick cuts off a client whose unread backlog grows too large. The adapter drains the socket
// without waiting on anything, so a burst of 50,000 frames passes with the cut-off armed.
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketId } from '../../../shared/model';
import { waitFor } from '../testing/fault-server.test-support';
import { ItickAdapter } from './adapter';
import { startItickSimulator, type ItickSimulator } from '../simulators/itick/simulator';
import { recordingSink } from '../testing/adapter.test-support';

const TOKEN = 'burst-token-31c4';
const SLOW_CONSUMER_BYTES = 1024 * 1024;

let sim: ItickSimulator | null = null;
let adapter: ItickAdapter | null = null;
let raw: WebSocket | null = null;

afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  raw?.terminate();
  raw = null;
  await sim?.close();
  sim = null;
});

describe('a burst of frames', () => {
  it('passes 50,000 quotes through the adapter with the slow-consumer cut-off armed', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 9, slowConsumerBytes: SLOW_CONSUMER_BYTES });
    sim.setSilent(true); // only the burst moves the prices
    const { sink, rec: { tickers } } = recordingSink();
    adapter = new ItickAdapter({ wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, token: () => TOKEN, sink });
    adapter.watch([
      { exchange: 'itick', base: 'BTC', quote: 'USDT' },
      { exchange: 'itick', base: 'ETH', quote: 'USDT' },
    ]);
    await waitFor(() => adapter!.status().state === 'live' && sim!.subscriptions()[0]?.length === 2, 'subscribed');
    const { sent, last } = await sim.burst(50_000);
    expect(sent).toBe(50_000);
    const lastSeen = (market: MarketId) => tickers.findLast((t) => t.market === market)?.patch.last;
    await waitFor(
      () => lastSeen('itick:BTC/USDT') === last.get('BTCUSDT') && lastSeen('itick:ETH/USDT') === last.get('ETHUSDT'),
      'the last frame of the burst',
      10_000,
    );
    expect(tickers).toHaveLength(50_000);
    expect(sim.stats.cutOffs).toBe(0);
    expect(sim.stats.connections).toBe(1);
    expect(adapter.status().state).toBe('live');
    expect(adapter.status().badFrames).toBe(0);
  });

  it('the simulator does cut off a client that stops reading (the rule the test above survives)', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], seed: 9, slowConsumerBytes: SLOW_CONSUMER_BYTES });
    sim.setSilent(true);
    raw = new WebSocket(sim.wsUrl, { headers: { token: TOKEN } });
    const closed = new Promise<void>((resolve) => raw!.once('close', () => resolve()));
    await new Promise((resolve) => raw!.once('open', resolve));
    raw.send(JSON.stringify({ ac: 'subscribe', params: 'BTCUSDT', types: 'quote' }));
    await waitFor(() => sim!.subscriptions()[0]?.length === 1, 'subscribed');
    raw.pause(); // a consumer that stops reading, like one that blocks on UI work
    const { sent } = await sim.burst(200_000);
    expect(sim.stats.cutOffs).toBe(1);
    expect(sent).toBeLessThan(200_000);
    raw.resume();
    await closed;
  });
});
