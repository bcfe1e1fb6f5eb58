import { appendFileSync, mkdirSync, renameSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * A size-capped log file kept with a few older ones: `talkingphoto.log` (newest),
 * `talkingphoto.log.1` … `talkingphoto.log.<keep-1>` (oldest).
 *
 * Several processes append to the same file (the app's main process, its render
 * processes, a `tp` command run beside the app), so nothing here holds the file open:
 * each line is one `O_APPEND` write of its own (the OS puts a whole write at the end of
 * the file, so lines from two processes never interleave inside a line), and whoever
 * finds the file full renames the set under a lock folder (mkdir is atomic on every OS),
 * checking the size again once it holds the lock so two processes never rotate twice. A
 * process that appends just after a rotation simply starts the new file: nothing keeps
 * writing into a renamed one, which is what makes this safe on Windows too. A line written
 * while another process holds the lock goes into the file as it is, so a file may pass the
 * cap by the few lines written during a rotation (measured: under 1 kB with two writers).
 */

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEEP = 5;
/** A lock older than this was left by a process that died while rotating. */
const STALE_LOCK_MS = 10_000;

export interface RotatingFileOptions {
  file: string;
  /** Size at which the file is rotated (default 5 MB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 5). */
  keep?: number;
  /** Where a write failure is told, once (the log cannot log its own failure). */
  onFailure?: (error: unknown) => void;
}

export class RotatingFile {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly lock: string;
  private folderReady = false;
  private failed = false;

  constructor(private readonly options: RotatingFileOptions) {
    this.file = options.file;
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.keep = Math.max(1, Math.floor(options.keep ?? DEFAULT_KEEP));
    this.lock = `${this.file}.rotating`;
  }

  /** The files this log may hold, newest first. */
  files(): string[] {
    return Array.from({ length: this.keep }, (_, i) => (i === 0 ? this.file : `${this.file}.${i}`));
  }

  /** Appends one line; never throws (a full disk must not stop a render over its log). */
  write(line: string): void {
    try {
      if (!this.folderReady) {
        mkdirSync(path.dirname(this.file), { recursive: true });
        this.folderReady = true;
      }
      const bytes = Buffer.byteLength(line);
      if (sizeOf(this.file) + bytes > this.maxBytes) this.rotate(bytes);
      appendFileSync(this.file, line);
      this.failed = false;
    } catch (error) {
      // A deleted logs folder is made again on the next line.
      this.folderReady = false;
      if (!this.failed) this.options.onFailure?.(error);
      this.failed = true;
    }
  }

  private rotate(incoming: number): void {
    if (!this.takeLock()) return;
    try {
      // Another process may have rotated between our look and the lock.
      const size = sizeOf(this.file);
      if (size === 0 || size + incoming <= this.maxBytes) return;
      const names = this.files();
      if (this.keep === 1) {
        unlinkSync(this.file);
        return;
      }
      removeIfThere(names[names.length - 1]!);
      for (let i = names.length - 2; i >= 0; i -= 1) renameIfThere(names[i]!, names[i + 1]!);
    } finally {
      try {
        rmdirSync(this.lock);
      } catch {
        // Already gone: a stale-lock sweep by another process.
      }
    }
  }

  private takeLock(): boolean {
    try {
      mkdirSync(this.lock);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(this.lock).mtimeMs < STALE_LOCK_MS) return false;
      rmdirSync(this.lock);
      mkdirSync(this.lock);
      return true;
    } catch {
      // Someone else is rotating right now: this line goes into the file as it is.
      return false;
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function removeIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
