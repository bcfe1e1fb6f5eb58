import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import type { VideoVerification } from '../../src-main/engine/verify/video-verify.js';
import { FIXTURE_NAMES, fixture, tempDir } from '../support/fixtures.js';

/**
 * Issue 3's viewer-side targets, measured by running the face mesh on the rendered
 * frames of every fixture: lips that open on open vowels ≥ 3× as wide as on p/b/m (issue
 * 14's measure) with the picture 0–2 frames ahead, opening spread 0.03–0.10,
 * closed in silence, 10–25 blinks a minute, a head that moves a little, a face in every
 * frame. Every fixture meets them, rgba-speaker (its photo's mouth wide open) included.
 */
const SCRIPT =
  'Good morning, everyone. Today I want to show you something simple. ' + 'One photo, a few lines of text, and a voice. That is all it takes. ' + 'Thank you for listening, and see you soon.';

const work = tempDir('tp-targets-');
afterAll(() => work.cleanup());

describe.each(FIXTURE_NAMES)('talking video from %s', (name) => {
  it('meets the lip-sync, blink, motion and face-found targets', async () => {
    const report = await renderProject({
      photoPath: fixture(name),
      script: SCRIPT,
      outDir: path.join(work.dir, name),
      // Small enough to render fast, large enough that the mesh can see a 240p photo's eyelids.
      width: 432,
      height: 768,
    });
    const video = report.quality.video as VideoVerification;
    // One line per fixture in the test log: the figures behind the verdict.
    console.info(
      `${name}: r=${video.lipSync.correlation.toFixed(2)} lag=${video.lipSync.lagFrames} std=${video.lipSync.opennessStd.toFixed(3)} ` +
        `speech=${video.lipSync.opennessSpeech.toFixed(3)} silence=${video.lipSync.opennessSilence.toFixed(3)} ` +
        `blinks/min=${video.blinks.perMinute.toFixed(1)} head=${video.head.motionStdIod.toFixed(3)} face=${video.faceFoundRatio}`,
    );
    const visemes = report.quality.visemes!;
    console.info(
      `${name}: closure ${visemes.closure.closed}/${visemes.closure.phones} open/closed ${visemes.openVsClosed.ratio?.toFixed(2)} ` +
        `rounded/spread ${visemes.rounding.ratio?.toFixed(2)} lead ${visemes.lead.frames}`,
    );
    expect(video.faceFoundRatio).toBe(1);
    // Lip sync as issue 14 measures it: against eSpeak's phone times, on the rendered frames.
    // (The old figure, the mouth's correlation with loudness, is high for a loudness puppet
    // and 0.2–0.4 for a real person: it cannot tell a mouth that says the words.)
    expect(visemes.method).toBe('synthesizer');
    expect(visemes.openVsClosed.ratio).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.openToClosed);
    expect(visemes.lead.frames).toBeGreaterThanOrEqual(0);
    expect(visemes.lead.frames).toBeLessThanOrEqual(2);
    expect(Math.abs(video.lipSync.lagFrames)).toBeLessThanOrEqual(2);
    expect(video.lipSync.opennessStd).toBeGreaterThanOrEqual(0.03);
    expect(video.lipSync.opennessStd).toBeLessThanOrEqual(0.1);
    expect(video.lipSync.opennessSilence).toBeLessThan(video.lipSync.opennessSpeech * 0.6);
    expect(video.blinks.perMinute).toBeGreaterThanOrEqual(10);
    expect(video.blinks.perMinute).toBeLessThanOrEqual(25);
    expect(video.head.motionStdIod).toBeGreaterThan(0.005);
    expect(video.head.motionStdIod).toBeLessThan(0.12);
  });
});
