// The translations: complete, with the same placeholders as English, really translated, and
// served by vue-i18n's runtime from precompiled message functions.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js';
import { LANGUAGES } from '../../../shared/settings';
import { compileMessage, compileTree, flatten, placeholders } from './compile';
import { sourceMessages, preferredLanguage, registeredNamespaces, registerMessages } from './index';
// The app registers every screen's words at start; so does this test.
import '../screens/register-messages';

// The same in every language by nature: brand and exchange names, language names (each in its
// own script), units and symbols, and key names such as "Alt+1".
const SAME_EVERYWHERE = [
  /^app\.brand$/,
  /^app\.languages\./,
  /^app\.nav\.shortcut$/,
  /^app\.status\.(version|rtt)$/,
  /^watchlist\.add\.placeholder$/,
  /^market\.interval\.short\./,
  /^market\.book\.bps$/,
];

const english = flatten(sourceMessages('en'));

describe('message registry', () => {
  it('holds the shell, the core codes and every screen folder, each under its own name', () => {
    const screens = readdirSync(join(import.meta.dirname, '../screens'), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(screens.length).toBeGreaterThanOrEqual(7);
    expect(registeredNamespaces().sort()).toEqual(['app', 'core', 'notices', ...screens.map((e) => e.name)].sort());
    expect(english.get('market.book.bps')).toBeTypeOf('string');
  });

  it('refuses a second owner of the same namespace', () => {
    expect(() => registerMessages('market', { en: {}, 'zh-CN': {}, 'zh-TW': {}, th: {} })).toThrow(/twice/);
  });
});

describe('translations', () => {
  it('have exactly the English keys, in every language', () => {
    for (const language of LANGUAGES) {
      expect([...flatten(sourceMessages(language)).keys()].sort(), language).toEqual([...english.keys()].sort());
    }
  });

  it('use the same placeholders as English', () => {
    for (const language of LANGUAGES) {
      for (const [key, text] of flatten(sourceMessages(language))) {
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(english.get(key)!));
      }
    }
  });

  it('are translations, not English copies', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const copies = [...flatten(sourceMessages(language))]
        .filter(([key, text]) => text === english.get(key) && /[a-z]{3}/i.test(text.replace(/\{\w+\}/g, '')))
        .map(([key]) => key)
        .filter((key) => !SAME_EVERYWHERE.some((r) => r.test(key)));
      expect(copies, language).toEqual([]);
    }
  });

  it('write Chinese in the right script and Thai in Thai', () => {
    const cn = flatten(sourceMessages('zh-CN'));
    const tw = flatten(sourceMessages('zh-TW'));
    const thai = flatten(sourceMessages('th'));
    // Characters that exist only in one of the two scripts.
    expect([...cn.values()].join('')).not.toMatch(/[連線設載顯價們時說與這個為]/);
    expect([...tw.values()].join('')).not.toMatch(/[连线设载显价们时说与这个为]/);
    const differing = [...cn].filter(([k, v]) => /[\u4e00-\u9fff]/.test(v) && tw.get(k) !== v).length;
    expect(differing).toBeGreaterThan(cn.size / 3);
    const thaiScript = [...thai.values()].filter((v) => /[\u0e00-\u0e7f]/.test(v)).length;
    expect(thaiScript).toBeGreaterThan(thai.size * 0.8);
  });
});

/** Just what these tests use: vue-i18n's full option and message typing is too deep for this. */
interface I18nLike {
  global: { t: (key: string, ...args: unknown[]) => string; locale: { value: string } };
}

describe('message functions', () => {
  const i18n = (createI18n as unknown as (options: object) => I18nLike)({
    legacy: false,
    locale: 'en',
    fallbackLocale: 'en',
    missingWarn: false,
    fallbackWarn: false,
    messages: {
      en: compileTree({ a: { hello: 'Hello {name}!', count: '{n} market | {n} markets', '1m': 'one minute' } }),
      th: compileTree({ a: { hello: 'สวัสดี {name}', count: '{n} ตลาด', '1m': '1 นาที' } }),
    },
  });
  const t = i18n.global.t;

  it('insert named values and choose plural forms', () => {
    expect(t('a.hello', { name: 'Ann' })).toBe('Hello Ann!');
    expect(t('a.count', 1)).toBe('1 market');
    expect(t('a.count', 3)).toBe('3 markets');
    expect(t('a.1m')).toBe('one minute');
    i18n.global.locale.value = 'th';
    expect(t('a.count', 3)).toBe('3 ตลาด');
    expect(t('a.hello', { name: 'Ann' })).toBe('สวัสดี Ann');
  });

  it('treat everything but {name} and | as text', () => {
    const f = compileMessage("it's @home: {n}% {a_b}");
    expect(f.source).toBe("it's @home: {n}% {a_b}");
    expect(placeholders("{b} and {a} and {b}")).toEqual(['a', 'b']);
  });

  it('pick the browser language when the user chose none', () => {
    expect(preferredLanguage(['zh-TW', 'en'])).toBe('zh-TW');
    expect(preferredLanguage(['zh-Hant-HK'])).toBe('zh-TW');
    expect(preferredLanguage(['zh'])).toBe('zh-CN');
    expect(preferredLanguage(['th-TH'])).toBe('th');
    expect(preferredLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });
});
