import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import { analyzeFaces } from '../../src-main/face/face-analysis.js';
import { mouthOpening } from '../../src-main/face/landmarks.js';
import { intakePhoto } from '../../src-main/intake/photo-intake.js';
import { renderProject } from '../../src-main/pipeline/render-project.js';
import { trackMouth } from '../../src-main/verify/mouth-track.js';
import { framesToMesh, measureVisemes } from '../../src-main/verify/viseme-measures.js';
import type { PhoneTimeline } from '../../src-main/voice/phone-timeline.js';
import { synthesizeSpeech } from '../../src-main/voice/tts.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';

/**
 * Issue 14's mouth targets, measured as a viewer sees them: eSpeak speaks a passage rich in
 * p/b/m, rounded and spread vowels (its phone times are exact), the app renders it, and the
 * face mesh tracks the rendered frames. The lips must meet on ≥ 90% of p/b/m, open vowels
 * must open ≥ 3× as wide as p/b/m, and u/o/w must be ≤ 0.88× as wide as i/e.
 */
const PASSAGE = 'Bob bought a blue map. Pam, pop by my boat, and meet me.';

const PHOTOS = [
  ['the bundled smiling sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg')],
  // portrait-obama.jpg is the bundled sample itself.
  ['portrait-biden-tall.jpg', fixture('portrait-biden-tall.jpg')],
  ['rgba-speaker.png', fixture('rgba-speaker.png')],
] as const;

const work = tempDir('tp-visemes-');
afterAll(() => work.cleanup());

describe.each(PHOTOS)('the mouth on %s', (name, photoPath) => {
  it('closes on p/b/m, opens on open vowels and rounds on u/o/w', async () => {
    const outDir = path.join(work.dir, name.replace(/\W+/g, '-'));
    // eSpeak is deterministic: the render's own synthesis has these very phones.
    const voice = await synthesizeSpeech({ text: PASSAGE, language: 'en', workDir: path.join(outDir, 'voice') });
    const timeline = (voice as { phones?: PhoneTimeline }).phones;
    if (!timeline?.phones.length) {
      throw new Error('Voice.phones is missing or empty for an eSpeak voice: the phone timeline (issue 14 §1) must land before the mouth can be measured.');
    }
    const report = await renderProject({ photoPath, script: PASSAGE, outDir, width: 360, height: 640, verify: false });
    expect(report.voice.durationS).toBeCloseTo(voice.durationS, 2);

    // The photo's own gap is the rest the lips come back to.
    const photo = await intakePhoto(photoPath);
    const restGap = mouthOpening((await analyzeFaces(photo)).chosen.mesh);
    const { fps, frames } = report.output;
    const track = await trackMouth({
      videoPath: path.join(outDir, report.files.video),
      fps,
      frameCount: frames,
      region: report.animation.region,
      frames: framesToMesh(timeline, fps, frames),
    });
    const m = measureVisemes(track, timeline, restGap);
    console.info(
      `${name}: closure ${m.closure.closed}/${m.closure.phones} = ${m.closure.share.toFixed(2)} (rest ${restGap.toFixed(3)}, threshold ${m.closure.thresholdGap.toFixed(3)}, speech p90 ${m.closure.speechP90Gap.toFixed(3)}); ` +
        `open/closed ${m.openVsClosed.meanOpenGap.toFixed(3)}/${m.openVsClosed.meanClosedGap.toFixed(3)} = ${m.openVsClosed.ratio?.toFixed(2)}; ` +
        `rounded/spread ${m.rounding.meanRoundedWidth.toFixed(3)}/${m.rounding.meanSpreadWidth.toFixed(3)} = ${m.rounding.ratio?.toFixed(2)}; ` +
        `lead ${m.lead.frames} frames (r ${m.lead.r.toFixed(2)}); meshed ${track.meshed}/${frames}, face in ${track.found}, iod ${track.iodPx.toFixed(0)} px, ${Math.round(track.trackMs)} ms`,
    );
    expect(track.found).toBe(track.meshed);
    expect(m.closure.phones).toBeGreaterThanOrEqual(8);
    expect(m.closure.share).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.closureShare);
    expect(m.openVsClosed.ratio).toBeGreaterThanOrEqual(LIP_SYNC_TARGETS.openToClosed);
    expect(m.rounding.ratio).toBeLessThanOrEqual(LIP_SYNC_TARGETS.roundedToSpread);
    expect(m.lead.frames).toBeGreaterThanOrEqual(0);
    expect(m.lead.frames).toBeLessThanOrEqual(2);
  });
});
