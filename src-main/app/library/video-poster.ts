import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from '../../engine/media/sharp.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../engine/media/ffmpeg.js';
import { runProcess } from '../../engine/media/run-process.js';
import { absolutePath, assetFile, derivedRelativePath, findAssets, type AssetRef } from './assets.js';
import type { DerivedImage } from './derived-images.js';
import type { Library } from './open-library.js';

/**
 * A video's first frame as a JPEG, for `<video poster>`: the Result screen shows the
 * picture the video starts on instead of a grey box while it loads. The kit's covers are
 * chosen frames (eyes open, mouth natural) at each platform's size, not the first frame
 * at the video's own, so the frame is read from the video itself, once, and kept beside
 * the assets (`derived/…/<video hash>.poster.jpg`); it goes when the video goes.
 */

/** Visually lossless for a still shown under the player (ffmpeg's mjpeg -q:v scale, 2 best). */
const POSTER_QUALITY = 3;
/** One frame of an H.264 file decodes in well under a second; a hung ffmpeg must not hold the Result screen. */
const POSTER_TIMEOUT_MS = 30_000;

const inFlight = new Map<string, Promise<DerivedImage>>();

export async function videoPoster(library: Library, video: AssetRef): Promise<DerivedImage> {
  const relative = derivedRelativePath(video.hash, 'poster');
  const file = absolutePath(library, relative);
  const running = inFlight.get(file);
  if (running) return running;
  const work = (async (): Promise<DerivedImage> => {
    const cached = await sharp(file)
      .metadata()
      .catch(() => undefined);
    if (cached?.width && cached.height) return { path: relative, width: cached.width, height: cached.height };
    return extractFirstFrame(library, video, file, relative);
  })();
  inFlight.set(file, work);
  try {
    return await work;
  } finally {
    inFlight.delete(file);
  }
}

async function extractFirstFrame(library: Library, video: AssetRef, file: string, relative: string): Promise<DerivedImage> {
  await mkdir(library.paths.tmp, { recursive: true });
  const partial = path.join(library.paths.tmp, `${randomUUID()}.jpg`);
  try {
    const args = [...SAFE_INPUT_FLAGS, '-v', 'error', '-i', assetFile(library, video), '-map', '0:v:0', '-frames:v', '1', '-q:v', String(POSTER_QUALITY), '-f', 'image2', '-y', partial];
    const result = await runProcess(mediaTools().ffmpeg.path, args, { timeoutMs: POSTER_TIMEOUT_MS });
    if (result.code !== 0) throw new Error(`ffmpeg exited ${result.code}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
    const info = await sharp(partial).metadata();
    if (!info.width || !info.height) throw new Error('ffmpeg wrote no picture');
    await mkdir(path.dirname(file), { recursive: true });
    await rename(partial, file);
    // The video's project may have been deleted while this ran; its removal is already done.
    if (findAssets(library, [video.hash]).size === 0) await rm(file, { force: true });
    return { path: relative, width: info.width, height: info.height };
  } catch (error) {
    await rm(partial, { force: true });
    throw new TalkingPhotoError('ASSET_MISSING', 'The video’s first frame could not be read: the video file may be damaged; render it again.', {
      detail: (error as Error).message,
      cause: error,
    });
  }
}
