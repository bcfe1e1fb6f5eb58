import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';

/**
 * A library has one owner at a time: the process that may empty its tmp/, requeue its
 * "running" jobs and run its queue. Ownership is an exclusive SQLite lock on a small file
 * of its own, held for the life of the connection. The OS drops that lock when the
 * process ends, however it ends (kill -9, power loss, a crash), on every platform, so a
 * dead owner never leaves a stale lock behind and no pid ever needs checking for life.
 *
 * POSIX drops a process's fcntl locks on a file when *any* descriptor of it is closed, so
 * nothing else may open LEASE_FILE: copies of the folder leave it behind (library-move).
 */
export const LEASE_FILE = 'owner.lock';
/** Who holds the lease, for the sentence a second opener gets (the lock file itself cannot be read then). */
export const HOLDER_FILE = 'owner.json';

/** The kinds of process that own a library, in the creator's words. */
export const LIBRARY_HOLDERS = {
  app: 'the TalkingPhoto app',
  host: 'the TalkingPhoto host (npm run host)',
  batch: 'a batch render (tp batch)',
  cli: 'a TalkingPhoto command (tp)',
} as const;
export type LibraryHolderKind = keyof typeof LIBRARY_HOLDERS;

const HolderSchema = z.object({ kind: z.enum(Object.keys(LIBRARY_HOLDERS) as [LibraryHolderKind, ...LibraryHolderKind[]]), pid: z.number().int(), since: z.string() });
export type LibraryHolder = z.infer<typeof HolderSchema>;

export interface LibraryLease {
  readonly folder: string;
  readonly holder: LibraryHolder;
  /** Gives the library up; safe to call more than once. */
  release(): void;
}

/** Who holds the lease on `folder`, or null when that is not known. */
export function readHolder(folder: string): LibraryHolder | null {
  try {
    return HolderSchema.parse(JSON.parse(readFileSync(path.join(folder, HOLDER_FILE), 'utf8')));
  } catch {
    return null;
  }
}

function inUse(folder: string, holder: LibraryHolder | null, cause: unknown): TalkingPhotoError {
  const who = holder ? `${LIBRARY_HOLDERS[holder.kind]}, process ${holder.pid}` : 'another TalkingPhoto process';
  return new TalkingPhotoError('LIBRARY_IN_USE', `The project library in ${folder} is open in ${who}: close it first, then try again.`, { detail: (cause as Error).message, cause });
}

function unavailable(folder: string, cause: unknown): TalkingPhotoError {
  return new TalkingPhotoError('LIBRARY_UNAVAILABLE', `The project library in ${folder} cannot be opened: check that the folder exists, that you may write to it and that the disk is not full.`, {
    detail: (cause as Error).message,
    cause,
  });
}

/**
 * Takes the library in `folder` for this process, or throws LIBRARY_IN_USE naming the
 * process that has it. Never waits: a second opener is told at once.
 */
export function acquireLibraryLease(folder: string, kind: LibraryHolderKind): LibraryLease {
  const dir = path.resolve(folder);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw unavailable(dir, error);
  }
  let lock: Database.Database | undefined;
  try {
    lock = new Database(path.join(dir, LEASE_FILE), { timeout: 0 });
    // EXCLUSIVE locking mode keeps the write lock of the first write until the connection
    // closes; MEMORY journal so no journal file comes and goes beside it.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    // Only the lock matters, never the row: no fsync (it cost ~10 ms a start here).
    lock.pragma('synchronous = OFF');
    lock.exec('CREATE TABLE IF NOT EXISTS lease (pid INTEGER NOT NULL, since TEXT NOT NULL); DELETE FROM lease;');
    lock.prepare('INSERT INTO lease (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
  } catch (error) {
    lock?.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw inUse(dir, readHolder(dir), error);
    throw unavailable(dir, error);
  }
  const holder: LibraryHolder = { kind, pid: process.pid, since: new Date().toISOString() };
  const holderFile = path.join(dir, HOLDER_FILE);
  try {
    writeFileSync(`${holderFile}.partial`, JSON.stringify(holder));
    renameSync(`${holderFile}.partial`, holderFile);
  } catch (error) {
    lock.close();
    throw unavailable(dir, error);
  }
  let held = true;
  return {
    folder: dir,
    holder,
    release() {
      if (!held) return;
      held = false;
      // While still holding the lock, so a next owner's note is never the one removed.
      try {
        rmSync(holderFile, { force: true });
      } catch {
        // A folder that turned read-only keeps a stale note; harmless, as only the lock decides.
      }
      lock.close();
    },
  };
}
