import { describe, expect, it } from 'vitest';
import { MotionSettingsSchema } from '../../../src-shared/render.js';
import { buildMotionTrack } from './motion-track.js';
import { MOOD_BIAS } from './mood.js';

const RATE = 16000;
const FPS = 25;

/** Alternating 400 ms voiced syllables and 300 ms silences. */
function syllables(seconds: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    out[i] = t % 0.7 < 0.4 ? 0.3 * Math.sin(2 * Math.PI * 180 * t) * Math.sin((Math.PI * (t % 0.7)) / 0.4) : 0;
  }
  return out;
}

function track(mood: 'neutral' | 'warm' | 'serious', headMotion = 1) {
  const samples = syllables(12);
  const frames = Math.round((samples.length / RATE) * FPS);
  return buildMotionTrack(samples, RATE, samples.length / RATE, FPS, frames, MotionSettingsSchema.parse({ mood, headMotion }), 42);
}

const spread = (a: Float32Array): number => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
};

describe('mood', () => {
  it('defaults to neutral, which changes nothing', () => {
    expect(MotionSettingsSchema.parse({}).mood).toBe('neutral');
    expect(MOOD_BIAS.neutral).toEqual({ cornerLift: 0, browRest: 0, motionGain: 1 });
    expect(track('neutral').cornerLift).toBe(0);
  });

  it('lifts the mouth corners and brows when warm, settles them when serious', () => {
    const warm = track('warm');
    const serious = track('serious');
    expect(warm.cornerLift).toBeGreaterThan(0);
    expect(serious.cornerLift).toBeLessThan(0);
    const meanBrow = (t: ReturnType<typeof track>) => t.browLift.reduce((s, v) => s + v, 0) / t.browLift.length;
    expect(meanBrow(warm)).toBeGreaterThan(meanBrow(track('neutral')));
    expect(meanBrow(serious)).toBeLessThan(meanBrow(track('neutral')));
  });

  it('moves the head more when warm and less when serious, with the same rhythm', () => {
    const neutral = track('neutral');
    const warm = track('warm');
    const serious = track('serious');
    for (const key of ['headYaw', 'headPitch', 'headRoll', 'headX'] as const) {
      expect(spread(warm[key])).toBeGreaterThan(1.1 * spread(neutral[key]));
      expect(spread(serious[key])).toBeLessThan(0.8 * spread(neutral[key]));
    }
    // Same voice, same seed: the blinks and the mouth do not depend on the mood.
    expect(warm.blinkFrames).toEqual(serious.blinkFrames);
    expect(Array.from(warm.mouthGap)).toEqual(Array.from(serious.mouthGap));
  });

  it('keeps a still head still whatever the mood', () => {
    const warm = track('warm', 0);
    for (const key of ['headYaw', 'headPitch', 'headRoll', 'headX', 'headY', 'headScale'] as const) expect(Math.max(...Array.from(warm[key], Math.abs))).toBe(0);
  });
});
