// Opening the store for a host: the SQLite database in the data folder, or, if it cannot be opened
// (a newer schema, a damaged file), memory for this session with the reason for the host to show.
import type { Logger } from '../log';
import { JsonWatchlistFile } from '../watchlists';
import { memoryStores, type Stores } from './ports';
import { StoreError, openStores } from './sqlite';

export function openStoresOrMemory(home: string, log: Logger): { stores: Stores; problem: string | null } {
  try {
    return { stores: openStores(home, { log }), problem: null };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    log.error(`${error.message} This session keeps its data in memory only.`);
    return { stores: { ...memoryStores(), watchlists: new JsonWatchlistFile(home, log) }, problem: error.message };
  }
}
