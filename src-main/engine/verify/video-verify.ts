import { frameFeatures } from '../animate/audio-features.js';
import { takeFaceSession, type FaceSession } from '../face/face-session.js';
import { at, faceWidth, LEFT_EYE, mouthOpening, NOSE_TIP, RIGHT_EYE, type Point } from '../face/landmarks.js';
import type { DetectedFace } from '../face/face-detector.js';
import { cancelled } from '../pipeline/cancellation.js';
import { LIP_SYNC_TARGETS } from '../../../src-shared/lip-sync-targets.js';
import type { VisemesReport } from '../../../src-shared/report.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { countBlinks, eyePlaneLuma, relevelMidBlinkAnchors, type BlinkSeries } from './eye-shade.js';
import { analysisSize, decodeYuvFrames, JUDGE_WIDTH, yuvToRgb, type DecodeTap, type EncodedSource, type YuvFrame } from './frame-decode.js';
import { FramePass, geometryOf, lipLuma, type FrameMeasures } from './frame-pass.js';
import { FrameQueue } from './frame-queue.js';
import { meshPlan, type MeshPick } from './mesh-plan.js';
import { teethInLipBand } from './mouth-artifacts.js';
import { innerMouthWidth } from './mouth-track.js';
import { bestLaggedCorrelation, mean, median, std } from './stats.js';
import { MAX_LEAD_FRAMES, measureVisemes } from './viseme-measures.js';

/**
 * Judges a video as a viewer would, from its decoded frames only (never the animation's
 * own inputs): every frame of the face region gets the cheap pixel measures of
 * frame-pass.ts (head shift, the mouth's inside, eye shade, border and edge), and the
 * face mesh runs only where a measure needs its points: a reference frame, the apex of a
 * few closures, open, rounded and spread vowels (mesh-plan.ts). Each tracked frame keeps
 * its index, so every measure reads the right time.
 */
export interface VideoVerification {
  framesAnalysed: number;
  /** Frames the face mesh ran on, and the share of them with a face (1 = every one). */
  meshedFrames: number;
  faceFoundRatio: number;
  /** Informational (not scored): the seen mouth gap against the voice's loudness, high by construction for a loudness puppet. */
  lipSync: {
    correlation: number;
    lagFrames: number;
    opennessStd: number;
    opennessSpeech: number;
    opennessSilence: number;
  };
  /**
   * Blinks counted from the eyes' shade; fullness: how far the lid brings the eye's dark towards the skin's level at the deepest frame (1 = fully shut), median over blinks;
   * atS: each counted blink's first closed frame, seconds into the video (to look at what was counted).
   */
  blinks: { count: number; perMinute: number; fullness: number | null; atS?: number[] };
  head: {
    /** Spread of the head's position, in eye distances: > 0 means the head is alive. */
    motionStdIod: number;
    /** Largest distance from the head's median position, in eye distances. */
    maxOffsetIod: number;
  };
  /** Change at the picture's border away from the face, grey levels a frame: the background and shoulders should hold still. */
  rigidity: { borderChangeMedian: number; movingShare: number };
  artifacts: {
    /** Most tooth-coloured share in the lip band over the meshed p/b/m apexes where the lips are shut; null when none was. */
    teethAtClosure: number | null;
    closuresChecked: number;
    /** Share of frames whose texture just outside the face outline is smeared (< 0.6×) or torn (> 1.6×) against the first frame's. */
    edgeDamagedShare: number;
    /** Frames where the face changes at once far more than between its neighbours (a jump), and meshed frames where the mesh disagrees with the tracked head. */
    jumpFrames: number;
    meshJumps: number;
  };
  durationS: number;
  /** Wall time of the whole check (the mesh runs in its own thread, alongside decoding). */
  analyseMs: number;
  /** Does the mouth say the words (present when the phones were given). */
  visemes?: VisemesReport;
}

/** `encoded`: the video's H.264 as it is encoded, judged while the file is written (one pass from the start). */
export interface VerifyInput extends EncodedSource {
  videoPath: string;
  width: number;
  height: number;
  fps: number;
  /** Where the face moves, in video pixels: the only part decoded. */
  region: { x: number; y: number; width: number; height: number };
  voice: { samples: Float32Array; sampleRate: number };
  /**
   * Analyse at most this many frames: a longer clip is judged on windows of SAMPLE_WINDOW_S
   * spread evenly from its start to its end (sampleWindows), so a fault late in a long
   * clip is seen at the cost of its first part.
   */
  maxFrames?: number;
  /** The spoken phones and the photo's own inner-lip gap ÷ eye distance (absent: shut lips' 0.05). */
  phones?: PhoneTimeline;
  photoGap?: number;
  /** A face session already open; a new (or the warmed) one otherwise. */
  session?: FaceSession;
  signal?: AbortSignal;
  onProgress?: (percent: number) => void;
  /** For measuring the blink count on real videos: the eyes' per-frame series it was counted from. */
  onBlinkSeries?: (series: BlinkSeries) => void;
  /** Another measure's filters on the same decode, when the file is read whole from its start (frame-decode.ts); not called otherwise. */
  tap?: DecodeTap;
}

