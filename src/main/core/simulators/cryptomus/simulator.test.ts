import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../connection/clock';
import { settle, waitFor } from '../../testing/fault-server.test-support';
import { CryptomusRest } from '../../cryptomus/rest';
import { DEMO_CREDENTIALS, IDLE_CLOSE_MS, TOKEN_TTL_MS, startCryptomusSimulator, type CryptomusSimulator } from './simulator';

let sim: CryptomusSimulator | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await sim?.close();
  sim = null;
});

async function token(s: CryptomusSimulator): Promise<string> {
  return new CryptomusRest({ apiUrl: s.httpUrl, marketUrl: s.httpUrl, scalesUrl: s.httpUrl, credentials: DEMO_CREDENTIALS }).wsToken();
}

/** Opens a raw socket; resolves with it, or with the HTTP status that refused the upgrade. */
function open(url: string): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<number> } | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.on('error', () => {});
  });
}

async function connected(s: CryptomusSimulator) {
  const c = await open(`${s.wsUrl}?token=${await token(s)}`);
  if (typeof c === 'number') throw new Error(`refused with ${c}`);
  return c;
}

describe('Cryptomus simulator manners', () => {
  it('accepts a token once: a reused, unknown or expired token is refused with 401', async () => {
    const clock = new ManualClock();
    sim = await startCryptomusSimulator({ clock, accountMs: 0 });
    const t = await token(sim);
    expect(typeof (await open(`${sim.wsUrl}?token=${t}`))).toBe('object');
    expect(await open(`${sim.wsUrl}?token=${t}`)).toBe(401);
    expect(await open(`${sim.wsUrl}?token=${'0'.repeat(64)}`)).toBe(401);
    const late = await token(sim);
    clock.advance(TOKEN_TTL_MS);
    expect(await open(`${sim.wsUrl}?token=${late}`)).toBe(401);
    expect(sim.refusedUpgrades).toBe(3);
  });

  it('closes a socket after 60 s without a request; any request restarts the count', async () => {
    const clock = new ManualClock();
    sim = await startCryptomusSimulator({ clock, accountMs: 0 });
    const quiet = await connected(sim);
    const chatty = await connected(sim);
    clock.advance(IDLE_CLOSE_MS - 10_000);
    chatty.ws.send(JSON.stringify({ id: 1, method: 'ping', params: [] }));
    await waitFor(() => chatty.messages.length === 1, 'the pong');
    expect(chatty.messages[0]).toEqual({ id: 1, method: 'pong', data: null, error: null });
    clock.advance(10_000);
    expect(await quiet.closed).toBe(1000);
    await settle(20);
    expect(chatty.ws.readyState).toBe(WebSocket.OPEN);
    clock.advance(IDLE_CLOSE_MS - 10_000);
    expect(await chatty.closed).toBe(1000);
  });

  it('drops the connection on invalid JSON, and answers a malformed request with error code 1', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0 });
    const c = await connected(sim);
    c.ws.send(JSON.stringify({ id: 'one', method: 'ping', params: [] }));
    await waitFor(() => c.messages.length === 1, 'the error reply');
    expect(c.messages[0]).toEqual({ id: 'one', data: null, error: { code: 1, message: 'Invalid message format' } });
    c.ws.send('{"id":2,"method":"ping","params":[]');
    expect(await c.closed).toBe(1003);
  });

  it('replaces a subscription of a type with the next one, acknowledges unsubscribe without a method, and knows "all"', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0, tickMs: 1_000_000 });
    const c = await connected(sim);
    const send = (id: number, method: string, params: unknown[]) => c.ws.send(JSON.stringify({ id, method, params }));
    const lastprices = () => c.messages.filter((m) => (m as { method?: string }).method === 'lastprice_update').map((m) => (m as { data: { symbol: string } }).data.symbol);

    send(1, 'lastprice_subscribe', ['BTC_USDT']);
    send(2, 'lastprice_subscribe', ['ETH_USDT']);
    await waitFor(() => c.messages.length === 2, 'two acks');
    expect(c.messages).toEqual([
      { id: 1, method: 'lastprice_subscribe', data: { status: 'success' }, error: null },
      { id: 2, method: 'lastprice_subscribe', data: { status: 'success' }, error: null },
    ]);
    sim.trade('BTC_USDT');
    sim.trade('ETH_USDT');
    await waitFor(() => lastprices().length === 1, 'one lastprice');
    await settle(30);
    expect(lastprices()).toEqual(['ETH_USDT']); // BTC was replaced

    send(3, 'lastprice_unsubscribe', ['ETH_USDT']);
    await waitFor(() => c.messages.length === 4, 'the unsubscribe ack');
    expect(c.messages[3]).toEqual({ id: 3, data: { status: 'success' }, error: null });
    sim.trade('ETH_USDT');
    await settle(30);
    expect(lastprices()).toEqual(['ETH_USDT']);

    send(4, 'lastprice_subscribe', ['all']);
    await waitFor(() => c.messages.length === 5, 'the all ack');
    sim.trade('SOL_USDT');
    sim.trade('XRP_USDT');
    await waitFor(() => lastprices().length === 3, 'lastprices of every market');
    expect(lastprices().slice(1)).toEqual(['SOL_USDT', 'XRP_USDT']);

    send(5, 'ticker_subscribe', ['NOPE_USDT']);
    await waitFor(() => c.messages.some((m) => (m as { id: number }).id === 5), 'the refusal');
    expect(c.messages.find((m) => (m as { id: number }).id === 5)).toEqual({
      id: 5,
      method: 'ticker_subscribe',
      data: { status: 'failed' },
      error: null,
    });
  });

  it('checks the signature of account requests', async () => {
    sim = await startCryptomusSimulator({ accountMs: 0 });
    const res = await fetch(`${sim.httpUrl}/v2/user-api/exchange/account/balance`, { headers: { userId: DEMO_CREDENTIALS.userId, sign: 'f'.repeat(32) } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Invalid sign' });
  });
});
