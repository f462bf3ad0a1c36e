// CoinKing's errors in words a user can act on. Messages name methods, never parameters, so the API
// key sent with `server.auth` cannot end up in a status line or a log.
import { EXCHANGE_NAMES } from '../../../shared/model';
import { coded } from '../../../shared/codes';
import { AuthFailedError, CodedError, RequestFailedError, RequestTimeoutError } from '../connection/errors';

/** ViaBTC gives no reply at all to a method it does not know, so a timeout needs explaining. */
export class CoinKingTimeoutError extends RequestTimeoutError {
  override name = 'CoinKingTimeoutError';
  constructor(method: string, timeoutMs: number) {
    super(method, timeoutMs);
    this.message =
      `CoinKing gave no reply to ${method} within ${(timeoutMs / 1000).toFixed(1)} s ` +
      `(it sends none for a method it does not know, or it is overloaded)`;
  }
}

/** A reply that is not what the method returns: counted as the server's fault, never thrown raw. */
export class CoinKingReplyError extends CodedError {
  override name = 'CoinKingReplyError';
  constructor(readonly method: string) {
    super(coded('link.replyNotUnderstood', { exchange: EXCHANGE_NAMES.coinking, method }), `${method}: CoinKing sent a reply this app does not understand`);
  }
}

export const CODE_AUTH_REQUIRED = 6;
export const CODE_AUTH_FAILED = 11;

/** Replaces every occurrence of the secret, in case a server ever echoes it back. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/**
 * Codes 6 (authentication required) and 11 (authentication failed) mean the key will not work:
 * they become AuthFailedError. The adapter then fails the account only (market data is public and
 * keeps flowing) and never asks again with that key: no reconnect storm. Anything else is returned
 * unchanged.
 */
export function authFailure(error: unknown, token: string | undefined): unknown {
  if (!(error instanceof RequestFailedError)) return error;
  const said = redact(error.serverMessage, token);
  if (error.method === 'server.auth' && (error.code === CODE_AUTH_FAILED || error.code === CODE_AUTH_REQUIRED)) {
    return new AuthFailedError(coded('link.authRejected', { exchange: EXCHANGE_NAMES.coinking, detail: `${error.code}: ${said}`.slice(0, 200) }), `CoinKing rejected the API key: ${said}`);
  }
  if (error.code === CODE_AUTH_REQUIRED) {
    return new AuthFailedError(coded('link.authRequired', { exchange: EXCHANGE_NAMES.coinking, method: error.method }), `CoinKing refused ${error.method}: authentication required (code 6: ${said})`);
  }
  if (error.code === CODE_AUTH_FAILED) {
    return new AuthFailedError(coded('link.authRequired', { exchange: EXCHANGE_NAMES.coinking, method: error.method }), `CoinKing refused ${error.method}: authentication failed (code 11: ${said})`);
  }
  return error;
}
