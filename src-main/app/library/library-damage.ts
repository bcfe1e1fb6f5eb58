import { copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { DATABASE_FILE, libraryPaths, type LibraryPaths } from './data-folder.js';

/**
 * What happens when library.db is damaged: the file is set aside (renamed, never
 * deleted), the creator is told in one sentence what to do, and the library refuses to
 * quietly start empty until they have restored a backup or asked for a fresh library.
 */

const DAMAGED_MARK = '.damaged-';
const REPLACED_MARK = '.replaced-';
/** SQLite keeps uncommitted pages beside the database in WAL mode; they travel with it. */
const SIDECARS = ['-wal', '-shm'] as const;

export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * `PRAGMA quick_check` on an open connection: null when healthy, else what SQLite found.
 * quick_check reads every page but skips index-versus-table cross-checks, so it stays in
 * the milliseconds for a library of thousands of projects.
 */
export function integrityProblem(sqlite: Database.Database): string | null {
  try {
    const rows = sqlite.pragma('quick_check') as Array<{ quick_check: string }>;
    if (rows.length === 1 && rows[0]?.quick_check === 'ok') return null;
    return rows
      .slice(0, 5)
      .map((r) => r.quick_check)
      .join('; ');
  } catch (error) {
    if (isCorruption(error)) return (error as Error).message;
    throw error;
  }
}

/** Renames library.db (and its WAL files) to `library.db.damaged-<time>`; returns the new path. */
export function setAsideDamaged(paths: LibraryPaths): string {
  return moveAside(paths.database, DAMAGED_MARK);
}

function moveAside(file: string, mark: string): string {
  const target = `${file}${mark}${fileStamp()}`;
  renameSync(file, target);
  for (const sidecar of SIDECARS) {
    if (existsSync(file + sidecar)) renameSync(file + sidecar, target + sidecar);
  }
  return target;
}

export function newestBackup(paths: LibraryPaths): string | undefined {
  if (!existsSync(paths.backups)) return undefined;
  const backups = readdirSync(paths.backups)
    .filter((name) => name.endsWith('.db'))
    .sort();
  const newest = backups.at(-1);
  return newest === undefined ? undefined : path.join(paths.backups, newest);
}

export function damagedError(paths: LibraryPaths, keptAs: string, detail: string): TalkingPhotoError {
  const backup = newestBackup(paths);
  const what = backup
    ? `restore the newest backup (${path.basename(backup)} in ${paths.backups}) or start a fresh library`
    : 'start a fresh library (your photos and videos in its assets folder are untouched)';
  return new TalkingPhotoError('LIBRARY_DAMAGED', `Your project library file is damaged, so it was kept as ${path.basename(keptAs)} in ${paths.dataDir}: ${what}.`, { detail });
}

/** Copies left by earlier damage, oldest first. */
export function damagedCopies(paths: LibraryPaths): string[] {
  if (!existsSync(paths.dataDir)) return [];
  return readdirSync(paths.dataDir)
    .filter((name) => name.startsWith(DATABASE_FILE + DAMAGED_MARK) && !SIDECARS.some((s) => name.endsWith(s)))
    .sort()
    .map((name) => path.join(paths.dataDir, name));
}

/** Every file the library set aside (damaged or replaced copies, with their WAL files). */
export function setAsideFiles(paths: LibraryPaths): string[] {
  if (!existsSync(paths.dataDir)) return [];
  return readdirSync(paths.dataDir)
    .filter((name) => name.startsWith(DATABASE_FILE + DAMAGED_MARK) || name.startsWith(DATABASE_FILE + REPLACED_MARK))
    .map((name) => path.join(paths.dataDir, name));
}

/**
 * Called when library.db does not exist. Starting empty is right for a first run, but not
 * when an earlier open set a damaged file aside or when media are already in the folder:
 * then the creator must choose (restore or start fresh), or their projects would seem gone.
 */
export function refuseSilentFreshStart(paths: LibraryPaths): void {
  const damaged = damagedCopies(paths).at(-1);
  if (damaged) throw damagedError(paths, damaged, 'library.db missing after an earlier damage was set aside');
  if (existsSync(paths.assets) && readdirSync(paths.assets).length > 0) {
    throw new TalkingPhotoError('LIBRARY_DAMAGED', `Your project library file is missing from ${paths.dataDir} although its media are still there: restore a backup or start a fresh library.`, {
      detail: 'library.db missing, assets/ not empty',
    });
  }
}

/**
 * Puts a backup in place as the library (the library must not be open). A current
 * library.db is not deleted but kept as `library.db.replaced-<time>`.
 */
export function restoreLibrary(backupFile: string, options: { dataDir: string }): void {
  const paths = libraryPaths(options.dataDir);
  const invalid = (detail: string, cause?: unknown): TalkingPhotoError =>
    new TalkingPhotoError('BACKUP_INVALID', `${backupFile} is not a usable TalkingPhoto library backup: choose another backup file.`, { detail, cause });
  let problem: string | null;
  try {
    const candidate = new Database(backupFile, { readonly: true, fileMustExist: true });
    try {
      problem = integrityProblem(candidate);
      const hasProjects = candidate.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projects'").get();
      if (!problem && !hasProjects) problem = 'no projects table';
    } finally {
      candidate.close();
    }
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  if (problem) throw invalid(problem);
  const partial = `${paths.database}.restoring`;
  copyFileSync(backupFile, partial);
  if (existsSync(paths.database)) moveAside(paths.database, REPLACED_MARK);
  for (const sidecar of SIDECARS) {
    // A WAL left by another database must never be replayed into the restored one.
    if (existsSync(paths.database + sidecar)) moveAside(paths.database + sidecar, REPLACED_MARK);
  }
  renameSync(partial, paths.database);
}
