// Messages are compiled here, once, into vue-i18n message functions: the runtime never parses or
// evaluates message syntax (no message compiler, no `new Function`, nothing the CSP could block).
// The grammar is deliberately small: `{name}` inserts a named value and `|` separates plural forms
// ("{n} market | {n} markets"); every other character is literal, so translators cannot break it.
import type { MessageContext } from 'vue-i18n';

export type Part = string | { name: string };

/** A message tree: nested objects whose leaves are message strings. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** The same tree with every leaf compiled. */
export type CompiledTree = { [key: string]: CompiledMessage | CompiledTree };

export type CompiledMessage = ((ctx: MessageContext<string>) => string) & { source: string };

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

export function parseMessage(source: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push(source.slice(at, m.index));
    parts.push({ name: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < source.length) parts.push(source.slice(at));
  return parts;
}

/** The named values a message uses, for the translation checks. */
export function placeholders(source: string): string[] {
  return [...new Set([...source.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

function display(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

// The documented form of a message function: it reads named values from the context and returns text.
function render(ctx: MessageContext<string>, parts: Part[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : display(ctx.named(p.name));
  return out;
}

export function compileMessage(source: string): CompiledMessage {
  const forms = source.split('|');
  let fn: (ctx: MessageContext<string>) => string;
  if (forms.length === 1) {
    const parts = parseMessage(source);
    fn = (ctx) => render(ctx, parts);
  } else {
    const cases = forms.map((f) => parseMessage(f.trim()));
    fn = (ctx) => ctx.plural(cases.map((parts) => render(ctx, parts)));
  }
  return Object.assign(fn, { source });
}

export function compileTree(tree: MessageTree): CompiledTree {
  const out: CompiledTree = {};
  for (const [key, value] of Object.entries(tree)) out[key] = typeof value === 'string' ? compileMessage(value) : compileTree(value);
  return out;
}

/** "a.b" → message pairs as a tree { a: { b: message } } (the shared code table's form). */
export function unflatten(flat: Readonly<Record<string, string>>): MessageTree {
  const out: MessageTree = {};
  for (const [path, message] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next === 'string') throw new Error(`message key ${path} collides with ${keys.slice(0, -1).join('.')}`);
      node = (node[key] = next ?? {}) as MessageTree;
    }
    node[keys[keys.length - 1]!] = message;
  }
  return out;
}

/** Flattens a tree to "a.b.c" → message, for checks and lookups. */
export function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}
