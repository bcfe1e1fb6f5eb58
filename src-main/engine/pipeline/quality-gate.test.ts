import { describe, expect, it } from 'vitest';
import type { MediaHealth } from '../verify/media-health.js';
import type { VideoVerification } from '../verify/video-verify.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import type { WeakPoint } from '../verify/quality-score.js';
import { better, chosenMotionSettings, judge, planRetry, repeatsAnimation, scoresReport, type Verdict } from './quality-gate.js';

const goodHealth: MediaHealth = {
  videoDurationS: 5,
  audioDurationS: 5,
  frozenStretches: [],
  blackStretches: [],
  loudnessLufs: -14,
  truePeakDb: -2,
  freezeScope: 'region',
  analyseMs: 10,
};
const photo = (score: number) => ({ score, sharpness: score, exposure: score, contrast: score, noise: score }) as unknown as PhotoQuality;
/** A verified render whose lips meet on `closed` of the p/b/m and open `open` eye distances wider on "a". */
const verification = (closed: number, open: number): VideoVerification => ({
  framesAnalysed: 125,
  meshedFrames: 12,
  faceFoundRatio: 1,
  lipSync: { correlation: 0.9, lagFrames: 0, opennessStd: open / 2, opennessSpeech: open, opennessSilence: 0.01 },
  blinks: { count: 1, perMinute: 12, fullness: 0.6 },
  head: { motionStdIod: 0.03, maxOffsetIod: 0.08 },
  rigidity: { borderChangeMedian: 0.1, movingShare: 0 },
  artifacts: { teethAtClosure: 0, closuresChecked: 3, edgeDamagedShare: 0, jumpFrames: 0, meshJumps: 0 },
  durationS: 5,
  analyseMs: 100,
  visemes: {
    method: 'synthesizer',
    closure: { phones: 10, closed: Math.round(closed * 10), share: closed, unmeasured: 0, photoGap: 0.02, restGap: 0.02, speechP90Gap: 0.1, thresholdGap: 0.04 },
    openVsClosed: { openPhones: 6, closedPhones: 10, meanOpenGap: open, meanClosedGap: 0, ratio: open / 1e-3 },
    rounding: { roundedPhones: 3, spreadPhones: 3, meanRoundedWidth: 0.8, meanSpreadWidth: 0.9, ratio: 0.89 },
    lead: { frames: 1, r: 0.6 },
    passed: { closure: closed >= 0.9, openVsClosed: true, rounding: true },
    targets: { closureShare: 0.9, openToClosed: 3, roundedToSpread: 0.88 },
  },
});
const motion = { expressiveness: 0.2, headMotion: 1, blinkRate: 16, mood: 'neutral' as const };

describe('the quality gate', () => {
  it('passes a good render without a retry', () => {
    const verdict = judge(photo(9.5), verification(1, 0.12), goodHealth);
    expect(verdict.below).toEqual([]);
    expect(planRetry(verdict, motion)).toBeNull();
  });

  it('retries a mouth that does not open on open vowels with more expressiveness', () => {
    const verdict = judge(photo(9.5), verification(1, 0.005), goodHealth);
    expect(verdict.below).toContain('video');
    expect(verdict.weak.map((w) => w.part)).toEqual(['openVowels']);
    const plan = planRetry(verdict, motion);
    expect(plan?.motion?.expressiveness).toBeGreaterThan(motion.expressiveness);
  });

  it('never overrides a setting the creator chose: the weak point is reported instead', () => {
    const verdict = judge(photo(9.5), verification(1, 0.005), goodHealth);
    expect(planRetry(verdict, motion, new Set(['expressiveness']))).toBeNull();
    expect(verdict.weak.length).toBeGreaterThan(0);
  });

  it('does not retry lips that never meet: no setting fixes them, the creator is told', () => {
    const verdict = judge(photo(9.5), verification(0.2, 0.12), goodHealth);
    expect(verdict.below).toContain('video');
    expect(verdict.weak.map((w) => w.part)).toEqual(['closure']);
    expect(verdict.weak[0]!.what).toMatch(/lips meet on 2 of 10/);
    expect(planRetry(verdict, motion)).toBeNull();
  });

  it('retries a weak photo with stronger enhancement, and keeps the better attempt', () => {
    const weak = judge(photo(6.5), verification(1, 0.12), goodHealth);
    expect(weak.below).toEqual(expect.arrayContaining(['image']));
    expect(planRetry(weak, motion)?.enhance).toEqual({ strength: 'strong' });
    const stronger = judge(photo(7.4), verification(1, 0.12), goodHealth);
    expect(better(weak, stronger)).toBe('second');
    expect(better(stronger, weak)).toBe('first');
  });
});

