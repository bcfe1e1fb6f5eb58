import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import { EBUR128 } from '../voice/audio-normalize.js';
import type { DrawnFrames } from './drawn-frames.js';
import { judgeFilter } from './frame-decode.js';
import { readMediaHealth, type MediaHealth } from './media-health.js';

/**
 * The file check of a video we drew ourselves (media-health.ts's, without decoding every
 * picture): the freeze and black tests ran on the frames as they were drawn
 * (drawn-frames.ts); the file itself is probed for its streams' lengths, its sound is
 * decoded for the loudness a platform will hear, and its first picture (a keyframe: the
 * only one decoded) is compared with the first frame judged. A file that does not show
 * what was drawn (frames shifted, the wrong size or colours, a broken stream) fails here
 * instead of passing a check it never had.
 *
 * Cost on a 10 s 720×1280 render: one ffmpeg decoding the sound and one picture, about
 * 0.1 s of CPU against 0.4–0.5 s for decoding every picture.
 */

/**
 * Mean absolute luma difference (levels) above which the file's first picture is not the
 * first frame drawn. x264 at the render's quality changes it by about 1 level on average
 * (0.9–1.2 on the sample and a press photo at 720×1280 and 1080×1920); a picture shifted by a few pixels, another frame's colours or a
 * grey decode differs by 10 or more.
 */
export const FIRST_FRAME_MAX_DIFF = 6;
const FFMPEG_TIMEOUT_MS = 120_000;

export async function drawnFileHealth(
  videoFile: string,
  drawn: DrawnFrames,
  region: { x: number; y: number; width: number; height: number },
  options: { signal?: AbortSignal } = {},
): Promise<MediaHealth> {
  const started = performance.now();
  const probing = probeMedia(videoFile, { signal: options.signal });
  probing.catch(() => undefined);
  const { width, height } = drawn;
  const seen = await drawn.finished();
  const { ffmpeg } = mediaTools();
  const result = await runProcess(
    ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-loglevel',
      'info',
      '-nostats',
      // Only keyframes are decoded (the first picture is one).
      '-skip_frame',
      'nokey',
      '-i',
      videoFile,
      '-filter_complex',
      [`[0:v:0]${judgeFilter(region, { width, height })}[first]`, `[0:a:0]${EBUR128}[loudness]`].join(';'),
      '-map',
      '[first]',
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      'pipe:1',
      '-map',
      '[loudness]',
      '-f',
      'null',
      '-',
    ],
    { signal: options.signal, timeoutMs: FFMPEG_TIMEOUT_MS },
  );
  if (result.code !== 0) throw new Error(`ffmpeg could not check ${videoFile}: ${result.stderr.trim().slice(-800)}`);
  const probe = await probing;
  const diff = firstFrameDiff(result.stdout, seen.first.y);
  if (diff > FIRST_FRAME_MAX_DIFF) throw new Error(`${videoFile} does not show the frames drawn: its first picture differs from the first frame by ${diff.toFixed(1)} levels on average`);
  // The lengths and the loudness as the file check reads them; the picture's stretches are the drawn frames'.
  return { ...readMediaHealth(probe, result.stderr, 'region', videoFile, started), frozenStretches: seen.frozen, blackStretches: seen.black };
}

/** Mean absolute difference between the decoded picture's luma and the drawn one's; Infinity when the file gave no picture of that size. */
export function firstFrameDiff(decoded: Buffer, drawnLuma: Uint8Array): number {
  if (decoded.length < drawnLuma.length) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < drawnLuma.length; i++) sum += Math.abs(decoded[i]! - drawnLuma[i]!);
  return sum / drawnLuma.length;
}
