import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { decodeYuvFrames } from '../verify/frame-decode.js';
import { VideoEncoder } from './video-encoder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-encoded-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIDTH = 320;
const HEIGHT = 480;
const FPS = 30;
const FRAMES = 45;

/** A moving picture x264 cannot make trivially small: a gradient that slides and a block that grows. */
function frameAt(k: number): Buffer {
  const luma = WIDTH * HEIGHT;
  const frame = Buffer.alloc(luma * 1.5, 128);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) frame[y * WIDTH + x] = (x * 3 + y + k * 7) & 0xff;
  }
  for (let y = 100; y < 140 + k * 2; y++) for (let x = 100; x < 200; x++) frame[y * WIDTH + x] = 235;
  return frame;
}

async function silence(): Promise<string> {
  const file = path.join(dir, 'silence.wav');
  const result = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', String(FRAMES / FPS), '-y', file]);
  if (result.code !== 0) throw new Error(result.stderr);
  return file;
}

async function encode(outFile: string, audioPath: string, encodedCopy: boolean) {
  const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: FPS, audioPath, outFile, encodedCopy });
  const region = { x: 40, y: 60, width: 200, height: 240 };
  // Read while the frames are written, as the render's check does.
  const frames = encoder.encodedVideo ? collect(decodeYuvFrames({ videoPath: outFile, region, encoded: encoder.encodedVideo, fps: FPS }, 100, 120, FRAMES)) : undefined;
  for (let k = 0; k < FRAMES; k++) await encoder.writeFrame(frameAt(k));
  await encoder.finish();
  return { frames: await frames, region };
}

async function collect(frames: AsyncGenerator<{ y: Uint8Array; u: Uint8Array; v: Uint8Array }>): Promise<string[]> {
  const hashes: string[] = [];
  for await (const f of frames) hashes.push(createHash('sha1').update(f.y).update(f.u).update(f.v).digest('hex'));
  return hashes;
}

describe("the encoder's copy of its H.264 (the frame check alongside encoding)", () => {
  it('writes the same MP4 byte for byte, and its copy decodes to the very frames the finished file does', async () => {
    const audio = await silence();
    const plain = path.join(dir, 'plain.mp4');
    const withCopy = path.join(dir, "with copy [it's|here].mp4");
    await encode(plain, audio, false);
    const { frames: streamed, region } = await encode(withCopy, audio, true);
    expect(createHash('sha1').update(readFileSync(withCopy)).digest('hex')).toBe(createHash('sha1').update(readFileSync(plain)).digest('hex'));
    const fromFile = await collect(decodeYuvFrames({ videoPath: withCopy, region }, 100, 120, FRAMES));
    expect(fromFile).toHaveLength(FRAMES);
    expect(streamed).toEqual(fromFile);
  });

  it('never holds the encoder up when the reader wants fewer frames than the video has', async () => {
    const audio = await silence();
    const outFile = path.join(dir, 'few.mp4');
    const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: FPS, audioPath: audio, outFile, encodedCopy: true });
    const few = collect(decodeYuvFrames({ videoPath: outFile, region: { x: 0, y: 0, width: WIDTH, height: HEIGHT }, encoded: encoder.encodedVideo, fps: FPS }, 64, 96, 5));
    for (let k = 0; k < FRAMES; k++) await encoder.writeFrame(frameAt(k));
    await encoder.finish();
    expect(await few).toHaveLength(5);
  });
});
