import { takeFaceSession, type FaceSession } from '../face/face-session.js';
import { at, faceWidth, NOSE_TIP, type Point } from '../face/landmarks.js';
import type { DetectedFace } from '../face/face-detector.js';
import { cancelled } from '../pipeline/cancellation.js';
import type { VisemesReport } from '../../../src-shared/report.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { relevelMidBlinkAnchors, type BlinkSeries } from './eye-shade.js';
import { analysisSize, decodeYuvFrames, JUDGE_WIDTH, yuvToRgb, type DecodeTap, type YuvFrame } from './frame-decode.js';
import { FramePass, geometryOf, lipLuma, type FrameMeasures } from './frame-pass.js';
import type { DrawnFrames } from './drawn-frames.js';
import { FrameQueue } from './frame-queue.js';
import { summarise, type Meshed } from './verification-summary.js';
import { meshPlan } from './mesh-plan.js';
import { median } from './stats.js';

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

/** `drawn`: our own render's frames as they are drawn, judged while the file is written (one pass from the start). */
export interface VerifyInput {
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
  /** The frames as they are drawn (drawn-frames.ts), judged instead of decoding the file: our own renders. */
  drawn?: DrawnFrames;
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
/** Decoded frames the decoder may run ahead of the judging: about 7 MB at the check's 256 px width (frame-queue.ts). */
const QUEUED_FRAMES = 64;

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

/** Whether the check's one pass over a clip of totalFrames reaches its end (another measure can then ride on it: frame-decode.ts's DecodeTap). */
export function checkReadsToTheEnd(totalFrames: number, budgetFrames: number, fps: number): boolean {
  const last = sampleWindows(totalFrames, Math.min(totalFrames, budgetFrames), fps).at(-1)!;
  return last.first + last.count === totalFrames;
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
    // One pass from the first frame: a long clip's frames between its windows are dropped as
    // they are decoded (by ffmpeg for a finished file, here for frames as drawn).
    const windowed = !input.drawn && sample.length > 1;
    const indices = windowed ? sample.flatMap((w) => Array.from({ length: w.count }, (_, k) => w.first + k)) : undefined;
    const decodeCount = indices ? indices.length : sample[0]!.count;
    // A tap rides only on a decode that reaches the file's end.
    const tap = spanFrames === totalFrames ? input.tap : undefined;
    const windowStarts = new Set(sample.map((w) => w.first).filter((first) => first > 0));
    let windowTries = 0;
    let windowFirst = 0;
    // The decoder runs ahead of the judging (up to QUEUED_FRAMES), so it keeps decoding while
    // the judging waits on the face mesh.
    const queue = new FrameQueue<{ index: number; frame: YuvFrame }>(QUEUED_FRAMES);
    const decoding = (async () => {
      try {
        if (input.drawn) {
          for await (const drawn of input.drawn.frames(inSample)) {
            if (input.signal?.aborted) throw cancelled();
            if (!(await queue.push(drawn))) return;
            spanned = drawn.index + 1;
          }
          queue.close();
          return;
        }
        let index = 0;
        let k = 0;
        for await (const frame of decodeYuvFrames({ ...input, tap, ...(windowed ? { windows: sample } : {}) }, width, height, decodeCount)) {
          if (input.signal?.aborted) throw cancelled();
          if (indices) index = indices[k++]!;
          if (inSample(index) && !(await queue.push({ index, frame }))) return;
          index++;
        }
        spanned = index;
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
      input.drawn?.stopJudging();
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

/** report.json keeps the mouth's measures in their own block (quality.visemes), beside the rest of the check. */
export function reportedVerification(verification: VideoVerification): { video: Omit<VideoVerification, 'visemes'>; visemes?: VisemesReport } {
  const { visemes, ...video } = verification;
  return visemes ? { video, visemes } : { video };
}
