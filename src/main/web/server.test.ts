import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ContractHandlers, WebServerMessage } from '../../shared/contract';
import { CommandError } from '../../shared/contract';
import { loadConfig } from '../core/config';
import { createCore } from '../core/create-core';
import { startWebHost, type WebHost } from './server';

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

function fakeCore(): ContractHandlers & { emit(event: 'watchlist.changed', payload: []): void } {
  const listeners = new Set<Parameters<ContractHandlers['subscribe']>[0]>();
  return {
    async invoke(command) {
      if (command === 'app.info') return { version: '9', demo: true, host: 'web' } as never;
      if (command === 'watchlist.list') throw new CommandError('watchlist.unknown');
      throw new Error(`internal detail of ${command} at /secret/path`);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
  };
}

async function start(core = fakeCore()) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(tmpdir(), 'vigil-secret.txt'), 'secret');
  host = await startWebHost({ core, staticDir: dir, port: 0 });
  return { host, core };
}

function open(h: WebHost, opts: { token?: string; origin?: string } = {}): Promise<WebSocket | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api`, ['vigil', `vigil-token.${opts.token ?? h.token}`], {
    origin: opts.origin ?? `http://127.0.0.1:${h.port}`,
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function next(ws: WebSocket): Promise<WebServerMessage> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

describe('web host', () => {
  it('serves the renderer on 127.0.0.1 with a token in the URL fragment', async () => {
    const { host } = await start();
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[0-9a-f]{48}$`));
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`http://127.0.0.1:${host.port}/..%2fvigil-secret.txt`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/nothing.js`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses the socket without the token, with a wrong token, or from another origin', async () => {
    const { host } = await start();
    expect(await open(host, { token: '' })).toBe(401);
    expect(await open(host, { token: 'f'.repeat(48) })).toBe(401);
    expect(await open(host, { origin: 'http://evil.example' })).toBe(403);
  });

  it('answers commands and pushes events over the contract', async () => {
    const { host, core } = await start();
    const ws = (await open(host)) as WebSocket;
    expect(ws.protocol).toBe('vigil');
    ws.send(JSON.stringify({ kind: 'command', id: 1, command: 'app.info' }));
    expect(await next(ws)).toEqual({ kind: 'reply', id: 1, ok: true, reply: { version: '9', demo: true, host: 'web' } });
    ws.send(JSON.stringify({ kind: 'command', id: 2, command: 'watchlist.list' }));
    expect(await next(ws)).toEqual({ kind: 'reply', id: 2, ok: false, error: { code: 'watchlist.unknown' } });
    // The core's own failure: the UI gets a code only; the text and stack stay in the log.
    ws.send(JSON.stringify({ kind: 'command', id: 3, command: 'portfolio.get' }));
    expect(await next(ws)).toEqual({ kind: 'reply', id: 3, ok: false, error: { code: 'command.failed' } });
    const event = next(ws);
    core.emit('watchlist.changed', []);
    expect(await event).toEqual({ kind: 'event', event: 'watchlist.changed', payload: [] });
    ws.close();
  });

  it('sends a request the parser refuses as request.invalid { command, field }, the same policy as IPC (issue 16)', async () => {
    const logged: string[] = [];
    const log = { info: () => {}, warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    // A real core behind the socket (not started: parsing comes before any exchange is needed).
    const core = createCore(loadConfig({ host: 'web', version: '0.0.0-test', env: { VIGIL_HOME: mkdtempSync(join(tmpdir(), 'vigil-web-')) } }), { log });
    const { host } = await start(core as unknown as ReturnType<typeof fakeCore>);
    const ws = (await open(host)) as WebSocket;
    ws.send(JSON.stringify({ kind: 'command', id: 1, command: 'watchlist.move', request: { listId: 'main', market: 'coinking:BTC/USDT', index: 'top' } }));
    expect(await next(ws)).toEqual({ kind: 'reply', id: 1, ok: false, error: { code: 'request.invalid', params: { command: 'watchlist.move', field: 'index' } } });
    // A void command sent something: refused too, not ignored.
    ws.send(JSON.stringify({ kind: 'command', id: 2, command: 'app.info', request: { version: '1' } }));
    expect(await next(ws)).toEqual({ kind: 'reply', id: 2, ok: false, error: { code: 'request.invalid', params: { command: 'app.info', field: 'request' } } });
    // The same request, shaped right, is answered.
    ws.send(JSON.stringify({ kind: 'command', id: 3, command: 'app.info' }));
    expect(await next(ws)).toMatchObject({ kind: 'reply', id: 3, ok: true, reply: { version: '0.0.0-test', host: 'web' } });
    expect(logged).toEqual([
      'watchlist.move: request refused (index: expected an integer in 0..100000, got a string of 3 characters)',
      'app.info: request refused (request: expected nothing, got an object with 1 keys)',
    ]);
    ws.close();
    await core.stop();
  });

  it('closes a client that sends something outside the contract', async () => {
    const { host } = await start();
    const ws = (await open(host)) as WebSocket;
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ kind: 'command', id: 1, command: 'shell.exec' }));
    expect(await closed).toBe(1008);
  });
});

describe('web host: Host header and CSP (docs/security.md, hardening review 14)', () => {
  function get(port: number, host: string): Promise<{ status: number; csp: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers only its own Host names (no DNS rebinding), over HTTP and on the socket', async () => {
    const { host } = await start();
    expect((await get(host.port, `127.0.0.1:${host.port}`)).status).toBe(200);
    expect((await get(host.port, `localhost:${host.port}`)).status).toBe(200);
    expect((await get(host.port, `evil.example:${host.port}`)).status).toBe(421);
    expect((await get(host.port, 'evil.example')).status).toBe(421);
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api`, ['vigil', `vigil-token.${host.token}`], {
      origin: `http://127.0.0.1:${host.port}`,
      headers: { host: `rebound.example:${host.port}` },
    });
    const status = await new Promise<number>((resolve) => {
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(-1));
    });
    expect(status).not.toBe(101);
  });

  it('sends the page\'s full Content-Security-Policy as a response header, with frame-ancestors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-static-'));
    const policy = "default-src 'none'; script-src 'self'; object-src 'none'";
    writeFileSync(join(dir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}" /><title>Vigil</title>`);
    host = await startWebHost({ core: fakeCore(), staticDir: dir, port: 0 });
    expect((await get(host.port, `127.0.0.1:${host.port}`)).csp).toBe(`${policy}; frame-ancestors 'none'`);
    await host.close();
    // A page without a policy of its own still gets the strict default.
    host = (await start()).host;
    expect((await get(host.port, `127.0.0.1:${host.port}`)).csp).toMatch(/^default-src 'none'; script-src 'self';.*frame-ancestors 'none'$/);
  });
});
