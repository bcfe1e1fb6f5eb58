import { describe, expect, it } from 'vitest';
import { detectSpeechSegments } from './speech-segments.js';

/** Bursts of a 200 Hz buzz (voiced-speech-like) over faint noise, at 16 kHz. */
function bursts(spans: Array<[number, number]>, totalS: number, rate = 16000): Float32Array {
  const samples = new Float32Array(Math.round(totalS * rate));
  let seed = 1;
  for (let i = 0; i < samples.length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const t = i / rate;
    const voiced = spans.some(([a, b]) => t >= a && t < b);
    samples[i] = (seed / 2 ** 31 - 0.5) * 0.002 + (voiced ? 0.3 * Math.sin(2 * Math.PI * 200 * t) : 0);
  }
  return samples;
}

describe('speech segments', () => {
  it('finds each spoken phrase and bridges the short gaps between words', () => {
    const segments = detectSpeechSegments(bursts([[0.5, 1.2], [1.3, 1.8], [2.6, 3.4]], 4), 16000);
    expect(segments).toHaveLength(2);
    expect(segments[0]?.startS).toBeCloseTo(0.5, 1);
    expect(segments[0]?.endS).toBeCloseTo(1.8, 1);
    expect(segments[1]?.startS).toBeCloseTo(2.6, 1);
    expect(segments[1]?.endS).toBeCloseTo(3.4, 1);
  });

  it('finds nothing in silence or in a click', () => {
    expect(detectSpeechSegments(new Float32Array(16000), 16000)).toEqual([]);
    expect(detectSpeechSegments(bursts([[0.5, 0.53]], 2), 16000)).toEqual([]);
  });
});
