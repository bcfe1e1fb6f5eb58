import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { ffmpegLoudness, recordTakes } from '../../../tests/support/voice-takes.js';
import { decodeVoice } from './audio-normalize.js';
import { integratedLoudness, samplePeakDbfs, truePeakDbtp } from './loudness.js';

const RATE = 48000;

/** A 1 kHz sine (or `hz`) at `dbfs` peak for `seconds`, starting at `phase`. */
function sine(seconds: number, dbfs: number, hz = 1000, phase = 0): Float32Array {
  const amplitude = 10 ** (dbfs / 20);
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE + phase));
}

function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('EBU R128 loudness in memory, against the standard', () => {
  // BS.1770-4 §2.1: a 0 dBFS 1 kHz sine in one front channel reads −3.01 LKFS, so a
  // mono sine reads its peak level − 3.01. EBU Tech 3341's cases 1–5 are stereo (both
  // channels alike, +3.01 dB); in mono the same signals read 3.01 LU lower.
  it('reads a 1 kHz sine at −23 dBFS as −26.0 LUFS, and at −33 dBFS as −36.0 LUFS', () => {
    expect(integratedLoudness(sine(20, -23))).toBeCloseTo(-26.01, 1);
    expect(integratedLoudness(sine(20, -33))).toBeCloseTo(-36.01, 1);
  });

  it('drops what lies more than 10 LU under the rest (Tech 3341 case 3: −36 / −23 / −36 dBFS, 10 / 60 / 10 s)', () => {
    expect(integratedLoudness(join(sine(10, -36), sine(60, -23), sine(10, -36)))).toBeCloseTo(-26.01, 1);
  });

  it('drops what lies under −70 LUFS (Tech 3341 case 4: −72 dBFS around case 3)', () => {
    expect(integratedLoudness(join(sine(10, -72), sine(10, -36), sine(60, -23), sine(10, -36), sine(10, -72)))).toBeCloseTo(-26.01, 1);
  });

  it('averages the blocks that pass (Tech 3341 case 5: −26 / −20 / −26 dBFS, 20 / 20.1 / 20 s)', () => {
    expect(integratedLoudness(join(sine(20, -26), sine(20.1, -20), sine(20, -26)))).toBeCloseTo(-26.01, 1);
  });

  it('calls silence, and anything shorter than one 400 ms block, −Infinity', () => {
    expect(integratedLoudness(new Float32Array(5 * RATE))).toBe(-Infinity);
    expect(integratedLoudness(sine(0.39, -10))).toBe(-Infinity);
    expect(samplePeakDbfs(new Float32Array(100))).toBe(-Infinity);
  });

  it('finds the peak between samples: a 6 kHz sine whose crests fall halfway between samples', () => {
    // Eight samples a period, crests half a sample off: the samples reach cos(22.5°) of the
    // wave (−0.69 dB). Oversampling 4× lands on the crest. (At 12 kHz the filter, like
    // ffmpeg's, overshoots by 0.6 dB: BS.1770's meters read high up there too.)
    const wave = sine(1, -6.02, 6000, Math.PI / 2 - Math.PI / 8);
    expect(samplePeakDbfs(wave)).toBeCloseTo(-6.71, 1);
    expect(Math.abs(truePeakDbtp(wave) - -6.02)).toBeLessThan(0.2);
    // A 1 kHz sine's samples already sit on its crest.
    expect(Math.abs(truePeakDbtp(sine(1, -3)) - -3)).toBeLessThan(0.05);
  });
});

describe('EBU R128 loudness in memory, against ffmpeg ebur128 on real takes', () => {
  const work = tempDir('tp-loudness-');
  afterAll(() => work.cleanup());
  let takes: Record<string, string> = {};
  beforeAll(async () => {
    takes = await recordTakes(work.dir);
  }, 120_000);

  it.each(['speech-en', 'speech-fr', 'speech-de', 'speech-ja', 'fan', 'music-bed'])('measures %s within 0.1 LU and 0.2 dB of ffmpeg', async (name) => {
    const file = takes[name]!;
    const [samples, reference] = await Promise.all([decodeVoice(file), ffmpegLoudness(file)]);
    expect(Math.abs(integratedLoudness(samples) - reference.lufs)).toBeLessThan(0.1);
    expect(Math.abs(truePeakDbtp(samples) - reference.truePeak)).toBeLessThan(0.2);
    // Measured: 0.00–0.02 LU and 0.00 dB apart (ffmpeg prints one decimal).
  });
});
