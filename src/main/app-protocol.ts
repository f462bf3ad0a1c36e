// The UI is served from a custom, privileged `app://vigil/` scheme instead of file:// (Electron
// security checklist item 18): a file:// page would carry file-system privileges (and needs the
// GrantFileProtocolExtraPrivileges fuse on), while app:// serves exactly the files of the built
// renderer, each with a path check and the page's Content-Security-Policy as a header.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_TYPES as TYPES } from './web/content-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'vigil';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready: app:// is standard (relative URLs, origin) and secure (like https). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The page's own policy from its meta tag (the built index.html), sent as a header too. */
function pagePolicy(html: string): string | null {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  return meta && meta[1] && !meta[1].includes('%') ? meta[1] : null;
}

/** Answers one app:// request from `root` (the built renderer folder); nothing outside it. */
export async function appResponse(root: string, requestUrl: string): Promise<Response> {
  const base = normalize(root) + sep;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return new Response('Not found', { status: 404 });
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  const file = normalize(join(base, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(base) || pathname.includes('\0')) return new Response('Forbidden', { status: 403 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response('Not found', { status: 404 });
  }
  const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff' };
  if (extname(file) === '.html') {
    const policy = pagePolicy(body.toString('utf8'));
    if (policy) headers['Content-Security-Policy'] = policy;
  }
  return new Response(new Uint8Array(body), { status: 200, headers });
}

/** Serves app:// from the built renderer folder (after ready). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(root, request.url));
}
