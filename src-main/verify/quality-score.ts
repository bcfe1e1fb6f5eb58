import { QUALITY_THRESHOLDS, TARGET_LOUDNESS_LUFS } from '../../src-shared/limits.js';
import type { MotionSettings } from '../../src-shared/render.js';
import { BLACK_MIN_S, FREEZE_MIN_S, type MediaHealth, type Stretch } from './media-health.js';
import type { VideoVerification } from './video-verify.js';

/**
 * Quality scores 0–10 (SPEC §1 step 7), pure functions over measurements made elsewhere:
 * the face-mesh check of the rendered frames (verifyVideo, skippable) and the one-pass
 * media check (measureMediaHealth). A part nobody measured is null, never guessed.
 *
 * Calibration (288×512 renders of the shared fixtures, 7.5 s of English speech): at the
 * default motion every fixture found the face in 100 % of frames, lip-sync correlation
 * 0.81–0.98, speech-minus-pause opening 0.07–0.14 eye distances, no frozen or black
 * stretch, −13.9 LUFS, picture and sound within 0.01 s. `expressiveness 0` measured
 * correlation −0.02 to 0.07 and an opening difference under 0.001.
 */

export { QUALITY_THRESHOLDS };

export type VideoPartName = 'faceVisible' | 'lipSync' | 'mouthMovement' | 'lengthMatch' | 'frozen' | 'black' | 'loudness';

export interface ScorePart {
  name: VideoPartName;
  /** 0 (bad) to 1 (good); null when this part was not measured. */
  score0to1: number | null;
  /** Share of the score this part carried: VIDEO_WEIGHTS re-normalised over the measured parts; 0 when not measured. */
  weight: number;
  /** One plain sentence with the figure. */
  detail: string;
}

export interface VideoScore {
  /** 0–10, one decimal; null when no part was measured. */
  score: number | null;
  parts: ScorePart[];
}

export interface VideoScoreInputs {
  verification?: Pick<VideoVerification, 'framesAnalysed' | 'faceFoundRatio' | 'lipSync'> | null;
  health?: Pick<MediaHealth, 'videoDurationS' | 'audioDurationS' | 'frozenStretches' | 'blackStretches' | 'loudnessLufs'> | null;
}

/**
 * Nominal weights (sum 1). Mouth and voice together (0.40) lead: a talking photo whose lips
 * do not follow the words fails at its one job. A visible face comes next (0.20), then
 * loudness (0.15: too quiet and the platform's player plays it quiet), then a picture
 * that keeps moving (frozen 0.10, black 0.05) and matching lengths (0.10).
 */
export const VIDEO_WEIGHTS: Record<VideoPartName, number> = {
  faceVisible: 0.2, lipSync: 0.25, mouthMovement: 0.15, lengthMatch: 0.1, frozen: 0.1, black: 0.05, loudness: 0.15,
};

/**
 * Overall = 0.4 × image + 0.6 × video (both 0–10): the video is what gets published; the
 * photo counts on its own because sharpness and exposure are what the face-mesh check
 * cannot see. With the thresholds, image 8.0 and video 7.5 give 7.7, so the overall 8.0
 * asks for more than scraping past both.
 */
export const OVERALL_WEIGHTS = { image: 0.4, video: 0.6 } as const;

/** A part under this counts as weak and is named, whatever the total. */
export const WEAK_PART = 0.7;

/** Linear ramp: 0 at `zero`, 1 at `full` (either direction), clamped. */
export function ramp(value: number, zero: number, full: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, (value - zero) / (full - zero)));
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const round2 = (n: number): number => Math.round(n * 100) / 100;
const pct = (share: number): string => `${Math.round(share * 100)}%`;
const seconds = (s: number): string => `${s.toFixed(1)} s`;
/** With a true minus sign, as the creator reads it; whole numbers without decimals (−14 LUFS). */
const signed = (v: number, digits: number): string => `${v < 0 ? '−' : ''}${Number.isInteger(v) ? Math.abs(v) : Math.abs(v).toFixed(digits)}`;
const lufs = (v: number): string => `${signed(v, 1)} LUFS`;

