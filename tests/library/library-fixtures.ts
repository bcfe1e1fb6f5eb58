import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openLibrary, type Library } from '../../src-main/app/library/index.js';
import { HOLDER_FILE, LEASE_FILE } from '../../src-main/app/library/library-lease.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import type { RenderReport } from '../../src-shared/report.js';
import { tempDir } from '../support/fixtures.js';

/** Helpers for the library tests: a library in a temp folder, render outputs, file walks. */

export interface TempLibrary {
  library: Library;
  dataDir: string;
  /** A scratch folder beside the data folder for inputs and exports. */
  scratch: string;
  cleanup: () => void;
}

export function tempLibrary(): TempLibrary {
  const { dir, cleanup } = tempDir('tp-library-');
  const dataDir = path.join(dir, 'data');
  const scratch = path.join(dir, 'scratch');
  mkdirSync(scratch);
  const result: TempLibrary = {
    library: openLibrary({ dataDir }),
    dataDir,
    scratch,
    cleanup: () => {
      // A test may have reopened the library: close whichever is current.
      if (result.library.sqlite.open) result.library.close();
      cleanup();
    },
  };
  return result;
}

/** The owner's lock and its note: in every library folder while it is open (library-lease.ts). */
export function isLeaseFile(relative: string): boolean {
  return relative === LEASE_FILE || relative === HOLDER_FILE;
}

/** Every file under `dir`, relative, forward slashes, sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256')
    .update(typeof data === 'string' ? readFileSync(data) : data)
    .digest('hex');
}

/**
 * A render output folder as `renderProject` leaves it: a real (tiny) H.264 + AAC MP4 made
 * by ffmpeg, a real JPEG, and a report.json with the fields the library reads. A full
 * render takes seconds and a face model; the library only stores and reads these files.
 */
export async function makeRenderOutput(dir: string, options: { photo: string; hue?: number; imageAfter?: number }): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const hue = options.hue ?? 0;
  const { ffmpeg } = mediaTools();
  const video = await runProcess(ffmpeg.path, [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x${(0x204060 + hue * 0x010101).toString(16).padStart(6, '0')}:s=64x64:d=0.2:r=25`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:sample_rate=48000:duration=0.2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    '-movflags',
    '+faststart',
    '-y',
    path.join(dir, 'video.mp4'),
  ]);
  if (video.code !== 0) throw new Error(video.stderr);
  await sharp(options.photo).resize(320, 320, { fit: 'cover' }).modulate({ hue }).jpeg().toFile(path.join(dir, 'enhanced.jpg'));
  const report: Partial<RenderReport> = {
    version: 1,
    createdAt: new Date().toISOString(),
    files: { video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' },
    stages: [
      { stage: 'intake', durationMs: 40 },
      { stage: 'face', durationMs: 900 },
      { stage: 'enhance', durationMs: 300 },
      { stage: 'voice', durationMs: 500 },
      { stage: 'animate', durationMs: 2100 },
    ],
    totalMs: 3900,
    voice: { source: 'tts', durationS: 0.2, words: [{ text: 'Hello', startS: 0, endS: 0.2 }], loudness: { outputLufs: -14 } },
    quality: { image: { before: 6.1, after: options.imageAfter ?? 8.4, chosen: 'balanced', applied: ['sharpen'], details: { before: {}, after: {} } } },
    tools: {
      ffmpeg: { path: ffmpeg.path, source: 'test' },
      ffprobe: { path: ffmpeg.path, source: 'test' },
      tts: { name: 'espeak-ng', version: '1.52', voice: 'en' },
    },
  };
  writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2));
  return dir;
}
