import { TARGET_LOUDNESS_LUFS } from '../../../src-shared/limits.js';
import { BLACK_MIN_S, FREEZE_MIN_S, type MediaHealth, type Stretch } from './media-health.js';
import { MAX_TOOTH_SHARE_CLOSED } from './mouth-artifacts.js';
import type { VideoVerification } from './video-verify.js';

/**
 * The parts of the video score, each a 0–1 figure with one plain sentence for the creator
 * (quality-score.ts weighs them; the formulas and their calibration are documented there).
 * A part nobody measured is null, never guessed.
 */

export type VideoPartName = 'faceVisible' | 'closure' | 'openVowels' | 'rounding' | 'sync' | 'blinks' | 'head' | 'rigidity' | 'artifacts' | 'lengthMatch' | 'frozen' | 'black' | 'loudness';

export type Verification = Pick<VideoVerification, 'framesAnalysed' | 'meshedFrames' | 'faceFoundRatio' | 'blinks' | 'head' | 'rigidity' | 'artifacts' | 'durationS' | 'visemes'> &
  Partial<Pick<VideoVerification, 'lipSync'>>;
export type Health = Pick<MediaHealth, 'videoDurationS' | 'audioDurationS' | 'frozenStretches' | 'blackStretches' | 'loudnessLufs'>;
/** Score 0–1 (null: not measured), the sentence, and for head and blinks whether there was too little or too much. */
export type Part = [number | null, string, ('little' | 'much')?];

/** Linear ramp: 0 at `zero`, 1 at `full` (either direction), clamped. */
export function ramp(value: number, zero: number, full: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, (value - zero) / (full - zero)));
}

/** A part under this counts as weak and is named, whatever the total. */
export const WEAK_PART = 0.7;

const pct = (share: number): string => `${Math.round(share * 100)}%`;
const seconds = (s: number): string => `${s.toFixed(1)} s`;
const signed = (v: number, digits: number): string => `${v < 0 ? '−' : ''}${Number.isInteger(v) ? Math.abs(v) : Math.abs(v).toFixed(digits)}`;
const lufs = (v: number): string => `${signed(v, 1)} LUFS`;
const iod = (v: number): string => `${v.toFixed(2)} eye distances`;
const notChecked = 'Not measured: the check of the frames was skipped.';

