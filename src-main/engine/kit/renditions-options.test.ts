import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformSpec } from '../../../src-shared/platforms.js';
import { tempDir } from '../../../tests/support/fixtures.js';
import { frameAt } from '../../../tests/support/media.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import type { Cue } from './captions.js';
import { writeRenditions } from './renditions.js';

const work = tempDir('tp-rendition-options-');
afterAll(() => work.cleanup());

/** A flat grey master with a tone: every pixel that is not grey was drawn by the kit. */
async function greyMaster(name: string, width: number, height: number, seconds: number): Promise<string> {
  const file = path.join(work.dir, `${name}.mp4`);
  const result = await runProcess(mediaTools().ffmpeg.path, [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x808080:s=${width}x${height}:r=25:d=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=f=220:d=${seconds}:sample_rate=48000`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '20',
    '-pix_fmt',
    'yuv420p',
    '-maxrate',
    '3000k',
    '-bufsize',
    '6000k',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-ac',
    '2',
    '-movflags',
    '+faststart',
    '-y',
    file,
  ]);
  expect(result.code, result.stderr).toBe(0);
  return file;
}

/** Rows of the frame holding near-white pixels (burned caption text). */
function whiteRows(rgb: Buffer, width: number, height: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    let white = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (rgb[i]! > 235 && rgb[i + 1]! > 235 && rgb[i + 2]! > 235) white++;
    }
    if (white > 2) rows.push(y);
  }
  return rows;
}

const face = (w: number, h: number) => ({ x: w * 0.3, y: h * 0.25, width: w * 0.4, height: h * 0.25 });

describe('rendition options', () => {
  it('copies the master untouched for a platform whose frame it already is', async () => {
    const master = await greyMaster('copy', 1080, 1920, 2);
    const [tiktok] = await writeRenditions({
      master,
      masterSize: { width: 1080, height: 1920 },
      face: face(1080, 1920),
      platforms: [platformSpec('tiktok')],
      outDir: path.join(work.dir, 'copy-out'),
      workDir: path.join(work.dir, 'copy-work'),
      fps: 25,
      cues: [],
    });
    expect(tiktok!.method).toBe('copy');
    expect(tiktok!.checks.filter((c) => !c.ok)).toEqual([]);
    expect((await probeMedia(tiktok!.file)).sizeBytes).toBeGreaterThan(0);
  });

  it('burns captions into the bottom of the safe area while a cue is on screen, and nowhere else', async () => {
    const spec = platformSpec('whatsapp-status');
    const master = await greyMaster('burn', 360, 640, 3);
    const cues: Cue[] = [{ startS: 0.5, endS: 1.5, lines: ['Burned in, {not a tag} \\N', 'and readable'] }];
    const [r] = await writeRenditions({
      master,
      masterSize: { width: 360, height: 640 },
      face: face(360, 640),
      platforms: [spec],
      outDir: path.join(work.dir, 'burn-out'),
      workDir: path.join(work.dir, 'burn-work'),
      fps: 25,
      cues,
      burnCaptions: true,
    });
    expect(r!.method).toBe('encode');
    expect(
      r!.checks.find((c) => c.name === 'burned-in captions'),
      JSON.stringify(r!.checks),
    ).toMatchObject({ ok: true });
    const during = whiteRows(await frameAt(r!.file, 25, spec.width, spec.height), spec.width, spec.height);
    const after = whiteRows(await frameAt(r!.file, 60, spec.width, spec.height), spec.width, spec.height);
    expect(after).toEqual([]);
    expect(during.length).toBeGreaterThan(20);
    const safeBottom = spec.height * (1 - spec.safeArea.bottom / 100);
    expect(Math.max(...during)).toBeLessThan(safeBottom);
    expect(Math.min(...during)).toBeGreaterThan(spec.height / 2);
  });

  it('reports a too-long voice, and cuts it at the last pause that fits only when asked', async () => {
    const spec = platformSpec('whatsapp-status');
    const master = await greyMaster('long', 144, 256, 63);
    const cues: Cue[] = Array.from({ length: 12 }, (_, i) => ({ startS: i * 5.2, endS: i * 5.2 + 4.6, lines: [`sentence ${i + 1}.`] }));
    const base = { master, masterSize: { width: 144, height: 256 }, face: face(144, 256), platforms: [spec], fps: 25, cues };
    const [full] = await writeRenditions({ ...base, outDir: path.join(work.dir, 'long-full'), workDir: path.join(work.dir, 'long-work') });
    const duration = full!.checks.find((c) => c.name === 'duration')!;
    expect(duration.ok).toBe(false);
    expect(duration.detail).toMatch(/longer than WhatsApp Status's 60 s.*--trim/);

    const [cut] = await writeRenditions({ ...base, trim: true, outDir: path.join(work.dir, 'long-cut'), workDir: path.join(work.dir, 'long-work') });
    expect(cut!.trimmedToS).toBeCloseTo(10 * 5.2 + 4.6, 3);
    expect(cut!.durationS).toBeLessThanOrEqual(60);
    expect(Math.abs(cut!.durationS - cut!.trimmedToS!)).toBeLessThan(0.1);
    expect(cut!.checks.find((c) => c.name === 'duration')).toMatchObject({ ok: true });
    expect(cut!.cues.at(-1)!.endS).toBeLessThanOrEqual(cut!.trimmedToS!);
  });
});
