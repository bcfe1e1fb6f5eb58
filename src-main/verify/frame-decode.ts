import { spawn } from 'node:child_process';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';

/**
 * Reads a video's frames as a viewer's eye would meet them, for the face mesh: only the
 * region where the face is, scaled down to what the mesh can use.
 */

/** Frames are decoded at this width at most: the mesh model looks at 192 px anyway. */
export const ANALYSIS_WIDTH = 320;

/** The frames of `videoPath` cropped to `region` and scaled to width × height, as RGB, in order. */
export async function* decodeFrames(input: { videoPath: string; region: { x: number; y: number; width: number; height: number } }, width: number, height: number, maxFrames: number): AsyncGenerator<Buffer> {
  const { ffmpeg } = mediaTools();
  const { region } = input;
  const child = spawn(
    ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-loglevel', 'error',
      '-i', input.videoPath,
      '-frames:v', String(maxFrames),
      '-vf', `crop=${region.width}:${region.height}:${region.x}:${region.y},scale=${width}:${height}:flags=area`,
      '-f', 'rawvideo',
      '-pix_fmt', 'rgb24',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const frameBytes = width * height * 3;
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= frameBytes) {
        yield Buffer.from(pending.subarray(0, frameBytes));
        pending = pending.subarray(frameBytes);
      }
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** The decoded size of a region: at most ANALYSIS_WIDTH wide, even sides for ffmpeg. */
export function analysisSize(region: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, ANALYSIS_WIDTH / region.width);
  return {
    width: Math.max(2, Math.round((region.width * scale) / 2) * 2),
    height: Math.max(2, Math.round((region.height * scale) / 2) * 2),
  };
}

/** Only the frames at `indices` (decoding stops after the last one). */
export async function decodeFramesAt(
  input: { videoPath: string; region: { x: number; y: number; width: number; height: number } },
  width: number,
  height: number,
  indices: readonly number[],
): Promise<Map<number, Buffer>> {
  const wanted = new Set(indices);
  const frames = new Map<number, Buffer>();
  let k = 0;
  for await (const rgb of decodeFrames(input, width, height, Math.max(...indices) + 1)) {
    if (wanted.has(k)) frames.set(k, rgb);
    k++;
  }
  return frames;
}
