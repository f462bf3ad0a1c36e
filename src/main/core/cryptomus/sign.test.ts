import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CryptomusRest } from './rest';
import { authHeaders, signBody } from './sign';

// Vectors worked out outside this code base (Python: hashlib.md5(base64.b64encode(body) + key)).
const BODY = '{"amount":"15","currency":"USDT"}';
const BODY_BASE64 = 'eyJhbW91bnQiOiIxNSIsImN1cnJlbmN5IjoiVVNEVCJ9';
const KEY = 'test-api-key-123';

describe('Cryptomus signing', () => {
  it('signs md5_hex(base64(body) + apiKey)', () => {
    expect(Buffer.from(BODY).toString('base64')).toBe(BODY_BASE64);
    expect(signBody(BODY, KEY)).toBe('68c23757a62b1f2752d8715da07a56dd');
  });

  it('signs a GET (no body) as md5_hex(apiKey)', () => {
    expect(signBody('', KEY)).toBe('243803a7915cfddb629813ae00da7da3');
    expect(authHeaders({ userId: 'user-1', apiKey: KEY })).toEqual({ userId: 'user-1', sign: '243803a7915cfddb629813ae00da7da3' });
  });

  it('sends userId and the GET sign on signed requests, and neither on public ones', async () => {
    const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/v2/') ? '{"token":"abcdef0123456789"}' : '{"result":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const rest = new CryptomusRest({ apiUrl: base, marketUrl: base, scalesUrl: base, credentials: { userId: 'user-1', apiKey: KEY } });
      await rest.wsToken();
      await rest.markets();
      expect(seen[0]!.headers.userid).toBe('user-1');
      expect(seen[0]!.headers.sign).toBe('243803a7915cfddb629813ae00da7da3');
      expect(seen[1]!.headers.userid).toBeUndefined();
      expect(seen[1]!.headers.sign).toBeUndefined();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
