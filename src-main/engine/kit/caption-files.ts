/**
 * Writes caption cues as SRT and WebVTT, the two formats every platform in the kit accepts.
 * Output is plain text with `\n` line ends: script text is never passed through as markup.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Cue } from './captions.js';

function timestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalS = Math.floor(totalMs / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(totalS / 3600))}:${pad(Math.floor(totalS / 60) % 60)}:${pad(totalS % 60)}${separator}${pad(ms, 3)}`;
}

/** Blank lines end a cue in both formats, so a line must never be empty or whitespace. */
function cueLines(cue: Cue): string[] {
  return cue.lines.map((line) => line.replace(/\s+/gu, ' ').trim()).filter((line) => line !== '');
}

/** SRT has no escape syntax, so text goes out verbatim; only WebVTT needs escaping. */
export function toSrt(cues: readonly Cue[]): string {
  return cues.map((cue, i) => [`${i + 1}`, `${timestamp(cue.startS, ',')} --> ${timestamp(cue.endS, ',')}`, ...cueLines(cue)].join('\n') + '\n').join('\n');
}

/** WebVTT cue text is markup: these three characters must be character references to show as text. */
function escapeVtt(line: string): string {
  return line.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export function toWebVtt(cues: readonly Cue[]): string {
  const body = cues.map((cue) => [`${timestamp(cue.startS, '.')} --> ${timestamp(cue.endS, '.')}`, ...cueLines(cue).map(escapeVtt)].join('\n') + '\n');
  return ['WEBVTT\n', ...body].join('\n');
}

/** Temp name then rename, so a crash or a reader never sees half a caption file. */
async function writeAtomically(filePath: string, text: string): Promise<void> {
  const temp = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface CaptionFiles {
  srt: string;
  vtt: string;
}

/** Writes `baseName.srt` and `baseName.vtt` into dir (created if missing); returns their paths. */
export async function writeCaptionFiles(cues: readonly Cue[], dir: string, baseName: string): Promise<CaptionFiles> {
  if (baseName === '' || /[\\/]/u.test(baseName)) throw new Error(`caption base name must be a plain file name, got "${baseName}"`);
  await mkdir(dir, { recursive: true });
  const files = { srt: path.join(dir, `${baseName}.srt`), vtt: path.join(dir, `${baseName}.vtt`) };
  await Promise.all([writeAtomically(files.srt, toSrt(cues)), writeAtomically(files.vtt, toWebVtt(cues))]);
  return files;
}