/** Face visible: share of checked frames with a face; 0 at 60 %, 1 at 98 % (the mesh may miss a frame or two). */
const FACE_RATIO = { zero: 0.6, full: 0.98 };
/** Lip sync: Pearson r of mouth opening against voice level at the best lag; 0 at 0.2, 1 at 0.7. */
const LIP_R = { zero: 0.2, full: 0.7 };
/**
 * Mouth movement: mean opening while speaking minus in pauses, in eye distances; 0 at
 * 0.015, 1 at 0.07 (expressiveness 0.3 measured 0.047, 0.5 measured 0.071). With no pause
 * in the voice (verifyVideo reports the pause opening as exactly 0), the spread of the
 * opening stands in: 0 at 0.01, 1 at 0.035 (expressiveness 0: 0.006–0.010, 0.5: 0.035).
 */
const OPEN_DIFF = { zero: 0.015, full: 0.07 };
const OPEN_STD = { zero: 0.01, full: 0.035 };
/** Length match: |picture − sound|; 1 up to 0.1 s (one frame plus AAC padding), 0 from 0.6 s. */
const LENGTH_DIFF_S = { zero: 0.6, full: 0.1 };
/** Frozen or black: share of the video's length in such stretches; 1 at none, 0 at 30 %. */
const BAD_SHARE_ZERO = 0.3;
/** Loudness: |LUFS − (−14)|; 1 within 1 LU (a listener cannot tell), 0 from 6 LU away. */
const LOUDNESS_LU = { zero: 6, full: 1 };

function faceVisible(v: VideoScoreInputs['verification']): [number | null, string] {
  if (!v) return [null, 'Not measured: the face check on the rendered frames was skipped.'];
  if (v.framesAnalysed === 0) return [null, 'Not measured: no frame of the video could be checked.'];
  const score = ramp(v.faceFoundRatio, FACE_RATIO.zero, FACE_RATIO.full);
  return [
    score,
    score >= WEAK_PART
      ? `The face was found in ${pct(v.faceFoundRatio)} of the ${v.framesAnalysed} checked frames.`
      : `The face was lost in ${pct(1 - v.faceFoundRatio)} of the ${v.framesAnalysed} checked frames, as if it moved out of view or turned too far.`,
  ];
}

function lipSync(v: VideoScoreInputs['verification']): [number | null, string] {
  if (!v || v.framesAnalysed === 0) return [null, 'Not measured: the lip-sync check on the rendered frames was skipped.'];
  const r = v.lipSync.correlation;
  const score = ramp(r, LIP_R.zero, LIP_R.full);
  return [
    score,
    score >= WEAK_PART
      ? `The mouth follows the voice (correlation ${signed(round2(r), 2)}; ${LIP_R.full} or more is good).`
      : `The mouth hardly follows the voice (correlation ${signed(round2(r), 2)}; ${LIP_R.full} or more is good).`,
  ];
}

function mouthMovement(v: VideoScoreInputs['verification']): [number | null, string] {
  if (!v || v.framesAnalysed === 0) return [null, 'Not measured: the mouth check on the rendered frames was skipped.'];
  const { opennessSpeech, opennessSilence, opennessStd } = v.lipSync;
  if (opennessSilence === 0) {
    const score = ramp(opennessStd, OPEN_STD.zero, OPEN_STD.full);
    return [
      score,
      `The voice has no pause to compare with; the mouth opening varies by ${pct(opennessStd)} of the eye distance (${pct(OPEN_STD.full)} or more is clearly visible).`,
    ];
  }
  const diff = opennessSpeech - opennessSilence;
  const score = ramp(diff, OPEN_DIFF.zero, OPEN_DIFF.full);
  return [
    score,
    score >= WEAK_PART
      ? `The mouth opens wider while speaking than in pauses, by ${pct(diff)} of the eye distance (${pct(OPEN_DIFF.full)} or more is clearly visible).`
      : `The mouth barely opens more while speaking than in pauses: ${pct(Math.max(0, diff))} of the eye distance (${pct(OPEN_DIFF.full)} or more is clearly visible).`,
  ];
}

function lengthMatch(h: VideoScoreInputs['health']): [number | null, string] {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.videoDurationS === null) return [0, 'The file has no picture.'];
  if (h.audioDurationS === null) return [0, 'The video has no sound track.'];
  const diff = Math.abs(h.videoDurationS - h.audioDurationS);
  const score = ramp(diff, LENGTH_DIFF_S.zero, LENGTH_DIFF_S.full);
  return [
    score,
    score >= WEAK_PART
      ? `Picture and sound have the same length (${h.videoDurationS.toFixed(2)} s and ${h.audioDurationS.toFixed(2)} s).`
      : `Picture (${h.videoDurationS.toFixed(2)} s) and sound (${h.audioDurationS.toFixed(2)} s) differ by ${seconds(diff)}, so the end is cut off or silent.`,
  ];
}

