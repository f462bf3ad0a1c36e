// The web host: serves the built renderer and the contract over a loopback WebSocket, for
// `npm run web` and the browser tests. Only 127.0.0.1 is served. A random session token guards the
// socket (sent as a subprotocol, so it never appears in a URL the server sees) and the Origin must
// be this host's own, so another page in the browser cannot talk to the core.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractHandlers, WebServerMessage } from '../../shared/contract';
import { isCommandName } from '../../shared/contract';
import { commandErrorFor } from '../core/command-errors';
import type { Logger } from '../core/log';
import { silentLogger } from '../core/log';
import { isObject, parseJson } from '../core/wire/json';
import { CONTENT_TYPES as TYPES } from './content-types';

export const TOKEN_PROTOCOL_PREFIX = 'vigil-token.';

export interface WebHostOptions {
  core: ContractHandlers;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  log?: Logger;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** The built page's policy (electron.vite.config.ts), used when the page carries none. */
export const DEFAULT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

/** The page's own policy from its meta tag, so the header and the page never disagree. */
export function pagePolicy(html: string): string | null {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  return meta && meta[1] && !meta[1].includes('%') ? meta[1] : null;
}

function securityHeaders(policy: string): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    // The full policy as a header too (a meta tag cannot forbid framing, and a header applies first).
    'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? silentLogger;
  const token = options.token ?? randomBytes(24).toString('hex');
  const root = normalize(options.staticDir) + sep;
  let origins: Set<string> = new Set();
  /** Host headers this server answers: anything else is DNS rebinding or a misdirected request. */
  let hosts: Set<string> = new Set();
  const policy = pagePolicy(await readFile(join(root, 'index.html'), 'utf8').catch(() => '')) ?? DEFAULT_CSP;
  const SECURITY_HEADERS = securityHeaders(policy);

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end();
      return;
    }
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found');
    }
  }

  const http = createServer((req, res) => {
    serveFile(req, res).catch((error) => {
      log.error(`web host: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('vigil') ? 'vigil' : false),
  });

  http.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) return refuse(421, 'Misdirected Request');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/api') return refuse(404, 'Not Found');
    if (!origins.has(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    if (!sameToken(presented, token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws));
  });

  function serveClient(ws: WebSocket): void {
    const send = (message: WebServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.core.subscribe((event, payload) => {
      // A client that cannot keep up is dropped rather than letting its backlog grow without bound.
      if (ws.bufferedAmount > 8 * 1024 * 1024) {
        log.warn('web host: a client fell too far behind; closing it');
        ws.terminate();
        return;
      }
      send({ kind: 'event', event, payload });
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? null : parseJson(data.toString());
      const msg = parsed?.ok ? parsed.value : null;
      if (!isObject(msg) || msg.kind !== 'command' || typeof msg.id !== 'number' || !isCommandName(msg.command)) {
        ws.close(1008, 'invalid message');
        return;
      }
      const id = msg.id;
      options.core.invoke(msg.command, msg.request as never).then(
        (reply) => send({ kind: 'reply', id, ok: true, reply }),
        (error: unknown) => {
          send({ kind: 'reply', id, ok: false, error: commandErrorFor(`web host: ${msg.command}`, error, log) });
        },
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
