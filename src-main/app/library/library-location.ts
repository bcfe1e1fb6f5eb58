import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { dataFolder } from './data-folder.js';

/**
 * Where the library lives when the creator moved it (Settings → Library location). The
 * data folder keeps a small pointer file naming the library's folder; with no pointer the
 * library is the data folder itself. A move is done at the next start, before anything
 * opens the library, so no write can land in the old copy after it was copied (see
 * library-move.ts).
 */

export const LOCATION_FILE = 'library-location.json';

const LocationSchema = z.object({
  folder: z.string().min(1),
  /** Set while a move waits for the next start. */
  moveFrom: z.string().min(1).optional(),
  /** Why the last move did not happen, for Settings to say once. */
  problem: z.string().optional(),
});
type Location = z.infer<typeof LocationSchema>;

export function readLocation(home: string): Location | null {
  try {
    return LocationSchema.parse(JSON.parse(readFileSync(path.join(home, LOCATION_FILE), 'utf8')));
  } catch {
    // No pointer, or one this version cannot read: the library is where it always was.
    return null;
  }
}

export function writeLocation(home: string, location: Location | null): void {
  const file = path.join(home, LOCATION_FILE);
  if (location === null) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(home, { recursive: true });
  writeFileSync(`${file}.partial`, JSON.stringify(location, null, 2));
  renameSync(`${file}.partial`, file);
}

/** The folder the library opens from now: the pointer's, or the data folder itself. */
export function libraryFolder(home: string = dataFolder()): string {
  const location = readLocation(home);
  return location ? (location.moveFrom ?? location.folder) : home;
}

export interface LibraryLocationState {
  folder: string;
  /** Where it moves at the next start; null when no move waits. */
  movingTo: string | null;
  /** Why the last move did not happen. */
  problem: string | null;
}

export function libraryLocation(home: string = dataFolder()): LibraryLocationState {
  const location = readLocation(home);
  if (!location) return { folder: home, movingTo: null, problem: null };
  return location.moveFrom
    ? { folder: location.moveFrom, movingTo: location.folder, problem: location.problem ?? null }
    : { folder: location.folder, movingTo: null, problem: location.problem ?? null };
}

const badTarget = (message: string, detail: string): TalkingPhotoError => new TalkingPhotoError('BAD_OPTION', message, { detail });

/** Names a folder holds that are not ours to worry about when checking it is empty. */
const IGNORABLE = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', LOCATION_FILE]);

/**
 * Asks for the library to move to `target` at the next start. The target must be an
 * absolute path outside the current library that is empty (or does not exist yet) and
 * writable; moving back to the data folder itself is allowed.
 */
export function requestLibraryMove(target: string, home: string = dataFolder()): LibraryLocationState {
  if (!path.isAbsolute(target)) throw badTarget('Choose the new library folder by its full path (for example /home/me/Videos/TalkingPhoto).', target);
  const to = path.resolve(target);
  const current = libraryFolder(home);
  const inside = (child: string, parent: string): boolean => {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (to === current) {
    // Choosing where it already is cancels a waiting move.
    writeLocation(home, current === home ? null : { folder: current });
    return libraryLocation(home);
  }
  if (inside(to, current)) throw badTarget('The new folder is inside the current library: choose a folder outside it.', `${to} in ${current}`);
  if (inside(current, to)) throw badTarget('The current library is inside that folder: choose an empty folder of its own.', `${current} in ${to}`);
  if (existsSync(to)) {
    if (!statSync(to).isDirectory()) throw badTarget(`${to} is a file, not a folder: choose an empty folder.`, to);
    const stray = readdirSync(to).filter((name) => !IGNORABLE.has(name));
    if (stray.length > 0) throw badTarget(`${to} is not empty: choose an empty folder, or make a new one for the library.`, stray.slice(0, 3).join(', '));
  }
  try {
    mkdirSync(to, { recursive: true });
    const probe = path.join(to, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `TalkingPhoto cannot write to ${to}: choose a folder you may write to, on a disk with free space.`, {
      detail: (error as Error).message,
      cause: error,
    });
  }
  writeLocation(home, { folder: to, moveFrom: current });
  return libraryLocation(home);
}