/** Total length covered by the stretches, overlaps counted once. */
function coveredSeconds(stretches: readonly Stretch[]): number {
  const sorted = [...stretches].sort((a, b) => a.startS - b.startS);
  let total = 0;
  let end = -Infinity;
  for (const s of sorted) {
    const start = Math.max(s.startS, end);
    if (s.endS > start) total += s.endS - start;
    end = Math.max(end, s.endS);
  }
  return total;
}

function stretchPart(h: VideoScoreInputs['health'], kind: 'frozen' | 'black'): [number | null, string] {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.videoDurationS === null) return [0, 'The file has no picture.'];
  const stretches = kind === 'frozen' ? h.frozenStretches : h.blackStretches;
  if (stretches.length === 0) {
    return [1, kind === 'frozen' ? `The picture never stands still for ${FREEZE_MIN_S} s or more.` : `The picture never goes black for ${BLACK_MIN_S} s or more.`];
  }
  const covered = coveredSeconds(stretches);
  const score = 1 - ramp(covered / Math.max(h.videoDurationS, 0.01), 0, BAD_SHARE_ZERO);
  const where = stretches
    .slice(0, 3)
    .map((s) => `${s.startS.toFixed(1)}–${s.endS.toFixed(1)} s`)
    .join(', ');
  const verb = kind === 'frozen' ? 'stands still' : 'is black';
  return [score, `The picture ${verb} for ${seconds(covered)} of ${seconds(h.videoDurationS)} (${where}${stretches.length > 3 ? ', …' : ''}).`];
}

function loudness(h: VideoScoreInputs['health']): [number | null, string] {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.audioDurationS === null) return [0, 'The video has no sound track.'];
  if (h.loudnessLufs === null) return [0, 'The sound track is silent.'];
  const off = h.loudnessLufs - TARGET_LOUDNESS_LUFS;
  const score = ramp(Math.abs(off), LOUDNESS_LU.zero, LOUDNESS_LU.full);
  const target = lufs(TARGET_LOUDNESS_LUFS);
  return [
    score,
    score >= WEAK_PART
      ? `Loudness is ${lufs(h.loudnessLufs)}, on target for social platforms (${target}).`
      : `Loudness is ${lufs(h.loudnessLufs)}, ${signed(round1(Math.abs(off)), 1)} LU ${off < 0 ? 'quieter' : 'louder'} than the ${target} social platforms play at.`,
  ];
}

/**
 * Video score = 10 × min(weighted mean, 0.5 + 0.5 × worst part), over the measured parts
 * with their weights re-normalised to sum 1. The cap is there because a viewer judges a
 * video by its worst flaw: a silent or frozen video is unusable however good its lip
 * sync, so one part at 0 holds the score to 5.0 and one at 0.5 to 7.5 (the threshold).
 */
export function videoScore(inputs: VideoScoreInputs): VideoScore {
  const { verification, health } = inputs;
  const measured: Array<[VideoPartName, [number | null, string]]> = [
    ['faceVisible', faceVisible(verification)],
    ['lipSync', lipSync(verification)],
    ['mouthMovement', mouthMovement(verification)],
    ['lengthMatch', lengthMatch(health)],
    ['frozen', stretchPart(health, 'frozen')],
    ['black', stretchPart(health, 'black')],
    ['loudness', loudness(health)],
  ];
  const totalWeight = measured.reduce((sum, [name, [score]]) => sum + (score === null ? 0 : VIDEO_WEIGHTS[name]), 0);
  const parts: ScorePart[] = measured.map(([name, [score, detail]]) => ({
    name,
    score0to1: score === null ? null : round2(score),
    weight: score === null || totalWeight === 0 ? 0 : Math.round((VIDEO_WEIGHTS[name] / totalWeight) * 1000) / 1000,
    detail,
  }));
  if (totalWeight === 0) return { score: null, parts };
  let mean = 0;
  let worst = 1;
  for (const [name, [score]] of measured) {
    if (score === null) continue;
    mean += (VIDEO_WEIGHTS[name] / totalWeight) * score;
    worst = Math.min(worst, score);
  }
  return { score: round1(10 * Math.min(mean, 0.5 + 0.5 * worst)), parts };
}

