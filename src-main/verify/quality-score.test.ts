import { describe, expect, it } from 'vitest';
import type { MediaHealth } from './media-health.js';
import {
  belowThresholds,
  overallScore,
  QUALITY_THRESHOLDS,
  retryPlan,
  VIDEO_WEIGHTS,
  videoScore,
  weakPoints,
  type VideoScoreInputs,
} from './quality-score.js';
import type { VideoVerification } from './video-verify.js';

type Verification = NonNullable<VideoScoreInputs['verification']>;
type Health = NonNullable<VideoScoreInputs['health']>;

/** Figures of a good 288×512 render of the Obama fixture (report.json). */
const goodVerification: Pick<VideoVerification, 'framesAnalysed' | 'faceFoundRatio' | 'lipSync'> = {
  framesAnalysed: 188,
  faceFoundRatio: 1,
  lipSync: { correlation: 0.97, lagFrames: 0, opennessStd: 0.067, opennessSpeech: 0.305, opennessSilence: 0.163 },
};
const goodHealth: Pick<MediaHealth, 'videoDurationS' | 'audioDurationS' | 'frozenStretches' | 'blackStretches' | 'loudnessLufs'> = {
  videoDurationS: 7.52,
  audioDurationS: 7.52,
  frozenStretches: [],
  blackStretches: [],
  loudnessLufs: -13.9,
};
const verification = (change: Partial<Omit<Verification, 'lipSync'>> & { lipSync?: Partial<Verification['lipSync']> } = {}): Verification => ({
  ...goodVerification,
  ...change,
  lipSync: { ...goodVerification.lipSync, ...change.lipSync },
});
const health = (change: Partial<Health> = {}): Health => ({ ...goodHealth, ...change });
const part = (score: ReturnType<typeof videoScore>, name: string) => score.parts.find((p) => p.name === name)!;
const MOTION = { expressiveness: 1, headMotion: 1, blinkRate: 16 };

