// HTTP replies from exchanges, bounded: a hostile or broken server can send an endless body; the
// reader stops at `maxBytes` instead of holding it all in memory.

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`the reply is larger than ${Math.round(maxBytes / 1024)} KiB`);
  }
}

/** The response body as text, at most `maxBytes` (UTF-8); throws BodyTooLargeError beyond that. */
export async function readText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
