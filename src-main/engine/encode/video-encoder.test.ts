import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { VideoEncoder } from './video-encoder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-video-encoder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIDTH = 64;
const HEIGHT = 64;
const frame = Buffer.alloc(WIDTH * HEIGHT * 1.5, 128);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The ffmpeg children of this process right now (Linux's /proc; elsewhere none are seen). */
async function ffmpegChildren(): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const result = await runProcess('pgrep', ['-P', String(process.pid), '-f', mediaTools().ffmpeg.path]);
  return result.stdout.toString().split('\n').filter(Boolean).map(Number).filter(alive);
}

describe('the video encoder', () => {
  it('fails with ffmpeg’s own words when the voice cannot be read', async () => {
    const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: 25, audioPath: path.join(dir, 'no-such-voice.wav'), outFile: path.join(dir, 'out.mp4') });
    const error = await (async () => {
      for (let k = 0; k < 50; k++) await encoder.writeFrame(frame);
      await encoder.finish();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^ffmpeg could not encode the video: .*no-such-voice\.wav: No such file or directory/);
  });

  it('stops ffmpeg when the render is cancelled, and says CANCELLED', async () => {
    const voice = path.join(dir, 'voice.wav');
    const made = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '4', '-y', voice]);
    expect(made.code).toBe(0);
    const before = await ffmpegChildren();
    const controller = new AbortController();
    const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: 25, audioPath: voice, outFile: path.join(dir, 'cancelled.mp4'), signal: controller.signal });
    for (let k = 0; k < 10; k++) await encoder.writeFrame(frame);
    const running = (await ffmpegChildren()).filter((pid) => !before.includes(pid));
    if (process.platform === 'linux') expect(running).toHaveLength(1);
    controller.abort();
    const error = await encoder.finish().catch((e: unknown) => e);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
    await expect(encoder.writeFrame(frame)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(running.filter(alive)).toEqual([]);
  });

  it('hands the judged copy of each frame over unmarked: the watermark is drawn on the master only', async () => {
    const voice = path.join(dir, 'voice-judged.wav');
    const made = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '1', '-y', voice]);
    expect(made.code).toBe(0);
    const [width, height] = [320, 480];
    const grey = Buffer.alloc(width * height * 1.5, 128);
    // The mark sits in the top-left corner: the judged region covers it.
    const size = { width: 80, height: 60 };
    const judged = { filter: `crop=160:120:0:0,scale=${size.width}:${size.height}:flags=bilinear` };
    const outFile = path.join(dir, 'marked.mp4');
    const encoder = new VideoEncoder({ width, height, fps: 25, audioPath: voice, outFile, watermark: true, judged });
    const chunks: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of encoder.judgedFrames!) chunks.push(chunk as Buffer);
    })();
    for (let k = 0; k < 25; k++) await encoder.writeFrame(grey);
    await encoder.finish();
    await reading;
    const copy = Buffer.concat(chunks);
    expect(copy.length).toBe(25 * size.width * size.height * 1.5);
    expect(copy.every((level) => level === 128)).toBe(true);
    // The file itself carries the mark there: bright letters on the grey.
    const first = await runProcess(mediaTools().ffmpeg.path, [
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      outFile,
      '-frames:v',
      '1',
      '-vf',
      'crop=160:120:0:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ]);
    expect(first.code).toBe(0);
    expect(Math.max(...first.stdout)).toBeGreaterThan(160);
  });
});
