// Desktop notifications for fired alerts. The core already rate-limits and folds firings, so each
// `alert.fired` becomes one Electron Notification (when the user has notifications on); clicking it
// is handed back to the caller, which reveals the window and opens the alert's market.
import { Notification } from 'electron';
import type { ContractHandlers, Events } from '../shared/contract';
import { renderCoded } from '../shared/codes';
import { maskNumbers } from '../shared/privacy';
import type { FiredAlert } from '../shared/alerts';
import type { Language } from '../shared/settings';

export interface AlertNotifierOptions {
  core: Pick<ContractHandlers, 'subscribe'>;
  /** Read on every alert: the setting may change at any time. */
  enabled(): boolean;
  onClick(alert: FiredAlert): void;
  /** The user's language, read on every alert (the core sends codes; the shell words them). */
  language?(): Language;
  /** Privacy mode, read on every alert: numbers in the texts are masked while it is on. */
  privacy?(): boolean;
  /** The app icon (Linux and Windows show it in the notification). */
  icon?: string;
}

/** Notifications still on screen, held so their click handlers are not garbage-collected. */
const MAX_LIVE = 20;

// Some Linux notification servers render a little markup in the body: alert texts (rule names come
// from the user) are shown as plain text everywhere.
function plainText(text: string, max: number): string {
  const flat = Array.from(text, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return process.platform === 'linux' ? cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : cut;
}

/** Shows a notification per fired alert; returns a function that stops and closes them. */
export function notifyAlerts(options: AlertNotifierOptions): () => void {
  const live = new Set<Notification>();
  const unsubscribe = options.core.subscribe((event, payload) => {
    if (event !== 'alert.fired' || !options.enabled() || !Notification.isSupported()) return;
    const alert = payload as Events['alert.fired'];
    const language = options.language?.() ?? 'en';
    // Privacy mode: alert texts may carry the user's amounts, so their numbers are masked here too.
    const hide = options.privacy?.() ? maskNumbers : (text: string) => text;
    const title = hide(renderCoded(language, alert.title));
    const folded = alert.folded > 0 ? `${title} · ${renderCoded(language, { code: 'alert.folded', params: { count: alert.folded } })}` : title;
    const notification = new Notification({
      title: plainText(folded, 120),
      body: plainText(hide(renderCoded(language, alert.body)), 400),
      ...(options.icon ? { icon: options.icon } : {}),
    });
    live.add(notification);
    if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
    notification.on('click', () => {
      live.delete(notification);
      options.onClick(alert);
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
  });
  return () => {
    unsubscribe();
    for (const n of live) n.close();
    live.clear();
  };
}
