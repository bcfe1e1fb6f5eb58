import { describe, expect, it } from 'vitest';
import type { MediaHealth } from '../verify/media-health.js';
import type { VideoVerification } from '../verify/video-verify.js';
import type { PhotoQuality } from '../enhance/photo-quality.js';
import { better, judge, planRetry } from './quality-gate.js';

const goodHealth: MediaHealth = {
  videoDurationS: 5, audioDurationS: 5, frozenStretches: [], blackStretches: [], loudnessLufs: -14, truePeakDb: -2, freezeScope: 'region', analyseMs: 10,
};
const photo = (score: number) => ({ score, sharpness: score, exposure: score, contrast: score, noise: score }) as unknown as PhotoQuality;
const verification = (r: number, speech: number): VideoVerification => ({
  framesAnalysed: 100, faceFoundRatio: 1,
  lipSync: { correlation: r, lagFrames: 1, opennessStd: speech / 2, opennessSpeech: speech, opennessSilence: 0.01 },
  blinks: { count: 3, perMinute: 15 }, head: { motionStdIod: 0.02 }, durationS: 5, analyseMs: 100,
});
const motion = { expressiveness: 0.2, headMotion: 1, blinkRate: 16 };

describe('the quality gate', () => {
  it('passes a good render without a retry', () => {
    const verdict = judge(photo(9.5), verification(0.9, 0.12), goodHealth);
    expect(verdict.below).toEqual([]);
    expect(planRetry(verdict, motion)).toBeNull();
  });

  it('retries a mouth that does not follow the voice with more expressiveness', () => {
    const verdict = judge(photo(9.5), verification(0.02, 0.001), goodHealth);
    expect(verdict.below).toContain('video');
    expect(verdict.weak.map((w) => w.part)).toEqual(expect.arrayContaining(['lipSync']));
    const plan = planRetry(verdict, motion);
    expect(plan?.motion?.expressiveness).toBeGreaterThan(motion.expressiveness);
  });

  it('never overrides a setting the creator chose: the weak point is reported instead', () => {
    const verdict = judge(photo(9.5), verification(0.02, 0.001), goodHealth);
    expect(planRetry(verdict, motion, new Set(['expressiveness']))).toBeNull();
    expect(verdict.weak.length).toBeGreaterThan(0);
  });

  it('retries a weak photo with stronger enhancement, and keeps the better attempt', () => {
    const weak = judge(photo(6.5), verification(0.9, 0.12), goodHealth);
    expect(weak.below).toEqual(expect.arrayContaining(['image']));
    expect(planRetry(weak, motion)?.enhance).toEqual({ strength: 'strong' });
    const stronger = judge(photo(7.4), verification(0.9, 0.12), goodHealth);
    expect(better(weak, stronger)).toBe('second');
    expect(better(stronger, weak)).toBe('first');
  });
});