/** OVERALL_WEIGHTS over whichever of the two scores exist; null when neither does. */
export function overallScore(image: number | null | undefined, video: number | null | undefined): number | null {
  const hasImage = typeof image === 'number' && Number.isFinite(image);
  const hasVideo = typeof video === 'number' && Number.isFinite(video);
  if (!hasImage && !hasVideo) return null;
  if (!hasVideo) return round1(image!);
  if (!hasImage) return round1(video!);
  return round1(OVERALL_WEIGHTS.image * image! + OVERALL_WEIGHTS.video * video!);
}

export type QualityKind = keyof typeof QUALITY_THRESHOLDS;

/** Which of the scores are under their thresholds (a missing score is not "under"). */
export function belowThresholds(scores: Partial<Record<QualityKind, number | null>>): QualityKind[] {
  return (Object.keys(QUALITY_THRESHOLDS) as QualityKind[]).filter((kind) => {
    const score = scores[kind];
    return typeof score === 'number' && score < QUALITY_THRESHOLDS[kind];
  });
}

// ── What is weak, and what a second attempt should change ──────────────────────────────

export type RetryStep = 'enhance' | 'voice' | 'animate';

export interface WeakPoint {
  /** The step whose redo (with other settings) can fix it. */
  step: RetryStep;
  part: VideoPartName | 'image';
  /** One plain sentence with the figure. */
  what: string;
}

/** The enhancer's score and sub-scores (PhotoQuality), all 0–10. */
export interface ImageQualityFigures {
  score: number;
  sharpness?: number;
  exposure?: number;
  contrast?: number;
  noise?: number;
}

/** Everything but loudness lives in the animation: the voice is only re-measured and re-levelled. */
const STEP_FOR: Record<VideoPartName, RetryStep> = {
  faceVisible: 'animate', lipSync: 'animate', mouthMovement: 'animate', lengthMatch: 'animate', frozen: 'animate', black: 'animate', loudness: 'voice',
};

function imageWeakPoint(image: ImageQualityFigures): WeakPoint {
  const sides = (['sharpness', 'exposure', 'contrast', 'noise'] as const)
    .filter((side) => typeof image[side] === 'number')
    .sort((a, b) => image[a]! - image[b]!);
  const weakest = sides[0];
  return {
    step: 'enhance',
    part: 'image',
    what:
      `The photo scores ${image.score.toFixed(1)} of 10 after enhancement (${QUALITY_THRESHOLDS.image.toFixed(1)} needed)` +
      (weakest ? `; its weakest side is ${weakest === 'noise' ? 'noise (grain)' : weakest} at ${image[weakest]!.toFixed(1)} of 10.` : '.'),
  };
}

/**
 * Names what is weak: the photo when it is under its threshold, then every measured video
 * part under WEAK_PART, worst first. When a total is under its threshold but no single
 * part is that weak, the lowest part (or the photo, if it is lower still) is named, so a
 * failed check always says why. A part can be weak while every total passes (it is then
 * worth reporting, not worth a retry: the pipeline retries only on belowThresholds).
 */
export function weakPoints(inputs: { image?: ImageQualityFigures | number | null; video?: VideoScore | null }): WeakPoint[] {
  const image = typeof inputs.image === 'number' ? { score: inputs.image } : (inputs.image ?? undefined);
  const video = inputs.video ?? undefined;
  const points: WeakPoint[] = [];
  if (image && image.score < QUALITY_THRESHOLDS.image) points.push(imageWeakPoint(image));

  const measured = (video?.parts ?? [])
    .filter((p): p is ScorePart & { score0to1: number } => p.score0to1 !== null)
    .sort((a, b) => a.score0to1 - b.score0to1);
  const asPoint = (p: ScorePart): WeakPoint => ({ step: STEP_FOR[p.name], part: p.name, what: p.detail });
  const weakParts = measured.filter((p) => p.score0to1 < WEAK_PART);
  points.push(...weakParts.map(asPoint));

  const lowest = measured.find((p) => p.score0to1 < 1);
  const videoUnder = typeof video?.score === 'number' && video.score < QUALITY_THRESHOLDS.video;
  if (videoUnder && weakParts.length === 0 && lowest) points.push(asPoint(lowest));

  const overall = overallScore(image?.score, video?.score);
  if (points.length === 0 && overall !== null && overall < QUALITY_THRESHOLDS.overall) {
    if (image && (!lowest || image.score / 10 <= lowest.score0to1)) points.push(imageWeakPoint(image));
    else if (lowest) points.push(asPoint(lowest));
  }
  return points;
}