/** Below this share of the lips' median luma, a pixel between the lips is the dark inside of the mouth (shadowed lips stay above ~0.6). */
const DARK_OF_LIPS = 0.5;
/** Above this multiple of the lips' luma (and at least 130 of 235), a grey pixel between the lips is a tooth. */
const TOOTH_OF_LIPS = 1.5;
/** Tries at finding the reference face among the first frames (a fade-in, a turned head). */
const REFERENCE_TRIES = 5;
/** Seconds between the mesh's anchors for the pixel pass: 3 more meshes in a 10 s clip. */
const ANCHOR_S = 3;
/**
 * A head that has moved this far (eye distances) from its anchor gets a new one sooner,
 * at most every REANCHOR_MIN_S: the anchor's mouth box is a translated copy, so a head
 * that turns, nods or comes closer drifts off it (LivePortrait's d12 and s13 read no open
 * mouth with anchors only every 3 s; the mesh there disagreed with the tracked head in
 * 6 of 11 frames).
 */
const REANCHOR_IOD = 0.12;
const REANCHOR_MIN_S = 0.4;
/** A meshed nose tip this far (eye distances) from where the tracked head puts it: the mesh or the picture jumped. */
const MESH_JUMP_IOD = 0.25;
/** Decoded frames the decoder may run ahead of the judging: about 7 MB at the check's 256 px width (frame-queue.ts). */
const QUEUED_FRAMES = 64;
/** A face that changes this much more than its usual frame-to-frame change, and by 6 grey levels at least, jumped. */
const JUMP_FACTOR = 5;

/**
 * A long clip's sample: windows this long (a blink, a few words and their timing fit in
 * one; the timing's search reaches MAX_LEAD_FRAMES, under half a second, either way).
 */
export const SAMPLE_WINDOW_S = 5;

/** Frame ranges to judge: all of a clip within the budget, else budget-worth of windows spread from start to end. */
export function sampleWindows(totalFrames: number, budgetFrames: number, fps: number): Array<{ first: number; count: number }> {
  if (budgetFrames >= totalFrames) return [{ first: 0, count: totalFrames }];
  const windowFrames = Math.max(1, Math.round(SAMPLE_WINDOW_S * fps));
  const count = Math.max(1, Math.ceil(budgetFrames / windowFrames));
  const length = Math.floor(budgetFrames / count);
  if (count === 1) return [{ first: 0, count: length }];
  return Array.from({ length: count }, (_, i) => ({ first: Math.round((i * (totalFrames - length)) / (count - 1)), count: length }));
}

interface Meshed {
  pick: MeshPick;
  rgb: Buffer;
  face: Promise<DetectedFace | undefined>;
}

