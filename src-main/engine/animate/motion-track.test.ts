import { describe, expect, it } from 'vitest';
import { MotionSettingsSchema } from '../../../src-shared/render.js';
import { buildMotionTrack } from './motion-track.js';

const RATE = 16000;
const FPS = 25;

/** Alternating 400 ms "syllables" of a voiced tone and 300 ms silences, like speech. */
function syllables(seconds: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const inSyllable = t % 0.7 < 0.4;
    out[i] = inSyllable ? 0.3 * Math.sin(2 * Math.PI * 180 * t) * Math.sin((Math.PI * (t % 0.7)) / 0.4) : 0;
  }
  return out;
}

function track(samples: Float32Array, settings: Partial<ReturnType<typeof MotionSettingsSchema.parse>> = {}) {
  const motion = MotionSettingsSchema.parse(settings);
  const frames = Math.round((samples.length / RATE) * FPS);
  return buildMotionTrack(samples, RATE, samples.length / RATE, FPS, frames, motion, 42);
}

describe('motion track', () => {
  it('opens the mouth on syllables and closes it in the gaps', () => {
    const t = track(syllables(7));
    for (let k = 0; k < t.frameCount; k++) {
      const time = (k + 0.5) / FPS;
      const phase = time % 0.7;
      if (phase > 0.12 && phase < 0.28) expect(t.mouthGap[k]).toBeGreaterThan(0.1);
      if (phase > 0.5 && phase < 0.62) expect(t.mouthGap[k]).toBeLessThan(0.01);
    }
  });

  it('keeps the mouth shut for a silent stretch', () => {
    const samples = new Float32Array(3 * RATE);
    const t = track(samples);
    expect(Math.max(...t.mouthGap)).toBe(0);
  });

  it('blinks at the requested rate within the natural 10–25 a minute band', () => {
    const t = track(syllables(120), { blinkRate: 16 });
    const perMinute = t.blinkFrames.length / 2;
    expect(perMinute).toBeGreaterThanOrEqual(10);
    expect(perMinute).toBeLessThanOrEqual(25);
    const none = track(syllables(20), { blinkRate: 0 });
    expect(none.blinkFrames).toHaveLength(0);
  });

  it('holds the head still at head motion 0 but keeps blinking', () => {
    const t = track(syllables(10), { headMotion: 0 });
    for (const series of [t.headRoll, t.headX, t.headY, t.headScale, t.headYaw, t.headPitch]) expect(Math.max(...series.map(Math.abs))).toBe(0);
    expect(t.blinkFrames.length).toBeGreaterThan(0);
  });

  it('scales mouth amplitude with expressiveness', () => {
    const calm = track(syllables(5), { expressiveness: 0.5 });
    const lively = track(syllables(5), { expressiveness: 1.5 });
    expect(Math.max(...lively.mouthGap)).toBeCloseTo(3 * Math.max(...calm.mouthGap), 5);
  });

  it('is repeatable: the same voice gives the same motion', () => {
    const a = track(syllables(6));
    const b = track(syllables(6));
    expect(Array.from(a.headRoll)).toEqual(Array.from(b.headRoll));
    expect(a.blinkFrames).toEqual(b.blinkFrames);
  });
});
