// Merges bench/.out/*.json into bench/results.json and prints the table. Every one of the seven
// benchmarks appears: one that did not run is listed as not met, never left out.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const EXPECTED = ['ingest', 'orderbook', 'frame', 'ui', 'lag', 'soak', 'cold-start'];
const out = join(dir, '.out');
const found = new Map(
  (existsSync(out) ? readdirSync(out) : []).filter((f) => f.endsWith('.json')).map((f) => {
    const entry = JSON.parse(readFileSync(join(out, f), 'utf8'));
    return [entry.name, entry];
  }),
);
const entries = EXPECTED.map(
  (name) => found.get(name) ?? { name, metrics: {}, target: 'see docs/performance.md', met: false, notes: 'not run in this invocation' },
);
const machine = entries.find((e) => e.machine)?.machine ?? {};
writeFileSync(join(dir, 'results.json'), JSON.stringify({ generatedAt: new Date().toISOString(), machine, entries }, null, 2) + '\n');

const rows = entries.map((e) => [
  e.name,
  e.met ? 'met' : 'NOT MET',
  Object.entries(e.metrics)
    .map(([k, v]) => `${k}=${v}`)
    .join('  '),
  e.target,
]);
const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\nVigil benchmarks on ${machine.cores ?? '?'} cores (${machine.cpu ?? 'unknown cpu'}), ${machine.node ?? ''}`);
for (const r of rows) console.log(`${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2]}\n${' '.repeat(width[0] + width[1] + 4)}target: ${r[3]}`);
console.log(`\nwritten: bench/results.json`);