/** Thresholds, each with where it was measured (quality-score.ts's header has the figures). */
export const PART_RAMPS = {
  /** Share of meshed frames with a face. */
  faceFound: { zero: 0.6, full: 0.98 },
  /** Share of p/b/m on which the lips come back to rest. */
  closure: { zero: 0.4, full: 0.85 },
  /**
   * The same with phones guessed from the sound alone, over the closures the sound shows
   * (viseme-measures.ts, closureHeard): even those are partly other stops and pauses
   * (about 37 % of all guessed closures are p/b/m), so the bar is that the lips meet on
   * at least that share of them (a loudness puppet met on 0 %; real clips 33–100 %).
   */
  closureAcoustic: { zero: 0.1, full: 0.4 },
  /** Widest seen gap on open vowels minus the narrowest on p/b/m, eye distances. */
  openContrast: { zero: 0.01, full: 0.04 },
  /** Narrowest inner-mouth width on u/o/w ÷ widest on i/e (mesh). */
  rounding: { zero: 1.04, full: 0.92 },
  /**
   * The picture's lead on the sound, seconds. Real speakers' measured offsets span ±80 ms
   * (the talking clips of tests/measure/score-calibration.ts, read at 25–30 fps), and
   * ITU-R BT.1359 finds a picture 45 ms behind or 125 ms ahead just detectable: full marks
   * from 80 ms behind to 120 ms ahead, none from 200 ms behind or 300 ms ahead (a sound
   * shifted by 300 ms fails).
   */
  leadEarly: { zero: 0.3, full: 0.12 },
  leadLate: { zero: -0.2, full: -0.08 },
  /**
   * Correlation of the seen mouth with the phones' expected opening, at the best shift;
   * with phones estimated from the sound alone the expected opening is rough, and real
   * people reach 0.05–0.2 against it.
   */
  syncR: { zero: 0.1, full: 0.3 },
  syncRAcoustic: { zero: 0, full: 0.1 },
  /**
   * With phones guessed from the sound, a mouth that follows the voice's loudness this
   * closely is a loudness puppet: it meets every guessed closure (they are the sound's
   * dips) without saying a word. Seen mouth against loudness: the old loudness-only
   * engine 0.95, our phone-timed render 0.26, seven real SadTalker/LivePortrait clips
   * −0.04 to 0.48 (2026-12-06).
   */
  loudnessPuppetR: { zero: 0.85, full: 0.65 },
  /** How much the best shift is believed, by the r it was found at. */
  leadTrustR: { zero: 0.1, full: 0.25 },
  /**
   * Head position's spread, eye distances: a held head still sways by 0.01 or more. Real
   * speakers move far more than a portrait render does: the talking LivePortrait clips
   * measured 0.49–0.68 (d12 laughing 0.63, d20 0.53, s13 0.68), so "more than people do"
   * starts above that.
   */
  headStill: { zero: 0.003, full: 0.01 },
  headWild: { zero: 1.4, full: 0.7 },
  /** Share of frames in which the picture's border away from the face moves. */
  rigidity: { zero: 0.4, full: 0.05 },
  /** Tooth-coloured share in shut lips. */
  teeth: { zero: 4 * MAX_TOOTH_SHARE_CLOSED, full: MAX_TOOTH_SHARE_CLOSED },
  /** Share of frames with a smeared or torn face outline, with a jump, or meshed frames where the mesh jumped. */
  edge: { zero: 0.2, full: 0.02 },
  jumps: { zero: 0.05, full: 0.005 },
  meshJumps: { zero: 0.4, full: 0.1 },
  /** Blinks a minute: people blink 8–30 times; 0 in a clip under 15 s is chance, not a fault. */
  blinkRate: { low: 5, high: 45 },
  /**
   * How far the lid lifts the eye box's dark towards its bright (eye-shade.ts): the lash
   * line stays dark under a shut lid and the white of the eye is brighter than skin, so
   * full blinks read low — the engine's drawn full blinks measured 0.15–0.45; a flicker of
   * the lid that leaves the iris in view stays under 0.05.
   */
  blinkFullness: { zero: 0.04, full: 0.12 },
  lengthDiffS: { zero: 0.6, full: 0.1 },
  badShareZero: 0.3,
  /** |LUFS − (−14)|: 1 within 1 LU, 0 from 10 LU. */
  loudnessLu: { zero: 10, full: 1 },
} as const;

export function faceVisible(v: Verification | null | undefined): Part {
  if (!v) return [null, notChecked];
  if (v.meshedFrames === 0) return [null, 'Not measured: no frame of the video could be checked.'];
  const score = ramp(v.faceFoundRatio, PART_RAMPS.faceFound.zero, PART_RAMPS.faceFound.full);
  return [
    score,
    score >= WEAK_PART
      ? `The face was found in ${pct(v.faceFoundRatio)} of the ${v.meshedFrames} frames the face mesh checked.`
      : `The face was lost in ${pct(1 - v.faceFoundRatio)} of the ${v.meshedFrames} frames the face mesh checked, as if it moved out of view or turned too far.`,
  ];
}

export function closure(v: Verification | null | undefined): Part {
  const m = v?.visemes;
  if (!m) return [null, v ? 'Not measured: there were no spoken phones to judge the lips against.' : notChecked];
  if (m.closure.phones === 0) return [null, 'Not measured: the speech has no p, b or m.'];
  const bar = m.method === 'acoustic' ? PART_RAMPS.closureAcoustic : PART_RAMPS.closure;
  const score = ramp(m.closure.share, bar.zero, bar.full);
  const which = m.method === 'acoustic' ? 'p, b and m sounds heard clearly in the sound' : 'p, b and m sounds';
  return [score, `The lips meet on ${m.closure.closed} of ${m.closure.phones} ${which} (${pct(m.closure.share)}; ${pct(bar.full)} or more looks right).`];
}

