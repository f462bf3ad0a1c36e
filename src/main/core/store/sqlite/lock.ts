// One owner per data folder. Two processes on one folder (the desktop app and `npm run web`, or two
// web hosts) would each keep their own view of watchlists and settings and overwrite each other's
// writes: the second one is refused with a clear, coded error. The lock is a file holding the
// owner's process id; a lock left by a process that is gone (a crash) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './migrations';

export const LOCK_FILE = 'vigil.lock';

/** The folder is in use by another running process: code "storage.locked", params { pid, home }. */
export class HomeLockedError extends StoreError {
  override name = 'HomeLockedError';
  readonly code = 'storage.locked';

  constructor(
    readonly home: string,
    readonly pid: number,
  ) {
    super(`The data folder ${home} is in use by another Vigil process (pid ${pid}). Quit it first, or give this one its own folder (VIGIL_HOME).`);
  }

  get params(): { pid: number; home: string } {
    return { pid: this.pid, home: this.home };
  }
}

export interface HomeLock {
  readonly path: string;
  release(): void;
}

/** Locks held by this process, counted: one process may open its own folder more than once (tests). */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function owner(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function lockHome(home: string): HomeLock {
  const path = join(home, LOCK_FILE);
  const release = () => {
    const n = (held.get(path) ?? 1) - 1;
    if (n > 0) {
      held.set(path, n);
      return;
    }
    held.delete(path);
    try {
      if (owner(path) === process.pid) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  let released = false;
  const lock: HomeLock = {
    path,
    release: () => {
      if (released) return;
      released = true;
      release();
    },
  };
  if (held.has(path)) {
    held.set(path, held.get(path)! + 1);
    return lock;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      held.set(path, 1);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`Cannot lock the data folder ${home}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const pid = owner(path);
    if (pid !== null && pid !== process.pid && alive(pid)) throw new HomeLockedError(home, pid);
    // Left by a process that is gone (or unreadable): take it over.
    try {
      unlinkSync(path);
    } catch {
      // another process took it over first: try again
    }
  }
  throw new StoreError(`Cannot lock the data folder ${home}: the lock file keeps changing`);
}
