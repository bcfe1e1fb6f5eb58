import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { allocYuv, type YuvFrame as FullFrame } from '../encode/yuv.js';
import { VideoEncoder } from '../encode/video-encoder.js';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { drawnFileHealth } from './drawn-file-check.js';
import { DrawnFrames } from './drawn-frames.js';
import { decodeYuvFrames, type YuvFrame } from './frame-decode.js';
import { measureMediaHealth } from './media-health.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-drawn-frames-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIDTH = 320;
const HEIGHT = 480;
const FPS = 25;
const REGION = { x: 40, y: 60, width: 200, height: 240 };

/** A picture with detail (x264 cannot make it trivially small) whose region moves with `k`; the rest stays put. */
function frameAt(k: number, look: 'moving' | 'black' = 'moving'): FullFrame {
  const frame = allocYuv(WIDTH, HEIGHT);
  const { data } = frame;
  if (look === 'black') {
    data.fill(16, 0, frame.uOffset);
    data.fill(128, frame.uOffset);
    return frame;
  }
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) data[y * WIDTH + x] = 40 + ((x * 3 + y * 2) % 160);
  // A bright block that slides inside the region, and a darker stripe that grows.
  for (let y = 100 + (k % 40); y < 150 + (k % 40); y++) for (let x = 80; x < 160; x++) data[y * WIDTH + x] = 225;
  for (let y = 200; y < 210; y++) for (let x = 60; x < 70 + (k % 50) * 3; x++) data[y * WIDTH + x] = 30;
  data.fill(128, frame.uOffset, frame.vOffset);
  for (let i = frame.vOffset; i < data.length; i++) data[i] = 120 + (i % 17);
  return frame;
}

