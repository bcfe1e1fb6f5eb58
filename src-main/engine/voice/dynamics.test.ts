import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/fixtures.js';
import { ffmpegFloats, MONO_48K, recordTakes } from '../../../tests/support/voice-takes.js';
import { decodeVoice } from './audio-normalize.js';
import { compress, limit } from './dynamics.js';
import { integratedLoudness } from './loudness.js';

const RATE = 48000;
const COMPRESSOR = { threshold: 0.25, ratio: 2.5, attackMs: 3, releaseMs: 60, knee: 3 };
const CEILING = 10 ** (-1.5 / 20);
const LIMITER = { ceiling: CEILING, attackMs: 1, releaseMs: 10 };
/** The chain as ffmpeg ran it before issue 15, at a given gain and make-up. */
const ffmpegChain = (gainDb: number, makeupDb: number): string =>
  `${MONO_48K},volume=${gainDb.toFixed(2)}dB,acompressor=threshold=0.25:ratio=2.5:attack=3:release=60:knee=3,` +
  `volume=${makeupDb.toFixed(2)}dB,alimiter=limit=${CEILING.toFixed(4)}:level=false:attack=1:release=10`;

/** Best normalised correlation of b against a within ±maxLag samples, and the lag. */
function bestCorrelation(a: Float32Array, b: Float32Array, maxLag: number): { r: number; lag: number } {
  let best = { r: -1, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag += 1) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = maxLag; i < Math.min(a.length, b.length) - maxLag; i += 1) {
      const x = a[i]!;
      const y = b[i + lag]!;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    const r = ab / Math.sqrt(aa * bb);
    if (r > best.r) best = { r, lag };
  }
  return best;
}

describe('the voice gain chain in memory', () => {
  const work = tempDir('tp-dynamics-');
  afterAll(() => work.cleanup());
  let takes: Record<string, string> = {};
  beforeAll(async () => {
    takes = await recordTakes(work.dir);
  }, 120_000);

  it("compresses exactly as ffmpeg's acompressor did", async () => {
    const file = takes['speech-en']!;
    const [decoded, reference] = await Promise.all([decodeVoice(file), ffmpegFloats(file, `${MONO_48K},volume=8.00dB,acompressor=threshold=0.25:ratio=2.5:attack=3:release=60:knee=3`)]);
    const ours = compress(decoded, 10 ** (8 / 20), COMPRESSOR, RATE);
    expect(ours.length).toBe(reference.length);
    let worst = 0;
    for (let i = 0; i < ours.length; i += 1) worst = Math.max(worst, Math.abs(ours[i]! - reference[i]!));
    // Float32 rounding of ffmpeg's output is all that is left.
    expect(worst).toBeLessThan(1e-5);
  });

  it('never lets a sample past the ceiling, and glides into it instead of stepping', () => {
    // A burst 12 dB over the ceiling in the middle of a steady tone.
    const tone = Float32Array.from({ length: RATE }, (_, i) => (i > 20_000 && i < 21_000 ? 4 : 1) * 0.5 * Math.sin((2 * Math.PI * 200 * i) / RATE));
    const limited = limit(tone, 1, LIMITER, RATE);
    expect(Math.max(...limited.map(Math.abs))).toBeLessThanOrEqual(CEILING + 1e-6);
    // The gain starts down 1 ms early and needs 10 ms to come back: far from the burst the tone is untouched.
    for (const i of [10_000, 19_900, 30_000]) expect(limited[i]).toBeCloseTo(tone[i]!, 6);
    // Before the burst, the gain falls over the 48-sample look-ahead, not in one step.
    const gainAt = (i: number): number => Math.abs(limited[i]! / tone[i]!);
    const peaksBefore = [19_960, 19_980, 20_000].map((i) => gainAt(i));
    expect(peaksBefore[0]).toBeGreaterThan(peaksBefore[2]!);
  });

  it.each(['speech-en', 'fan', 'music-bed'])('keeps the sound of the ffmpeg chain on %s: loudness within 0.3 LU, waveforms correlated > 0.98, and no 1 ms lag', async (name) => {
    const file = takes[name]!;
    const decoded = await decodeVoice(file);
    const gainDb = -14 - integratedLoudness(decoded);
    const makeupDb = 5.3;
    const reference = await ffmpegFloats(file, ffmpegChain(gainDb, makeupDb));
    const ours = limit(compress(decoded, 10 ** (gainDb / 20), COMPRESSOR, RATE), 10 ** (makeupDb / 20), LIMITER, RATE);
    expect(Math.abs(integratedLoudness(ours) - integratedLoudness(reference))).toBeLessThan(0.3);
    const { r, lag } = bestCorrelation(ours, reference, 60);
    expect(r).toBeGreaterThan(0.98);
    // ffmpeg's alimiter handed its output back 47 samples (1 ms) late; ours lines up with the take.
    expect(lag).toBe(47);
  });
});
