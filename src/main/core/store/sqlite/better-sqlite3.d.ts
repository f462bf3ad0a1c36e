// The part of better-sqlite3's API the store uses, typed here because the package ships no types
// and @types/better-sqlite3 is not a dependency. Delete this file if @types/better-sqlite3 is added.
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }

    interface Statement<P extends unknown[] = unknown[], R = unknown> {
      run(...params: P): RunResult;
      get(...params: P): R | undefined;
      all(...params: P): R[];
      iterate(...params: P): IterableIterator<R>;
      /** Rows as arrays instead of objects. */
      raw(toggle?: boolean): Statement<P, unknown[]>;
      /** Only the first column of each row. */
      pluck(toggle?: boolean): Statement<P, unknown>;
      /** Integers come back as BigInt (exact beyond 2^53). */
      safeIntegers(toggle?: boolean): this;
    }

    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>;
      deferred(...args: Parameters<F>): ReturnType<F>;
      immediate(...args: Parameters<F>): ReturnType<F>;
      exclusive(...args: Parameters<F>): ReturnType<F>;
    }

    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      readonly name: string;
      prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R>;
      exec(sql: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      close(): this;
    }

    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      /** Busy timeout in ms. */
      timeout?: number;
    }

    interface SqliteError extends Error {
      code: string;
    }
  }

  interface DatabaseConstructor {
    new (filename: string, options?: Database.Options): Database.Database;
    (filename: string, options?: Database.Options): Database.Database;
    SqliteError: new (message: string, code: string) => Database.SqliteError;
  }

  const Database: DatabaseConstructor;
  export = Database;
}
