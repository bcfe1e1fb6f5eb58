import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../../src-shared/report.js';
import { runCli } from '../../../tests/support/cli.js';
import { fixture, tempDir } from '../../../tests/support/fixtures.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { measureMediaHealth, parseBlacks, parseFreezes } from './media-health.js';
import { videoScore } from './quality-score.js';

const work = tempDir('tp-health-');
afterAll(() => work.cleanup());

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
/** A 1 kHz tone: ffmpeg's default amplitude (1/8) reads −21.1 LUFS, so +7 dB is −14 and −9 dB is −30. */
const tone = (gainDb: number, seconds: number): string[] => ['-f', 'lavfi', '-i', `sine=f=1000:r=48000:d=${seconds},volume=${gainDb}dB`];

describe('measureMediaHealth on made-up clips', () => {
  const still = path.join(work.dir, 'still.mp4');
  const blackGap = path.join(work.dir, 'black-gap.mp4');
  const moving = path.join(work.dir, 'moving.mp4');
  const silent = path.join(work.dir, 'silent.mp4');

  beforeAll(async () => {
    await Promise.all([
      // A still photo with sound: what a stalled animation looks like.
      ffmpeg(['-loop', '1', '-framerate', '25', '-i', fixture('portrait-obama.jpg'), ...tone(7, 3), '-vf', 'scale=288:512', '-t', '3', ...H264, '-c:a', 'aac', '-shortest', '-y', still]),
      // Moving picture, then 1 s of black, then moving again; a quiet tone under it.
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=288x512:r=25:d=1',
        '-f',
        'lavfi',
        '-i',
        'color=black:s=288x512:r=25:d=1',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=288x512:r=25:d=1',
        ...tone(-9, 3),
        '-filter_complex',
        '[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]',
        '-map',
        '[v]',
        '-map',
        '3:a',
        ...H264,
        '-c:a',
        'aac',
        '-y',
        blackGap,
      ]),
      // Moving picture, no sound at all.
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=288x512:r=25:d=3', ...H264, '-y', moving]),
      // Moving picture with a sound track of digital silence.
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=288x512:r=25:d=3', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', ...H264, '-c:a', 'aac', '-t', '3', '-y', silent]),
    ]);
  });

  it('calls a still photo frozen from start to end, and hears −14 LUFS', async () => {
    const health = await measureMediaHealth(still);
    expect(health.frozenStretches).toHaveLength(1);
    expect(health.frozenStretches[0]!.startS).toBeLessThan(0.1);
    expect(health.frozenStretches[0]!.endS).toBeGreaterThan(2.9);
    expect(health.blackStretches).toEqual([]);
    expect(health.loudnessLufs!).toBeGreaterThan(-15);
    expect(health.loudnessLufs!).toBeLessThan(-13);
    expect(health.videoDurationS).toBeCloseTo(3, 1);
    // Judged on a face-sized region, it is just as frozen.
    const region = await measureMediaHealth(still, { region: { x: 40, y: 60, width: 200, height: 240 } });
    expect(region.freezeScope).toBe('region');
    expect(region.frozenStretches).toHaveLength(1);
    const score = videoScore({ health });
    expect(score.parts.find((p) => p.name === 'frozen')!.score0to1).toBe(0);
    expect(score.score!).toBeLessThanOrEqual(5);
  });

  it('finds a 1 s black stretch, no freeze, and a quiet (−30 LUFS) track', async () => {
    const health = await measureMediaHealth(blackGap);
    expect(health.blackStretches).toHaveLength(1);
    expect(health.blackStretches[0]!.startS).toBeCloseTo(1, 1);
    expect(health.blackStretches[0]!.endS).toBeCloseTo(2, 1);
    expect(health.frozenStretches).toEqual([]);
    expect(health.loudnessLufs!).toBeGreaterThan(-31);
    expect(health.loudnessLufs!).toBeLessThan(-29);
    const parts = videoScore({ health }).parts;
    expect(parts.find((p) => p.name === 'loudness')!.score0to1).toBe(0);
    expect(parts.find((p) => p.name === 'black')!.score0to1!).toBeLessThan(0.7);
  });

  it('tells a file without sound from a silent sound track', async () => {
    const [none, quiet] = await Promise.all([measureMediaHealth(moving), measureMediaHealth(silent)]);
    expect(none.audioDurationS).toBeNull();
    expect(none.loudnessLufs).toBeNull();
    expect(none.frozenStretches).toEqual([]);
    expect(videoScore({ health: none }).parts.find((p) => p.name === 'loudness')!.detail).toMatch(/no sound/);
    expect(quiet.audioDurationS!).toBeGreaterThan(2.9);
    expect(quiet.loudnessLufs).toBeNull();
    expect(videoScore({ health: quiet }).parts.find((p) => p.name === 'loudness')!.detail).toMatch(/silent/);
  });
});

describe('measureMediaHealth on a real render', () => {
  it('finds a talking head neither frozen nor black, at −14 LUFS, picture and sound the same length', async () => {
    const out = path.join(work.dir, 'render');
    const result = await runCli(['render', '--photo', fixture('portrait-biden-tall.jpg'), '--script', 'Hello there. This is a short test.', '--out', out, '--size', '288x512', '--no-verify']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RenderReport;
    const health = await measureMediaHealth(path.join(out, 'video.mp4'), { region: report.animation.region });
    expect(health.freezeScope).toBe('region');
    expect(health.frozenStretches).toEqual([]);
    expect(health.blackStretches).toEqual([]);
    expect(Math.abs(health.loudnessLufs! + 14)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(health.videoDurationS! - health.audioDurationS!)).toBeLessThan(0.1);
    // The whole-frame fallback agrees.
    expect((await measureMediaHealth(path.join(out, 'video.mp4'))).frozenStretches).toEqual([]);
    const score = videoScore({ health });
    expect(score.score).toBe(10);
    expect(score.parts.filter((p) => p.score0to1 === null).map((p) => p.name)).toEqual(['closure', 'openVowels', 'rounding', 'sync', 'faceVisible', 'blinks', 'head', 'rigidity', 'artifacts']);
  });
});

describe('parsing ffmpeg logs', () => {
  it('closes a freeze that runs to the end with the video and recovers a missing start', () => {
    const log = [
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 1.2',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_duration: 2.5',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_end: 3.7',
      // ffmpeg 4.1 drops the start when a stretch closes on the frame that opened it.
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_duration: 2',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_end: 6.52',
      '[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 8',
    ].join('\n');
    expect(parseFreezes(log, 10.04)).toEqual([
      { startS: 1.2, endS: 3.7 },
      { startS: 4.52, endS: 6.52 },
      { startS: 8, endS: 10.04 },
    ]);
    expect(parseFreezes('frame= 100 fps=0.0', 4)).toEqual([]);
  });

  it('reads blackdetect lines with or without spaces', () => {
    const log = '[blackdetect @ 0x2] black_start:2 black_end:3 black_duration:1\n[blackdetect @ 0x2] black_start: 5.5 black_end: 6.04 black_duration: 0.54';
    expect(parseBlacks(log)).toEqual([
      { startS: 2, endS: 3 },
      { startS: 5.5, endS: 6.04 },
    ]);
  });
});
