import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from './index';
import { tempFolders } from './sqlite.test-support';

const folders = tempFolders();
afterEach(() => folders.cleanup());

const ROOT = resolve(import.meta.dirname, '../../../../..');
const BATCH = 50;

/**
 * Runs the writer until it has reported `atLeast` committed batches, then SIGKILLs it without
 * warning (no exit handlers, no close). Returns every id it reported committed.
 */
function runAndKill(home: string, atLeast: number, prefix: string): Promise<{ committed: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-transform-types',
        '--disable-warning=ExperimentalWarning',
        '--import',
        join(ROOT, 'scripts/ts-hooks.mjs'),
        join(import.meta.dirname, 'deal-writer.test-support.ts'),
        home,
        String(BATCH),
        prefix,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const committed: string[] = [];
    let batches = 0;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!; // a line cut by the kill has no newline: it was not fully reported
      for (const line of lines) {
        if (!line.startsWith('committed ')) continue;
        committed.push(...line.slice('committed '.length).split(' '));
        if (++batches === atLeast) child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the writer did not commit ${atLeast} batches in time; stderr: ${stderr}`));
    }, 15_000);
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (batches < atLeast) fail(new Error(`the writer exited early (${signal ?? _code}); stderr: ${stderr}`));
      else done({ committed, signal });
    });
  });
}

describe('a writer killed mid-write', () => {
  it('leaves an intact database holding every deal it reported committed, and no partial batch', async () => {
    const home = folders.make();
    for (const round of [1, 2, 3]) {
      // The second run starts from the WAL the first one left behind, and is killed as well.
      const { committed, signal } = await runAndKill(home, 40, `run${round}-`);
      expect(signal).toBe('SIGKILL');
      const db = new Database(join(home, DATABASE_FILE));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const ids = new Set(db.prepare('SELECT id FROM deals').pluck().all() as string[]);
        const missing = committed.filter((id) => !ids.has(id));
        expect(missing, 'deals reported committed but not in the database').toEqual([]);
        // Batches are transactions: the killed one is either all there or not at all.
        expect(ids.size % BATCH).toBe(0);
        expect(ids.size).toBeGreaterThanOrEqual(committed.length + (round - 1) * 40 * BATCH);
      } finally {
        db.close();
      }
    }
  });
});