describe('videoScore', () => {
  it('gives 10 to a render where everything is right, weights summing to 1', () => {
    const score = videoScore({ verification: verification(), health: health() });
    expect(score.score).toBe(10);
    expect(score.parts.every((p) => p.score0to1 === 1)).toBe(true);
    expect(score.parts.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(1, 5);
    expect(Object.values(VIDEO_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    for (const p of score.parts) expect(p.detail).toMatch(/\d/);
  });

  it('scores from the measured parts only when the frame check was skipped, and says so', () => {
    const score = videoScore({ health: health() });
    expect(score.score).toBe(10);
    for (const name of ['faceVisible', 'lipSync', 'mouthMovement']) {
      expect(part(score, name).score0to1).toBeNull();
      expect(part(score, name).weight).toBe(0);
      expect(part(score, name).detail).toMatch(/^Not measured/);
    }
    // 0.10 + 0.10 + 0.05 + 0.15 = 0.40 re-normalised: loudness carries 0.15 / 0.40.
    expect(part(score, 'loudness').weight).toBe(0.375);
    // A weak measured part still counts in full.
    expect(videoScore({ health: health({ loudnessLufs: -30 }) }).score!).toBeLessThanOrEqual(5);
  });

  it('scores the frame check alone when the file check is missing, and nothing when both are', () => {
    const score = videoScore({ verification: verification() });
    expect(score.score).toBe(10);
    expect(part(score, 'loudness').score0to1).toBeNull();
    const none = videoScore({});
    expect(none.score).toBeNull();
    expect(none.parts.every((p) => p.score0to1 === null && p.weight === 0)).toBe(true);
  });

  it('lets one failed part hold the score to 5, whatever the rest', () => {
    const silent = videoScore({ verification: verification(), health: health({ loudnessLufs: null }) });
    expect(part(silent, 'loudness').score0to1).toBe(0);
    expect(part(silent, 'loudness').detail).toMatch(/silent/);
    expect(silent.score).toBe(5);
    const frozen = videoScore({ verification: verification(), health: health({ frozenStretches: [{ startS: 0, endS: 7.52 }] }) });
    expect(frozen.score).toBe(5);
  });

  it('maps each figure through its documented ramp', () => {
    expect(part(videoScore({ verification: verification({ faceFoundRatio: 0.79 }) }), 'faceVisible').score0to1).toBe(0.5);
    expect(part(videoScore({ verification: verification({ lipSync: { correlation: 0.45 } }) }), 'lipSync').score0to1).toBe(0.5);
    expect(part(videoScore({ health: health({ audioDurationS: 7.87 }) }), 'lengthMatch').score0to1).toBe(0.5);
    expect(part(videoScore({ health: health({ loudnessLufs: -17.5 }) }), 'loudness').score0to1).toBe(0.5);
    expect(part(videoScore({ health: health({ loudnessLufs: -10.5 }) }), 'loudness').detail).toMatch(/louder/);
    // Overlapping frozen stretches count once: 1.5 s of 7.5 s is 20 %, two thirds of the way to 0.
    const overlap = health({ videoDurationS: 7.5, frozenStretches: [{ startS: 1, endS: 2 }, { startS: 1.5, endS: 2.5 }] });
    expect(part(videoScore({ health: overlap }), 'frozen').score0to1).toBe(0.33);
  });

  it('falls back to the spread of the opening when the voice has no pause', () => {
    const still = verification({ lipSync: { opennessSilence: 0, opennessStd: 0.008, opennessSpeech: 0.07 } });
    expect(part(videoScore({ verification: still }), 'mouthMovement').score0to1).toBe(0);
    expect(part(videoScore({ verification: still }), 'mouthMovement').detail).toMatch(/no pause/);
    const lively = verification({ lipSync: { opennessSilence: 0, opennessStd: 0.05 } });
    expect(part(videoScore({ verification: lively }), 'mouthMovement').score0to1).toBe(1);
  });
});

describe('overallScore and thresholds', () => {
  it('weighs the image 0.4 and the video 0.6, using whichever exists', () => {
    expect(overallScore(9, 8)).toBe(8.4);
    expect(overallScore(QUALITY_THRESHOLDS.image, QUALITY_THRESHOLDS.video)).toBe(7.7);
    expect(overallScore(9.2, null)).toBe(9.2);
    expect(overallScore(undefined, 7)).toBe(7);
    expect(overallScore(null, null)).toBeNull();
  });

  it('lists the scores under their thresholds', () => {
    expect(belowThresholds({ image: 9.8, video: 7.4, overall: 8.4 })).toEqual(['video']);
    expect(belowThresholds({ image: 7.9, video: 7.5, overall: 7.6 })).toEqual(['image', 'overall']);
    expect(belowThresholds({ image: 9, video: null, overall: 9 })).toEqual([]);
  });
});

describe('weakPoints and retryPlan', () => {
  const weakFor = (inputs: VideoScoreInputs, image = 9.5) => weakPoints({ image, video: videoScore(inputs) });

  it('names nothing for a good render', () => {
    expect(weakFor({ verification: verification(), health: health() })).toEqual([]);
    expect(retryPlan([], { motion: MOTION })).toBeNull();
  });

  it('sends weak lip sync back to animate with more expressiveness', () => {
    const weak = weakFor({ verification: verification({ lipSync: { correlation: -0.02, opennessSpeech: 0.0754, opennessSilence: 0.0753, opennessStd: 0.01 } }), health: health() });
    expect(weak.map((w) => [w.step, w.part])).toEqual([['animate', 'lipSync'], ['animate', 'mouthMovement']]);
    expect(weak[0]!.what).toMatch(/correlation −0\.02/);
    const plan = retryPlan(weak, { motion: { expressiveness: 0, headMotion: 1, blinkRate: 16 } })!;
    expect(plan.steps).toEqual(['animate']);
    expect(plan.motion).toEqual({ expressiveness: 1.25, headMotion: 1, blinkRate: 16 });
    expect(retryPlan(weak, { motion: { ...MOTION, expressiveness: 1.8 } })!.motion!.expressiveness).toBe(2);
    // Already at the top of the range: nothing left to try, the creator is told instead.
    expect(retryPlan(weak, { motion: { ...MOTION, expressiveness: 2 } })).toBeNull();
  });

  it('sends a face lost in frames back to animate with less head motion', () => {
    const weak = weakFor({ verification: verification({ faceFoundRatio: 0.7 }) });
    expect(weak).toEqual([{ step: 'animate', part: 'faceVisible', what: expect.stringMatching(/lost in 30%/) }]);
    expect(retryPlan(weak, { motion: { ...MOTION, headMotion: 2 } })!.motion!.headMotion).toBe(0.5);
    expect(retryPlan(weak, { motion: { ...MOTION, headMotion: 0.5 } })!.motion!.headMotion).toBe(0);
  });

  it('sends a frozen picture back to animate with sway and blinks', () => {
    const weak = weakFor({ health: health({ videoDurationS: 10.5, audioDurationS: 10.5, frozenStretches: [{ startS: 2.56, endS: 5.44 }] }) });
    expect(weak.map((w) => w.part)).toEqual(['frozen']);
    expect(weak[0]!.what).toMatch(/stands still for 2\.9 s/);
    const plan = retryPlan(weak, { motion: { expressiveness: 1, headMotion: 0, blinkRate: 0 } })!;
    expect(plan.motion).toEqual({ expressiveness: 1, headMotion: 1, blinkRate: 16 });
  });

  it('sends loudness off target back to the voice step, then animate to mux it', () => {
    const weak = weakFor({ health: health({ loudnessLufs: -30 }) });
    expect(weak).toEqual([{ step: 'voice', part: 'loudness', what: expect.stringMatching(/−30 LUFS, 16 LU quieter/) }]);
    const plan = retryPlan(weak, { motion: MOTION })!;
    expect(plan.steps).toEqual(['voice', 'animate']);
    expect(plan.voice).toEqual({ renormalize: true });
    expect(plan.motion).toBeUndefined();
  });

  it('sends a black stretch or a length mismatch back to animate with the same settings', () => {
    for (const change of [{ blackStretches: [{ startS: 2, endS: 4 }] }, { audioDurationS: 8.5 }]) {
      const weak = weakFor({ health: health(change) });
      expect(weak.map((w) => w.step)).toEqual(['animate']);
      const plan = retryPlan(weak, { motion: MOTION })!;
      expect(plan.steps).toEqual(['animate']);
      expect(plan.motion).toBeUndefined();
    }
  });

  it('sends a photo under 8 back to enhance, naming its weakest side', () => {
    const weak = weakPoints({ image: { score: 7.2, sharpness: 5.1, exposure: 8.8, contrast: 9, noise: 9.5 }, video: videoScore({ health: health() }) });
    expect(weak).toEqual([{ step: 'enhance', part: 'image', what: expect.stringMatching(/7\.2 of 10 .*8\.0 needed.*sharpness at 5\.1/) }]);
    const plan = retryPlan(weak, { motion: MOTION })!;
    expect(plan.steps).toEqual(['enhance', 'animate']);
    expect(plan.enhance).toEqual({ strength: 'strong' });
    expect(retryPlan(weak, { motion: MOTION, enhance: 'strong' })).toBeNull();
  });

  it('names the lowest part when a total fails but no part is weak on its own', () => {
    // Every part at 0.71–0.74: the mean (7.3) is under 7.5 with nothing under 0.7.
    const middling = (lift: number): VideoScoreInputs => ({
      verification: verification({ faceFoundRatio: 0.878 + lift, lipSync: { correlation: 0.555 + lift / 2, opennessSpeech: 0.2185 + lift / 10, opennessSilence: 0.163 } }),
      health: health({ audioDurationS: 7.52 + 0.235 - lift, loudnessLufs: -16.35 + lift, frozenStretches: [{ startS: 1, endS: 1.6 - lift }], blackStretches: [{ startS: 5, endS: 5.6 - lift }] }),
    });
    const score = videoScore(middling(0));
    expect(score.score!).toBeLessThan(QUALITY_THRESHOLDS.video);
    expect(score.parts.every((p) => p.score0to1 !== null && p.score0to1 >= 0.7)).toBe(true);
    const weak = weakPoints({ image: 9.5, video: score });
    expect(weak.map((w) => w.part)).toEqual(['lipSync']);
    // Video 7.5 or more and the photo 8.1, but together under 8: the lower one is named.
    const passing = videoScore(middling(0.02));
    expect(passing.score!).toBeGreaterThanOrEqual(QUALITY_THRESHOLDS.video);
    expect(overallScore(8.1, passing.score)!).toBeLessThan(QUALITY_THRESHOLDS.overall);
    expect(weakPoints({ image: 8.1, video: passing }).map((w) => w.part)).toEqual(['lipSync']);
  });
});
