import { TARGET_LOUDNESS_LUFS } from '../../../src-shared/limits.js';
import type { MotionSettings } from '../../../src-shared/render.js';
import type { QualityScoresReport } from '../../../src-shared/report.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import type { MediaHealth } from '../verify/media-health.js';
import { belowThresholds, overallScore, QUALITY_THRESHOLDS, videoScore, weakPoints, type RetryStep, type VideoPartName, type VideoScore, type WeakPoint } from '../verify/quality-score.js';
import type { VideoVerification } from '../verify/video-verify.js';

/**
 * The quality gate (SPEC §1 steps 3 and 7): score the photo and the rendered video, and
 * when a total is under its threshold, decide whether one more attempt with other
 * settings can help. The pipeline runs that attempt and keeps the better of the two, so
 * a retry never makes the result worse; what is still weak is reported. The scores and
 * the weak points are measured in verify/quality-score.ts; the decision is all here, pure.
 */
export interface Verdict {
  image: number;
  video: VideoScore;
  overall: number | null;
  below: ReturnType<typeof belowThresholds>;
  weak: ReturnType<typeof weakPoints>;
}

export function judge(image: PhotoQuality, verification: VideoVerification | undefined, health: MediaHealth): Verdict {
  const video = videoScore({ verification: verification ?? null, health });
  const overall = overallScore(image.score, video.score);
  return {
    image: image.score,
    video,
    overall,
    below: belowThresholds({ image: image.score, video: video.score, overall }),
    weak: weakPoints({ image, video }),
  };
}

/** A second attempt that ran: what it changed, the first one's verdict, and which of the two was kept. */
export interface RetryOutcome {
  plan: RetryPlan;
  first: Verdict;
  kept: 'first' | 'second';
}

/** The motion settings the creator gave (not the defaults): a retry leaves them as they are. */
export function chosenMotionSettings(requested: Partial<MotionSettings> | undefined): Set<keyof MotionSettings> {
  return new Set((Object.keys(requested ?? {}) as Array<keyof MotionSettings>).filter((k) => requested?.[k] !== undefined));
}

/**
 * The second attempt, if one can help: only when a total is under its threshold, and
 * only for the steps this pipeline can redo with other settings (the photo's enhancement
 * and the animation). The voice is levelled once, from the measured loudness; a miss
 * there is reported, since levelling the same audio again gives the same result.
 */
export function planRetry(verdict: Verdict, motion: MotionSettings, chosenByCreator: ReadonlySet<keyof MotionSettings> = new Set()): RetryPlan | null {
  if (verdict.below.length === 0) return null;
  const proposed = retryPlan(verdict.weak, { motion });
  if (!proposed) return null;
  // A setting the creator chose is theirs: the weak point is reported, not overridden.
  const plan = withoutChosen(proposed, motion, chosenByCreator);
  const steps = plan.steps.filter((s) => s !== 'voice');
  const { voice: _voice, ...rest } = plan;
  const useful = rest.enhance !== undefined || rest.motion !== undefined || repeatsAnimation(plan);
  return useful ? { ...rest, steps, reasons: plan.reasons.filter((r) => !r.startsWith('Level the voice')) } : null;
}

/** A black stretch or a length mismatch: the same settings again (a one-off encoding fault). */
export function repeatsAnimation(plan: RetryPlan): boolean {
  return plan.reasons.some((r) => r.startsWith('Animate again'));
}

function withoutChosen(plan: RetryPlan, motion: MotionSettings, chosen: ReadonlySet<keyof MotionSettings>): RetryPlan {
  if (!plan.motion || chosen.size === 0) return plan;
  const next = { ...plan.motion };
  for (const key of chosen) Object.assign(next, { [key]: motion[key] });
  const changed = (Object.keys(next) as Array<keyof MotionSettings>).filter((k) => next[k] !== motion[k]);
  const { motion: _motion, ...rest } = plan;
  return {
    ...rest,
    ...(changed.length ? { motion: next } : {}),
    reasons: plan.reasons.filter((reason) => !/^Animate with /u.test(reason) || changed.some((k) => reason.includes(MOTION_WORDS[k]))),
  };
}

