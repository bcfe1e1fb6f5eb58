import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import type { MediaHealth } from '../../src-main/engine/verify/media-health.js';
import type { RenderStage } from '../../src-shared/render.js';
import { fixture, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-schedule-');
afterAll(() => work.cleanup());

/**
 * Issue 15: the check of the rendered frames and the export kit both only read the
 * finished video, but side by side they peaked at 950 MB (a 10 s five-platform kit), so
 * the pipeline runs them one after the other; both results are kept.
 */
describe('render scheduling', () => {
  it('checks the frames, then builds the export kit, and keeps both results', async () => {
    const seen: Array<{ stage: RenderStage; percent: number; at: number }> = [];
    const report = await renderProject(
      {
        photoPath: fixture('portrait-obama.jpg'),
        script: 'Half price this week, only in our shop.',
        outDir: path.join(work.dir, 'kit'),
        width: 360,
        height: 640,
        verify: true,
        platforms: ['instagram-reels', 'linkedin'],
        route: 'local',
      },
      { onProgress: (p) => seen.push({ stage: p.stage, percent: p.percent, at: performance.now() }) },
    );
    const first = (stage: RenderStage) => seen.find((e) => e.stage === stage)!.at;
    const last = (stage: RenderStage) => seen.filter((e) => e.stage === stage).at(-1)!.at;
    // The kit starts once the check is done: their memory never adds up.
    expect(first('kit')).toBeGreaterThanOrEqual(last('verify'));
    expect(report.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['verify', 'kit']));
    expect((report.quality.video as { framesAnalysed?: number } | undefined)?.framesAnalysed ?? 0).toBeGreaterThan(0);
    expect(report.kit?.renditions.map((r) => r.platform).sort()).toEqual(['instagram-reels', 'linkedin']);
    expect(existsSync(path.join(work.dir, 'kit', 'kit', 'manifest.json'))).toBe(true);
    expect(report.quality.health).toBeDefined();
  });

  it('judges the frames as they are drawn: the check spans the drawing, and the verify stage is only its tail', async () => {
    const report = await renderProject({
      photoPath: fixture('portrait-obama.jpg'),
      script: 'Half price this week, only in our shop.',
      outDir: path.join(work.dir, 'drawn'),
      width: 360,
      height: 640,
      verify: true,
      route: 'local',
    });
    const video = report.quality.video as { framesAnalysed: number; analyseMs: number };
    const stageMs = (stage: RenderStage) => report.stages.find((s) => s.stage === stage)!.durationMs;
    // Issue 15: the check reads each frame as it goes to the encoder (verify/drawn-frames.ts),
    // so it starts with the drawing and outlasts the verify stage, which only waits for its
    // last meshes and the file check; judged after the file, its span would lie inside that stage.
    expect(video.analyseMs).toBeGreaterThan(stageMs('verify'));
    expect(video.framesAnalysed).toBe(report.output.frames);
    // The file check still ran on the file: its lengths, its sound, and no freeze or black stretch in the frames drawn.
    const health = report.quality.health as MediaHealth;
    expect(health).toMatchObject({ frozenStretches: [], blackStretches: [], freezeScope: 'region' });
    expect(health.videoDurationS).toBeCloseTo(report.output.durationS, 1);
    expect(health.loudnessLufs).toBeGreaterThan(-20);
  });
});
