import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { detectSpeechSegments } from './speech-segments.js';
import { speakScript } from './tts.js';

const work = tempDir('tp-segments-');
afterAll(() => work.cleanup());

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** A music bed: three-note chords with overtones changing every 1.5 s, and a little noise. */
function musicBed(length: number, rate: number): Float32Array {
  const chords = [
    [220, 277.2, 329.6],
    [196, 246.9, 293.7],
    [174.6, 220, 261.6],
  ];
  const bed = new Float32Array(length);
  let seed = 7;
  for (let i = 0; i < length; i += 1) {
    const t = i / rate;
    let v = 0;
    for (const f of chords[Math.floor(t / 1.5) % 3]!) for (let h = 1; h <= 3; h += 1) v += Math.sin(2 * Math.PI * f * h * t) / h;
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    bed[i] = v + (seed / 2 ** 31 - 0.5) * 0.5;
  }
  return bed;
}

/** Steady pink noise (Paul Kellet's filter) at a given peak-ish amplitude. */
function pinkNoise(length: number, amplitude: number): Float32Array {
  const out = new Float32Array(length);
  let seed = 3;
  let [b0, b1, b2] = [0, 0, 0];
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const w = seed / 2 ** 31 - 0.5;
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    out[i] = (b0 + b1 + b2 + w * 0.1848) * amplitude;
  }
  return out;
}

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
    const segments = detectSpeechSegments(
      bursts(
        [
          [0.5, 1.2],
          [1.3, 1.8],
          [2.6, 3.4],
        ],
        4,
      ),
      16000,
    );
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

  describe('over a music bed, with no pauses', () => {
    let speech: Float32Array;
    let rate: number;
    beforeAll(async () => {
      mkdirSync(path.join(work.dir, 'tts'), { recursive: true });
      // One clause with no punctuation: eSpeak leaves no pause longer than a word gap.
      const spoken = await speakScript(
        { text: 'welcome back to the channel today I will show you three quick ways to cook rice and the last one is my favourite so stay until the end', language: 'en' },
        path.join(work.dir, 'tts'),
      );
      rate = spoken.pcm.sampleRate;
      // Without eSpeak's lead-in and tail: the voice runs from the first sample to the last.
      const from = Math.round(0.15 * rate);
      speech = Float32Array.from(spoken.pcm.samples.subarray(from, spoken.pcm.samples.length - Math.round(0.3 * rate)), (x) => x / 32768);
    });

    it.each([12, 3])('accepts speech with a chord bed %i dB under it and finds the speech from start to end', (underDb) => {
      const bed = musicBed(speech.length, rate);
      const gain = (rms(speech) / rms(bed)) * 10 ** (-underDb / 20);
      const mix = speech.map((x, i) => x + bed[i]! * gain);
      const segments = detectSpeechSegments(mix, rate);
      const found = segments.reduce((sum, x) => sum + x.endS - x.startS, 0);
      expect(found / (speech.length / rate)).toBeGreaterThan(0.9);
    });

    it('finds nothing in steady pink noise, however loud', () => {
      expect(detectSpeechSegments(pinkNoise(3 * rate, 0.5), rate)).toEqual([]);
      expect(detectSpeechSegments(pinkNoise(3 * rate, 0.002), rate)).toEqual([]);
    });
  });
});
