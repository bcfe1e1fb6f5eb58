import { describe, expect, it } from 'vitest';
import { synthVowel } from '../../../tests/support/synth-vowel.js';
import { closureCues } from './closure-cues.js';

const RATE = 16000;
const middle = (values: Float32Array): number => values[Math.floor(values.length / 2)]!;

describe('closureCues', () => {
  it('hears a nasal murmur as nearly all low band, its highs far under it, and an open vowel with much more above 500 Hz', () => {
    // /m/'s murmur: one low resonance (~250 Hz) and weak, damped ones above (Fujimura's nasal model).
    const murmur = closureCues(
      synthVowel(
        [
          [250, 60],
          [1000, 300],
          [2200, 400],
        ],
        0.3,
        RATE,
      ),
      RATE,
    );
    const vowel = closureCues(
      synthVowel(
        [
          [800, 80],
          [1200, 90],
          [2500, 120],
        ],
        0.3,
        RATE,
      ),
      RATE,
    );
    expect(middle(murmur.highDb)).toBeLessThan(middle(murmur.lowDb) - 18);
    expect(middle(murmur.lowDb)).toBeGreaterThan(middle(murmur.energyDb) - 8);
    expect(middle(vowel.lowDb)).toBeLessThan(middle(vowel.energyDb) - 8);
    expect(middle(vowel.highDb) - middle(vowel.lowDb)).toBeGreaterThan(middle(murmur.highDb) - middle(murmur.lowDb) + 10);
  });

  it('hears hiss in the high band and reads silence as the floor', () => {
    let seed = 7;
    const noise = Float32Array.from({ length: RATE / 2 }, () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return 0.2 * (seed / 2 ** 32 - 0.5);
    });
    const hiss = closureCues(noise, RATE);
    // White noise: energy per hertz is flat, and the high band (2.5–7.6 kHz) is ten times the low one (0–0.5 kHz).
    expect(middle(hiss.highDb)).toBeGreaterThan(middle(hiss.lowDb) + 8);
    const silence = closureCues(new Float32Array(RATE / 2), RATE);
    expect(Math.max(...silence.energyDb)).toBe(-100);
    expect(silence.hopS).toBeCloseTo(0.01, 6);
  });
});
