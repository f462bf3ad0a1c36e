// The simulator keeps iTick's manners (tests elsewhere rely on them), and the module wires an
// adapter to it the way demo mode does.
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdapterContext, DemoServer, ExchangeAdapter } from '../../exchange-adapter';
import { silentLogger } from '../../log';
import { systemClock } from '../../connection/clock';
import { waitFor } from '../../testing/fault-server.test-support';
import { itick } from '../../itick/index';
import { DEMO_SERVERS } from '../../demo/servers';
import { startItickSimulator, type ItickSimulator } from './simulator';
import { recordingSink } from '../../testing/adapter.test-support';

const TOKEN = 'manners-token-8b0f';

let sim: ItickSimulator | null = null;
let demo: DemoServer | null = null;
let adapter: ExchangeAdapter | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await adapter?.stop();
  adapter = null;
  await sim?.close();
  sim = null;
  await demo?.close();
  demo = null;
});

/** A raw client that records every frame and how the socket closed. */
function client(url: string, token?: string) {
  const ws = new WebSocket(url, token === undefined ? {} : { headers: { token } });
  sockets.push(ws);
  const frames: unknown[] = [];
  let closed: number | null = null;
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  ws.on('close', (code) => (closed = code));
  return { ws, frames, closed: () => closed, open: new Promise((r) => ws.once('open', r)) };
}

describe('iTick simulator manners', () => {
  it('greets, then says "auth failed" and closes for a wrong or missing token', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN] });
    for (const token of ['wrong', undefined]) {
      const c = client(sim.wsUrl, token);
      await waitFor(() => c.closed() !== null, 'the close');
      expect(c.frames).toEqual([
        { code: 1, msg: 'Connected Successfully' },
        { code: 0, resAc: 'auth', msg: 'auth failed' },
      ]);
    }
    expect(sim.stats.authFailures).toBe(2);
  });

  it('logs in with the token header, and a newer login with the same key drops the older', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN] });
    const first = client(sim.wsUrl, TOKEN);
    await waitFor(() => first.frames.length === 2, 'the login');
    expect(first.frames[1]).toEqual({ code: 1, resAc: 'auth', msg: 'authenticated', data: { params: TOKEN } });
    const second = client(sim.wsUrl, TOKEN);
    await waitFor(() => first.closed() !== null && second.frames.length === 2, 'the older dropped');
    expect(second.closed()).toBeNull();
    expect(sim.stats.displaced).toBe(1);
  });

  it('answers pings with the echo, enforces the subscription limit, and refuses what it cannot read', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], maxSymbols: 2 });
    sim.setSilent(true);
    const c = client(sim.wsUrl, TOKEN);
    await c.open;
    c.ws.send('{"ac":"ping","params":"1731688569840"}');
    c.ws.send('{"ac":"subscribe","params":"BTCUSDT,ETHUSDT","types":"quote,depth"}');
    c.ws.send('{"ac":"subscribe","params":"SOLUSDT","types":"quote"}');
    c.ws.send('{"ac":"subscribe","params":"BTCUSDT","types":"candles"}');
    c.ws.send('{"ac":"unsubscribe","params":"BTCUSDT"}');
    await waitFor(() => c.frames.length === 7, 'the replies');
    expect(c.frames.slice(2)).toEqual([
      { resAc: 'pong', data: { params: '1731688569840' } },
      { code: 1, resAc: 'subscribe', msg: 'subscribe Successfully' },
      { code: 0, resAc: 'subscribe', msg: 'exceeding the maximum subscription limit' },
      { code: 0, resAc: 'subscribe', msg: 'cannot be resolved action' },
      { code: 0, resAc: 'unsubscribe', msg: 'cannot be resolved action' },
    ]);
  });

  it('drops a client that sends no ping in time', async () => {
    sim = await startItickSimulator({ tokens: [TOKEN], heartbeatTimeoutMs: 200 });
    const c = client(sim.wsUrl, TOKEN);
    await waitFor(() => c.closed() !== null, 'the drop', 3000);
    expect(sim.stats.heartbeatDrops).toBe(1);
  });
});

describe('the iTick module in demo mode', () => {
  it('starts a simulator whose endpoints and token an adapter from createAdapter accepts', async () => {
    expect(itick).toMatchObject({ exchange: 'itick', needsCredentials: true });
    demo = await DEMO_SERVERS.itick({ seed: 1 });
    expect(demo.endpoints.itickWs).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/cws$/);
    expect(demo.endpoints.itickApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { sink, latest } = recordingSink();
    const ctx = { endpoints: demo.endpoints, credentials: demo.credentials, sink, log: silentLogger, clock: systemClock } as unknown as AdapterContext;
    adapter = itick.createAdapter(ctx);
    adapter.watch([{ exchange: 'itick', base: 'BTC', quote: 'USDT' }]);
    await waitFor(() => latest('itick:BTC/USDT', 'last') !== undefined, 'a quote');
    expect(adapter.status().state).toBe('live');
    const history = await adapter.candleHistory({ exchange: 'itick', base: 'BTC', quote: 'USDT' }, '1d', Date.now(), 30);
    expect(history.length).toBeGreaterThan(0);
    const markets = await adapter.markets();
    expect(markets.map((m) => m.market)).toContain('itick:BTC/USDT');
    expect(markets.every((m) => m.market === `itick:${m.base}/${m.quote}`)).toBe(true);
  });
});
