// The simulator's ViaBTC manners that the adapter relies on, checked with a bare WebSocket.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../../testing/fault-server.test-support';
import { startCoinKingSimulator, type CoinKingSimulator } from './simulator';

let sim: CoinKingSimulator | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await sim?.close();
  sim = null;
});

async function open(url: string) {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const messages: { id?: number | null; method?: string; params?: unknown[]; result?: unknown; error?: { code: number } | null }[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  let id = 0;
  const call = async (method: string, params: unknown[]) => {
    const mine = ++id;
    ws.send(JSON.stringify({ id: mine, method, params }));
    await waitFor(() => messages.some((m) => m.id === mine), `${method} reply`);
    return messages.find((m) => m.id === mine)!;
  };
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  return { ws, messages, call, closed };
}

describe('CoinKing simulator', () => {
  it('closes the socket on non-JSON input and on a non-integer id', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000 });
    const a = await open(sim.url);
    a.ws.send('hello');
    expect(await a.closed).toBe(1003);
    const b = await open(sim.url);
    b.ws.send(JSON.stringify({ id: 1.5, method: 'server.ping', params: [] }));
    expect(await b.closed).toBe(1003);
  });

  it('sends every depth subscriber a clean snapshot periodically, with no trading at all', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000, depthSnapshotMs: 30 });
    const c = await open(sim.url);
    await c.call('depth.subscribe', ['BTCUSDT', 5, '0']);
    await waitFor(() => c.messages.filter((m) => m.method === 'depth.update').length >= 3, 'periodic snapshots');
    const pushes = c.messages.filter((m) => m.method === 'depth.update');
    expect(pushes.every((m) => m.params![0] === true && m.params![2] === 'BTCUSDT')).toBe(true);
    expect((pushes[0]!.params![1] as { bids: unknown[] }).bids).toHaveLength(5);
  });

  it('accepts only the depth limits of the real server, and the unmerged interval', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000 });
    const c = await open(sim.url);
    expect((await c.call('depth.subscribe', ['BTCUSDT', 7, '0'])).error?.code).toBe(1);
    expect((await c.call('depth.subscribe', ['BTCUSDT', 5, 0])).error?.code).toBe(1);
    expect((await c.call('depth.subscribe', ['BTCUSDT', 100, '0'])).error).toBeNull();
  });

  it('serves the market summary over HTTP on the same port', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000 });
    const res = await fetch(`${sim.apiUrl}/api/api/summary`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>[];
    expect(body).toHaveLength(sim.markets.size);
    expect(body[0]).toMatchObject({ trading_pairs: 'BTC_USDT', base_currency: 'BTC', quote_currency: 'USDT', last_price: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(Number(body[0]!.highest_bid)).toBeLessThan(Number(body[0]!.lowest_ask));
    expect((await fetch(`${sim.apiUrl}/api/other`)).status).toBe(404);
  });

  it('moves the demo user on its own when asked to (demo mode)', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000, tokens: ['k'], accountMs: 5 });
    const c = await open(sim.url);
    await c.call('server.auth', ['k', 'web']);
    await c.call('order.subscribe', [...sim.markets.keys()]);
    await waitFor(() => c.messages.filter((m) => m.method === 'order.update').length >= 5, 'order events');
    const events = new Set(c.messages.filter((m) => m.method === 'order.update').map((m) => m.params![0]));
    expect(events.has(1)).toBe(true);
  });

  it('keeps one account per key, as a real server decides the user by the key', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000, tokens: ['key-main-0001', 'key-sub-00002'] });
    const main = await open(sim.url);
    const sub = await open(sim.url);
    await main.call('server.auth', ['key-main-0001', 'web']);
    await sub.call('server.auth', ['key-sub-00002', 'web']);
    const usdt = async (c: Awaited<ReturnType<typeof open>>) => ((await c.call('asset.query', ['USDT'])).result as Record<string, { available: string }>).USDT!.available;
    expect(await usdt(main)).toBe('25000');
    expect(await usdt(sub)).toBe('5000');
    // An unknown key fails unless the simulator opens accounts on demand (demo mode).
    // The server numbers orders across its users: the two accounts' orders never share an id.
    const a = sim.account.place('BTCUSDT', 'sell', '999999', '0.01')!;
    const b = sim.accountFor('key-sub-00002')!.place('BTCUSDT', 'sell', '999999', '0.01')!;
    expect(a.id).not.toBe(b.id);
    const stranger = await open(sim.url);
    expect((await stranger.call('server.auth', ['key-unknown-3', 'web'])).error?.code).toBe(11);
  });

  it('opens an account for a new demo key (its prefix) in demo mode, and pushes each account only its own orders', async () => {
    sim = await startCoinKingSimulator({ tickMs: 3_600_000, tokens: ['key-main-0001'], openAccounts: 'demo-', accountMs: 5 });
    const main = await open(sim.url);
    const sub = await open(sim.url);
    await main.call('server.auth', ['key-main-0001', 'web']);
    expect((await sub.call('server.auth', ['demo-', 'web'])).error?.code).toBe(11); // too short
    expect((await sub.call('server.auth', ['not-a-demo-key-123', 'web'])).error?.code).toBe(11);
    expect((await sub.call('server.auth', ['demo-my-second-account', 'web'])).error).toBeNull();
    expect(sim.accountFor('demo-my-second-account')!.userId).not.toBe(sim.account.userId);
    await main.call('order.subscribe', [...sim.markets.keys()]);
    await sub.call('order.subscribe', [...sim.markets.keys()]);
    const users = (c: Awaited<ReturnType<typeof open>>) => new Set(c.messages.filter((m) => m.method === 'order.update').map((m) => (m.params![1] as { user: number }).user));
    await waitFor(() => users(main).size > 0 && users(sub).size > 0, 'order events on both accounts');
    expect([...users(main)]).toEqual([sim.account.userId]);
    expect([...users(sub)]).toEqual([sim.accountFor('demo-my-second-account')!.userId]);
  });
});