/** A verdict from its scores alone: what the decision reads, without a render or a measure behind it. */
function verdict(image: number, video: number | null, overall: number | null, weak: WeakPoint[] = []): Verdict {
  const below = (['image', 'video', 'overall'] as const).filter((k) => {
    const score = { image, video, overall }[k];
    return score !== null && score < { image: 8, video: 7.5, overall: 8 }[k];
  });
  return { image, video: { score: video, parts: [] }, overall, below, weak };
}
const weakPart = (part: WeakPoint['part'], step: WeakPoint['step'] = 'animate', too?: 'little' | 'much'): WeakPoint => ({ step, part, what: `${part} is weak`, ...(too ? { too } : {}) });

describe('the retry decision, over scores', () => {
  it('does not retry a render whose totals pass, even with a weak part to report', () => {
    expect(planRetry(verdict(9, 8.2, 8.5, [weakPart('rounding')]), motion)).toBeNull();
  });

  it('does not retry a voice that missed its loudness: levelling the same audio again gives the same result', () => {
    expect(planRetry(verdict(9, 7.2, 7.9, [weakPart('loudness', 'voice')]), motion)).toBeNull();
  });

  it('draws a black stretch again with the same settings, without the voice step', () => {
    const plan = planRetry(verdict(9, 7, 7.8, [weakPart('black'), weakPart('loudness', 'voice')]), motion)!;
    expect(plan.steps).toEqual(['animate']);
    expect(plan.motion).toBeUndefined();
    expect(plan.voice).toBeUndefined();
    expect(repeatsAnimation(plan)).toBe(true);
    expect(plan.reasons).toEqual([expect.stringMatching(/^Animate again with the same settings/)]);
  });

  it('keeps the creator’s chosen settings and changes only the others, naming only what changed', () => {
    const weak = [weakPart('openVowels'), weakPart('frozen')];
    const plan = planRetry(verdict(9, 6, 7.2, weak), { ...motion, headMotion: 0, blinkRate: 4 }, chosenMotionSettings({ headMotion: 0, expressiveness: undefined }))!;
    expect(plan.motion).toEqual({ expressiveness: 1.25, headMotion: 0, blinkRate: 16, mood: 'neutral' });
    expect(plan.reasons.map((r) => r.split(' (')[0])).toEqual(['Animate with expressiveness 1.25', 'Animate with 16 blinks a minute']);
  });

  it('counts as chosen only the settings the creator gave a value', () => {
    expect([...chosenMotionSettings(undefined)]).toEqual([]);
    expect([...chosenMotionSettings({ expressiveness: 0.5, blinkRate: undefined, mood: 'warm' })]).toEqual(['expressiveness', 'mood']);
  });

  it('keeps the first attempt unless the retry scores higher overall, or the same with a better video', () => {
    expect(better(verdict(9, 7, 7.8), verdict(9, 7, 7.8))).toBe('first');
    expect(better(verdict(9, 7, 7.8), verdict(8.7, 7.2, 7.8))).toBe('second');
    expect(better(verdict(9, 7, 7.8), verdict(9.5, 6.2, 7.5))).toBe('first');
    expect(better(verdict(6, null, 6), verdict(7, null, 7))).toBe('second');
  });

  it('reports the kept scores, the thresholds and the retry with the first attempt’s figures rounded', () => {
    const first = verdict(7.24, 8, 7.7, [weakPart('image', 'enhance')]);
    const plan = planRetry(first, motion)!;
    const report = scoresReport(verdict(8.26, 8.1, 8.2), { plan, first, kept: 'second' });
    expect(report).toMatchObject({ image: 8.3, video: 8.1, overall: 8.2, thresholds: { image: 8, video: 7.5, overall: 8 }, passed: true, below: [] });
    expect(report.retry).toEqual({ reasons: ['Enhance the photo again with stronger settings.'], steps: ['enhance', 'animate'], kept: 'retry', first: { image: 7.2, video: 8, overall: 7.7 } });
    expect(scoresReport(first).retry).toBeUndefined();
    expect(scoresReport(first).passed).toBe(false);
  });
});
