import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { fixture, tempDir } from '../support/fixtures.js';

// Records when the check's face model thread is started, the real thread still starting.
const boots: number[] = [];
vi.mock('../../src-main/engine/face/face-session.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/engine/face/face-session.js')>();
  return {
    ...original,
    warmFaceSession: () => {
      boots.push(performance.now());
      original.warmFaceSession();
    },
  };
});

const work = tempDir('tp-check-boot-');
afterAll(() => work.cleanup());

/** The times the animate stage reported its progress, from the render's own hook. */
async function renderWatchingTheDrawing(name: string, verify: boolean): Promise<{ drawingHalfDone: number; framesAnalysed: number | undefined }> {
  boots.length = 0;
  const drawing: Array<{ percent: number; at: number }> = [];
  const report = await renderProject(
    {
      photoPath: fixture('portrait-obama.jpg'),
      script: 'Half price this week, only in our shop.',
      outDir: path.join(work.dir, name),
      width: 360,
      height: 640,
      verify,
      route: 'local',
    },
    { onProgress: (p) => (p.stage === 'animate' ? drawing.push({ percent: p.percent, at: performance.now() }) : undefined) },
  );
  return { drawingHalfDone: drawing.find((p) => p.percent >= 50)!.at, framesAnalysed: (report.quality.video as { framesAnalysed?: number } | undefined)?.framesAnalysed };
}

describe("the frame check's face model", () => {
  it('boots while a small frame is still being drawn, so the verify stage does not wait on it', async () => {
    const { drawingHalfDone, framesAnalysed } = await renderWatchingTheDrawing('small', true);
    expect(boots.length).toBeGreaterThan(0);
    expect(boots[0]).toBeLessThan(drawingHalfDone);
    expect(framesAnalysed).toBeGreaterThan(0);
  });

  it('is never started by a render without the check', async () => {
    const { framesAnalysed } = await renderWatchingTheDrawing('unverified', false);
    expect(boots).toEqual([]);
    expect(framesAnalysed).toBeUndefined();
  });
});
