import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBlinkRun, MAX_CLOSED_SHARE, measureBlinksOnPhoto } from '../support/blink-measure.js';
import { FIXTURES_DIR, REPO_ROOT, tempDir } from '../support/fixtures.js';

/**
 * Issue 17's blink targets on the rendered frames, tracked with the face mesh and its iris
 * model on each eye (tests/support/eye-opening.ts), on the bundled sample (narrow, smiling
 * eyes) and the closed-mouth fixture, 9 s at 360×640:
 * - every full blink's middle frame reads at most 35 % of open, both eyes averaged (this
 *   test's log: sample 0.35 and 0.31, biden 0.18 and 0.22; with the lid's margin stopping
 *   at the lower lid's rim, biden read 0.22 and 0.38; the coarse face mesh's lids, which
 *   cannot see the far eye close, read the sample at 0.59–0.65 and biden at 0.42–0.50);
 * - every planned blink is seen, 10–25 a minute.
 */
const work = tempDir('tp-blink-targets-');
afterAll(() => work.cleanup());

describe.each([
  ['the bundled sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg')],
  ['portrait-biden-tall', path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg')],
])('blinks rendered on %s', (name, photoPath) => {
  it('shuts both eyes to at most 35 % of open at every blink’s middle, 10–25 a minute, every one seen', async () => {
    const run = await measureBlinksOnPhoto({ photoPath, outDir: path.join(work.dir, name.replace(/\W+/g, '-')) });
    console.info(describeBlinkRun(name, run));
    expect(run.blinks.length).toBeGreaterThanOrEqual(2);
    for (const blink of run.blinks) expect(blink.ratio).toBeLessThanOrEqual(MAX_CLOSED_SHARE);
    expect(run.plannedPerMinute).toBeGreaterThanOrEqual(10);
    expect(run.plannedPerMinute).toBeLessThanOrEqual(25);
    expect(run.seenPerMinute).toBeGreaterThanOrEqual(run.plannedPerMinute);
    expect(run.seenPerMinute).toBeLessThanOrEqual(25);
  }, 300_000);
});
