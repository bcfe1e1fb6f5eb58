import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestVideo } from '../../../tests/support/media.js';
import { decodeYuvFrames, type DecodeTap } from './frame-decode.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { measureMediaHealth, mediaHealthTap } from './media-health.js';

describe('the file check riding on the frame check’s decode', () => {
  let dir: string;
  let video: string;
  const region = { x: 40, y: 20, width: 200, height: 200 };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tp-frame-decode-'));
    video = path.join(dir, 'video.mp4');
    // 3 s of moving picture, then the last frame held for 4 s (a freeze), with a tone.
    await makeTestVideo(video, 'testsrc=size=320x240:rate=25:duration=3,tpad=stop_mode=clone:stop_duration=4', 7);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what the file check alone finds (lengths, the held picture, loudness), from one decode that also yields every frame', async () => {
    const alone = await measureMediaHealth(video, { region });
    const shared = await mediaHealthTap(video, { region });
    let frames = 0;
    for await (const frame of decodeYuvFrames({ videoPath: video, region, tap: shared.tap }, 128, 128, 175)) {
      expect(frame.y.length).toBe(128 * 128);
      frames++;
    }
    expect(frames).toBe(175);
    const riding = await shared.health();
    expect(riding).toBeDefined();
    expect(alone.frozenStretches).toHaveLength(1);
    expect({ ...riding, analyseMs: 0 }).toEqual({ ...alone, analyseMs: 0, frozenStretches: riding!.frozenStretches });
    // The held picture is found in both, to within a frame or two (the file check alone skips B-frames).
    expect(riding!.frozenStretches).toHaveLength(1);
    expect(riding!.frozenStretches[0]!.startS).toBeCloseTo(alone.frozenStretches[0]!.startS, 1);
    expect(riding!.frozenStretches[0]!.endS).toBeCloseTo(alone.frozenStretches[0]!.endS, 1);
  });

  it('measures the same from the streams the encoder says it wrote as from the probe, and nothing when the file holds other streams', async () => {
    const probed = await mediaHealthTap(video, { region });
    const written = await mediaHealthTap(video, { region, written: { width: 320, height: 240, audio: true } });
    // Told there is no sound where there is: the loudness would be missing, so the caller measures on its own.
    const mistaken = await mediaHealthTap(video, { region, written: { width: 320, height: 240, audio: false } });
    for (const shared of [probed, written, mistaken]) {
      for await (const frame of decodeYuvFrames({ videoPath: video, region, tap: shared.tap }, 128, 128, 175)) void frame;
    }
    expect(written.tap.chains).toEqual(probed.tap.chains);
    const fromProbe = await probed.health();
    expect(fromProbe?.loudnessLufs).not.toBeNull();
    expect({ ...(await written.health()), analyseMs: 0 }).toEqual({ ...fromProbe, analyseMs: 0 });
    expect(await mistaken.health()).toBeUndefined();
  });

  it("reads a long clip's windows in one pass: the very frames a seek to each window gives, with the file check riding to the end", async () => {
    const windows = [
      { first: 0, count: 20 },
      { first: 80, count: 20 },
      { first: 155, count: 20 },
    ];
    const shared = await mediaHealthTap(video, { region, written: { width: 320, height: 240, audio: true } });
    const picked: Buffer[] = [];
    for await (const frame of decodeYuvFrames({ videoPath: video, region, tap: shared.tap, windows }, 128, 128, 60)) picked.push(Buffer.concat([frame.y, frame.u, frame.v]));
    // Each window on its own, from a seek to its first frame (ffmpeg decodes from the keyframe before it).
    const sought: Buffer[] = [];
    for (const w of windows) {
      const run = await runProcess(mediaTools().ffmpeg.path, [
        ...SAFE_INPUT_FLAGS,
        '-loglevel',
        'error',
        '-skip_loop_filter',
        'all',
        ...(w.first > 0 ? ['-ss', ((w.first - 0.25) / 25).toFixed(3)] : []),
        '-i',
        video,
        '-vf',
        `crop=${region.width}:${region.height}:${region.x}:${region.y},scale=128:128:flags=bilinear`,
        '-frames:v',
        String(w.count),
        '-f',
        'rawvideo',
        '-pix_fmt',
        'yuv420p',
        'pipe:1',
      ]);
      const bytes = 128 * 128 * 1.5;
      for (let k = 0; k < w.count; k++) sought.push(run.stdout.subarray(k * bytes, (k + 1) * bytes));
    }
    expect(picked).toHaveLength(60);
    expect(picked.every((frame, k) => frame.equals(sought[k]!))).toBe(true);
    const health = await shared.health();
    expect(health?.videoDurationS).toBeCloseTo(7, 1);
    expect(health?.frozenStretches).toHaveLength(1);
  });

  it('reports nothing when the frame check stops before the end (the caller then measures on its own)', async () => {
    let called = false;
    const tap: DecodeTap = { ...(await mediaHealthTap(video, { region })).tap, onLog: () => (called = true) };
    let frames = 0;
    for await (const frame of decodeYuvFrames({ videoPath: video, region, tap }, 128, 128, 175)) {
      void frame;
      if (++frames === 10) break;
    }
    expect(frames).toBe(10);
    expect(called).toBe(false);
  });
});
