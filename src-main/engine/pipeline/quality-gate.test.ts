import { describe, expect, it } from 'vitest';
import type { MediaHealth } from '../verify/media-health.js';
import type { VideoVerification } from '../verify/video-verify.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import { better, judge, planRetry } from './quality-gate.js';

const goodHealth: MediaHealth = {
  videoDurationS: 5, audioDurationS: 5, frozenStretches: [], blackStretches: [], loudnessLufs: -14, truePeakDb: -2, freezeScope: 'region', analyseMs: 10,
};
const photo = (score: number) => ({ score, sharpness: score, exposure: score, contrast: score, noise: score }) as unknown as PhotoQuality;
/** A verified render whose lips meet on `closed` of the p/b/m and open `open` eye distances wider on "a". */
const verification = (closed: number, open: number): VideoVerification => ({
  framesAnalysed: 125, meshedFrames: 12, faceFoundRatio: 1,
  lipSync: { correlation: 0.9, lagFrames: 0, opennessStd: open / 2, opennessSpeech: open, opennessSilence: 0.01 },
  blinks: { count: 1, perMinute: 12, fullness: 0.6 }, head: { motionStdIod: 0.03, maxOffsetIod: 0.08 },
  rigidity: { borderChangeMedian: 0.1, movingShare: 0 },
  artifacts: { teethAtClosure: 0, closuresChecked: 3, edgeDamagedShare: 0, jumpFrames: 0, meshJumps: 0 },
  durationS: 5, analyseMs: 100,
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
