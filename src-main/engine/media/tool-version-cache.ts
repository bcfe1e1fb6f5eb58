import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `ffmpeg -version` and `ffprobe -version` answered from a file instead of two process
 * starts: each run of `tp render` asked both before its first stage (165 ms on a quiet
 * machine, 335 ms on a busy one, issue 15). An answer is kept per binary with the size
 * and modification time it had, so an upgraded or replaced ffmpeg is asked again.
 * A missing, damaged or unwritable file only means asking, never a failure.
 */

interface Remembered {
  /** `size:mtimeMs` of the binary when it answered. */
  stamp: string;
  line: string;
}

function stampOf(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readRemembered(cacheFile: string): Record<string, Remembered> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Remembered>) : {};
  } catch {
    return {};
  }
}

function writeRemembered(cacheFile: string, entries: Record<string, Remembered>): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    // Renamed into place: two renders starting at once never read half a file.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(entries, null, 2) + '\n');
    renameSync(partial, cacheFile);
  } catch {
    // A read-only data folder: the next run asks the binary again.
  }
}

/**
 * `ask(file)`'s answer, remembered in `cacheFile` while the binary's size and time stay
 * the same. A binary that would not answer is not remembered (it may work next time).
 */
export function rememberedVersionLine(file: string, cacheFile: string, ask: (file: string) => string | undefined): string | undefined {
  const stamp = stampOf(file);
  const entries = readRemembered(cacheFile);
  const known = entries[file];
  if (stamp && known && known.stamp === stamp && typeof known.line === 'string') return known.line;
  const line = ask(file);
  if (stamp && line !== undefined) writeRemembered(cacheFile, { ...entries, [file]: { stamp, line } });
  return line;
}
