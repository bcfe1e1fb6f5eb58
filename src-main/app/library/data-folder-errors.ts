import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';

/**
 * A data folder (or an output folder) that fills up or stops taking writes is the
 * creator's to fix, not a bug: it gets a sentence and a code the queue does not retry.
 */

/** errno codes (Node) and SQLite result codes for "no room left". */
const FULL = /^(ENOSPC|EDQUOT|SQLITE_FULL)$/;
/** …and for "this folder may no longer be written". */
const READ_ONLY = /^(EROFS|EACCES|EPERM|SQLITE_READONLY\w*)$/;
/**
 * An error that crossed a process boundary as text (the render process sends only its
 * message) keeps its errno in Node's own wording: "ENOSPC: no space left on device, write".
 */
const FULL_IN_TEXT = /\b(ENOSPC|EDQUOT)\b|no space left on device/i;
const READ_ONLY_IN_TEXT = /\bEROFS\b|read-only file system/i;

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The folder an errno error names, else the one the caller was writing to. */
function folderOf(error: unknown, fallback: string): string {
  const file = (error as { path?: unknown } | null)?.path;
  return typeof file === 'string' && file.length > 0 ? path.dirname(file) : fallback;
}

/**
 * DISK_FULL or DATA_FOLDER_READ_ONLY for an error that means one of them; null for
 * anything else (a bug stays a bug). `folder` is where the caller was writing.
 */
export function dataFolderProblem(error: unknown, folder: string): TalkingPhotoError | null {
  if (error instanceof TalkingPhotoError) return null;
  const code = errnoCode(error);
  const text = error instanceof Error ? error.message : '';
  const where = folderOf(error, folder);
  const detail = error instanceof Error ? error.message : String(error);
  if ((code && FULL.test(code)) || FULL_IN_TEXT.test(text)) {
    return new TalkingPhotoError('DISK_FULL', `The disk holding ${where} is full: free some space on it, then try again.`, { detail, cause: error });
  }
  if ((code && READ_ONLY.test(code)) || READ_ONLY_IN_TEXT.test(text)) {
    return new TalkingPhotoError(
      'DATA_FOLDER_READ_ONLY',
      `TalkingPhoto may no longer write to ${where} (the disk became read-only, or its permissions changed): make it writable again, then try again.`,
      { detail, cause: error },
    );
  }
  return null;
}