export function openVowels(v: Verification | null | undefined): Part {
  const m = v?.visemes;
  if (!m) return [null, v ? 'Not measured: there were no spoken phones to judge the mouth against.' : notChecked];
  if (!m.openVsClosed.openPhones || !m.openVsClosed.closedPhones) return [null, 'Not measured: the speech needs both open vowels and p, b or m to compare.'];
  const contrast = m.openVsClosed.meanOpenGap - m.openVsClosed.meanClosedGap;
  const score = ramp(contrast, PART_RAMPS.openContrast.zero, PART_RAMPS.openContrast.full);
  return [
    score,
    score >= WEAK_PART
      ? `The mouth opens on open vowels ("a"), ${iod(Math.max(0, contrast))} wider than on p, b and m.`
      : `The mouth hardly opens on open vowels ("a"): ${iod(Math.max(0, contrast))} wider than on p, b and m (${PART_RAMPS.openContrast.full} or more is clearly visible).`,
  ];
}

export function rounding(v: Verification | null | undefined): Part {
  const m = v?.visemes;
  if (!m) return [null, v ? 'Not measured: there were no spoken phones to judge the lips against.' : notChecked];
  const ratio = m.rounding.ratio;
  // From the sound alone, u/o/w and i/e are told apart too roughly to judge the lips by
  // (real people measured 0.99–1.03 against such phones, the same as no rounding).
  if (m.method === 'acoustic') return [null, 'Not judged: without the words, rounded and spread vowels cannot be told apart from the sound reliably (give the transcript).'];
  if (ratio === null) return [null, 'Not measured: the speech needs both rounded (u, o, w) and spread (i, e) vowels to compare.'];
  const score = ramp(ratio, PART_RAMPS.rounding.zero, PART_RAMPS.rounding.full);
  return [
    score,
    score >= WEAK_PART
      ? `The lips round on u, o and w: the mouth is ${pct(1 - ratio)} narrower than on i and e.`
      : `The lips barely round on u, o and w: the mouth is ${pct(Math.max(0, 1 - ratio))} narrower than on i and e (${pct(1 - PART_RAMPS.rounding.full)} or more looks right).`,
  ];
}

export function sync(v: Verification | null | undefined): Part {
  const m = v?.visemes;
  if (!m) return [null, v ? 'Not measured: there were no spoken phones to time the mouth against.' : notChecked];
  const fps = v.durationS > 0 ? v.framesAnalysed / v.durationS : 25;
  const leadS = m.lead.frames / fps;
  const bar = m.method === 'acoustic' ? PART_RAMPS.syncRAcoustic : PART_RAMPS.syncR;
  const follows = ramp(m.lead.r, bar.zero, bar.full);
  // A shift found from a weak match is mostly noise (real faces judged against phones from
  // the sound alone reach r 0.05–0.2 and their best shift wanders ±300 ms): the timing
  // counts in full from r 0.25, not at all under 0.1. Our renders reach 0.4–0.7.
  const shifted = Math.min(ramp(leadS, PART_RAMPS.leadEarly.zero, PART_RAMPS.leadEarly.full), ramp(leadS, PART_RAMPS.leadLate.zero, PART_RAMPS.leadLate.full));
  const trust = ramp(m.lead.r, PART_RAMPS.leadTrustR.zero, PART_RAMPS.leadTrustR.full);
  const timing = 1 - trust * (1 - shifted);
  const loudnessR = m.method === 'acoustic' ? (v.lipSync?.correlation ?? 0) : 0;
  const notPuppet = ramp(loudnessR, PART_RAMPS.loudnessPuppetR.zero, PART_RAMPS.loudnessPuppetR.full);
  const score = Math.min(follows, timing, notPuppet);
  const ms = Math.round(Math.abs(leadS) * 1000);
  if (notPuppet < WEAK_PART) {
    return [
      score,
      `The mouth opens and shuts with the voice's loudness (correlation ${signed(Math.round(loudnessR * 100) / 100, 2)}; a speaking mouth measures ${PART_RAMPS.loudnessPuppetR.full} or less): it follows the sound, not the words.`,
    ];
  }
  if (follows < WEAK_PART)
    return [
      score,
      `The mouth's movements hardly match the speech sounds (correlation ${signed(Math.round(m.lead.r * 100) / 100, 2)} at the best timing; ${bar.full} or more when the mouth says the words).`,
    ];
  if (timing < WEAK_PART) return [score, `The picture is ${ms} ms ${leadS > 0 ? 'ahead of' : 'behind'} the sound: lips and voice visibly drift apart.`];
  if (trust < 1 && shifted < WEAK_PART)
    return [score, `The mouth's timing against the sound cannot be read reliably (it matches the speech sounds only loosely, correlation ${signed(Math.round(m.lead.r * 100) / 100, 2)}).`];
  return [
    score,
    leadS === 0
      ? 'The mouth moves in time with the sound.'
      : `The mouth moves ${ms} ms ${leadS > 0 ? 'ahead of' : 'after'} the sound, ${leadS > 0 ? 'as in real speech' : 'within what a viewer accepts'}.`,
  ];
}

