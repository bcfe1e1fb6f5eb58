import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Turns a URL path that a page asked for into a file inside one folder, or a refusal.
 * Shared by every door a page can read files through (the host's HTTP routes, the
 * desktop app's media protocol), so the rules live in one place:
 *
 * - the raw, still-encoded path is split on `/` first and each segment decoded once, so
 *   `%2e%2e`, `%2f` and `%5c` can never become a separator or a parent step;
 * - empty, `.` and `..` segments, backslashes, NUL and `:` (Windows drives and streams)
 *   are refused, which also refuses absolute paths (`/etc/passwd`, `C:\…`, `//host/share`);
 * - the joined path is resolved with `realpath` and must still lie inside the folder's
 *   own realpath, so a symlink that points out is refused even though its name is fine.
 */

export type SafeLookup = { ok: true; file: string; size: number } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Long enough for any file a render writes; a cheap bound on work per request. */
const MAX_RAW_PATH = 1024;
const FORBIDDEN_IN_SEGMENT = /[\\/\0:]/;

/** Decoded segments of a relative URL path, or why it was refused. */
export function splitRelativeUrlPath(raw: string): { ok: true; segments: string[] } | { ok: false; status: 400 | 403; reason: string } {
  if (raw.length === 0 || raw.length > MAX_RAW_PATH) return { ok: false, status: 400, reason: 'empty or overlong path' };
  // Backslashes are separators on Windows and some servers normalise them to `/`.
  if (raw.includes('\\')) return { ok: false, status: 403, reason: 'backslash in path' };
  const segments: string[] = [];
  for (const encoded of raw.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '' || segment === '.' || segment === '..') return { ok: false, status: 403, reason: 'empty, . or .. segment' };
    if (FORBIDDEN_IN_SEGMENT.test(segment)) return { ok: false, status: 403, reason: 'separator, NUL or colon in a segment' };
    segments.push(segment);
  }
  return { ok: true, segments };
}

/** True when `candidate` is `folder` itself or lies below it (both already real paths). */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The regular file `raw` names inside `folderReal` (which must itself be a realpath).
 * The file returned is the resolved one, so the caller opens what was checked.
 */
export async function resolveInside(folderReal: string, raw: string): Promise<SafeLookup> {
  const split = splitRelativeUrlPath(raw);
  if (!split.ok) return split;
  const joined = path.join(folderReal, ...split.segments);
  // Belt and braces: the segment rules above already make this impossible.
  if (!isInside(folderReal, joined)) return { ok: false, status: 403, reason: 'outside the folder' };
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!isInside(folderReal, real)) return { ok: false, status: 403, reason: 'resolves outside the folder (symlink)' };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, status: 404, reason: 'not a regular file' };
    return { ok: true, file: real, size: info.size };
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
}
