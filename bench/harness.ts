// Shared by the benchmarks: timing, the machine description, and writing one result entry.
// Each *.bench.ts writes bench/.out/<name>.json; bench/report.mjs merges them into results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../src/main/core/simulators/random-walk';

/** Debian's Chromium, headless, with nothing reaching for the network (the browser tests use the same flags). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BenchEntry {
  name: string;
  /** What was measured, with units in the key names. */
  metrics: Record<string, number | string>;
  /** The goal, in words and as numbers. */
  target: string;
  met: boolean;
  notes?: string;
}

export function machine(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function record(entry: BenchEntry): void {
  const dir = join(import.meta.dirname, '.out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${entry.name}.json`), JSON.stringify({ ...entry, machine: machine(), at: new Date().toISOString() }, null, 2));
}

/** Runs `fn` for about `ms` after a warm-up; returns operations per second (fn returns its op count). */
export function throughput(fn: () => number, ms = 2000, warmupMs = 500): { opsPerSec: number; runs: number } {
  const until = (limit: number) => {
    let ops = 0;
    let runs = 0;
    const start = performance.now();
    let now = start;
    while (now - start < limit) {
      ops += fn();
      runs++;
      now = performance.now();
    }
    return { ops, runs, elapsed: now - start };
  };
  until(warmupMs);
  const r = until(ms);
  return { opsPerSec: (r.ops / r.elapsed) * 1000, runs: r.runs };
}

/** The median of several measurements (the machine is shared and noisy). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** A repeatable pseudo-random sequence: the demo simulators' own generator. */
export const seeded = seededRandom;
