import { existsSync, mkdirSync } from 'node:fs';
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { dataFolder, libraryPaths } from './data-folder.js';
import { HOLDER_FILE, LEASE_FILE } from './library-lease.js';
import { libraryLocation, LOCATION_FILE, readLocation, writeLocation, type LibraryLocationState } from './library-location.js';
import { openLibrary } from './open-library.js';

/**
 * Moving the library at start: copy, open the copy to prove it sound, point at it, and
 * only then empty the old folder. Nothing has the library open yet, so nothing written
 * after the copy can be lost.
 */

/**
 * Data-folder entries that are made again and need not travel. The lease files must not
 * even be read: closing a copy's descriptor would drop this process's lock (POSIX).
 */
const LEFT_BEHIND = new Set(['tmp', 'cache', LOCATION_FILE, LEASE_FILE, HOLDER_FILE]);

/**
 * Carries out a waiting move; call it at start, holding the library's lease but before
 * the library is opened (claimLibrary does both). A failure
 * leaves the library where it was (and says why in Settings): the copy is removed, the
 * original is untouched.
 */
export async function applyPendingMove(home: string = dataFolder()): Promise<LibraryLocationState> {
  const location = readLocation(home);
  if (!location?.moveFrom) return libraryLocation(home);
  const from = location.moveFrom;
  const to = location.folder;
  // What this move put in the target, so a failure removes exactly that and nothing else there.
  const copied: string[] = [];
  const there = new Set(existsSync(to) ? await readdir(to) : []);
  try {
    mkdirSync(to, { recursive: true });
    for (const name of await readdir(from)) {
      if (LEFT_BEHIND.has(name)) continue;
      copied.push(name);
      await cp(path.join(from, name), path.join(to, name), { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
    }
    // Opening runs the integrity check: a copy that is not sound never becomes the library.
    openLibrary({ dataDir: to }).close();
  } catch (error) {
    // An entry that was there before the move is not ours to remove.
    for (const name of copied.filter((n) => !there.has(n))) await rm(path.join(to, name), { recursive: true, force: true });
    writeLocation(home, { folder: from, problem: movingFailed(to, error) });
    return libraryLocation(home);
  }
  writeLocation(home, to === home ? null : { folder: to });
  await emptyFolder(from, from === home);
  return libraryLocation(home);
}

function movingFailed(to: string, error: unknown): string {
  return `Moving the library to ${to} did not work (${(error as Error).message}), so it stays where it was: check the disk has room and try again.`;
}

/** Removes a library's files from a folder; the data folder keeps its pointer. */
async function emptyFolder(folder: string, keepPointer: boolean): Promise<void> {
  if (!existsSync(folder)) return;
  const { dataDir, ...inside } = libraryPaths(folder);
  const known = new Set(Object.values(inside).map((p) => path.relative(dataDir, p).split(path.sep)[0]));
  for (const name of await readdir(folder)) {
    if (keepPointer && name === LOCATION_FILE) continue;
    // Only what a library holds: a creator's own files someone put there later stay.
    if (known.has(name) || name.startsWith('library.db')) await rm(path.join(folder, name), { recursive: true, force: true });
    else if (name === LEASE_FILE || name === HOLDER_FILE) await removeLeaseFile(path.join(folder, name));
  }
}

/**
 * The old folder's lock goes too, though this process may still hold it (claimLibrary
 * lets go once the new folder is taken): POSIX unlinks a held file, Windows refuses, and
 * then a small file nobody opens again is left behind, which is better than a failed move.
 */
async function removeLeaseFile(file: string): Promise<void> {
  try {
    await rm(file, { force: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EBUSY' && code !== 'EPERM') throw error;
  }
}
