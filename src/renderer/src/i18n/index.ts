// The one i18n setup: a registry of message namespaces, each compiled once to message functions
// (see compile.ts) and served by vue-i18n's runtime-only build. The shell's own words (app,
// notices, core codes) are registered here; each screen's messages.ts is registered by
// screens/register-messages.ts, so this module knows no screen.
import { createI18n, useI18n } from 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js';
import { LANGUAGES, type Language } from '../../../shared/settings';
import { compileTree, type MessageTree } from './compile';
import type { LocaleMessages } from './define';
import app from './messages';
import notices from './notices';
import { CORE_MESSAGES } from '../../../shared/codes';
import { unflatten } from './compile';

const registry = new Map<string, Record<Language, MessageTree>>();

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  // Message functions are not strings to escape: nothing here renders HTML.
  warnHtmlMessage: false,
  missingWarn: false,
  fallbackWarn: false,
  messages: Object.fromEntries(LANGUAGES.map((l) => [l, {}])),
});

/**
 * Adds one namespace of messages in every language (`t('<namespace>.<key>')`). A namespace is
 * registered once: a second owner of the same words is a mistake, not an override.
 */
export function registerMessages<T extends MessageTree>(namespace: string, messages: LocaleMessages<T>): void {
  if (registry.has(namespace)) throw new Error(`messages "${namespace}" registered twice`);
  const source = messages as unknown as Record<Language, MessageTree>;
  registry.set(namespace, source);
  for (const language of LANGUAGES) {
    // vue-i18n's message typing is too deep for a namespace built at run time.
    (i18n.global.mergeLocaleMessage as (l: string, m: object) => void)(language, { [namespace]: compileTree(source[language]) });
  }
}

/** The namespaces registered so far. */
export function registeredNamespaces(): string[] {
  return [...registry.keys()];
}

/** All registered messages of one language, as written (before compiling). */
export function sourceMessages(language: Language): MessageTree {
  return Object.fromEntries([...registry].map(([ns, m]) => [ns, m[language]]));
}

registerMessages('app', app);
registerMessages('notices', notices);
// The core's codes, worded in src/shared/codes.ts (shared with the shell), as one more namespace.
registerMessages('core', Object.fromEntries(LANGUAGES.map((l) => [l, unflatten(CORE_MESSAGES[l])])) as LocaleMessages<MessageTree>);

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

export function setLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}

export { useI18n };
