// Cryptomus request signing (docs/protocols.md, section 1): two headers, `userId` and
// `sign = md5_hex(base64(body) + apiKey)`. A GET has no body, so it signs the empty string and its
// sign is md5_hex(apiKey). The body is serialised once and that very string is both signed and sent.
import { createHash } from 'node:crypto';

export interface CryptomusCredentials {
  userId: string;
  apiKey: string;
}

/** md5_hex(base64(body) + apiKey); `body` is the exact text sent ('' for a GET). */
export function signBody(body: string, apiKey: string): string {
  const encoded = Buffer.from(body, 'utf8').toString('base64');
  return createHash('md5').update(encoded + apiKey, 'utf8').digest('hex');
}

/** The authorization headers of one request whose body text is `body`. */
export function authHeaders(credentials: CryptomusCredentials, body = ''): Record<string, string> {
  return { userId: credentials.userId, sign: signBody(body, credentials.apiKey) };
}