export async function verifyVideo(input: VerifyInput): Promise<VideoVerification> {
  const started = performance.now();
  const { width, height } = analysisSize(input.region, JUDGE_WIDTH);
  const totalFrames = Math.round((input.voice.samples.length / input.voice.sampleRate) * input.fps);
  const sample = sampleWindows(totalFrames, Math.min(totalFrames, input.maxFrames ?? totalFrames), input.fps);
  const spanFrames = sample.at(-1)!.first + sample.at(-1)!.count;
  const sampledFrames = sample.reduce((sum, w) => sum + w.count, 0);
  const inSample = (frame: number) => sample.some((w) => frame >= w.first && frame < w.first + w.count);
  const session = input.session ?? takeFaceSession();
  const mesh = (rgb: Buffer): Promise<DetectedFace | undefined> => session.detect({ rgb, width, height }, { refine: false }).then((faces) => faces[0]);
  // The phones' frames are read for their lips and nose only (summarise): meshed from the
  // previous mesh's face box without the iris model, 9 instead of 45 ms of CPU each
  // (face-model.ts). The reference and the anchors place the eyes: they keep both.
  const meshLips = (rgb: Buffer): Promise<DetectedFace | undefined> => session.detect({ rgb, width, height }, { lipsOnly: true }).then((faces) => faces[0]);
  const measures: Array<FrameMeasures | undefined> = [];
  const meshed: Meshed[] = [];
  let pass: FramePass | undefined;
  let reference: { index: number; frame: YuvFrame; face: DetectedFace } | undefined;
  let referenceTries = 0;
  const waiting: Array<{ index: number; frame: YuvFrame }> = [];
  // Only the phones the sample shows can be meshed at their apex.
  const sampledPhones = input.phones && { ...input.phones, phones: input.phones.phones.filter((p) => inSample(Math.round(((p.startS + p.endS) / 2) * input.fps))) };
  const plan = meshPlan(sampledPhones, input.fps, spanFrames).filter((pick) => inSample(pick.first) && inSample(pick.last));
  const windows = plan.map((pick) => ({ pick, frames: [] as Array<{ index: number; frame: YuvFrame; gap: number }>, sent: false }));

  // Each anchor (a meshed frame the pixel pass measures from) keeps the head's position
  // against the first one's and its own eye shades and outline texture, so the series
  // stay continuous from one anchor to the next.
  let firstAnchor: { nose: Point; rightShade: number; leftShade: number; rightBright: number; leftBright: number } | undefined;
  let anchor = { offsetX: 0, offsetY: 0, rightShade: 0, leftShade: 0, rightBright: 0, leftBright: 0, edge: 1 };
  let anchors = 0;
  let anchorsFound = 0;
  // Which anchor's boxes measured each frame (relevelMidBlinkAnchors).
  let stretch = -1;
  const stretchOf: Array<number | undefined> = [];
  let lastAnchor = 0;
  let movedSinceAnchor = 0;
  // The lips' luma, which sets what counts as the mouth's dark inside and as teeth, is read
  // once, on the reference frame: read again at each anchor (a frame whose mouth may be open,
  // whose mesh may misplace the lips on a face cut by the picture's edge), it moved the
  // bar from one 3 s stretch to the next, and the seen gap's level with it
  // (partial-face-at-edge: lips 135–141, the stretches' mean gap 0.009–0.038, its spread
  // 0.029 for the whole clip against 0.036 with the reference's bar).
  let referenceLips: number | undefined;
  // Eye distance ÷ face width on every fully meshed frame: a lips-only mesh's ruler (summarise).
  const eyesPerWidth: number[] = [];
  const startPass = (index: number, frame: YuvFrame, face: DetectedFace): void => {
    const geometry = geometryOf(face.mesh);
    eyesPerWidth.push(geometry.iodPx / faceWidth(face.mesh));
    const lips = (referenceLips ??= lipLuma(frame, geometry));
    const next = new FramePass(width, height, geometry, frame, DARK_OF_LIPS * lips, Math.max(TOOTH_OF_LIPS * lips, 130));
    const base = next.measure(frame);
    const nose = at(face.mesh, NOSE_TIP);
    firstAnchor ??= { nose, rightShade: base.rightShade, leftShade: base.leftShade, rightBright: base.rightBright, leftBright: base.leftBright };
    anchor = {
      offsetX: nose[0] - firstAnchor.nose[0],
      offsetY: nose[1] - firstAnchor.nose[1],
      rightShade: base.rightShade,
      leftShade: base.leftShade,
      rightBright: base.rightBright,
      leftBright: base.leftBright,
      edge: base.edgeTexture,
    };
    pass = next;
    stretch++;
    lastAnchor = index;
    movedSinceAnchor = 0;
  };
  const take = (index: number, frame: YuvFrame): void => {
    const raw = pass!.measure(frame);
    movedSinceAnchor = Math.hypot(raw.shiftX, raw.shiftY) / pass!.geometry.iodPx;
    const m: FrameMeasures = {
      ...raw,
      shiftX: raw.shiftX + anchor.offsetX,
      shiftY: raw.shiftY + anchor.offsetY,
      rightShade: raw.rightShade - anchor.rightShade + firstAnchor!.rightShade,
      leftShade: raw.leftShade - anchor.leftShade + firstAnchor!.leftShade,
      rightBright: raw.rightBright - anchor.rightBright + firstAnchor!.rightBright,
      leftBright: raw.leftBright - anchor.leftBright + firstAnchor!.leftBright,
      edgeTexture: raw.edgeTexture / anchor.edge,
    };
    measures[index] = m;
    stretchOf[index] = stretch;
    for (const w of windows) {
      if (w.sent || index < w.pick.first) continue;
      if (index <= w.pick.last) w.frames.push({ index, frame, gap: m.gap });
      if (index >= w.pick.last) send(w);
    }
  };
  const send = (w: (typeof windows)[number]): void => {
    w.sent = true;
    if (!w.frames.length) return;
    // The pose each phone reaches: most shut on p/b/m, widest on open vowels, the middle otherwise.
    const chosen =
      w.pick.want === 'min'
        ? w.frames.reduce((a, b) => (b.gap < a.gap ? b : a))
        : w.pick.want === 'max'
          ? w.frames.reduce((a, b) => (b.gap > a.gap ? b : a))
          : w.frames[Math.floor(w.frames.length / 2)]!;
    const rgb = yuvToRgb(chosen.frame);
    meshed.push({ pick: { ...w.pick, frame: chosen.index }, rgb, face: meshLips(rgb) });
    w.frames.length = 0;
  };

  try {
    let done = 0;
    let spanned = 0;
    // A finished file is read window by window, each from a seek; the encoder's stream (judged
    // while it is written) in one pass, the frames between windows passing by unjudged.
    const reads = input.encoded ? [{ first: 0, count: spanFrames }] : sample;
    // A tap rides only on a decode of the whole file (a windowed read stops early).
    const tap = !input.encoded && sample.length === 1 && sample[0]!.first === 0 && sample[0]!.count === totalFrames ? input.tap : undefined;
    const windowStarts = new Set(sample.map((w) => w.first).filter((first) => first > 0));
    let windowTries = 0;
    let windowFirst = 0;
    // The decoder runs ahead of the judging (up to QUEUED_FRAMES), so it keeps decoding while
    // the judging waits on the face mesh.
    const queue = new FrameQueue<{ index: number; frame: YuvFrame }>(QUEUED_FRAMES);
    const decoding = (async () => {
      try {
        for (const read of reads) {
          let index = read.first;
          const source = { ...input, tap, startS: read.first > 0 ? (read.first - 0.25) / input.fps : 0 };
          for await (const frame of decodeYuvFrames(source, width, height, read.count)) {
            if (input.signal?.aborted) throw cancelled();
            if (inSample(index) && !(await queue.push({ index, frame }))) return;
            index++;
          }
          spanned = index;
        }
        queue.close();
      } catch (error) {
        queue.fail(error);
      }
    })();
    try {
      for await (const { index, frame } of queue) {
        if (input.signal?.aborted) throw cancelled();
        // A later window starts from a fresh mesh anchor: the head may be anywhere after the
        // skipped stretch, and nothing changes "between frames" across it.
        if (windowStarts.has(index)) {
          pass = reference ? undefined : pass;
          windowTries = 0;
          windowFirst = index;
        }
        if (!pass && reference) {
          // Re-anchoring at a window's start (the reference is the first window's).
          if ((index - windowFirst) % 3 === 0 && windowTries < REFERENCE_TRIES) {
            windowTries++;
            anchors++;
            const face = await mesh(yuvToRgb(frame));
            if (face) {
              anchorsFound++;
              startPass(index, frame, face);
              take(index, frame);
            }
          }
        } else if (!pass) {
          waiting.push({ index, frame });
          if (index % 3 === 0 && referenceTries < REFERENCE_TRIES) {
            referenceTries++;
            const face = await mesh(yuvToRgb(frame));
            if (face) {
              reference = { index, frame, face };
              startPass(index, frame, face);
              for (const w of waiting.splice(0)) take(w.index, w.frame);
            }
          }
        } else {
          // A head turns, nods and comes closer: every ANCHOR_S seconds the mesh places the mouth and
          // eyes again, so the pixel measures never drift off them.
          const sinceAnchor = index - lastAnchor;
          if (sinceAnchor >= Math.round(ANCHOR_S * input.fps) || (movedSinceAnchor > REANCHOR_IOD && sinceAnchor >= Math.round(REANCHOR_MIN_S * input.fps))) {
            anchors++;
            const face = await mesh(yuvToRgb(frame));
            if (face) {
              anchorsFound++;
              startPass(index, frame, face);
            } else {
              lastAnchor = index;
            }
          }
          take(index, frame);
        }
        done++;
        if (done % 25 === 0) input.onProgress?.((done / sampledFrames) * 90);
      }
    } finally {
      queue.stop();
      await decoding;
    }
    for (const w of windows) if (!w.sent) send(w);
    const faces = await Promise.all(meshed.map((m) => m.face));
    relevelMidBlinkAnchors(measures, stretchOf);
    return summarise({
      input,
      width,
      height,
      frames: spanned,
      analysed: done,
      measures,
      reference,
      referenceTries: referenceTries + anchors,
      anchorsFound,
      meshed,
      faces,
      eyesPerWidth: median(eyesPerWidth),
      started,
    });
  } finally {
    if (!input.session) await session.close();
  }
}

interface Collected {
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

function summarise(c: Collected): VideoVerification {
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

/** report.json keeps the mouth's measures in their own block (quality.visemes), beside the rest of the check. */
export function reportedVerification(verification: VideoVerification): { video: Omit<VideoVerification, 'visemes'>; visemes?: VisemesReport } {
  const { visemes, ...video } = verification;
  return visemes ? { video, visemes } : { video };
}
