// Opening the store for a host: the SQLite database in the data folder. A damaged file is set aside
// and a fresh one made (a notice says so); if no database can be opened at all (a newer schema, a
// folder it cannot write), memory for this session, with the reason for the host to show. A folder
// in use by another process is not opened at all: HomeLockedError goes to the host.
import { basename } from 'node:path';
import type { Logger } from '../log';
import type { PostNotice } from '../notices';
import { JsonWatchlistFile } from '../watchlists';
import { memoryStores, type Stores } from './ports';
import { HomeLockedError, StoreError, openStores } from './sqlite';

export function openStoresOrMemory(home: string, log: Logger): { stores: Stores; problem: string | null; notices: PostNotice[] } {
  try {
    const stores = openStores(home, { log });
    const notices: PostNotice[] = stores.quarantined
      ? [{ id: 'storage.quarantined', level: 'warning', code: 'storage.quarantined', params: { file: basename(stores.quarantined) } }]
      : [];
    return { stores, problem: null, notices };
  } catch (error) {
    if (!(error instanceof StoreError) || error instanceof HomeLockedError) throw error;
    log.error(`${error.message} This session keeps its data in memory only.`);
    return {
      stores: { ...memoryStores(), watchlists: new JsonWatchlistFile(home, log) },
      problem: error.message,
      notices: [{ id: 'storage.unavailable', level: 'error', code: 'storage.unavailable', params: { error: error.name } }],
    };
  }
}
