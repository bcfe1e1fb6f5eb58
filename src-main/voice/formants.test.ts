import { describe, expect, it } from 'vitest';
import { trackFirstFormant, vowelOpenness } from './formants.js';

/**
 * A vowel as a source–filter model builds it: a glottal pulse train (a decaying pulse per
 * pitch period) through second-order resonators at the formants, so the true F1 is known.
 */
function synthVowel(formants: Array<[number, number]>, seconds: number, sampleRate: number, pitchHz = 120): Float32Array {
  const n = Math.round(seconds * sampleRate);
  let signal = new Float64Array(n);
  const period = sampleRate / pitchHz;
  // Impulses a little jittered (a perfectly periodic source is no voice), through the
  // glottis's two low poles (−12 dB/octave, Fant's model)...
  for (let pulse = 0; pulse < n; pulse += period) signal[Math.round(pulse + (Math.sin(pulse) * period) / 50)] = 1;
  const glottal = Math.exp((-2 * Math.PI * 100) / sampleRate);
  for (let pass = 0; pass < 2; pass++) for (let i = 1; i < n; i++) signal[i] = signal[i]! + glottal * signal[i - 1]!;
  for (const [hz, bandwidth] of formants) {
    const r = Math.exp((-Math.PI * bandwidth) / sampleRate);
    const a1 = 2 * r * Math.cos((2 * Math.PI * hz) / sampleRate);
    const a2 = -r * r;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = signal[i]! + a1 * (out[i - 1] ?? 0) + a2 * (out[i - 2] ?? 0);
    signal = out;
  }
  // ...and the lips' radiation (+6 dB/octave).
  for (let i = n - 1; i > 0; i--) signal[i] = signal[i]! - signal[i - 1]!;
  const peak = signal.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return Float32Array.from(signal, (v) => (0.5 * v) / peak);
}

function medianF1(samples: Float32Array, sampleRate: number): number {
  const found = Array.from(trackFirstFormant(samples, sampleRate).f1).filter(Number.isFinite).sort((a, b) => a - b);
  expect(found.length).toBeGreaterThan(20);
  return found[Math.floor(found.length / 2)]!;
}

describe('trackFirstFormant', () => {
  it.each([
    ['an open /a/', [[800, 80], [1200, 90], [2500, 120]] as Array<[number, number]>, 800],
    ['a close /i/', [[300, 60], [2300, 100], [3000, 150]] as Array<[number, number]>, 300],
    ['a close rounded /u/', [[320, 60], [800, 80], [2400, 150]] as Array<[number, number]>, 320],
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
    const a = synthVowel([[800, 80], [1200, 90], [2500, 120]], 0.5, rate);
    const i = synthVowel([[300, 60], [2300, 100], [3000, 150]], 0.5, rate);
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
