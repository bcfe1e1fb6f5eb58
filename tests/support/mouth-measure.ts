import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RenderReport, VisemesReport } from '../../src-shared/report.js';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import { withFaceSession } from '../../src-main/engine/face/face-session.js';
import { mouthOpening } from '../../src-main/engine/face/landmarks.js';
import { writeJpeg } from '../../src-main/engine/intake/jpeg-writer.js';
import { intakePhoto } from '../../src-main/engine/intake/photo-intake.js';
import { renderProject } from '../../src-main/engine/pipeline/render-project.js';
import { analysisSize, decodeFramesAt } from '../../src-main/engine/verify/frame-decode.js';
import { teethInLipBand, type LipBandTeeth } from '../../src-main/engine/verify/mouth-artifacts.js';
import { trackMouth, type TrackedMouth } from '../../src-main/engine/verify/mouth-track.js';
import { extremeFrames, framesToMesh, measureVisemes } from '../../src-main/engine/verify/viseme-measures.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

/**
 * One photo through issue 14's mouth measures: eSpeak speaks the passage (its phone times
 * are exact, and deterministic, so the render's own synthesis has the same phones), the
 * app renders it, the face mesh tracks the rendered frames, and the frames at full closure
 * and widest opening are saved to look at. Shared by the target test and the measure script.
 */

/** Rich in p/b/m, with open (a), rounded (u o w) and spread (i e) vowels; about 4 s. */
export const MOUTH_PASSAGE = 'Bob bought a blue map. Pam, pop by my boat, and meet me.';

export interface MouthMeasureRun {
  report: RenderReport;
  track: TrackedMouth;
  visemes: VisemesReport;
  extremes: { closed: number; widest: number };
  /** Teeth in the lip band of the most shut frame during a p/b/m. */
  teeth: LipBandTeeth;
  /** The saved frames (closed, widest). */
  frames: string[];
}

export async function measureMouthOnPhoto(options: {
  photoPath: string;
  outDir: string;
  passage?: string;
  width?: number;
  height?: number;
  /** Where the two frames are saved (outDir/frames when absent). */
  framesDir?: string;
}): Promise<MouthMeasureRun> {
  const { photoPath, outDir } = options;
  const passage = options.passage ?? MOUTH_PASSAGE;
  const voice = await synthesizeSpeech({ text: passage, language: 'en', workDir: path.join(outDir, 'voice') });
  const timeline = voice.phones;
  if (!timeline?.phones.length) {
    throw new Error('Voice.phones is missing or empty for an eSpeak voice: the phone timeline (issue 14 §1) must land before the mouth can be measured.');
  }
  const report = await renderProject({ photoPath, script: passage, outDir, width: options.width ?? 360, height: options.height ?? 640, verify: false });
  if (Math.abs(report.voice.durationS - voice.durationS) > 0.01)
    throw new Error(`the render's voice lasts ${report.voice.durationS} s, the measured one ${voice.durationS} s: eSpeak is not deterministic here`);

  // The photo's own gap: the rest the lips come back to (shut lips where the photo's mouth is open).
  const photoGap = mouthOpening((await analyzeFaces(await intakePhoto(photoPath))).chosen.mesh);
  const { fps, frames } = report.output;
  const videoPath = path.join(outDir, report.files.video);
  const region = report.animation.region;
  const track = await trackMouth({ videoPath, fps, frameCount: frames, region, frames: framesToMesh(timeline, fps, frames) });
  const visemes = measureVisemes(track, timeline, photoGap);

  // The two frames a viewer checks for defects, meshed again at the same size.
  const extremes = extremeFrames(track, timeline);
  const size = analysisSize(region);
  const decoded = await decodeFramesAt({ videoPath, region }, size.width, size.height, [extremes.closed, extremes.widest]);
  const framesDir = options.framesDir ?? path.join(outDir, 'frames');
  mkdirSync(framesDir, { recursive: true });
  const slug = path.basename(photoPath).replace(/\W+/g, '-');
  const saved: string[] = [];
  for (const [label, k] of [
    ['closed', extremes.closed],
    ['widest', extremes.widest],
  ] as const) {
    const file = path.join(framesDir, `${slug}-${label}-frame${k}.jpg`);
    await writeJpeg(decoded.get(k)!, size.width, size.height, file);
    saved.push(file);
  }
  const closedImage = { rgb: decoded.get(extremes.closed)!, ...size };
  const closedFace = (await withFaceSession((session) => session.detect(closedImage, { refine: false })))[0];
  if (!closedFace) throw new Error(`no face in frame ${extremes.closed} of ${videoPath}`);
  return { report, track, visemes, extremes, teeth: teethInLipBand(closedImage, closedFace.mesh), frames: saved };
}

/** One line of figures for a log. */
export function describeMouthRun(name: string, run: MouthMeasureRun): string {
  const { visemes: m, track, teeth, extremes } = run;
  const f = (n: number | null | undefined, d = 2) => (n === null || n === undefined ? 'n/a' : n.toFixed(d));
  return (
    `${name}: closure ${m.closure.closed}/${m.closure.phones} = ${f(m.closure.share)} (photo gap ${f(m.closure.photoGap, 3)}, rest ${f(m.closure.restGap, 3)}, threshold ${f(m.closure.thresholdGap, 3)}, speech p90 ${f(m.closure.speechP90Gap, 3)}); ` +
    `open/closed ${f(m.openVsClosed.meanOpenGap, 3)}/${f(m.openVsClosed.meanClosedGap, 3)} = ${f(m.openVsClosed.ratio)}; ` +
    `rounded/spread ${f(m.rounding.meanRoundedWidth, 3)}/${f(m.rounding.meanSpreadWidth, 3)} = ${f(m.rounding.ratio)}; ` +
    `lead ${m.lead.frames} frames (r ${f(m.lead.r)}); teeth at closure (frame ${extremes.closed}) ${f(teeth.share * 100, 1)}%; ` +
    `meshed ${track.meshed}/${track.gap.length}, face in ${track.found}, eye distance ${f(track.iodPx, 0)} px, ${Math.round(track.trackMs)} ms`
  );
}