/** How retryPlan's reasons name each setting. */
const MOTION_WORDS: Record<keyof MotionSettings, string> = { expressiveness: 'expressiveness', headMotion: 'head motion', blinkRate: 'blinks a minute', mood: 'mood' };

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
  // Only the four settings: callers may hand in the report's motion, which carries more.
  // The mood is the creator's choice and is never retried; it travels along unchanged.
  const { expressiveness, headMotion, blinkRate, mood = 'neutral' } = current.motion;
  const motion: MotionSettings = { expressiveness, headMotion, blinkRate, mood };
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
  const tooMuch = (part: VideoPartName) => weak.some((w) => w.part === part && w.too === 'much');
  // A mouth that barely opens or rounds gets more amplitude. Lips that do not meet, or a
  // picture out of time with the sound, are the engine's to fix: reported, not retried.
  if ((parts.has('openVowels') || parts.has('rounding')) && current.motion.expressiveness < 2) {
    motion.expressiveness = retryExpressiveness(current.motion.expressiveness);
    reasons.push(`Animate with expressiveness ${motion.expressiveness} (was ${current.motion.expressiveness}) so the mouth opens and rounds more clearly.`);
  }
  // The face lost, torn at its outline, the picture wobbling or a head swinging too far: calmer head motion.
  const calmer = parts.has('faceVisible') || parts.has('artifacts') || parts.has('rigidity') || tooMuch('head');
  if (calmer && current.motion.headMotion > 0) {
    motion.headMotion = retryHeadMotionCalmer(current.motion.headMotion);
    reasons.push(`Animate with head motion ${motion.headMotion} (was ${current.motion.headMotion}) so the face stays whole and in view.`);
  } else if ((parts.has('frozen') || (parts.has('head') && !tooMuch('head'))) && current.motion.headMotion < LIVELY.headMotion) {
    motion.headMotion = LIVELY.headMotion;
    reasons.push(`Animate with head motion ${motion.headMotion} (was ${current.motion.headMotion}) so the head moves like a living one.`);
  }
  if ((parts.has('frozen') || (parts.has('blinks') && !tooMuch('blinks'))) && current.motion.blinkRate < LIVELY.blinkRate) {
    motion.blinkRate = LIVELY.blinkRate;
    reasons.push(`Animate with ${motion.blinkRate} blinks a minute (was ${current.motion.blinkRate}) so the eyes blink naturally.`);
  } else if (tooMuch('blinks') && current.motion.blinkRate > LIVELY.blinkRate) {
    motion.blinkRate = LIVELY.blinkRate;
    reasons.push(`Animate with ${motion.blinkRate} blinks a minute (was ${current.motion.blinkRate}) so the eyes blink naturally.`);
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

/** The better of two attempts: higher overall, then higher video score. */
export function better(a: Verdict, b: Verdict): 'first' | 'second' {
  const key = (v: Verdict): [number, number] => [v.overall ?? -1, v.video.score ?? -1];
  const [ao, av] = key(a);
  const [bo, bv] = key(b);
  return bo > ao || (bo === ao && bv > av) ? 'second' : 'first';
}

export function scoresReport(kept: Verdict, retry?: RetryOutcome): QualityScoresReport {
  return {
    image: round1(kept.image),
    video: kept.video.score,
    overall: kept.overall,
    thresholds: { ...QUALITY_THRESHOLDS },
    passed: kept.below.length === 0,
    below: kept.below,
    videoParts: kept.video.parts,
    weak: kept.weak,
    ...(retry
      ? {
          retry: {
            reasons: retry.plan.reasons,
            steps: retry.plan.steps,
            ...(retry.plan.motion ? { motion: retry.plan.motion } : {}),
            kept: retry.kept === 'second' ? 'retry' : 'first',
            first: { image: round1(retry.first.image), video: retry.first.video.score, overall: retry.first.overall },
          },
        }
      : {}),
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const signed = (v: number, digits: number): string => `${v < 0 ? '−' : ''}${Number.isInteger(v) ? Math.abs(v) : Math.abs(v).toFixed(digits)}`;
const lufs = (v: number): string => `${signed(v, 1)} LUFS`;
