// A long demo session (10 minutes by default; RECONCILE_SECONDS to change), run by hand, not part of
// `npm test`: the core in demo mode against the simulators, reporting what the reconciliation found.
// Every correction is a difference between the live account and the exchange's own state, so in
// the demo (where the simulators are the exchanges) it should stay at 0.
//   npx jiti bench/reconcile-demo.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountSnapshot } from '../src/shared/contract';
import type { Deal } from '../src/shared/model';
import { loadConfig } from '../src/main/core/config';
import { createCore } from '../src/main/core/create-core';
import type { Logger } from '../src/main/core/log';
import { openStores } from '../src/main/core/store/sqlite';

const SECONDS = Number(process.env.RECONCILE_SECONDS ?? 600);
const home = mkdtempSync(join(tmpdir(), 'vigil-reconcile-'));
const corrections: string[] = [];
const warnings: string[] = [];
const log: Logger = {
  info() {},
  warn(m) {
    if (m.includes('reconciliation corrected')) corrections.push(m);
    else warnings.push(m);
  },
  error(m) {
    warnings.push(`error: ${m}`);
  },
};

async function main(): Promise<void> {
  const config = loadConfig({ host: 'web', version: 'soak', env: { VIGIL_HOME: home, VIGIL_DEMO: '1' } });
  const stores = openStores(home, { log });
  const core = createCore(config, { log, stores });
  const checks = new Map<string, number>();
  let deals = 0;
  core.subscribe((event, payload) => {
    if (event === 'account.changed') {
      for (const r of (payload as AccountSnapshot).reconciliation) {
        if (r.at !== null && r.at !== checks.get(`${r.exchange}:last`)) {
          checks.set(`${r.exchange}:last`, r.at);
          checks.set(r.exchange, (checks.get(r.exchange) ?? 0) + 1);
        }
      }
    }
    if (event === 'deals.added') deals += (payload as Deal[]).length;
  });
  await core.start();
  const started = Date.now();
  while (Date.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 60_000));
    const s = await core.invoke('account.snapshot', undefined);
    console.log(
      `${Math.round((Date.now() - started) / 1000)} s:`,
      s.reconciliation.map((r) => `${r.exchange} checks=${checks.get(r.exchange) ?? 0} corrections=${r.corrections}`).join(', '),
      `deals=${deals} openOrders=${s.orders.length}`,
    );
  }
  const final = await core.invoke('account.snapshot', undefined);
  const page = await core.invoke('deals.page', { offset: 0, limit: 1000 });
  const ids = new Set(page.rows.map((d) => `${d.exchange}|${d.id}`));
  console.log(JSON.stringify({ seconds: SECONDS, reconciliation: final.reconciliation, checks: Object.fromEntries([...checks].filter(([k]) => !k.endsWith(':last'))), dealsStored: page.total, duplicates: page.rows.length - ids.size, corrections, otherWarnings: warnings.slice(0, 20) }, null, 2));
  await core.stop();
  stores.close();
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
