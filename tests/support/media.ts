import { readFileSync } from 'node:fs';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';

/** Decodes one frame (RGB) of a video at the given index. */
export async function frameAt(video: string, index: number, width: number, height: number): Promise<Buffer> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-i',
    video,
    '-vf',
    `select=eq(n\\,${index})`,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  if (result.code !== 0 || result.stdout.length !== width * height * 3) throw new Error(`could not decode frame ${index}: ${result.stderr}`);
  return result.stdout;
}

/** True when the MP4's index (moov) comes before its media (mdat): playback starts at once. */
export function isFaststart(file: string): boolean {
  const bytes = readFileSync(file);
  const moov = bytes.indexOf('moov');
  const mdat = bytes.indexOf('mdat');
  return moov > 0 && mdat > 0 && moov < mdat;
}

/** Writes a WAV of `seconds` of silence or a tone. */
export async function makeWav(file: string, seconds: number, kind: 'silence' | 'tone'): Promise<void> {
  const { ffmpeg } = mediaTools();
  const source = kind === 'silence' ? `anullsrc=r=48000:cl=mono` : `sine=frequency=220:sample_rate=48000`;
  const result = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-t', String(seconds), '-y', file]);
  if (result.code !== 0) throw new Error(result.stderr);
}

/** Writes a small H.264 + AAC MP4 from ffmpeg's test sources: `picture` is a lavfi video graph, `toneS` the 220 Hz tone's length. */
export async function makeTestVideo(file: string, picture: string, toneS: number): Promise<void> {
  const { ffmpeg } = mediaTools();
  const args = ['-f', 'lavfi', '-i', picture, '-f', 'lavfi', '-i', `sine=frequency=220:duration=${toneS}`];
  const result = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', ...args, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', '-y', file]);
  if (result.code !== 0) throw new Error(result.stderr);
}
