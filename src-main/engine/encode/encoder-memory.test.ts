import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaTools } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { VideoEncoder } from './video-encoder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-encoder-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIDTH = 1080;
const HEIGHT = 1920;
const FPS = 25;
const FRAMES = 75;

/** Our ffmpeg children (any thread of this process may have started them). */
function ffmpegChildren(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    let children = '';
    try {
      children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim();
    } catch {
      continue;
    }
    for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg') pids.push(pid);
      } catch {
        // Ended between listing and reading.
      }
    }
  }
  return pids;
}

function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

describe.runIf(process.platform === 'linux')("the video encoder's memory (issue 15)", () => {
  it('runs x264 with the lean allocator and keeps a 1080×1920 encode under 267 MB', async () => {
    const audioPath = path.join(dir, 'silence.wav');
    const made = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', String(FRAMES / FPS), '-y', audioPath]);
    expect(made.code).toBe(0);
    const before = new Set(ffmpegChildren());
    const encoder = new VideoEncoder({ width: WIDTH, height: HEIGHT, fps: FPS, audioPath, outFile: path.join(dir, 'out.mp4') });
    const pid = ffmpegChildren().find((p) => !before.has(p));
    expect(pid).toBeDefined();
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid!))), 20);
    try {
      // Like a talking head: a detailed still picture with one region that changes each frame.
      const luma = WIDTH * HEIGHT;
      const still = Buffer.alloc(luma * 1.5, 128);
      let seed = 12345;
      for (let i = 0; i < luma; i++) still[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 0xff;
      for (let k = 0; k < FRAMES; k++) {
        const frame = Buffer.from(still);
        for (let y = 700; y < 1100; y++) frame.fill((k * 37 + y) & 0xff, y * WIDTH + 300, y * WIDTH + 780);
        await encoder.writeFrame(frame);
      }
      await encoder.finish();
    } finally {
      clearInterval(sampler);
    }
    expect(environ).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']));
    // Measured on these frames: 271–274 MB with glibc's default allocator, 253–261 MB lean.
    expect(peak).toBeLessThan(267);
  }, 120_000);
});
