import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { libraryPaths } from '../library/data-folder.js';
import { damagedCopies, integrityProblem, newestBackup } from '../library/library-damage.js';
import type { Library } from '../library/open-library.js';

/**
 * The library's health check for a bug report: SQLite's own quick_check (the one the
 * library runs as it opens), the schema's migrations, what an earlier damage set aside,
 * the newest backup, and how much is in it. File names only: never a folder's full path.
 */

export interface LibraryHealth {
  opened: boolean;
  /** Why the library could not be opened (its sentence), when it could not. */
  openError: string | null;
  /** "ok", or what SQLite's quick_check found. */
  quickCheck: string | null;
  migrationsApplied: number | null;
  damagedCopies: string[];
  newestBackup: string | null;
  counts: { projects: Record<string, number>; jobs: Record<string, number>; assets: number; assetBytes: number; settings: number } | null;
  folders: Record<string, { files: number; bytes: number } | null>;
}

/** Counts files and bytes of a folder tree; null when it does not exist. */
function folderSize(folder: string): { files: number; bytes: number } | null {
  if (!existsSync(folder)) return null;
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    try {
      bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    } catch {
      // Removed while counting: a sweep or a render's cleanup.
    }
  }
  return { files, bytes };
}

function countBy(library: Library, sql: string): Record<string, number> {
  const rows = library.sqlite.prepare(sql).all() as Array<{ k: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

export function libraryHealth(dataDir: string, opened: { library: Library } | { error: string }): LibraryHealth {
  const paths = libraryPaths(dataDir);
  const common = {
    damagedCopies: damagedCopies(paths).map((file) => path.basename(file)),
    newestBackup: newestBackup(paths) === undefined ? null : path.basename(newestBackup(paths)!),
    folders: { assets: folderSize(paths.assets), derived: folderSize(paths.derived), tmp: folderSize(paths.tmp), backups: folderSize(paths.backups) },
  };
  if ('error' in opened) return { opened: false, openError: opened.error, quickCheck: null, migrationsApplied: null, counts: null, ...common };
  const { library } = opened;
  const assets = library.sqlite.prepare('SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM assets').get() as { n: number; bytes: number };
  const migrations = library.sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() as { n: number };
  return {
    opened: true,
    openError: null,
    quickCheck: integrityProblem(library.sqlite) ?? 'ok',
    migrationsApplied: migrations.n > 0 ? (library.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n : 0,
    counts: {
      projects: countBy(library, 'SELECT status AS k, count(*) AS n FROM projects GROUP BY status'),
      jobs: countBy(library, 'SELECT state AS k, count(*) AS n FROM jobs GROUP BY state'),
      assets: assets.n,
      assetBytes: assets.bytes,
      settings: (library.sqlite.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n,
    },
    ...common,
  };
}

/**
 * Why the library should not be opened for a bundle, or null when it may: opening a
 * damaged library sets it aside and opening a missing one creates it, and a diagnostics
 * bundle must change nothing. Read-only, so it is safe beside a running app.
 */
export function libraryOpenProblem(dataDir: string): string | null {
  const { database } = libraryPaths(dataDir);
  if (!existsSync(database)) return `There is no library in ${dataDir} yet.`;
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(database, { readonly: true, fileMustExist: true });
    const problem = integrityProblem(sqlite);
    return problem === null ? null : `The library file is damaged (${problem}).`;
  } catch (error) {
    return `The library file cannot be read (${(error as Error).message}).`;
  } finally {
    sqlite?.close();
  }
}