export interface RetryPlan {
  /** Steps to run again, in pipeline order; animate comes last, as the video is made from the photo and the voice. */
  steps: RetryStep[];
  /** Redo the enhancement with its strongest candidate settings. */
  enhance?: { strength: 'strong' };
  /** Measure and level the voice again before muxing. */
  voice?: { renormalize: true };
  /** Complete motion settings for the new animation; absent: the same as before. */
  motion?: MotionSettings;
  /** One plain sentence per change, for the report. */
  reasons: string[];
}

/** Expressiveness for a weak mouth: +0.5, at least 1.25, at most 2 (the setting's range). */
const retryExpressiveness = (e: number): number => Math.min(2, Math.max(e + 0.5, 1.25));
/** Head motion when the face was lost: at most 0.5, and off when it was already that low. */
const retryHeadMotionCalmer = (h: number): number => (h > 0.5 ? 0.5 : 0);
/** A frozen picture gets at least the natural sway (1) and blink rate (16 a minute). */
const LIVELY = { headMotion: 1, blinkRate: 16 } as const;

/**
 * Turns weak points into settings for one more attempt; data only, the pipeline applies
 * it. Null when no setting can change the outcome (for example the mouth is weak at the
 * highest expressiveness already): then the weak points go to the creator as they are.
 */
export function retryPlan(weak: readonly WeakPoint[], current: { motion: MotionSettings; enhance?: 'normal' | 'strong' }): RetryPlan | null {
  const steps = new Set<RetryStep>();
  const reasons: string[] = [];
  // Only the three settings: callers may hand in the report's motion, which carries more.
  const { expressiveness, headMotion, blinkRate } = current.motion;
  const motion: MotionSettings = { expressiveness, headMotion, blinkRate };
  const parts = new Set(weak.map((w) => w.part));
  let enhance: RetryPlan['enhance'];
  let voice: RetryPlan['voice'];

  if (parts.has('image') && current.enhance !== 'strong') {
    enhance = { strength: 'strong' };
    steps.add('enhance');
    reasons.push('Enhance the photo again with stronger settings.');
  }
  if (parts.has('loudness')) {
    voice = { renormalize: true };
    steps.add('voice');
    reasons.push(`Level the voice to ${lufs(TARGET_LOUDNESS_LUFS)} again.`);
  }
  if ((parts.has('lipSync') || parts.has('mouthMovement')) && current.motion.expressiveness < 2) {
    motion.expressiveness = retryExpressiveness(current.motion.expressiveness);
    reasons.push(`Animate with expressiveness ${motion.expressiveness} (was ${current.motion.expressiveness}) so the mouth moves more with the voice.`);
  }
  if (parts.has('faceVisible') && current.motion.headMotion > 0) {
    motion.headMotion = retryHeadMotionCalmer(current.motion.headMotion);
    reasons.push(`Animate with head motion ${motion.headMotion} (was ${current.motion.headMotion}) so the face stays in view.`);
  } else if (parts.has('frozen') && (current.motion.headMotion < LIVELY.headMotion || current.motion.blinkRate < LIVELY.blinkRate)) {
    motion.headMotion = Math.max(current.motion.headMotion, LIVELY.headMotion);
    motion.blinkRate = Math.max(current.motion.blinkRate, LIVELY.blinkRate);
    reasons.push(`Animate with head motion ${motion.headMotion} and ${motion.blinkRate} blinks a minute so the picture never stands still.`);
  }
  const motionChanged = (Object.keys(motion) as Array<keyof MotionSettings>).some((k) => motion[k] !== current.motion[k]);
  // Black stretches and a length mismatch are glitches of one encode: the same settings again.
  const glitch = parts.has('black') || parts.has('lengthMatch');
  if (glitch && !motionChanged) reasons.push('Animate again with the same settings: a black stretch or a length mismatch is a one-off encoding fault.');
  if (steps.size > 0 || motionChanged || glitch) steps.add('animate');
  if (steps.size === 0) return null;
  const order: RetryStep[] = ['enhance', 'voice', 'animate'];
  return {
    steps: order.filter((s) => steps.has(s)),
    ...(enhance ? { enhance } : {}),
    ...(voice ? { voice } : {}),
    ...(motionChanged ? { motion } : {}),
    reasons,
  };
}
