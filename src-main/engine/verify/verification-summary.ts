import { frameFeatures } from '../animate/audio-features.js';
import { at, faceWidth, LEFT_EYE, mouthOpening, NOSE_TIP, RIGHT_EYE, type Point } from '../face/landmarks.js';
import type { DetectedFace } from '../face/face-detector.js';
import { LIP_SYNC_TARGETS } from '../../../src-shared/lip-sync-targets.js';
import type { VisemesReport } from '../../../src-shared/report.js';
import { countBlinks, eyePlaneLuma, type BlinkSeries } from './eye-shade.js';
import type { YuvFrame } from './frame-decode.js';
import { geometryOf, type FrameMeasures } from './frame-pass.js';
import type { MeshPick } from './mesh-plan.js';
import { teethInLipBand } from './mouth-artifacts.js';
import { innerMouthWidth } from './mouth-track.js';
import { bestLaggedCorrelation, mean, median, std } from './stats.js';
import { MAX_LEAD_FRAMES, measureVisemes } from './viseme-measures.js';
import type { VerifyInput, VideoVerification } from './video-verify.js';

/**
 * The frame check's figures from what it collected (video-verify.ts): blinks, head motion,
 * rigidity, artifacts and the mouth's measures, each read from the decoded frames'
 * series and the meshes, never from the animation's own inputs.
 */

/** A meshed nose tip this far (eye distances) from where the tracked head puts it: the mesh or the picture jumped. */
const MESH_JUMP_IOD = 0.25;
/** A face that changes this much more than its usual frame-to-frame change, and by 6 grey levels at least, jumped. */
const JUMP_FACTOR = 5;

export interface Meshed {
  pick: MeshPick;
  rgb: Buffer;
  face: Promise<DetectedFace | undefined>;
}

export interface Collected {
  input: VerifyInput;
  width: number;
  height: number;
  /** Frames from the first to the last one judged (the series' length), and how many of them were judged. */
  frames: number;
  analysed: number;
  measures: Array<FrameMeasures | undefined>;
  reference: { index: number; frame: YuvFrame; face: DetectedFace } | undefined;
  referenceTries: number;
  anchorsFound: number;
  meshed: Meshed[];
  faces: Array<DetectedFace | undefined>;
  /** Median eye distance ÷ face width over the fully meshed frames (reference and anchors). */
  eyesPerWidth: number;
  started: number;
}

const series = (c: Collected, key: keyof FrameMeasures): number[] => Array.from({ length: c.frames }, (_, k) => c.measures[k]?.[key] ?? NaN);
const finite = (values: readonly number[]): number[] => values.filter((v) => Number.isFinite(v));
const quantileOf = (values: readonly number[], q: number): number => {
  const sorted = finite(values).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};

