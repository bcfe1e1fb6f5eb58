import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { flushFileRemovals } from './assets.js';
import { libraryPaths, type LibraryPaths } from './data-folder.js';
import { libraryFolder } from './library-location.js';
import { syncExportTemplates } from './export-templates.js';
import { damagedError, fileStamp, integrityProblem, refuseSilentFreshStart, setAsideDamaged } from './library-damage.js';
import { acquireLibraryLease, type LibraryHolderKind, type LibraryLease } from './library-lease.js';
import * as schema from './schema.js';

export type LibraryDatabase = BetterSQLite3Database<typeof schema>;

/** An open library: one SQLite connection plus the folder of files beside it. */
export interface Library {
  readonly dataDir: string;
  /**
   * 'owner': this process holds the library's lease and alone may sweep its tmp/ and run
   * its queue. 'shared': a guest connection beside an owner (a CLI listing, a render
   * process recording provider calls); it never touches files it did not write.
   */
  readonly access: LibraryAccess;
  readonly paths: LibraryPaths;
  /** The raw connection, for statements drizzle cannot express (FTS5 MATCH, PRAGMAs). */
  readonly sqlite: Database.Database;
  readonly db: LibraryDatabase;
  /** Runs `work` in one write transaction; an exception rolls all of it back. */
  transaction<T>(work: () => T): T;
  /**
   * Runs `work` alone among this library's file-changing operations (imports, deletes,
   * export), so a file is never unlinked while another operation is about to use it.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Online copy of the database (SQLite's backup API) to `destination` or `backups/`. */
  backup(destination?: string): Promise<string>;
  close(): void;
}

export type LibraryAccess = 'owner' | 'shared';

export interface OpenLibraryOptions {
  /** Defaults to `libraryFolder()`: the data folder (TALKINGPHOTO_DATA_DIR or the OS app-data folder), or where the creator moved the library. */
  dataDir?: string;
  /** The creator chose to begin again after a damaged library was set aside. */
  startFresh?: boolean;
  /** Defaults to the `drizzle/` folder shipped with the app. */
  migrationsFolder?: string;
  /** 'owner' by default: takes the lease, or throws LIBRARY_IN_USE while another process has it. */
  access?: LibraryAccess;
  /** A lease already taken on `dataDir` (claimLibrary takes it before a pending move); the library releases it on close. */
  lease?: LibraryLease;
  /** What this process is, for the sentence a second opener gets; 'cli' by default. */
  holder?: LibraryHolderKind;
}

/**
 * A writer waits this long for another connection's lock (the app and the headless host
 * may share a folder) before SQLITE_BUSY; long enough to ride out a checkpoint.
 */
const BUSY_TIMEOUT_MS = 5000;

const here = path.dirname(fileURLToPath(import.meta.url));

/** `drizzle/` at the repository root, from source (tsx) or from the tsc build in dist/main. */
export function defaultMigrationsFolder(): string {
  const candidates = [path.resolve(here, '../../../drizzle'), path.resolve(here, '../../../../../drizzle')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`library migrations not found in ${candidates.join(' or ')}`);
  return found;
}

/**
 * Failures of the machine rather than of our code (permissions, full or read-only disk,
 * another program holding a lock): the creator can fix these. Anything else is a bug and
 * stays a plain Error.
 */
function isEnvironmentFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(SQLITE_(CANTOPEN|READONLY|FULL|IOERR|BUSY|LOCKED|PERM|AUTH)|EACCES|EPERM|ENOSPC|EROFS|ENOTDIR|EEXIST)/.test(code);
}

function unavailable(paths: LibraryPaths, cause: unknown): TalkingPhotoError {
  return new TalkingPhotoError(
    'LIBRARY_UNAVAILABLE',
    `The project library in ${paths.dataDir} cannot be opened: check that the folder exists, that you may write to it and that the disk is not full.`,
    { detail: (cause as Error).message, cause },
  );
}

/**
 * Opens (creating on first run) the library, checks it is sound and brings its schema up
 * to date. A damaged file is set aside and reported as LIBRARY_DAMAGED, never replaced
 * by an empty library behind the creator's back. By default this process becomes the
 * library's one owner (LIBRARY_IN_USE while another process is); `access: 'shared'` opens
 * a guest connection that leaves tmp/ and the queue to the owner.
 */
