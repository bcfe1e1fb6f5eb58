import { describe, expect, it } from 'vitest';
import { synthVowel } from '../../../tests/support/synth-vowel.js';
import { trackFirstFormant, vowelOpenness } from './formants.js';

function medianF1(samples: Float32Array, sampleRate: number): number {
  const found = Array.from(trackFirstFormant(samples, sampleRate).f1)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  expect(found.length).toBeGreaterThan(20);
  return found[Math.floor(found.length / 2)]!;
}

describe('trackFirstFormant', () => {
  it.each([
    [
      'an open /a/',
      [
        [800, 80],
        [1200, 90],
        [2500, 120],
      ] as Array<[number, number]>,
      800,
    ],
    [
      'a close /i/',
      [
        [300, 60],
        [2300, 100],
        [3000, 150],
      ] as Array<[number, number]>,
      300,
    ],
    [
      'a close rounded /u/',
      [
        [320, 60],
        [800, 80],
        [2400, 150],
      ] as Array<[number, number]>,
      320,
    ],
  ])('finds F1 of %s within 10 %% at 16 kHz and 48 kHz', (_name, formants, f1) => {
    for (const rate of [16000, 48000]) {
      expect(Math.abs(medianF1(synthVowel(formants, 0.6, rate), rate) - f1) / f1).toBeLessThan(0.1);
    }
  });

  it('reads nothing in silence or white noise', () => {
    const rate = 16000;
    let seed = 12345;
    const noise = Float32Array.from({ length: rate }, () => {
      // A linear congruential generator: white noise that is the same on every run.
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return 0.3 * (seed / 2 ** 32 - 0.5);
    });
    const silence = new Float32Array(rate);
    expect(Array.from(trackFirstFormant(silence, rate).f1).filter(Number.isFinite)).toHaveLength(0);
    expect(Array.from(trackFirstFormant(noise, rate).f1).filter(Number.isFinite).length).toBeLessThan(10);
  });

  it('calls the open vowel open and the close one closed, on one speaker’s own range', () => {
    const rate = 16000;
    const a = synthVowel(
      [
        [800, 80],
        [1200, 90],
        [2500, 120],
      ],
      0.5,
      rate,
    );
    const i = synthVowel(
      [
        [300, 60],
        [2300, 100],
        [3000, 150],
      ],
      0.5,
      rate,
    );
    const both = new Float32Array(a.length + i.length);
    both.set(a);
    both.set(i, a.length);
    const openness = vowelOpenness(trackFirstFormant(both, rate));
    const mean = (from: number, to: number): number => {
      const v = Array.from(openness.slice(from, to)).filter(Number.isFinite);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    expect(mean(5, 40)).toBeGreaterThan(0.8);
    expect(mean(55, 90)).toBeLessThan(0.2);
  });
});
