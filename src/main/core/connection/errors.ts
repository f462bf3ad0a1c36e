// Errors of the connection layer. Each carries the code the UI shows (`coded`), and a message in
// plain words for the log only; neither ever carries a credential.
import { coded, type CoreCode } from '../../../shared/codes';
import type { CodeParams, Coded } from '../../../shared/notices';

/** An error that knows what the user should be told. */
export class CodedError extends Error {
  constructor(
    readonly coded: Coded,
    message?: string,
  ) {
    super(message ?? (coded.params ? `${coded.code} ${JSON.stringify(coded.params)}` : coded.code));
  }
}

export function codedError(code: CoreCode, params?: CodeParams, message?: string): CodedError {
  return new CodedError(coded(code, params), message);
}

/** The exchange rejected the credentials: terminal until they change, never retried. */
export class AuthFailedError extends CodedError {
  override name = 'AuthFailedError';
}

/** A request got no reply in time (some servers never answer an unknown method). */
export class RequestTimeoutError extends CodedError {
  override name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(coded('link.noReply', { method, seconds: (timeoutMs / 1000).toFixed(1) }), `${method}: no reply within ${(timeoutMs / 1000).toFixed(1)} s`);
  }
}

/** The server answered a request with an error. */
export class RequestFailedError extends CodedError {
  override name = 'RequestFailedError';
  constructor(
    readonly method: string,
    readonly code: number | string | null,
    readonly serverMessage: string,
  ) {
    const detail = `${code !== null ? `${code}: ` : ''}${serverMessage}`.slice(0, 200);
    super(coded('link.requestFailed', { method, detail }), `${method} failed${code !== null ? ` (code ${code})` : ''}: ${serverMessage}`);
  }
}

/** A request was made, or was pending, while the socket was not open. */
export class NotConnectedError extends CodedError {
  override name = 'NotConnectedError';
  constructor(message: string, reason: Coded = coded('link.notConnected')) {
    super(reason, message);
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** What to tell the user about an error: its code, or (for a socket or OS error) its system code only. */
export function reasonOf(error: unknown): Coded {
  if (error instanceof CodedError) return error.coded;
  const sys = (error as { code?: unknown } | null)?.code;
  if (typeof sys === 'string' && /^[A-Z0-9_]{2,40}$/.test(sys)) return coded('link.unreachable', { detail: sys });
  return coded('link.failed');
}