export function openLibrary(options: OpenLibraryOptions = {}): Library {
  const dataDir = path.resolve(options.dataDir ?? libraryFolder());
  const access = options.access ?? 'owner';
  if (options.lease && (access !== 'owner' || options.lease.folder !== dataDir)) {
    throw new Error(`a lease on ${options.lease.folder} cannot open ${dataDir} as ${access}`);
  }
  // First of all: a second process must not sweep, migrate or requeue under the owner.
  const lease = access === 'owner' ? (options.lease ?? acquireLibraryLease(dataDir, options.holder ?? 'cli')) : undefined;
  try {
    return openDatabase(dataDir, access, options, lease);
  } catch (error) {
    lease?.release();
    throw error;
  }
}

function openDatabase(dataDir: string, access: LibraryAccess, options: OpenLibraryOptions, lease: LibraryLease | undefined): Library {
  const paths = libraryPaths(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unavailable(paths, error);
  }
  if (!existsSync(paths.database) && !options.startFresh) refuseSilentFreshStart(paths);

  let sqlite: Database.Database;
  try {
    sqlite = new Database(paths.database);
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    throw unavailable(paths, error);
  }
  let problem: string | null;
  try {
    problem = integrityProblem(sqlite);
  } catch (error) {
    sqlite.close();
    throw isEnvironmentFailure(error) ? unavailable(paths, error) : error;
  }
  if (problem) {
    sqlite.close();
    throw damagedError(paths, setAsideDamaged(paths), problem);
  }
  try {
    // WAL: readers never block the writer and a crash mid-write leaves the last commit intact.
    sqlite.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit: a render recorded as finished stays recorded
    // through a power cut. The library's write rate (a few commits a render) makes it free.
    sqlite.pragma('synchronous = FULL');
    migrateSchema(sqlite, options.migrationsFolder ?? defaultMigrationsFolder());
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw isEnvironmentFailure(error) ? unavailable(paths, error) : error;
  }

  const db = drizzle(sqlite, { schema });
  let queue: Promise<unknown> = Promise.resolve();
  const library: Library = {
    dataDir,
    access,
    paths,
    sqlite,
    db,
    transaction: (work) => sqlite.transaction(work).immediate(),
    exclusive: (work) => {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
    async backup(destination) {
      const target = path.resolve(destination ?? path.join(paths.backups, `library-${fileStamp()}.db`));
      const partial = `${target}.partial`;
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await sqlite.backup(partial);
        await rename(partial, target);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return target;
    },
    close: () => {
      sqlite.close();
      lease?.release();
    },
  };

  try {
    // The app's own templates, brought in line with this version's data; a no-op read when unchanged.
    syncExportTemplates(library);
  } catch (error) {
    sqlite.close();
    throw isEnvironmentFailure(error) ? unavailable(paths, error) : error;
  }

  if (access === 'owner') {
    // Leftovers of a crash: half-written files, and files whose rows were already gone.
    // Only the owner: anything in tmp/ now may be a running render's work.
    try {
      rmSync(paths.tmp, { recursive: true, force: true });
      flushFileRemovals(library);
    } catch (error) {
      sqlite.close();
      throw isEnvironmentFailure(error) ? unavailable(paths, error) : error;
    }
  }
  return library;
}

/**
 * Applies drizzle-kit's migrations in order. Foreign keys are off meanwhile because SQLite
 * ignores that PRAGMA inside a transaction, and drizzle-kit rebuilds a changed table by
 * copying it, which must not cascade; `foreign_key_check` then proves nothing broke.
 */
function migrateSchema(sqlite: Database.Database, migrationsFolder: string): void {
  refuseNewerSchema(sqlite, migrationsFolder);
  sqlite.pragma('foreign_keys = OFF');
  migrate(drizzle(sqlite), { migrationsFolder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 3))}`);
  // drizzle-kit rebuilds a changed table by copy-drop-rename, which silently drops its
  // triggers; without them search would quietly stop finding new projects.
  const triggers = sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'project_search_%'").get() as { n: number };
  if (triggers.n !== SEARCH_TRIGGERS)
    throw new Error(`project search has ${triggers.n} of ${SEARCH_TRIGGERS} triggers: a migration rebuilt projects without recreating them (see drizzle/0001_project_search.sql)`);
}

/** insert, update, delete: drizzle/0001_project_search.sql. */
const SEARCH_TRIGGERS = 3;

/** A library last opened by a newer TalkingPhoto has tables this version does not know. */
function refuseNewerSchema(sqlite: Database.Database, migrationsFolder: string): void {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return;
  const last = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null };
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  const newestKnown = Math.max(...journal.entries.map((e) => e.when));
  if (last.at !== null && Number(last.at) > newestKnown) {
    throw new TalkingPhotoError('LIBRARY_UNAVAILABLE', 'Your project library was last opened by a newer version of TalkingPhoto: install that version (or newer) to open it.', {
      detail: `library schema ${String(last.at)} > newest known ${newestKnown}`,
    });
  }
}
