// The one i18n setup: every screen's messages merged under its own namespace, compiled once to
// message functions (see compile.ts) and served by vue-i18n's runtime-only build.
import { createI18n, useI18n } from 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js';
import { LANGUAGES, type Language } from '../../../shared/settings';
import alerts from '../screens/alerts/messages';
import deals from '../screens/deals/messages';
import market from '../screens/market/messages';
import orders from '../screens/orders/messages';
import portfolio from '../screens/portfolio/messages';
import settings from '../screens/settings/messages';
import watchlist from '../screens/watchlist/messages';
import { compileTree, type MessageTree } from './compile';
import app from './messages';
import notices from './notices';
import { CORE_MESSAGES } from '../../../shared/codes';
import { unflatten } from './compile';

// The core's codes, worded in src/shared/codes.ts (shared with the shell), as one more namespace.
const core = Object.fromEntries(LANGUAGES.map((l) => [l, unflatten(CORE_MESSAGES[l])])) as Record<Language, MessageTree>;

export const NAMESPACES = { app, notices, watchlist, market, portfolio, orders, deals, alerts, settings, core } as const;

/** All messages of one language, as written (before compiling). */
export function sourceMessages(language: Language): MessageTree {
  return Object.fromEntries(Object.entries(NAMESPACES).map(([ns, m]) => [ns, m[language] as MessageTree]));
}

export type MessageSchema = { [N in keyof typeof NAMESPACES]: (typeof NAMESPACES)[N]['en'] };

/** The language the browser asks for, when the user has not chosen one. */
export function preferredLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const t = tag.toLowerCase();
    if (t === 'zh-tw' || t === 'zh-hk' || t === 'zh-mo' || t.startsWith('zh-hant')) return 'zh-TW';
    if (t.startsWith('zh')) return 'zh-CN';
    if (t.startsWith('th')) return 'th';
    if (t.startsWith('en')) return 'en';
  }
  return 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  // Message functions are not strings to escape: nothing here renders HTML.
  warnHtmlMessage: false,
  missingWarn: false,
  fallbackWarn: false,
  messages: Object.fromEntries(LANGUAGES.map((l) => [l, compileTree(sourceMessages(l))])) as unknown as Record<Language, MessageSchema>,
});

export function setLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}

export { useI18n };
