// One store idiom in the renderer: every store is a Pinia setup store, one per file, in a file
// named after it (use-focus-store.ts holds useFocusStore), with an id no other store uses.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

const pascal = (kebab: string) => kebab.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

describe('renderer stores', () => {
  const all = files(SRC).map((f) => ({ file: relative(SRC, f), text: readFileSync(f, 'utf8') }));
  const stores = all.filter((f) => /\bdefineStore\(/.test(f.text));

  it('are found where expected', () => {
    expect(stores.map((s) => s.file)).toEqual(expect.arrayContaining(['stores/use-market-store.ts', 'screens/market/use-focus-store.ts']));
  });

  it('are setup stores, one per file, named after their file', () => {
    const wrong: string[] = [];
    for (const { file, text } of stores) {
      const defs = [...text.matchAll(/export const (\w+) = defineStore\(\s*'([\w-]+)',\s*(\(\)\s*=>|\{)/g)];
      const name = /(use-[\w-]+-store)\.ts$/.exec(file)?.[1];
      if (defs.length !== 1 || (text.match(/\bdefineStore\(/g) ?? []).length !== 1) wrong.push(`${file}: one defineStore per file`);
      else if (defs[0]![3] === '{') wrong.push(`${file}: an options store`);
      else if (!name || defs[0]![1] !== `use${pascal(name.slice(4))}`) wrong.push(`${file}: ${defs[0]![1]} is not named after the file`);
    }
    expect(wrong).toEqual([]);
  });

  it('use ids no other store uses', () => {
    const ids = stores.map((s) => /defineStore\(\s*'([\w-]+)'/.exec(s.text)?.[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
