// The Electron shell's lifecycle: one instance, a locked-down session, the core served to one window,
// a tray, alert notifications, and a clean stop of the core before the process exits.
import { coded, languageOfLocale, renderCoded } from '../shared/codes';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { app, dialog, ipcMain, protocol, session, type BrowserWindow } from 'electron';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { confirmHeldBackCredentials } from './endpoint-confirm';
import type { ReplyOf } from '../shared/contract';
import type { Core } from './core/core';
import { bootCore, type Booted } from './core/boot';
import { KeytarSecretStore } from './core/secrets';
import { HomeLockedError } from './core/store/sqlite/lock';
import type { Logger } from './core/log';
import { consoleLogger } from './core/log';
import type { AppLogger } from './core/logging';
import { serveContract, windowTarget } from './ipc-transport';
import { applyStartAtLogin } from './login-item';
import { notifyAlerts } from './notifications';
import { denyAllPermissions, isAppUrl, lockDownWebContents, rendererEntry } from './security';
import { shellCommands, withShellCommands } from './shell-commands';
import { watchShellSettings } from './shell-settings';
import { createTray, type VigilTray } from './tray';
import { createMainWindow, revealWindow } from './window';

/** How long quitting waits for the core to close its connections and simulators. */
const STOP_TIMEOUT_MS = 5_000;

const entry = rendererEntry({
  packaged: app.isPackaged,
  devUrl: process.env.ELECTRON_RENDERER_URL,
  root: join(import.meta.dirname, '../renderer'),
});
// Packaged builds copy the icons next to app.asar (electron-builder extraResources).
const resources = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');

let core: Core | undefined;
let window: BrowserWindow | undefined;
let tray: VigilTray | undefined; // held so the icon is not garbage-collected
let appLog: AppLogger | undefined;
let closeBooted: (() => void) | undefined;
const cleanups: (() => void)[] = [];
let quitting = false;
let stopping = false;
let stopped = false;
let exitCode = 0;

