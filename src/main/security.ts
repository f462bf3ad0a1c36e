// The shell's security policy in one place: where the app's own pages live, and the handlers that
// keep every web contents on them (no new windows, no navigation away, no webviews, no permissions).
import type { Session, WebContents } from 'electron';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './app-protocol';

/**
 * Where the renderer is loaded from: the built files over the app:// scheme (app-protocol.ts), or the
 * electron-vite dev server.
 */
export type RendererEntry = { kind: 'app'; root: string; url: string } | { kind: 'dev'; url: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL is honoured only in an unpackaged app and only on loopback: an installed app must
 * never be pointed at another page by an environment variable.
 */
export function rendererEntry(options: { packaged: boolean; devUrl: string | undefined; root: string }): RendererEntry {
  if (!options.packaged && options.devUrl) {
    const url = new URL(options.devUrl);
    if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
      throw new Error(`ELECTRON_RENDERER_URL must be a loopback http URL, got ${url.origin}`);
    }
    return { kind: 'dev', url: url.href };
  }
  return { kind: 'app', root: options.root, url: APP_INDEX_URL };
}

/** True when `url` is the app's own renderer page (any hash or query: the UI may route with them). */
export function isAppUrl(entry: RendererEntry, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (entry.kind === 'dev') return parsed.origin === new URL(entry.url).origin;
  // app://vigil/index.html (or app://vigil/), with any hash or query; never a file:// page.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && (parsed.pathname === '/index.html' || parsed.pathname === '/');
}

/**
 * The app asks for no browser permission (camera, notifications, geolocation...): refuse them all,
 * and device access (HID, serial, USB), screen capture and downloads too. Desktop notifications are
 * shown by the main process, and files are saved through a native dialog (file.saveText), so the page
 * needs none of these.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event) => event.preventDefault());
}

const lockedDown = new WeakSet<WebContents>();

/**
 * Keeps a web contents on the app: window.open is denied, navigations (of any frame) and redirects to
 * any other URL are cancelled, and webviews cannot be attached. Safe to call twice (the window and the global hook).
 */
export function lockDownWebContents(contents: WebContents, entry: RendererEntry): void {
  if (lockedDown.has(contents)) return;
  lockedDown.add(contents);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(entry, event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(entry, event.url)) event.preventDefault();
  });
  // Subframes too (the CSP already allows none): will-navigate only sees the main frame.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(entry, event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
