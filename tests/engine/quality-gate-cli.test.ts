import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { runCli } from '../support/cli.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { grantPlanInDataFolder } from '../support/plans.js';

const work = tempDir('tp-quality-gate-');
afterAll(() => work.cleanup());
// Scores are measured on unmarked videos: a Starter plan.
beforeAll(() => grantPlanInDataFolder('starter'));
const SCRIPT = 'Quality matters more than speed.';

describe('the quality gate, from the CLI', () => {
  it('reports exactly what is weak when the creator chose a setting that makes it weak, and does not override it', async () => {
    const out = path.join(work.dir, 'still-mouth');
    const result = await runCli(['render', '--photo', fixture('portrait-obama.jpg'), '--script', SCRIPT, '--out', out, '--size', '288x512', '--expressiveness', '0']);
    expect(result.code, result.stderr).toBe(0);
    const report = (await import(path.join(out, 'report.json'), { with: { type: 'json' } })).default as RenderReport;
    const scores = report.quality.scores!;
    expect(scores.passed).toBe(false);
    expect(scores.retry).toBeUndefined();
    expect(report.motion.expressiveness).toBe(0);
    // Issue 15's judge: with expressiveness 0 the mouth does not open on open vowels.
    expect(scores.weak.map((w) => w.part)).toEqual(expect.arrayContaining(['openVowels']));
    expect(result.stdout).toMatch(/below the bar/);
    expect(result.stdout).toMatch(/Weak: /);
  });

  it('tries a soft, dark photo again with stronger enhancement and keeps the better result', async () => {
    const soft = path.join(work.dir, 'soft.jpg');
    await sharp(fixture('portrait-obama.jpg')).resize(400).blur(2.2).modulate({ brightness: 0.55 }).jpeg({ quality: 70 }).toFile(soft);
    const out = path.join(work.dir, 'soft-out');
    const result = await runCli(['render', '--photo', soft, '--script', SCRIPT, '--out', out, '--size', '288x512', '--no-verify', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as RenderReport;
    const scores = report.quality.scores!;
    expect(scores.retry?.steps).toEqual(expect.arrayContaining(['enhance']));
    expect(scores.image).toBeGreaterThanOrEqual(scores.retry!.first.image);
    expect(report.stages.filter((s) => s.stage === 'enhance').length).toBe(2);
    if (!scores.passed) expect(scores.weak.length).toBeGreaterThan(0);
  });
});