const log: Logger = {
  info: (m) => (appLog ?? consoleLogger).info(m),
  warn: (m) => (appLog ?? consoleLogger).warn(m),
  error: (m) => (appLog ?? consoleLogger).error(m),
  addSecrets: (values) => appLog?.addSecrets(values),
};
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  if (entry.kind === 'app') serveAppProtocol(protocol, entry.root);
  if (process.platform === 'win32') app.setAppUserModelId('org.vigil.app');
  let booted: Booted;
  try {
    booted = await bootCore({ host: 'electron', version: app.getVersion(), home: app.getPath('userData'), log, secrets: new KeytarSecretStore() });
  } catch (error) {
    // Another process (`npm run web`) owns the data folder: say so and leave it alone.
    if (error instanceof HomeLockedError) throw new Error(renderCoded(languageOfLocale(app.getLocale()), coded('storage.locked', error.params)), { cause: error });
    throw error;
  }
  ({ core, log: appLog } = booted);
  closeBooted = () => booted.close();
  if (booted.storeProblem) {
    dialog.showErrorBox('Vigil could not open its database', `${booted.storeProblem}\n\nThis session keeps its data in memory only.`);
  }
  await core.start();
  if (quitting) return; // quit was asked for while the core was starting
  const running = core;
  // Credentials held back because their endpoints changed: the user may allow them here, natively.
  void confirmHeldBackCredentials(running, dialog).catch((error: unknown) => log.warn(`confirming changed endpoints failed: ${message(error)}`));

  const settings = await watchShellSettings(running, (m) => log.warn(m));
  cleanups.push(() => settings.dispose());
  const shown = createMainWindow({
    entry,
    icon: join(resources, 'icon.png'),
    isQuitting: () => quitting,
    startHidden: settings.current().startMinimized,
    devTools: !app.isPackaged,
  });
  window = shown;
  const target = windowTarget(shown, (url) => isAppUrl(entry, url));

  const trayHandle = createTray({
    icon: join(resources, 'tray.png'),
    window: shown,
    demo: running.config.demo,
    onReconnectAll: () => running.reconnectAll(),
    onQuit: () => app.quit(),
    onPauseAlerts: (paused) => {
      running
        .invoke('alerts.pause', { paused })
        .then((reply) => trayHandle.setPaused(reply.paused))
        .catch((error: unknown) => {
          log.warn(`pausing alerts failed: ${message(error)}`);
          trayHandle.setPaused(!paused);
        });
    },
    onDemoMode: (demo) => void switchDemo(running, demo, trayHandle),
    language: () => settings.current().language,
    privacy: () => settings.current().privacy,
  });
  tray = trayHandle;

  // The window's contract: the core's commands, plus the ones only the shell can answer.
  const contract = withShellCommands(
    running,
    shellCommands({
      dialog,
      writeFile: (path, text) => writeFile(path, text, 'utf8'),
      window: () => window,
      defaultDir: app.getPath('downloads'),
      language: () => settings.current().language,
    }),
    (command, reply) => {
      if (command === 'alerts.pause') trayHandle.setPaused((reply as ReplyOf<'alerts.pause'>).paused);
    },
    log, // a refused shell request is logged with the core's (redacting) log, not the console
  );
  cleanups.push(serveContract(ipcMain, contract, target, log));

  cleanups.push(
    notifyAlerts({
      core: running,
      icon: join(resources, 'icon.png'),
      enabled: () => settings.current().notifications,
      language: () => settings.current().language,
      privacy: () => settings.current().privacy === true,
      onClick: (alert) => {
        revealWindow(shown);
        if (alert.market) target.send('ui.focusMarket', { market: alert.market });
      },
    }),
  );

  // The tooltip follows the portfolio total.
  cleanups.push(running.subscribe((event, payload) => event === 'portfolio.changed' && trayHandle.setPortfolio(payload as ReplyOf<'portfolio.get'>)));
  running.invoke('portfolio.get', undefined).then(trayHandle.setPortfolio, () => {});

  // Start at login follows the setting, once the core has settings to say it.
  const loginItem = (enabled: boolean) => {
    try {
      applyStartAtLogin(enabled, { app, platform: process.platform, execPath: process.execPath, env: process.env });
    } catch (error) {
      log.warn(`start at login could not be ${enabled ? 'set' : 'cleared'}: ${message(error)}`);
    }
  };
  if (settings.available()) loginItem(settings.current().startAtLogin);
  let atLogin = settings.current().startAtLogin;
  cleanups.push(
    settings.onChange((s) => {
      if (s.startAtLogin !== atLogin) loginItem((atLogin = s.startAtLogin));
      tray?.refresh(); // the menu in the language just chosen, the tooltip as privacy mode says
    }),
  );
}

/**
 * Demo mode takes effect at start: the choice is saved, then the app restarts. It quits through
 * `app.quit()` (not `app.exit()`), so the core stops cleanly first (the database closes, simulators shut).
 */
async function switchDemo(running: Core, demo: boolean, trayHandle: VigilTray): Promise<void> {
  try {
    await running.invoke('settings.set', { demo });
  } catch (error) {
    trayHandle.setDemo(!demo);
    dialog.showErrorBox('Demo mode', `The setting could not be saved: ${message(error)}`);
    return;
  }
  app.relaunch();
  app.quit();
}

async function stopCore(running: Core): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  const timer = new AbortController();
  const timeout = delay(STOP_TIMEOUT_MS, 'timeout', { signal: timer.signal }).catch(() => 'cancelled');
  try {
    const outcome = await Promise.race([running.stop().then(() => 'stopped'), timeout]);
    if (outcome === 'timeout') log.error(`the core did not stop within ${STOP_TIMEOUT_MS} ms`);
  } catch (error) {
    log.error(`stopping the core failed: ${String(error)}`);
  } finally {
    timer.abort();
    closeBooted?.(); // after the core: adapters save their last candles while stopping
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every renderer is sandboxed, whatever its web preferences say (must be called before ready).
  app.enableSandbox();
  registerAppScheme(protocol); // app://, before ready as Electron requires
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
      log.error(`start failed: ${message(error)}`);
      dialog.showErrorBox('Vigil could not start', message(error));
      exitCode = 1;
      if (core) app.quit();
      else app.exit(exitCode);
    });
}