async function tone(seconds: number): Promise<string> {
  const file = path.join(dir, `tone-${seconds}.wav`);
  const result = await runProcess(mediaTools().ffmpeg.path, [
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=220:sample_rate=48000:duration=${seconds}`,
    '-af',
    'volume=0.3',
    '-y',
    file,
  ]);
  if (result.code !== 0) throw new Error(result.stderr);
  return file;
}

/** Encodes `frames` as the render does, each seen by a DrawnFrames first and the encoder's scaled copy attached to it. */
async function drawAndEncode(name: string, frames: FullFrame[], options: { judge?: boolean } = {}) {
  const outFile = path.join(dir, `${name}.mp4`);
  const drawn = new DrawnFrames(REGION, { fps: FPS }, options.judge ?? true);
  const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: FPS, audioPath: await tone(frames.length / FPS), outFile, judged: drawn.judged });
  drawn.attach(encoder.judgedFrames!);
  const judged: Array<{ index: number; frame: YuvFrame }> = [];
  const reading = (async () => {
    for await (const f of drawn.frames(() => true)) judged.push(f);
  })();
  for (let k = 0; k < frames.length; k++) {
    drawn.take(k, frames[k]!);
    await encoder.writeFrame(frames[k]!.data);
  }
  await encoder.finish();
  await reading;
  return { outFile, drawn, judged };
}

/** The region of each frame at the judge's size, as the encoder's scaled copy would give them (a nearest-pixel cut: the tests of the queue need frames, not ffmpeg's pixels). */
function scaledCopy(drawn: DrawnFrames, frames: FullFrame[]): Buffer[] {
  return frames.map((frame) => {
    const { width, height } = drawn;
    const out = Buffer.alloc((width * height * 3) / 2);
    const plane = (offset: number, fw: number, w: number, h: number, rx: number, ry: number, rw: number, rh: number, at: number) => {
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[at + y * w + x] = frame.data[offset + (ry + Math.floor((y * rh) / h)) * fw + rx + Math.floor((x * rw) / w)]!;
    };
    plane(0, WIDTH, width, height, REGION.x, REGION.y, REGION.width, REGION.height, 0);
    plane(frame.uOffset, WIDTH / 2, width / 2, height / 2, REGION.x / 2, REGION.y / 2, REGION.width / 2, REGION.height / 2, width * height);
    plane(frame.vOffset, WIDTH / 2, width / 2, height / 2, REGION.x / 2, REGION.y / 2, REGION.width / 2, REGION.height / 2, (width * height * 5) / 4);
    return out;
  });
}

function meanAbs(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('the frames as drawn, judged instead of the decoded file (issue 15)', () => {
  it('are the pictures the file holds: every frame within a few levels of the same frame decoded from the MP4', async () => {
    const frames = Array.from({ length: 50 }, (_, k) => frameAt(k));
    const { outFile, drawn, judged } = await drawAndEncode('same', frames);
    expect(judged.map((f) => f.index)).toEqual(frames.map((_, k) => k));
    const decoded: YuvFrame[] = [];
    for await (const f of decodeYuvFrames({ videoPath: outFile, region: REGION }, drawn.width, drawn.height, frames.length)) decoded.push({ ...f, y: f.y.slice(), u: f.u.slice(), v: f.v.slice() });
    expect(decoded).toHaveLength(frames.length);
    const diffs = decoded.map((f, k) => meanAbs(f.y, judged[k]!.frame.y));
    expect(Math.max(...diffs)).toBeLessThan(3);
    // Another frame's picture is far off: the comparison can tell frames apart.
    expect(meanAbs(decoded[10]!.y, judged[30]!.frame.y)).toBeGreaterThan(8);

    const health = await drawnFileHealth(outFile, drawn, REGION);
    expect(health).toMatchObject({ videoDurationS: 2, audioDurationS: 2, frozenStretches: [], blackStretches: [], freezeScope: 'region' });
    // The sound as the file check that decodes everything hears it.
    const full = await measureMediaHealth(outFile, { region: REGION });
    expect(full).toMatchObject({ videoDurationS: 2, audioDurationS: 2, frozenStretches: [], blackStretches: [] });
    expect(health.loudnessLufs).toBeLessThan(-25);
    expect(health.loudnessLufs).toBe(full.loudnessLufs);
    expect(health.truePeakDb).toBe(full.truePeakDb);
  });

  it('finds the freeze and the black stretch ffmpeg finds in the file, at the same times', async () => {
    // Moving 1 s, held 2.6 s, black 0.8 s, moving 0.6 s.
    const held = frameAt(24);
    const frames = [
      ...Array.from({ length: 25 }, (_, k) => frameAt(k)),
      ...Array.from({ length: 65 }, () => held),
      ...Array.from({ length: 20 }, () => frameAt(0, 'black')),
      ...Array.from({ length: 15 }, (_, k) => frameAt(k + 60)),
    ];
    const { outFile, drawn } = await drawAndEncode('held', frames, { judge: false });
    const ours = await drawnFileHealth(outFile, drawn, REGION);
    expect(ours.frozenStretches).toHaveLength(1);
    expect(ours.frozenStretches[0]!.startS).toBeCloseTo(0.96, 1);
    expect(ours.frozenStretches[0]!.endS).toBeCloseTo(3.6, 1);
    expect(ours.blackStretches).toEqual([{ startS: 3.6, endS: 4.4 }]);
    // The black frames sit in the whole picture: the still part outside the region counts too.
    const ffmpeg = await measureMediaHealth(outFile, { region: REGION });
    expect(ffmpeg.frozenStretches).toHaveLength(1);
    expect(Math.abs(ffmpeg.frozenStretches[0]!.startS - ours.frozenStretches[0]!.startS)).toBeLessThanOrEqual(0.08);
    expect(Math.abs(ffmpeg.frozenStretches[0]!.endS - ours.frozenStretches[0]!.endS)).toBeLessThanOrEqual(0.08);
    expect(ffmpeg.blackStretches).toHaveLength(1);
    expect(Math.abs(ffmpeg.blackStretches[0]!.startS - 3.6)).toBeLessThanOrEqual(0.08);
  });

  it('refuses a file whose pictures are not the frames drawn, with a sentence that says so', async () => {
    const frames = Array.from({ length: 25 }, (_, k) => frameAt(k));
    const { drawn } = await drawAndEncode('drawn', frames);
    // Another file, its frames shifted by 20: it holds other pictures than the ones judged.
    const { outFile: other } = await drawAndEncode(
      'other',
      Array.from({ length: 25 }, (_, k) => frameAt(k + 20)),
      { judge: false },
    );
    await expect(drawnFileHealth(other, drawn, REGION)).rejects.toThrow(/does not show the frames drawn: its first picture differs from the first frame by \d+\.\d levels/);
  });

  it('queues only the frames the check wants, and none when nothing judges them', async () => {
    const drawn = new DrawnFrames(REGION, { fps: FPS }, true);
    const frames = Array.from({ length: 10 }, (_, k) => frameAt(k));
    drawn.attach(Readable.from(scaledCopy(drawn, frames)));
    const seen: number[] = [];
    const reading = (async () => {
      for await (const f of drawn.frames((i) => i % 3 === 0)) seen.push(f.index);
    })();
    for (let k = 0; k < 10; k++) drawn.take(k, frames[k]!);
    expect(() => drawn.take(12, frameAt(12))).toThrow(/frame 12 came after 9/);
    await reading;
    expect(seen).toEqual([0, 3, 6, 9]);
  });

  it('gives its stretches once the last frame drawn is scaled, and says so when frames went missing', async () => {
    const drawn = new DrawnFrames(REGION, { fps: FPS }, false);
    const two = [frameAt(0), frameAt(1)];
    drawn.attach(Readable.from(scaledCopy(drawn, two)));
    drawn.take(0, two[0]!);
    drawn.take(1, two[1]!);
    expect(await drawn.finished()).toMatchObject({ frozen: [], black: [], frames: 2 });
    // The encoder's copy ended a frame short.
    const short = new DrawnFrames(REGION, { fps: FPS }, false);
    short.attach(Readable.from(scaledCopy(short, two.slice(0, 1))));
    short.take(0, two[0]!);
    short.take(1, two[1]!);
    await expect(short.finished()).rejects.toThrow(/held 1 of the 2 frames drawn/);
    const failed = new DrawnFrames(REGION, { fps: FPS }, false);
    failed.take(0, frameAt(0));
    failed.fail(new Error('the drawing stopped'));
    await expect(failed.finished()).rejects.toThrow('the drawing stopped');
  });
});
