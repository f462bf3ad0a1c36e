// Every user-visible string goes through i18n: no literal text in templates or in the attributes
// people read (titles, labels, placeholders), and every message key the code uses exists.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'vue/compiler-sfc';
import { flatten } from './compile';
import { sourceMessages } from './index';
import '../screens/register-messages';

const SRC = join(import.meta.dirname, '..');
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'aria-description']);
/** Text that is the same in every language: symbols, separators and example values. */
const NEUTRAL = /^[\s\p{P}\p{S}\d]*$|^coinking:BTC\/USDT$/u;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

interface TemplateNode {
  type: number;
  content?: string;
  name?: string;
  value?: { content: string };
  props?: TemplateNode[];
  children?: TemplateNode[];
  loc: { start: { line: number } };
}

function literalText(node: TemplateNode, file: string, out: string[]): void {
  // 2 = text, 1 = element, 6 = static attribute (compiler-core's NodeTypes).
  if (node.type === 2 && node.content && !NEUTRAL.test(node.content.trim())) out.push(`${file}:${node.loc.start.line} text "${node.content.trim()}"`);
  for (const p of node.props ?? []) {
    if (p.type === 6 && p.name && READ_ATTRIBUTES.has(p.name) && p.value && !NEUTRAL.test(p.value.content)) {
      out.push(`${file}:${p.loc.start.line} ${p.name}="${p.value.content}"`);
    }
  }
  for (const c of node.children ?? []) literalText(c, file, out);
}

describe('externalised strings', () => {
  const vue = files(SRC, '.vue');
  const code = [...vue, ...files(SRC, '.ts')];

  it('leave no literal text in templates', () => {
    const found: string[] = [];
    for (const file of vue) {
      const { descriptor } = parse(readFileSync(file, 'utf8'), { filename: file });
      if (descriptor.template) literalText(descriptor.template.ast as unknown as TemplateNode, relative(SRC, file), found);
    }
    expect(found).toEqual([]);
  });

  it('use only message keys that exist', () => {
    const keys = new Set(flatten(sourceMessages('en')).keys());
    const prefixes = new Set([...keys].flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.') + '.')));
    const missing: string[] = [];
    for (const file of code) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) if (!keys.has(m[1]!)) missing.push(`${relative(SRC, file)}: ${m[1]}`);
      // `app.connection.${state}`: the part before the first interpolation must be a real branch.
      for (const m of text.matchAll(/\bt\(\s*`([\w.]+)\$\{/g)) if (!prefixes.has(m[1]!)) missing.push(`${relative(SRC, file)}: ${m[1]}…`);
    }
    expect(missing).toEqual([]);
  });

  it('load vue-i18n only as its runtime build', () => {
    const offenders = code.filter((f) => /^import\s+(?!type\b)[^;]*from\s+'vue-i18n'/m.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
