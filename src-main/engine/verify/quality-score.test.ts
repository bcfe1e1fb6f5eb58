import { describe, expect, it } from 'vitest';
import { belowThresholds, overallScore, QUALITY_THRESHOLDS, VIDEO_WEIGHTS, videoScore, weakPoints, type VideoScoreInputs } from './quality-score.js';
import { retryPlan } from '../pipeline/quality-gate.js';

type Verification = NonNullable<VideoScoreInputs['verification']>;
type Health = NonNullable<VideoScoreInputs['health']>;
type Visemes = NonNullable<Verification['visemes']>;

/** Figures of a good 360×640 render of the closed-mouth fixture (report.json, issue 15's judge). */
const goodVisemes: Visemes = {
  method: 'synthesizer',
  closure: { phones: 14, closed: 14, share: 1, unmeasured: 0, photoGap: 0.02, restGap: 0.02, speechP90Gap: 0.11, thresholdGap: 0.04 },
  openVsClosed: { openPhones: 11, closedPhones: 14, meanOpenGap: 0.11, meanClosedGap: 0, ratio: 110 },
  rounding: { roundedPhones: 3, spreadPhones: 3, meanRoundedWidth: 0.8, meanSpreadWidth: 0.9, ratio: 0.89 },
  lead: { frames: 1, r: 0.66 },
  passed: { closure: true, openVsClosed: true, rounding: true },
  targets: { closureShare: 0.9, openToClosed: 3, roundedToSpread: 0.88 },
};
const goodVerification: Verification = {
  framesAnalysed: 188,
  meshedFrames: 12,
  faceFoundRatio: 1,
  durationS: 7.52,
  blinks: { count: 2, perMinute: 16, fullness: 0.6 },
  head: { motionStdIod: 0.04, maxOffsetIod: 0.09 },
  rigidity: { borderChangeMedian: 0.1, movingShare: 0 },
  artifacts: { teethAtClosure: 0, closuresChecked: 3, edgeDamagedShare: 0, jumpFrames: 0, meshJumps: 0 },
  visemes: goodVisemes,
};
const goodHealth: Health = {
  videoDurationS: 7.52,
  audioDurationS: 7.52,
  frozenStretches: [],
  blackStretches: [],
  loudnessLufs: -13.9,
};
interface Change extends Partial<Omit<Verification, 'visemes'>> {
  visemes?: { [K in keyof Visemes]?: Partial<Visemes[K]> };
}
const verification = (change: Change = {}): Verification => {
  const { visemes, ...rest } = change;
  const merged = { ...goodVisemes } as Record<string, unknown>;
  for (const [key, value] of Object.entries(visemes ?? {})) merged[key] = typeof value === 'object' ? { ...(goodVisemes as unknown as Record<string, object>)[key], ...value } : value;
  return { ...goodVerification, ...rest, visemes: merged as unknown as Visemes };
};
const health = (change: Partial<Health> = {}): Health => ({ ...goodHealth, ...change });
const part = (score: ReturnType<typeof videoScore>, name: string) => score.parts.find((p) => p.name === name)!;
const MOTION = { expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' as const };
const FRAME_PARTS = ['closure', 'openVowels', 'rounding', 'sync', 'faceVisible', 'blinks', 'head', 'rigidity', 'artifacts'];

describe('videoScore', () => {
  it('gives 10 to a render where everything is right, weights summing to 1', () => {
    const score = videoScore({ verification: verification(), health: health() });
    expect(score.score).toBe(10);
    expect(score.parts.every((p) => p.score0to1 === 1)).toBe(true);
    expect(score.parts.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(1, 5);
    expect(Object.values(VIDEO_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    for (const p of score.parts) expect(p.detail).toMatch(/\d/);
  });

  it("does not score the mouth's correlation with loudness, which a loudness puppet tops", () => {
    expect(Object.keys(VIDEO_WEIGHTS)).not.toContain('lipSync');
    expect(videoScore({ verification: verification(), health: health() }).parts.map((p) => p.name)).toEqual([...FRAME_PARTS, 'lengthMatch', 'frozen', 'black', 'loudness']);
  });

  it('fails a mouth that follows loudness when the phones were guessed from that sound, and only then', () => {
    const lipSync = (correlation: number) => ({ correlation, lagFrames: 0, opennessStd: 0.05, opennessSpeech: 0.1, opennessSilence: 0.02 });
    const acoustic = { method: 'acoustic' as const, lead: { frames: 1, r: 0.4 } };
    const puppet = videoScore({ verification: verification({ lipSync: lipSync(0.95), visemes: acoustic }), health: health() });
    expect(part(puppet, 'sync').score0to1).toBe(0);
    expect(part(puppet, 'sync').detail).toMatch(/follows the sound, not the words/);
    expect(puppet.score!).toBeLessThan(7.5);
    // A real speaker (0.48 was the most a real clip reached) and exact phones are not held to it.
    expect(part(videoScore({ verification: verification({ lipSync: lipSync(0.48), visemes: acoustic }), health: health() }), 'sync').score0to1).toBe(1);
    expect(part(videoScore({ verification: verification({ lipSync: lipSync(0.95) }), health: health() }), 'sync').score0to1).toBe(1);
  });

  it('counts a lips part judged on few guessed phones in proportion to them, and in full with the words known', () => {
    const oneClosure = { openVsClosed: { openPhones: 5, closedPhones: 1, meanOpenGap: 0, meanClosedGap: 0 } };
    const guessed = videoScore({ verification: verification({ visemes: { method: 'acoustic', ...oneClosure } }), health: health() });
    // A laughing mouth open throughout, against one guessed p/b/m: 1 of 6 phones' worth of belief.
    expect(part(guessed, 'openVowels').score0to1).toBe(0);
    expect(part(guessed, 'openVowels').sureness).toBe(0.17);
    expect(guessed.score!).toBeGreaterThanOrEqual(7.5);
    expect(weakPoints({ video: guessed }).map((w) => w.part)).not.toContain('openVowels');
    const known = videoScore({ verification: verification({ visemes: oneClosure }), health: health() });
    expect(part(known, 'openVowels').sureness).toBeUndefined();
    expect(known.score!).toBe(5);
    // Enough guessed phones and the part counts in full.
    const many = videoScore({ verification: verification({ visemes: { method: 'acoustic', openVsClosed: { openPhones: 8, closedPhones: 6, meanOpenGap: 0, meanClosedGap: 0 } } }), health: health() });
    expect(many.score!).toBe(5);
  });

  it('times the picture within what real speakers show: 80 ms behind is full marks, 300 ms ahead is none', () => {
    const v = (frames: number) => part(videoScore({ verification: verification({ visemes: { lead: { frames, r: 0.6 } } }) }), 'sync').score0to1;
    expect(v(-2)).toBe(1);
    expect(v(3)).toBe(1);
    expect(v(-4)).toBeLessThan(1);
    expect(v(8)).toBe(0);
  });

  it("takes a real speaker's head motion (up to 0.68 eye distances on the clips) as natural", () => {
    const v = (motionStdIod: number) => part(videoScore({ verification: verification({ head: { motionStdIod, maxOffsetIod: 2 * motionStdIod } }) }), 'head');
    expect(v(0.68).score0to1).toBe(1);
    expect(v(1.05).score0to1).toBe(0.5);
    expect(v(1.05).detail).toMatch(/more than people do/);
  });

  it('scores from the measured parts only when the frame check was skipped, and says so', () => {
    const score = videoScore({ health: health() });
    expect(score.score).toBe(10);
    for (const name of FRAME_PARTS) {
      expect(part(score, name).score0to1).toBeNull();
      expect(part(score, name).weight).toBe(0);
      expect(part(score, name).detail).toMatch(/^Not measured/);
    }
    // 0.05 + 0.05 + 0.03 + 0.05 = 0.18 re-normalised: loudness carries 0.05 / 0.18.
    expect(part(score, 'loudness').weight).toBe(0.278);
    // A measured part still counts; a file with no sound cannot score 10.
    expect(videoScore({ health: health({ audioDurationS: null, loudnessLufs: null }) }).score!).toBeLessThanOrEqual(5);
  });

  it('scores the frame check alone when the file check is missing, and nothing when both are', () => {
    const score = videoScore({ verification: verification() });
    expect(score.score).toBe(10);
    expect(part(score, 'loudness').score0to1).toBeNull();
    const none = videoScore({});
    expect(none.score).toBeNull();
    expect(none.parts.every((p) => p.score0to1 === null && p.weight === 0)).toBe(true);
  });

  it('lets one failed part hold the score to 5, whatever the rest; loudness alone does not', () => {
    const frozen = videoScore({ verification: verification(), health: health({ frozenStretches: [{ startS: 0, endS: 7.52 }] }) });
    expect(frozen.score).toBe(5);
    const shut = videoScore({ verification: verification({ visemes: { openVsClosed: { meanOpenGap: 0.005 } } }), health: health() });
    expect(part(shut, 'openVowels').score0to1).toBe(0);
    expect(shut.score).toBe(5);
    const silent = videoScore({ verification: verification(), health: health({ loudnessLufs: null }) });
    expect(part(silent, 'loudness').detail).toMatch(/silent/);
    expect(silent.score).toBe(9.5);
  });

  it('maps each figure through its documented ramp', () => {
    const v = (change: Change) => videoScore({ verification: verification(change) });
    expect(part(v({ faceFoundRatio: 0.79 }), 'faceVisible').score0to1).toBe(0.5);
    expect(part(v({ visemes: { closure: { share: 0.625 } } }), 'closure').score0to1).toBe(0.5);
    expect(part(v({ visemes: { openVsClosed: { meanOpenGap: 0.025, meanClosedGap: 0 } } }), 'openVowels').score0to1).toBe(0.5);
    expect(part(v({ visemes: { rounding: { ratio: 0.98 } } }), 'rounding').score0to1).toBe(0.5);
    // 300 ms early at 25 fps: 7.5 frames; the sync part is 0 from 250 ms either way.
    expect(part(v({ visemes: { lead: { frames: 8, r: 0.6 } } }), 'sync').score0to1).toBe(0);
    expect(part(v({ visemes: { lead: { frames: 8, r: 0.6 } } }), 'sync').detail).toMatch(/ahead of the sound/);
    expect(part(v({ visemes: { lead: { frames: -8, r: 0.6 } } }), 'sync').detail).toMatch(/behind the sound/);
    expect(part(v({ visemes: { lead: { frames: 1, r: 0.2 } } }), 'sync').score0to1).toBe(0.5);
    expect(part(v({ head: { motionStdIod: 0, maxOffsetIod: 0 } }), 'head').score0to1).toBe(0);
    expect(part(v({ head: { motionStdIod: 0, maxOffsetIod: 0 } }), 'head').detail).toMatch(/still/);
    expect(part(v({ rigidity: { borderChangeMedian: 3, movingShare: 0.225 } }), 'rigidity').score0to1).toBe(0.5);
    expect(part(v({ artifacts: { ...goodVerification.artifacts, teethAtClosure: 0.05 } }), 'artifacts').detail).toMatch(/teeth show through shut lips \(5%/);
    expect(part(v({ blinks: { count: 0, perMinute: 0, fullness: null } }), 'blinks').score0to1).toBe(0.6);
    expect(part(v({ blinks: { count: 2, perMinute: 16, fullness: 0.08 } }), 'blinks').score0to1).toBe(0.5);
    expect(part(v({ blinks: { count: 2, perMinute: 16, fullness: 0.08 } }), 'blinks').detail).toMatch(/half close/);
    expect(part(videoScore({ health: health({ audioDurationS: 7.87 }) }), 'lengthMatch').score0to1).toBe(0.5);
    expect(part(videoScore({ health: health({ loudnessLufs: -19.5 }) }), 'loudness').score0to1).toBe(0.5);
    expect(part(videoScore({ health: health({ loudnessLufs: -10.5 }) }), 'loudness').detail).toMatch(/on target/);
    // Overlapping frozen stretches count once: 1.5 s of 7.5 s is 20 %, two thirds of the way to 0.
    const overlap = health({
      videoDurationS: 7.5,
      frozenStretches: [
        { startS: 1, endS: 2 },
        { startS: 1.5, endS: 2.5 },
      ],
    });
    expect(part(videoScore({ health: overlap }), 'frozen').score0to1).toBe(0.33);
  });

  it('leaves the mouth unmeasured without phones, and names what is missing', () => {
    const score = videoScore({ verification: { ...goodVerification, visemes: undefined }, health: health() });
    for (const name of ['closure', 'openVowels', 'rounding', 'sync']) expect(part(score, name).detail).toMatch(/no spoken phones/);
    expect(part(videoScore({ verification: verification({ visemes: { rounding: { ratio: null } } }) }), 'rounding').detail).toMatch(/needs both rounded/);
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

  it('sends a mouth that barely opens back to animate with more expressiveness', () => {
    const weak = weakFor({ verification: verification({ visemes: { openVsClosed: { meanOpenGap: 0.012 } } }), health: health() });
    expect(weak.map((w) => [w.step, w.part])).toEqual([['animate', 'openVowels']]);
    expect(weak[0]!.what).toMatch(/hardly opens on open vowels/);
    const plan = retryPlan(weak, { motion: { expressiveness: 0, headMotion: 1, blinkRate: 16, mood: 'neutral' as const } })!;
    expect(plan.steps).toEqual(['animate']);
    expect(plan.motion).toEqual({ expressiveness: 1.25, headMotion: 1, blinkRate: 16, mood: 'neutral' as const });
    expect(retryPlan(weak, { motion: { ...MOTION, expressiveness: 1.8 } })!.motion!.expressiveness).toBe(2);
    // Already at the top of the range: nothing left to try, the creator is told instead.
    expect(retryPlan(weak, { motion: { ...MOTION, expressiveness: 2 } })).toBeNull();
  });

  it('reports lips that do not meet and a picture out of time without retrying: no setting fixes them', () => {
    const weak = weakFor({ verification: verification({ visemes: { closure: { share: 0.3, closed: 4 }, lead: { frames: -8, r: 0.6 } } }), health: health() });
    expect(weak.map((w) => w.part).sort()).toEqual(['closure', 'sync']);
    expect(retryPlan(weak, { motion: MOTION })).toBeNull();
  });

  it('sends a face lost in frames, a torn outline or a wobbling background back to animate with less head motion', () => {
    const weak = weakFor({ verification: verification({ faceFoundRatio: 0.7 }) });
    expect(weak).toEqual([{ step: 'animate', part: 'faceVisible', what: expect.stringMatching(/lost in 30%/) }]);
    expect(retryPlan(weak, { motion: { ...MOTION, headMotion: 2 } })!.motion!.headMotion).toBe(0.5);
    expect(retryPlan(weak, { motion: { ...MOTION, headMotion: 0.5 } })!.motion!.headMotion).toBe(0);
    const torn = weakFor({ verification: verification({ artifacts: { ...goodVerification.artifacts, edgeDamagedShare: 0.3 } }) });
    expect(torn.map((w) => w.part)).toEqual(['artifacts']);
    expect(retryPlan(torn, { motion: MOTION })!.motion!.headMotion).toBe(0.5);
  });

  it('sends a still head or eyes that never blink back to animate with sway and blinks', () => {
    const still = weakFor({ verification: verification({ head: { motionStdIod: 0.002, maxOffsetIod: 0.004 } }) });
    expect(still).toEqual([{ step: 'animate', part: 'head', what: expect.stringMatching(/unnaturally still/), too: 'little' }]);
    expect(retryPlan(still, { motion: { ...MOTION, headMotion: 0.2 } })!.motion!.headMotion).toBe(1);
    const staring = weakFor({ verification: verification({ durationS: 30, blinks: { count: 0, perMinute: 0, fullness: null } }) });
    expect(staring.map((w) => w.part)).toEqual(['blinks']);
    expect(retryPlan(staring, { motion: { ...MOTION, blinkRate: 2 } })!.motion!.blinkRate).toBe(16);
  });

  it('sends a frozen picture back to animate with sway and blinks', () => {
    const weak = weakFor({ health: health({ videoDurationS: 10.5, audioDurationS: 10.5, frozenStretches: [{ startS: 2.56, endS: 5.44 }] }) });
    expect(weak.map((w) => w.part)).toEqual(['frozen']);
    expect(weak[0]!.what).toMatch(/stands still for 2\.9 s/);
    const plan = retryPlan(weak, { motion: { expressiveness: 1, headMotion: 0, blinkRate: 0, mood: 'neutral' as const } })!;
    expect(plan.motion).toEqual({ expressiveness: 1, headMotion: 1, blinkRate: 16, mood: 'neutral' as const });
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
    // Every part at 0.71–0.74: the total (7.3) is under 7.5 with nothing under 0.7.
    const names = Object.keys(VIDEO_WEIGHTS) as Array<keyof typeof VIDEO_WEIGHTS>;
    const middling = (total: number): ReturnType<typeof videoScore> => ({
      score: total,
      parts: names.map((name, i) => ({ name, score0to1: name === 'rounding' ? 0.71 : 0.72 + (i % 3) / 100, weight: VIDEO_WEIGHTS[name], detail: `${name} at 0.7` })),
    });
    expect(weakPoints({ image: 9.5, video: middling(7.3) }).map((w) => w.part)).toEqual(['rounding']);
    // Video 7.5 or more and the photo 8.1, but together under 8: the lower one is named.
    expect(overallScore(8.1, 7.6)!).toBeLessThan(QUALITY_THRESHOLDS.overall);
    expect(weakPoints({ image: 8.1, video: middling(7.6) }).map((w) => w.part)).toEqual(['rounding']);
  });
});
