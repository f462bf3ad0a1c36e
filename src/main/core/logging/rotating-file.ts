// A log file that rotates by size: `vigil.log` is written until the next line would take it past
// `maxBytes`, then it becomes `vigil.1.log` (the older ones shift to .2, .3, …) and a fresh file starts.
// At most `maxFiles` files are kept, the current one included. Writes are synchronous, so the lines
// before a crash are on disk; logs are low volume, a few lines a minute.
import { chmodSync, closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** Base name, e.g. "vigil" for vigil.log, vigil.1.log… */
  name?: string;
  maxBytes?: number;
  maxFiles?: number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;

export class RotatingFile {
  readonly dir: string;
  readonly name: string;
  readonly maxBytes: number;
  readonly maxFiles: number;
  private fd: number | null = null;
  private size = 0;

  constructor(options: RotatingFileOptions) {
    this.dir = options.dir;
    this.name = options.name ?? 'vigil';
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    if (!(this.maxBytes > 0)) throw new Error('maxBytes must be positive');
    if (!Number.isInteger(this.maxFiles) || this.maxFiles < 1) throw new Error('maxFiles must be a positive integer');
  }

  /** The file being written now. */
  get path(): string {
    return this.fileAt(0);
  }

  /** `vigil.log` for 0, `vigil.<n>.log` for older ones. */
  fileAt(index: number): string {
    return join(this.dir, index === 0 ? `${this.name}.log` : `${this.name}.${index}.log`);
  }

  /** Appends text (one or more whole lines), rotating first when it would not fit. */
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.open();
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    writeSync(this.fd!, bytes);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    if (this.fd !== null) return;
    // Logs may name markets and balances: readable by the user only.
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.fd = openSync(this.path, 'a', 0o600);
    // A file (or folder) an earlier version made world-readable is tightened too: the mode above
    // applies only to a new file.
    try {
      fchmodSync(this.fd, 0o600);
      chmodSync(this.dir, 0o700);
    } catch {
      // not ours to change
    }
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    // The oldest goes (with maxFiles 1 that is the current file itself), the rest move up one.
    rmSync(this.fileAt(this.maxFiles - 1), { force: true });
    for (let i = this.maxFiles - 2; i >= 0; i--) {
      if (existsSync(this.fileAt(i))) renameSync(this.fileAt(i), this.fileAt(i + 1));
    }
    this.open();
  }
}
