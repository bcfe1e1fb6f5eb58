import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import { MAX_TOOTH_SHARE_CLOSED } from '../../src-main/engine/verify/mouth-artifacts.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';
import { describeMouthRun, measureMouthOnPhoto } from '../support/mouth-measure.js';

/**
 * Issue 14's mouth targets, measured as a viewer sees them: eSpeak speaks a passage rich in
 * p/b/m, rounded and spread vowels (its phone times are exact), the app renders it, and the
 * face mesh tracks the rendered frames. The lips must meet on ≥ 90% of p/b/m, open vowels
 * must open ≥ 3× as wide as p/b/m, and u/o/w must be ≤ 0.88× as wide as i/e. The frames
 * at full closure and widest opening are saved (to TP_MEASURE_FRAMES when set, to look at)
 * and the closed one may show no teeth in its lip band. Every photo meets every target,
 * the smiling sample and the photo whose mouth is open included.
 */
const PHOTOS = [
  ['the bundled smiling sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg')],
  // portrait-obama.jpg is the bundled sample itself.
  ['portrait-biden-tall.jpg', fixture('portrait-biden-tall.jpg')],
  ['rgba-speaker.png', fixture('rgba-speaker.png')],
] as const;

const work = tempDir('tp-visemes-');
afterAll(() => work.cleanup());

describe.each(PHOTOS)('the mouth on %s', (name, photoPath) => {
  it('closes on p/b/m without teeth showing, opens on open vowels and rounds on u/o/w', async () => {
    const outDir = path.join(work.dir, name.replace(/\W+/g, '-'));
    const run = await measureMouthOnPhoto({ photoPath, outDir, framesDir: process.env.TP_MEASURE_FRAMES });
    // One line per photo in the test log: the figures behind the verdict.
    console.info(describeMouthRun(name, run));
    const { visemes: m, track, teeth } = run;
    // Soft: one run names every target missed, not only the first.
    expect.soft(track.found).toBe(track.meshed);
    expect.soft(m.closure.phones).toBeGreaterThanOrEqual(8);
    expect.soft(m.closure.share).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.closureShare);
    expect.soft(m.openVsClosed.ratio).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.openToClosed);
    expect.soft(m.rounding.ratio).toBeLessThanOrEqual(LIP_SYNC_TARGETS.roundedToSpread);
    expect.soft(m.lead.frames).toBeGreaterThanOrEqual(0);
    expect.soft(m.lead.frames).toBeLessThanOrEqual(2);
    expect.soft(teeth.share).toBeLessThanOrEqual(MAX_TOOTH_SHARE_CLOSED);
  });
});
