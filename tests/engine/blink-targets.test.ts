import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBlinkRun, measureBlinksOnPhoto } from '../support/blink-measure.js';
import { FIXTURES_DIR, REPO_ROOT, tempDir } from '../support/fixtures.js';

/**
 * Issue 17's blink targets on the rendered frames, tracked with the face mesh, on the
 * bundled sample (narrow, smiling eyes) and the closed-mouth fixture, 9 s at 360×640.
 *
 * What is asserted, and what is not (the figures are from this test's own log; "before"
 * is the warped blink this replaced, measured the same way):
 * - biden: every full blink's middle frame reads shut on the eye the tracker reads
 *   closely, at most half of its open value (0.27–0.48 over this work's runs, moving with
 *   the head's motion; before 0.49–0.53);
 * - every planned blink is seen (biden before: one of two unseen), 10–25 a minute;
 * - the sample's closure is logged, not asserted: its narrow smiling eyes sit at the
 *   tracker's floor (better-read eye 0.39–0.51 over this work's blink plans, before
 *   0.44–0.46); its painted lid is
 *   checked on the pixels instead (eyelids.test.ts: none of the iris's dark left);
 * - the issue's ≤ 35 % with both eyes averaged is NOT met (sample 0.55–0.64, before 0.62;
 *   biden 0.39–0.54, before 0.53–0.55): on a face turned even slightly the tracker
 *   refines one eye only and keeps the coarse face mesh's lids for the other, which read
 *   0.5–0.65 of open even with both eyes painted over with cheek skin.
 */
const work = tempDir('tp-blink-targets-');
afterAll(() => work.cleanup());

describe.each([
  ['the bundled sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), undefined],
  ['portrait-biden-tall', path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg'), 0.5],
])('blinks rendered on %s', (name, photoPath, maxCloserEye) => {
  it('shows every blink to the tracker, 10–25 a minute, shut at its middle', async () => {
    const run = await measureBlinksOnPhoto({ photoPath, outDir: path.join(work.dir, name.replace(/\W+/g, '-')) });
    console.info(describeBlinkRun(name, run));
    expect(run.blinks.length).toBeGreaterThanOrEqual(2);
    if (maxCloserEye !== undefined) for (const blink of run.blinks) expect(blink.closerEye).toBeLessThanOrEqual(maxCloserEye);
    expect(run.plannedPerMinute).toBeGreaterThanOrEqual(10);
    expect(run.plannedPerMinute).toBeLessThanOrEqual(25);
    expect(run.seenPerMinute).toBeGreaterThanOrEqual(run.plannedPerMinute);
    expect(run.seenPerMinute).toBeLessThanOrEqual(25);
  }, 300_000);
});