export function summarise(c: Collected): VideoVerification {
  const { input, frames } = c;
  // Rates (blinks a minute) are over the time judged, not the span a sparse sample covers.
  const durationS = c.analysed / input.fps;
  const meshedFrames = c.referenceTries + c.meshed.length;
  const found = (c.reference ? 1 : 0) + c.anchorsFound + c.faces.filter(Boolean).length;
  const gap = series(c, 'gap');
  const iod = c.reference ? geometryOf(c.reference.face.mesh).iodPx : 1;

  // Loudness against the seen mouth: kept for reference, never scored (a puppet made from loudness tops it).
  const level = Array.from(frameFeatures(input.voice.samples, input.voice.sampleRate, input.fps, frames).levelDb, (db) => Math.max(-60, db));
  const { r, lag } = bestLaggedCorrelation(level, gap, 2);
  const speechThreshold = Math.max(-45, median(level) - 10);
  const speechOpen = finite(gap.filter((_, k) => level[k]! > speechThreshold));
  const silenceOpen = finite(gap.filter((_, k) => level[k]! <= speechThreshold));

  // Blinks: the lid covers the dark of the eye and its white, both eyes at once, closing
  // and opening within half a second (eye-shade.ts); a frame where the face jumped says nothing.
  const right = series(c, 'rightShade');
  const left = series(c, 'leftShade');
  const faceChangeSeries = series(c, 'faceChange');
  const usualChange = median(finite(faceChangeSeries));
  const jumped = faceChangeSeries.map((d) => d > Math.max(6, JUMP_FACTOR * usualChange));
  const blinkSeries: BlinkSeries = { dark: [right, left], bright: [series(c, 'rightBright'), series(c, 'leftBright')], fps: input.fps, jumped };
  input.onBlinkSeries?.(blinkSeries);
  const seen = countBlinks(blinkSeries);
  const closed = seen.closed;
  const blinkCount = seen.count;
  let fullness: number | null = null;
  if (c.reference && blinkCount > 0) {
    const ref = c.reference;
    const skin = (eye: typeof RIGHT_EYE) => eyePlaneLuma(ref.frame.y, c.width, c.height, ref.face.mesh, eye, 0.9);
    const open = [median(finite(right)), median(finite(left))];
    const rightBright = series(c, 'rightBright');
    const leftBright = series(c, 'leftBright');
    const bright = [median(finite(rightBright)), median(finite(leftBright))];
    const span = [Math.max(8, skin(RIGHT_EYE) - open[0]!), Math.max(8, skin(LEFT_EYE) - open[1]!)];
    // Either view: the dark end lifted towards the bright, or the bright end pulled down towards the dark.
    const depth = closed
      .map((isClosed, k) => {
        if (!isClosed) return NaN;
        const dark = ((right[k]! - open[0]!) / span[0]! + (left[k]! - open[1]!) / span[1]!) / 2;
        const white = ((bright[0]! - rightBright[k]!) / span[0]! + (bright[1]! - leftBright[k]!) / span[1]!) / 2;
        return Math.max(dark, white);
      })
      .filter((d) => Number.isFinite(d));
    fullness = depth.length ? Math.min(1, Math.max(0, quantileOf(depth, 0.9))) : null;
  }

  const shiftX = series(c, 'shiftX');
  const shiftY = series(c, 'shiftY');
  const mx = median(finite(shiftX));
  const my = median(finite(shiftY));
  const offsets = shiftX.map((x, k) => Math.hypot(x - mx, shiftY[k]! - my)).filter((d) => Number.isFinite(d));

  const border = series(c, 'borderChange');
  // The encoder's own noise: what the border changes in its stillest tenth of frames; moving means 2 grey levels above it.
  const noise = Math.max(0.3, quantileOf(border, 0.1));
  const movingShare = finite(border).length ? finite(border).filter((b) => b > noise + 2).length / finite(border).length : 0;

  const edge = series(c, 'edgeTexture');
  // Each frame's outline texture against its anchor's (frame-pass.ts reads it, startPass divides).
  const edgeDamaged = finite(edge).filter((ratio) => ratio < 0.6 || ratio > 1.6).length;
  const jumpFrames = jumped.filter(Boolean).length;

  // What the mesh saw where it ran.
  const widths = new Array<number>(frames).fill(NaN);
  let teethAtClosure: number | null = null;
  let closuresChecked = 0;
  let meshJumps = 0;
  const refNose = c.reference ? at(c.reference.face.mesh, NOSE_TIP) : undefined;
  // A lips-only mesh guesses the eye points (its eye distance 2–8 % off the iris model's): its
  // ruler is its face's width (the outline is the mesh's own, iris or not) times the eye
  // distance ÷ face width of the fully meshed frames, so its measures keep their scale. The
  // median over the reference and anchors: one frame's ratio alone put the rounding widths
  // 3 % above the full meshes' on a 10 s render.
  const eyeDistanceOf = (face: DetectedFace): number => (face.lipsOnly && c.eyesPerWidth > 0 ? c.eyesPerWidth * faceWidth(face.mesh) : face.interocularPx);
  // Shifts are the head's position against the first anchor's nose (startPass).
  const refShift = { x: 0, y: 0 };
  c.meshed.forEach((m, i) => {
    const face = c.faces[i];
    if (!face) return;
    const k = m.pick.frame!;
    const eyeDistance = eyeDistanceOf(face);
    widths[k] = innerMouthWidth(face.mesh, eyeDistance);
    // Teeth count only where the mesh sees the lips shut: a real speaker who does not quite
    // close on a p (or phones timed from the sound alone, a little off) shows teeth rightly.
    if (m.pick.cls === 'closed' && mouthOpening(face.mesh, eyeDistance) <= LIP_SYNC_TARGETS.shutLipsGap) {
      closuresChecked++;
      const teeth = teethInLipBand({ rgb: m.rgb, width: c.width, height: c.height }, face.mesh as Point[]).share;
      teethAtClosure = Math.max(teethAtClosure ?? 0, teeth);
    }
    if (refNose && Number.isFinite(shiftX[k]!)) {
      const nose = at(face.mesh, NOSE_TIP);
      const expected = [refNose[0] + shiftX[k]! - refShift.x, refNose[1] + shiftY[k]! - refShift.y];
      if (Math.hypot(nose[0] - expected[0]!, nose[1] - expected[1]!) / iod > MESH_JUMP_IOD) meshJumps++;
    }
  });

  const phones = input.phones;
  let visemes: VisemesReport | undefined;
  if (phones?.phones.length && c.reference) {
    visemes = measureVisemes({ fps: input.fps, gap, width: widths }, phones, input.photoGap ?? Math.min(0.05, mouthOpening(c.reference.face.mesh)), level);
    // Phones guessed from the sound carry their own timing errors (their best shift against
    // a real face wandered ±300–440 ms on real clips): the picture is timed against the
    // voice's loudness itself, which a speaking mouth follows within a frame or two.
    if (phones.method === 'acoustic') {
      const heard = bestLaggedCorrelation(level, gap, MAX_LEAD_FRAMES);
      visemes = { ...visemes, lead: { frames: Number.isFinite(heard.r) ? -heard.lag : 0, r: Number.isFinite(heard.r) ? heard.r : 0 } };
    }
  }
  return {
    framesAnalysed: c.analysed,
    meshedFrames,
    faceFoundRatio: meshedFrames ? found / meshedFrames : 0,
    lipSync: {
      correlation: Number.isFinite(r) ? r : 0,
      lagFrames: lag,
      opennessStd: std(finite(gap)),
      opennessSpeech: mean(speechOpen),
      opennessSilence: silenceOpen.length ? mean(silenceOpen) : 0,
    },
    blinks: { count: blinkCount, perMinute: durationS > 0 ? (blinkCount * 60) / durationS : 0, fullness, atS: seen.firstFrames.map((k) => Math.round((k / input.fps) * 100) / 100) },
    head: { motionStdIod: Math.hypot(std(finite(shiftX)), std(finite(shiftY))) / iod, maxOffsetIod: offsets.length ? Math.max(...offsets) / iod : 0 },
    rigidity: { borderChangeMedian: median(finite(border)), movingShare },
    artifacts: { teethAtClosure, closuresChecked, edgeDamagedShare: c.analysed ? edgeDamaged / c.analysed : 0, jumpFrames, meshJumps },
    durationS,
    analyseMs: performance.now() - c.started,
    ...(visemes ? { visemes } : {}),
  };
}
