// The i18n guard: every code the core can send has words in all four languages, so no core-made
// string reaches the UI (or a desktop notification) untranslated. The core's codes are collected
// from its source, not from a list kept by hand, so a new code without words fails here. Words live
// in src/shared/codes.ts (shared with the shell); a notice code may instead be worded in the
// renderer's `notices` namespace (src/renderer/src/i18n/notices.ts).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_CODES, CORE_MESSAGES, isCoreCode, languageOfLocale, renderCoded } from '../../../shared/codes';
import { COMMAND_NAMES, EVENT_NAMES } from '../../../shared/contract';
import { LANGUAGES } from '../../../shared/settings';
import { flatten } from './compile';
import notices from './notices';

const ROOT = resolve(import.meta.dirname, '../../../..');
/** Notice codes worded in the renderer's own namespace, per language. */
const NOTICE_WORDS = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(notices[l])])) as Record<(typeof LANGUAGES)[number], Map<string, string>>;
const worded = (code: string) => isCoreCode(code) || LANGUAGES.every((l) => NOTICE_WORDS[l].has(code));
const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;
const names = (text: string) => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();

/** Every non-test source file of the core and the shell (the simulators are servers, not the app). */
function coreFiles(dir = join(ROOT, 'src/main')): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'simulators') out.push(...coreFiles(path));
    } else if (/\.ts$/.test(entry) && !/\.(test|d)\.ts$/.test(entry) && !/\.(test-support|keychain)\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

// A literal shaped like a code, in a namespace codes live in.
const CODE_LITERAL =
  /'((?:link|ticker|list|rule|alert|command|request|exchange|market|watchlist|alerts|rules|field|settings|history|deals|file|credentials|storage|shell)\.[a-zA-Z]+(?:\.[a-zA-Z]+)*)'/g;
// ViaBTC's own method names (deals.query, …) are wire protocol, not codes.
const WIRE_METHOD = /\.(query|subscribe|unsubscribe|update)$/;
const CHANNELS = new Set<string>([...COMMAND_NAMES, ...EVENT_NAMES]);
// Any code given as `code: '…'` (a notice posted, a coded reason), whatever its namespace.
const CODE_FIELD = /\bcode:\s*'([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g;

function codesInCore(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of coreFiles()) {
    const text = readFileSync(file, 'utf8');
    for (const m of [...text.matchAll(CODE_LITERAL), ...text.matchAll(CODE_FIELD)]) {
      const literal = m[1]!;
      if (CHANNELS.has(literal) || WIRE_METHOD.test(literal)) continue;
      found.set(literal, file.slice(ROOT.length + 1));
    }
  }
  return found;
}

describe('the core speaks in codes, worded in every language', () => {
  it('finds the codes the core emits (the scan itself works)', () => {
    const found = codesInCore();
    for (const code of ['link.keyInUse', 'alert.above', 'list.main', 'command.failed', 'credentials.rejectedBecause', 'ticker.suspended']) {
      expect(found.has(code), code).toBe(true);
    }
  });

  it('has words for every code the core or the shell can send', () => {
    const missing = [...codesInCore()].filter(([code]) => !worded(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('words every code in all four languages, with the same placeholders, and no plural bar', () => {
    for (const language of LANGUAGES) {
      const table = CORE_MESSAGES[language];
      expect(Object.keys(table).sort(), language).toEqual([...CORE_CODES].sort());
      for (const code of CORE_CODES) {
        const text = table[code];
        expect(text.trim(), `${language} ${code}`).not.toBe('');
        expect(names(text), `${language} ${code}`).toEqual(names(CORE_MESSAGES.en[code]));
        expect(text, `${language} ${code}`).not.toContain('|');
      }
    }
  });

  it('really translates: Chinese has Han characters, Thai has Thai script, wherever English has words', () => {
    const script = { 'zh-CN': /\p{Script=Han}/u, 'zh-TW': /\p{Script=Han}/u, th: /\p{Script=Thai}/u } as const;
    for (const [language, pattern] of Object.entries(script) as [keyof typeof script, RegExp][]) {
      for (const code of CORE_CODES) {
        // Only placeholders and punctuation (e.g. "{name}"): nothing to translate.
        if (!/[A-Za-z]{2,}/.test(CORE_MESSAGES.en[code].replace(PLACEHOLDER, ''))) continue;
        expect(CORE_MESSAGES[language][code], `${language} ${code}`).toMatch(pattern);
      }
    }
  });

  it('renders nested codes in the same language (a reason inside an alert)', () => {
    const alert = { code: 'alert.disconnectedBecause', params: { exchange: 'CoinKing', seconds: 30, reason: { code: 'link.keyInUse', params: { minutes: 5 } } } };
    expect(renderCoded('zh-CN', alert)).toBe('CoinKing 已断开 30 秒：API 密钥正在别处使用：iTick 每个密钥只允许一个连接，另一个客户端不断抢占。暂不争用；5 分钟后重试。');
    expect(renderCoded('en', { code: 'no.such.code' })).toBe('Vigil reported a problem (no.such.code).');
  });

  it('picks the UI language for an OS locale (words shown before the settings are read)', () => {
    expect(['en-US', 'zh-CN', 'zh-Hans-SG', 'zh-TW', 'zh-HK', 'th-TH', 'de'].map(languageOfLocale)).toEqual(['en', 'zh-CN', 'zh-CN', 'zh-TW', 'zh-TW', 'th', 'en']);
  });
});
