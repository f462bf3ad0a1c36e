// Child process of storage-faults.test.ts: a second Vigil process that owns a data folder until it
// is killed. Run with plain Node: see scripts/ts-hooks.mjs.
import { writeSync } from 'node:fs';
import { silentLogger } from '../../log';
import { openStores } from './index';

const home = process.argv[2];
if (!home) throw new Error('usage: home-holder.test-support.ts <home>');
openStores(home, { log: silentLogger });
writeSync(1, 'ready\n');
setInterval(() => {}, 60_000);
