// Child process of kill.test.ts: writes deals through the real store in batches, forever, and
// prints each batch's ids only after its transaction has returned (committed). The test kills it
// mid-write with SIGKILL. Run with plain Node: see scripts/ts-hooks.mjs.
import { writeSync } from 'node:fs';
import { silentLogger } from '../../log';
import { openStores } from './index';
import { makeDeals } from './sqlite.test-support';

const home = process.argv[2];
const batch = Number(process.argv[3] ?? 50);
const prefix = process.argv[4] ?? 'r';
if (!home) throw new Error('usage: deal-writer.test-support.ts <home> [batch size] [id prefix]');
const stores = openStores(home, { log: silentLogger });
writeSync(1, 'ready\n');
for (let round = 0; ; round++) {
  const deals = makeDeals(batch, round + 1, 1_700_000_000_000 + round * batch * 1000).map((d, i) => ({ ...d, id: `${prefix}${round}-${i}` }));
  stores.deals.add(deals);
  // fs.writeSync: the line is in the pipe before the next write starts (no buffering in this process).
  writeSync(1, `committed ${deals.map((d) => d.id).join(' ')}\n`);
}