/**
 * A face seen never to blink in 15 s or more: weak (named, and retried by the quality gate),
 * and holding the video score to the threshold (7.5), not under it. The blink measure
 * misses some real closures: eyes ringed with liner keep their dark end when shut, and
 * LivePortrait d6's closures (12.7 s, 13.1 s) read nothing in 20 s judged, which at 0.3
 * held that real clip to 6.5.
 */
export const NO_BLINKS_SCORE = 0.5;

export function blinks(v: Verification | null | undefined): Part {
  if (!v) return [null, notChecked];
  if (v.framesAnalysed === 0) return [null, 'Not measured: no frame of the video could be checked.'];
  const { perMinute, count, fullness } = v.blinks;
  const { low, high } = PART_RAMPS.blinkRate;
  // Too few: from NO_BLINKS_SCORE at none (0.6 in a clip under 15 s, where none is chance) to 1 at `low`.
  let score = perMinute < low ? (count === 0 && v.durationS < 15 ? 0.6 : NO_BLINKS_SCORE + ((1 - NO_BLINKS_SCORE) * perMinute) / low) : perMinute > high ? ramp(perMinute, 2 * high, high) : 1;
  if (count > 0 && fullness !== null) score = Math.min(score, ramp(fullness, PART_RAMPS.blinkFullness.zero, PART_RAMPS.blinkFullness.full));
  const rate = `${count} blink${count === 1 ? '' : 's'} in ${seconds(v.durationS)} (${Math.round(perMinute)} a minute; people blink ${low}–${high} times)`;
  if (count > 0 && fullness !== null && fullness < PART_RAMPS.blinkFullness.full) return [score, `The eyes only half close when they blink: ${rate}.`];
  if (count === 0) return [score, `The eyes never blink in ${seconds(v.durationS)}.`, 'little'];
  if (perMinute < low) return [score, `The eyes blink too rarely: ${rate}.`, 'little'];
  if (perMinute > high) return [score, `The eyes blink too often: ${rate}.`, 'much'];
  return [score, `The eyes blink naturally: ${rate}.`];
}

export function head(v: Verification | null | undefined): Part {
  if (!v) return [null, notChecked];
  if (v.framesAnalysed === 0) return [null, 'Not measured: no frame of the video could be checked.'];
  const motion = v.head.motionStdIod;
  const score = Math.min(ramp(motion, PART_RAMPS.headStill.zero, PART_RAMPS.headStill.full), ramp(motion, PART_RAMPS.headWild.zero, PART_RAMPS.headWild.full));
  if (motion < PART_RAMPS.headStill.full) return [score, `The head holds unnaturally still (it moves by ${iod(motion)}; a living head sways by ${PART_RAMPS.headStill.full} or more).`, 'little'];
  if (motion > PART_RAMPS.headWild.full) return [score, `The head moves more than people do while talking (${iod(motion)}).`, 'much'];
  return [score, `The head moves naturally (by ${iod(motion)}).`];
}

export function rigidity(v: Verification | null | undefined): Part {
  if (!v) return [null, notChecked];
  if (v.framesAnalysed < 2) return [null, 'Not measured: too few frames to compare.'];
  const share = v.rigidity.movingShare;
  const score = ramp(share, PART_RAMPS.rigidity.zero, PART_RAMPS.rigidity.full);
  return [
    score,
    score >= WEAK_PART
      ? `Background and shoulders hold still (the picture's edge away from the face moves in ${pct(share)} of frames).`
      : `Background or shoulders move on their own in ${pct(share)} of frames, as if the picture were wobbling.`,
  ];
}

