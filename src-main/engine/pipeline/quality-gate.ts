import type { MotionSettings } from '../../../src-shared/render.js';
import type { QualityScoresReport } from '../../../src-shared/report.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import type { MediaHealth } from '../verify/media-health.js';
import { belowThresholds, overallScore, QUALITY_THRESHOLDS, retryPlan, videoScore, weakPoints, type RetryPlan, type VideoScore } from '../verify/quality-score.js';
import type { VideoVerification } from '../verify/video-verify.js';

/**
 * The quality gate (SPEC §1 steps 3 and 7): score the photo and the rendered video, and
 * when a total is under its threshold, decide whether one more attempt with other
 * settings can help. The pipeline runs that attempt and keeps the better of the two, so
 * a retry never makes the result worse; what is still weak afterwards is reported.
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

/** The better of two attempts: higher overall, then higher video score. */
export function better(a: Verdict, b: Verdict): 'first' | 'second' {
  const key = (v: Verdict): [number, number] => [v.overall ?? -1, v.video.score ?? -1];
  const [ao, av] = key(a);
  const [bo, bv] = key(b);
  return bo > ao || (bo === ao && bv > av) ? 'second' : 'first';
}

export function scoresReport(kept: Verdict, retry?: { plan: RetryPlan; first: Verdict; kept: 'first' | 'second' }): QualityScoresReport {
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
