import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIP_SYNC_TARGETS } from '../../src-shared/lip-sync-targets.js';
import { analyzeFaces } from '../../src-main/face/face-analysis.js';
import { withFaceSession } from '../../src-main/face/face-session.js';
import { mouthOpening } from '../../src-main/face/landmarks.js';
import { writeJpeg } from '../../src-main/intake/jpeg-writer.js';
import { intakePhoto } from '../../src-main/intake/photo-intake.js';
import { renderProject } from '../../src-main/pipeline/render-project.js';
import { analysisSize, decodeFramesAt } from '../../src-main/verify/frame-decode.js';
import { MAX_TOOTH_SHARE_CLOSED, teethInLipBand } from '../../src-main/verify/mouth-artifacts.js';
import { trackMouth } from '../../src-main/verify/mouth-track.js';
import { extremeFrames, framesToMesh, measureVisemes } from '../../src-main/verify/viseme-measures.js';
import type { PhoneTimeline } from '../../src-main/voice/phone-timeline.js';
import { synthesizeSpeech } from '../../src-main/voice/tts.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';

/**
 * Issue 14's mouth targets, measured as a viewer sees them: eSpeak speaks a passage rich in
 * p/b/m, rounded and spread vowels (its phone times are exact), the app renders it, and the
 * face mesh tracks the rendered frames. The lips must meet on ≥ 90% of p/b/m, open vowels
 * must open ≥ 3× as wide as p/b/m, and u/o/w must be ≤ 0.88× as wide as i/e. The frames
 * at full closure and widest opening are saved (to TP_MEASURE_FRAMES when set, to look at)
 * and the closed one may show no teeth in its lip band.
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
  it('closes on p/b/m without teeth showing, opens on open vowels and rounds on u/o/w', async () => {
    const outDir = path.join(work.dir, name.replace(/\W+/g, '-'));
    // eSpeak is deterministic: the render's own synthesis has these very phones.
    const voice = await synthesizeSpeech({ text: PASSAGE, language: 'en', workDir: path.join(outDir, 'voice') });
    const timeline = (voice as { phones?: PhoneTimeline }).phones;
    if (!timeline?.phones.length) {
      throw new Error('Voice.phones is missing or empty for an eSpeak voice: the phone timeline (issue 14 §1) must land before the mouth can be measured.');
    }
    const report = await renderProject({ photoPath, script: PASSAGE, outDir, width: 360, height: 640, verify: false });
    expect(report.voice.durationS).toBeCloseTo(voice.durationS, 2);

    // The photo's own gap: the rest the lips come back to (shut lips where the photo's mouth is open).
    const photo = await intakePhoto(photoPath);
    const photoGap = mouthOpening((await analyzeFaces(photo)).chosen.mesh);
    const { fps, frames } = report.output;
    const track = await trackMouth({
      videoPath: path.join(outDir, report.files.video),
      fps,
      frameCount: frames,
      region: report.animation.region,
      frames: framesToMesh(timeline, fps, frames),
    });
    const m = measureVisemes(track, timeline, photoGap);
    console.info(
      `${name}: closure ${m.closure.closed}/${m.closure.phones} = ${m.closure.share.toFixed(2)} (photo ${photoGap.toFixed(3)}, rest ${m.closure.restGap.toFixed(3)}, threshold ${m.closure.thresholdGap.toFixed(3)}, speech p90 ${m.closure.speechP90Gap.toFixed(3)}); ` +
        `open/closed ${m.openVsClosed.meanOpenGap.toFixed(3)}/${m.openVsClosed.meanClosedGap.toFixed(3)} = ${m.openVsClosed.ratio?.toFixed(2)}; ` +
        `rounded/spread ${m.rounding.meanRoundedWidth.toFixed(3)}/${m.rounding.meanSpreadWidth.toFixed(3)} = ${m.rounding.ratio?.toFixed(2)}; ` +
        `lead ${m.lead.frames} frames (r ${m.lead.r.toFixed(2)}); meshed ${track.meshed}/${frames}, face in ${track.found}, iod ${track.iodPx.toFixed(0)} px, ${Math.round(track.trackMs)} ms`,
    );

    // The two frames a viewer checks for defects, meshed again at the same size.
    const extremes = extremeFrames(track, timeline);
    const size = analysisSize(report.animation.region);
    const decoded = await decodeFramesAt({ videoPath: path.join(outDir, report.files.video), region: report.animation.region }, size.width, size.height, [extremes.closed, extremes.widest]);
    const framesDir = path.join(process.env.TP_MEASURE_FRAMES ?? outDir, 'frames');
    mkdirSync(framesDir, { recursive: true });
    const slug = name.replace(/\W+/g, '-');
    for (const [label, k] of [['closed', extremes.closed], ['widest', extremes.widest]] as const) {
      await writeJpeg(decoded.get(k)!, size.width, size.height, path.join(framesDir, `${slug}-${label}-frame${k}.jpg`));
    }
    const closedImage = { rgb: decoded.get(extremes.closed)!, ...size };
    const closedFace = (await withFaceSession((session) => session.detect(closedImage, { refine: false })))[0]!;
    const teeth = teethInLipBand(closedImage, closedFace.mesh);
    console.info(`${name}: full closure at frame ${extremes.closed} (gap ${track.gap[extremes.closed]!.toFixed(3)}) shows ${(teeth.share * 100).toFixed(1)}% tooth-coloured pixels in its lip band; widest at frame ${extremes.widest} (gap ${track.gap[extremes.widest]!.toFixed(3)}); frames in ${framesDir}`);

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
