import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';

// security.ts only takes Electron objects as arguments; the module itself must not need Electron at all.
vi.mock('electron', () => {
  throw new Error('security.ts must not load electron');
});
const { denyAllPermissions, isAppUrl, lockDownWebContents, rendererEntry } = await import('./security');

const ROOT = '/opt/My Vigil/resources/app.asar/out/renderer';
const INDEX = `${ROOT}/index.html`;
const fileEntry = rendererEntry({ packaged: true, devUrl: 'http://localhost:5173', root: ROOT });
const devEntry = rendererEntry({ packaged: false, devUrl: 'http://localhost:5173/', root: ROOT });

/** A web contents as far as the lock-down needs one: an emitter with a window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits a navigation event the way Electron does and tells whether it was let through. */
  attempt(kind: 'will-navigate' | 'will-redirect' | 'will-frame-navigate' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    this.emit(kind, { url, preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

function lockedDown(entry = fileEntry): FakeContents {
  const contents = new FakeContents();
  lockDownWebContents(contents as unknown as WebContents, entry);
  return contents;
}

describe('rendererEntry', () => {
  it('loads the built files over app:// when packaged, whatever the environment says', () => {
    expect(fileEntry).toEqual({ kind: 'app', root: ROOT, url: 'app://vigil/index.html' });
  });

  it('uses the dev server only when unpackaged and on loopback', () => {
    expect(devEntry).toEqual({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(rendererEntry({ packaged: false, devUrl: undefined, root: ROOT })).toEqual({ kind: 'app', root: ROOT, url: 'app://vigil/index.html' });
    expect(() => rendererEntry({ packaged: false, devUrl: 'http://evil.example:5173', root: ROOT })).toThrow(/loopback/);
  });
});

describe('isAppUrl', () => {
  const appUrl = 'app://vigil/index.html';

  it("accepts the app's own page, with any route", () => {
    expect(isAppUrl(fileEntry, appUrl)).toBe(true);
    expect(isAppUrl(fileEntry, `${appUrl}#/portfolio`)).toBe(true);
  });

  it('refuses other files, other hosts and other schemes, and the file:// page of earlier versions', () => {
    expect(isAppUrl(fileEntry, pathToFileURL(INDEX).href)).toBe(false);
    expect(isAppUrl(fileEntry, 'file:///etc/passwd')).toBe(false);
    expect(isAppUrl(fileEntry, 'app://vigil/other.html')).toBe(false);
    expect(isAppUrl(fileEntry, 'app://evil/index.html')).toBe(false);
    expect(isAppUrl(fileEntry, 'https://evil.example/index.html')).toBe(false);
    expect(isAppUrl(fileEntry, 'not a url')).toBe(false);
  });

  it('in development, accepts only the dev server origin', () => {
    expect(isAppUrl(devEntry, 'http://localhost:5173/#/markets')).toBe(true);
    expect(isAppUrl(devEntry, 'http://localhost:5174/')).toBe(false);
    expect(isAppUrl(devEntry, 'https://localhost:5173/')).toBe(false);
    expect(isAppUrl(devEntry, appUrl)).toBe(false);
  });
});

describe('denyAllPermissions', () => {
  function lockedSession() {
    const session = Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      setDisplayMediaRequestHandler: vi.fn(),
    });
    denyAllPermissions(session as unknown as Session);
    return session;
  }

  it('refuses device access, screen capture and downloads', () => {
    const session = lockedSession();
    expect(session.setDevicePermissionHandler.mock.calls[0]![0]({ deviceType: 'usb', origin: 'file://' })).toBe(false);
    const callback = vi.fn();
    session.setDisplayMediaRequestHandler.mock.calls[0]![0]({}, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(null);
    let prevented = false;
    session.emit('will-download', { preventDefault: () => (prevented = true) }, { getURL: () => 'https://evil.example/x.exe' });
    expect(prevented).toBe(true);
  });

  it('answers every permission request and check with no', () => {
    const session = lockedSession();

    const requestHandler = session.setPermissionRequestHandler.mock.calls[0]![0];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    const checkHandler = session.setPermissionCheckHandler.mock.calls[0]![0];
    expect(checkHandler({}, 'media', 'file:///', {})).toBe(false);
  });
});

describe('lockDownWebContents', () => {
  it('denies window.open, whatever the URL', () => {
    const contents = lockedDown();
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: pathToFileURL(INDEX).href })).toEqual({ action: 'deny' });
  });

  it('prevents navigation and redirects to an outside URL, in subframes too', () => {
    const contents = lockedDown();
    expect(contents.attempt('will-frame-navigate', 'https://evil.example/frame')).toBe(false);
    expect(contents.attempt('will-frame-navigate', 'app://vigil/index.html#/x')).toBe(true);
    expect(contents.attempt('will-navigate', 'https://evil.example/phish')).toBe(false);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(false);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(false);
  });

  it('allows navigation within the app', () => {
    const contents = lockedDown();
    expect(contents.attempt('will-navigate', 'app://vigil/index.html#/settings')).toBe(true);
    const dev = lockedDown(devEntry);
    expect(dev.attempt('will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(dev.attempt('will-redirect', 'http://localhost:5173/index.html')).toBe(true);
  });

  it('refuses to attach webviews', () => {
    expect(lockedDown().attempt('will-attach-webview', 'https://evil.example/')).toBe(false);
  });

  it('installs its handlers once, however often it is called', () => {
    const contents = lockedDown();
    lockDownWebContents(contents as unknown as WebContents, fileEntry);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-redirect')).toBe(1);
  });
});