export function artifacts(v: Verification | null | undefined): Part {
  if (!v) return [null, notChecked];
  if (v.framesAnalysed === 0) return [null, 'Not measured: no frame of the video could be checked.'];
  const a = v.artifacts;
  const checks: Array<[number, string]> = [];
  if (a.teethAtClosure !== null) {
    checks.push([ramp(a.teethAtClosure, PART_RAMPS.teeth.zero, PART_RAMPS.teeth.full), `teeth show through shut lips (${pct(a.teethAtClosure)} of the lips' pixels on a p, b or m)`]);
  }
  checks.push([ramp(a.edgeDamagedShare, PART_RAMPS.edge.zero, PART_RAMPS.edge.full), `the face's outline is smeared or torn in ${pct(a.edgeDamagedShare)} of frames`]);
  const jumpShare = a.jumpFrames / Math.max(1, v.framesAnalysed);
  checks.push([ramp(jumpShare, PART_RAMPS.jumps.zero, PART_RAMPS.jumps.full), `the face jumps in ${a.jumpFrames} frame${a.jumpFrames === 1 ? '' : 's'}`]);
  if (v.meshedFrames > 0) {
    checks.push([
      ramp(a.meshJumps / v.meshedFrames, PART_RAMPS.meshJumps.zero, PART_RAMPS.meshJumps.full),
      `the face's features jump away from the head in ${a.meshJumps} of ${v.meshedFrames} checked frames`,
    ]);
  }
  checks.sort((x, y) => x[0] - y[0]);
  const [score, worst] = checks[0]!;
  return [score, score >= WEAK_PART ? `No visible damage in ${v.framesAnalysed} frames: no teeth through shut lips, no smeared or torn outline, no jumps.` : `Visible damage: ${worst}.`];
}

export function lengthMatch(h: Health | null | undefined): Part {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.videoDurationS === null) return [0, 'The file has no picture.'];
  if (h.audioDurationS === null) return [0, 'The video has no sound track.'];
  const diff = Math.abs(h.videoDurationS - h.audioDurationS);
  const score = ramp(diff, PART_RAMPS.lengthDiffS.zero, PART_RAMPS.lengthDiffS.full);
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

export function stretchPart(h: Health | null | undefined, kind: 'frozen' | 'black'): Part {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.videoDurationS === null) return [0, 'The file has no picture.'];
  const stretches = kind === 'frozen' ? h.frozenStretches : h.blackStretches;
  if (stretches.length === 0) {
    return [1, kind === 'frozen' ? `The picture never stands still for ${FREEZE_MIN_S} s or more.` : `The picture never goes black for ${BLACK_MIN_S} s or more.`];
  }
  const covered = coveredSeconds(stretches);
  const score = 1 - ramp(covered / Math.max(h.videoDurationS, 0.01), 0, PART_RAMPS.badShareZero);
  const where = stretches
    .slice(0, 3)
    .map((s) => `${s.startS.toFixed(1)}–${s.endS.toFixed(1)} s`)
    .join(', ');
  const verb = kind === 'frozen' ? 'stands still' : 'is black';
  return [score, `The picture ${verb} for ${seconds(covered)} of ${seconds(h.videoDurationS)} (${where}${stretches.length > 3 ? ', …' : ''}).`];
}

export function loudness(h: Health | null | undefined): Part {
  if (!h) return [null, 'Not measured: the file check was skipped.'];
  if (h.audioDurationS === null) return [0, 'The video has no sound track.'];
  if (h.loudnessLufs === null) return [0, 'The sound track is silent.'];
  const off = h.loudnessLufs - TARGET_LOUDNESS_LUFS;
  const score = ramp(Math.abs(off), PART_RAMPS.loudnessLu.zero, PART_RAMPS.loudnessLu.full);
  const target = lufs(TARGET_LOUDNESS_LUFS);
  return [
    score,
    score >= WEAK_PART
      ? `Loudness is ${lufs(h.loudnessLufs)}, on target for social platforms (${target}).`
      : `Loudness is ${lufs(h.loudnessLufs)}, ${signed(Math.round(Math.abs(off) * 10) / 10, 1)} LU ${off < 0 ? 'quieter' : 'louder'} than the ${target} social platforms play at.`,
  ];
}
