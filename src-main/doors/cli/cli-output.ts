import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import type { RenderProgress } from '../../../src-shared/render.js';

/** Exit codes: 2 = the input or an option was refused (the creator can fix it), 1 = a bug. */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILED = 1;
export const EXIT_CANCELLED = 130;

/** Prints one sentence for the creator; stacks only with TP_DEBUG set. Returns the exit code. */
export function reportError(error: unknown): number {
  if (isTalkingPhotoError(error)) {
    process.stderr.write(`${error.message}\n`);
    if (process.env.TP_DEBUG && error.detail) process.stderr.write(`${error.detail}\n`);
    return error.code === 'CANCELLED' ? EXIT_CANCELLED : error.code === 'FFMPEG_MISSING' ? EXIT_FAILED : EXIT_BAD_INPUT;
  }
  process.stderr.write('Something went wrong while rendering: run again with TP_DEBUG=1 and include the output when you report it.\n');
  if (process.env.TP_DEBUG) process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAILED;
}

/** Progress on stderr: a redrawn line on a terminal, one line per stage otherwise. */
export function progressPrinter(quiet: boolean): (progress: RenderProgress) => void {
  if (quiet) return () => undefined;
  const tty = process.stderr.isTTY;
  // The photo and the voice stages run side by side and report in turns: each stage is
  // named once, when it first reports.
  const named = new Set<string>();
  return (progress) => {
    if (tty) {
      process.stderr.write(`\r\x1b[2K${progress.message}… ${Math.round(progress.percent)}%`);
      if (progress.percent >= 100) process.stderr.write('\n');
    } else if (!named.has(progress.stage)) {
      named.add(progress.stage);
      process.stderr.write(`${progress.message}…\n`);
    }
  };
}
