// The web transport against a stand-in host (Node 22 has a browser-compatible WebSocket).
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { CommandError } from '../../../shared/contract';
import type { ApiClient, LinkStatus } from './client';
import { createWebTransport } from './web-transport';

interface Host {
  url: string;
  offered: string[][];
  sockets: ServerSocket[];
  close(): Promise<void>;
}

async function startHost(answer: (command: string) => { ok: true; reply: unknown } | { ok: false; error: string } | null): Promise<Host> {
  const offered: string[][] = [];
  const sockets: ServerSocket[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (p) => (p.has('vigil') ? 'vigil' : false) });
  wss.on('connection', (ws, req) => {
    offered.push(String(req.headers['sec-websocket-protocol']).split(',').map((s) => s.trim()));
    sockets.push(ws);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id: number; command: string };
      const a = answer(m.command);
      if (a) ws.send(JSON.stringify({ kind: 'reply', id: m.id, ...a }));
    });
  });
  await new Promise((r) => wss.once('listening', r));
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/api`,
    offered,
    sockets,
    close: () => new Promise((r) => wss.close(() => r())),
  };
}

function waitForLink(client: ApiClient, state: LinkStatus['state']): Promise<LinkStatus> {
  if (client.link().state === state) return Promise.resolve(client.link());
  return new Promise((resolve) => {
    const off = client.onLink((s) => {
      if (s.state === state) {
        off();
        resolve(s);
      }
    });
  });
}

const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) {
    for (const s of h.sockets) s.terminate();
    await h.close();
  }
});

describe('web transport', () => {
  it('presents the token as a subprotocol and correlates replies', async () => {
    const host = await startHost((c) => (c === 'app.info' ? { ok: true, reply: { version: '1', demo: true, host: 'web' } } : { ok: false, error: 'nope' }));
    hosts.push(host);
    const client = createWebTransport(host.url, 'abc123');
    await expect(client.invoke('app.info', undefined)).resolves.toEqual({ version: '1', demo: true, host: 'web' });
    await expect(client.invoke('watchlist.list', undefined)).rejects.toThrow(CommandError);
    expect(host.offered[0]).toEqual(['vigil', 'vigil-token.abc123']);
  });

  it('delivers events until unsubscribed', async () => {
    const host = await startHost(() => null);
    hosts.push(host);
    const client = createWebTransport(host.url, 't');
    const seen: number[] = [];
    const off = client.on('market.frame', (f) => seen.push(f.seq));
    await waitForLink(client, 'open');
    const push = (seq: number) => host.sockets[0]!.send(JSON.stringify({ kind: 'event', event: 'market.frame', payload: { seq, at: 0, tickers: [] } }));
    push(1);
    await expect.poll(() => seen).toEqual([1]);
    off();
    push(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([1]);
  });

  it('rejects pending commands when the socket drops, then reconnects', async () => {
    const host = await startHost(() => null); // Never answers.
    hosts.push(host);
    const client = createWebTransport(host.url, 't');
    await waitForLink(client, 'open');
    const pending = client.invoke('market.snapshot', undefined);
    await expect.poll(() => host.sockets.length).toBe(1);
    host.sockets[0]!.terminate();
    await expect(pending).rejects.toThrow(/closed/);
    const down = client.link();
    expect(down.state).toBe('down');
    expect(down.everOpened).toBe(true);
    expect(down.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    await waitForLink(client, 'open');
    expect(host.sockets).toHaveLength(2);
    host.sockets[1]!.terminate();
  });

  it('offers no token subprotocol without a token', async () => {
    const host = await startHost(() => null);
    hosts.push(host);
    const client = createWebTransport(host.url, null);
    await waitForLink(client, 'open');
    expect(host.offered[0]).toEqual(['vigil']);
    expect(client.link().hasToken).toBe(false);
  });
});
