import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { measureFileLoudness } from '../../src-main/engine/voice/audio-normalize.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { fixture, tempDir } from '../support/fixtures.js';

/**
 * Issue 16: report.json says what the cleanup did to the creator's own recording (rumble
 * filter, noise taken down, de-essing, loudness before and after, true peak) and whether
 * the raw take was kept. Rendered from a short phone-like take over a fan.
 */

const work = tempDir('tp-recording-report-');
let take = '';

beforeAll(async () => {
  const voice = await synthesizeSpeech({ text: 'Please pass the butter, Bob. See you soon.', language: 'en', workDir: path.join(work.dir, 'tts') });
  take = path.join(work.dir, 'fan-take.m4a');
  // Quiet (about −30 LUFS) over a fan, as a phone on a desk records it.
  const graph = 'anoisesrc=color=pink:amplitude=0.02:r=48000[fan];[0:a]volume=-14dB[v];[v][fan]amix=2:normalize=0:duration=first';
  const made = await runProcess(mediaTools().ffmpeg.path, ['-nostdin', '-v', 'error', '-y', '-i', voice.audioPath, '-filter_complex', graph, '-ac', '1', '-c:a', 'aac', take]);
  if (made.code !== 0) throw new Error(made.stderr);
}, 60_000);
afterAll(() => work.cleanup());

const render = async (name: string, rawVoice: boolean): Promise<{ report: RenderReport; outDir: string }> => {
  const outDir = path.join(work.dir, name);
  await renderProject({ photoPath: fixture('portrait-biden-tall.jpg'), audioPath: take, rawVoice, outDir, width: 256, height: 448, verify: false });
  return { report: JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8')) as RenderReport, outDir };
};

describe("report.json's account of the creator's own recording", () => {
  it('gives the cleanup’s figures: high-pass, noise taken down, de-essing, loudness before and after, true peak', async () => {
    const { report, outDir } = await render('cleaned', false);
    const cleanup = report.voice.cleanup!;
    console.info(`cleaned take: ${JSON.stringify(cleanup)}`);
    expect(cleanup).toMatchObject({ rawKept: false, applied: true, highPassHz: 80 });
    // Measured 11.8 dB; the fan is random noise, so a run may read a little less.
    expect(cleanup.noiseReductionDb).toBeGreaterThan(6);
    expect(cleanup.noiseFloorDbfs!.before - cleanup.noiseFloorDbfs!.after).toBeCloseTo(cleanup.noiseReductionDb!, 0);
    expect(cleanup.deEss!.share).toBeGreaterThanOrEqual(0);
    expect(cleanup.deEss!.maxReductionDb).toBeLessThanOrEqual(6);
    expect(cleanup.speechShare).toBeGreaterThan(0.3);
    // As received: quiet; as muxed: −14 LUFS under −1 dBTP, as the video's own sound measures.
    expect(cleanup.loudness.beforeLufs).toBeLessThan(-24);
    expect(Math.abs(cleanup.loudness.afterLufs! - -14)).toBeLessThanOrEqual(1);
    expect(cleanup.loudness.truePeakAfterDbtp).toBeLessThanOrEqual(-1);
    const muxed = await measureFileLoudness(path.join(outDir, 'video.mp4'));
    expect(Math.abs(muxed.lufs - cleanup.loudness.afterLufs!)).toBeLessThan(1);
  }, 180_000);

  it('says the raw take was kept, with the loudness step alone', async () => {
    const { report } = await render('raw', true);
    expect(report.voice.cleanup).toEqual({
      rawKept: true,
      applied: false,
      highPassHz: null,
      noiseReductionDb: null,
      noiseFloorDbfs: null,
      deEss: null,
      speechShare: null,
      loudness: { beforeLufs: expect.any(Number), afterLufs: expect.any(Number), truePeakAfterDbtp: expect.any(Number) },
    });
    expect(report.voice.cleanup!.loudness.truePeakAfterDbtp).toBeLessThanOrEqual(-1);
  }, 180_000);
});
