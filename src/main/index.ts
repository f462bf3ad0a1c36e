// The Electron shell's lifecycle: one instance, a locked-down session, the core served to one window,
// a tray, and a clean stop of the core before the process exits.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { app, dialog, ipcMain, session, type BrowserWindow, type Tray } from 'electron';
import { loadConfig } from './core/config';
import type { Core } from './core/core';
import { createCore } from './core/engine';
import { serveContract, windowTarget } from './ipc-transport';
import { denyAllPermissions, isAppUrl, lockDownWebContents, rendererEntry } from './security';
import { createTray } from './tray';
import { createMainWindow, revealWindow } from './window';

/** How long quitting waits for the core to close its connections and simulators. */
const STOP_TIMEOUT_MS = 5_000;

const entry = rendererEntry({
  packaged: app.isPackaged,
  devUrl: process.env.ELECTRON_RENDERER_URL,
  file: join(import.meta.dirname, '../renderer/index.html'),
});
// Packaged builds copy the icons next to app.asar (electron-builder extraResources).
const resources = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');

let core: Core | undefined;
let window: BrowserWindow | undefined;
let tray: Tray | undefined; // held so the icon is not garbage-collected
let stopServing: (() => void) | undefined;
let quitting = false;
let stopping = false;
let stopped = false;
let exitCode = 0;

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  if (process.platform === 'win32') app.setAppUserModelId('org.vigil.app');
  core = createCore(loadConfig({ host: 'electron', version: app.getVersion(), home: app.getPath('userData') }));
  await core.start();
  if (quitting) return; // quit was asked for while the core was starting
  const running = core;
  window = createMainWindow({ entry, icon: join(resources, 'icon.png'), isQuitting: () => quitting });
  stopServing = serveContract(ipcMain, running, windowTarget(window, (url) => isAppUrl(entry, url)));
  tray = createTray({
    icon: join(resources, 'tray.png'),
    window,
    onReconnectAll: () => running.reconnectAll(),
    onQuit: () => app.quit(),
  });
}

async function stopCore(running: Core): Promise<void> {
  stopServing?.();
  const timer = new AbortController();
  const timeout = delay(STOP_TIMEOUT_MS, 'timeout', { signal: timer.signal }).catch(() => 'cancelled');
  try {
    const outcome = await Promise.race([running.stop().then(() => 'stopped'), timeout]);
    if (outcome === 'timeout') console.error(`[vigil] the core did not stop within ${STOP_TIMEOUT_MS} ms`);
  } catch (error) {
    console.error(`[vigil] stopping the core failed: ${String(error)}`);
  } finally {
    timer.abort();
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every renderer is sandboxed, whatever its web preferences say (must be called before ready).
  app.enableSandbox();
  app.on('second-instance', () => window && revealWindow(window));
  app.on('activate', () => window && revealWindow(window));
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, entry));

  // Quitting waits for the core once: the first before-quit is held until it has stopped.
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped || !core) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void stopCore(core).finally(() => {
      stopped = true;
      tray?.destroy();
      if (exitCode === 0) app.quit();
      else app.exit(exitCode);
    });
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Vigil could not start', error instanceof Error ? error.message : String(error));
      exitCode = 1;
      if (core) app.quit();
      else app.exit(exitCode);
    });
}
