// Errors of the connection layer. Their messages are shown to the user, so they say what happened
// in plain words and never carry a credential.

/** The exchange rejected the credentials: terminal until they change, never retried. */
export class AuthFailedError extends Error {
  override name = 'AuthFailedError';
}

/** A request got no reply in time (some servers never answer an unknown method). */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: no reply within ${(timeoutMs / 1000).toFixed(1)} s`);
  }
}

/** The server answered a request with an error. */
export class RequestFailedError extends Error {
  override name = 'RequestFailedError';
  constructor(
    readonly method: string,
    readonly code: number | string | null,
    readonly serverMessage: string,
  ) {
    super(`${method} failed${code !== null ? ` (code ${code})` : ''}: ${serverMessage}`);
  }
}

/** A request was made, or was pending, while the socket was not open. */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError';
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
