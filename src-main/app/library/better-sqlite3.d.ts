/**
 * The part of better-sqlite3 (v12) the library uses, shaped like DefinitelyTyped's
 * `@types/better-sqlite3` so drizzle-orm's driver types line up. The types package is not
 * a dependency; if it is ever added, delete this file.
 */
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }

    interface Statement<BindParameters extends unknown[] = unknown[], Result = unknown> {
      readonly database: Database;
      readonly source: string;
      readonly reader: boolean;
      run(...params: BindParameters): RunResult;
      get(...params: BindParameters): Result | undefined;
      all(...params: BindParameters): Result[];
      iterate(...params: BindParameters): IterableIterator<Result>;
      raw(toggle?: boolean): this;
      pluck(toggle?: boolean): this;
    }

    interface Transaction<F extends (...args: never[]) => unknown> {
      (...params: Parameters<F>): ReturnType<F>;
      default(...params: Parameters<F>): ReturnType<F>;
      deferred(...params: Parameters<F>): ReturnType<F>;
      immediate(...params: Parameters<F>): ReturnType<F>;
      exclusive(...params: Parameters<F>): ReturnType<F>;
    }

    interface BackupMetadata {
      totalPages: number;
      remainingPages: number;
    }

    interface BackupOptions {
      progress?: (info: BackupMetadata) => number;
    }

    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
      verbose?: (message?: unknown, ...additional: unknown[]) => void;
      nativeBinding?: string;
    }

    interface Database {
      readonly memory: boolean;
      readonly readonly: boolean;
      readonly name: string;
      readonly open: boolean;
      readonly inTransaction: boolean;
      prepare<BindParameters extends unknown[] = unknown[], Result = unknown>(source: string): Statement<BindParameters, Result>;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      exec(source: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      backup(destinationFile: string, options?: BackupOptions): Promise<BackupMetadata>;
      close(): this;
    }

    interface DatabaseConstructor {
      new (filename?: string | Buffer, options?: Options): Database;
      (filename?: string | Buffer, options?: Options): Database;
      prototype: Database;
    }

    class SqliteError extends Error {
      code: string;
      constructor(message: string, code: string);
    }
  }

  namespace Database {
    type Database = BetterSqlite3.Database;
    type Statement<BindParameters extends unknown[] = unknown[], Result = unknown> = BetterSqlite3.Statement<BindParameters, Result>;
    type RunResult = BetterSqlite3.RunResult;
    type Options = BetterSqlite3.Options;
    type Transaction<F extends (...args: never[]) => unknown> = BetterSqlite3.Transaction<F>;
    type SqliteError = BetterSqlite3.SqliteError;
  }

  const Database: BetterSqlite3.DatabaseConstructor;
  export = Database;
}
