import { filterBank, mirrorPadded } from './resample.js';

/**
 * EBU R128 loudness of a mono 48 kHz voice held in memory (ITU-R BS.1770-4), so the voice
 * stage measures every candidate it shapes without running ffmpeg again:
 *
 * - integrated loudness: K-weighting (the standard's shelf and high-pass biquads at
 *   48 kHz), mean square over 400 ms blocks every 100 ms, blocks under −70 LUFS dropped,
 *   then blocks more than 10 LU under the mean of the rest; −0.691 + 10·log10(mean).
 * - true peak: the largest magnitude of the signal oversampled 4× (to 192 kHz).
 * - sample peak.
 *
 * Figures agree with ffmpeg's ebur128 filter, the independent check the tests use
 * (loudness.test.ts: within 0.1 LU and 0.2 dB on speech, noise and music beds).
 */

export const LOUDNESS_SAMPLE_RATE = 48000;
/** BS.1770-4: 400 ms gating blocks, 75 % overlap. */
const BLOCK = 19200;
const HOP = 4800;
const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
/** True-peak metering oversamples by 4 (BS.1770-4 Annex 2), to 192 kHz. */
const OVERSAMPLING = 4 as const;

/** BS.1770-4 Table 1 and 2: the K-weighting's two stages, their coefficients at 48 kHz. */
const SHELF = { b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285, a1: -1.69065929318241, a2: 0.73248077421585 };
const HIGH_PASS = { b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621 };

const loudnessOfPower = (power: number): number => -0.691 + 10 * Math.log10(power);

/** Mean square of the K-weighted signal in each 100 ms hop (the last, partial hop dropped). */
function weightedHopPowers(samples: Float32Array): Float64Array {
  const hops = Math.floor(samples.length / HOP);
  const powers = new Float64Array(hops);
  // Locals, not the tables' fields: this loop runs for every sample of every try.
  const [sb0, sb1, sb2, sa1, sa2] = [SHELF.b0, SHELF.b1, SHELF.b2, SHELF.a1, SHELF.a2];
  const [ha1, ha2] = [HIGH_PASS.a1, HIGH_PASS.a2];
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  let z1 = 0;
  let z2 = 0;
  for (let h = 0; h < hops; h += 1) {
    let sum = 0;
    const end = (h + 1) * HOP;
    for (let i = h * HOP; i < end; i += 1) {
      const x = samples[i]!;
      const y = sb0 * x + sb1 * x1 + sb2 * x2 - sa1 * y1 - sa2 * y2;
      // The high-pass's numerator is 1, −2, 1.
      const z = y - 2 * y1 + y2 - ha1 * z1 - ha2 * z2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      z2 = z1;
      z1 = z;
      sum += z * z;
    }
    powers[h] = sum;
  }
  return powers;
}

/** Integrated loudness in LUFS; −Infinity when no block passes the −70 LUFS gate (silence, or under 0.4 s). */
export function integratedLoudness(samples: Float32Array): number {
  const hops = weightedHopPowers(samples);
  const blocks: number[] = [];
  for (let b = 0; b + 3 < hops.length; b += 1) {
    const power = (hops[b]! + hops[b + 1]! + hops[b + 2]! + hops[b + 3]!) / BLOCK;
    if (power > 0 && loudnessOfPower(power) >= ABSOLUTE_GATE_LUFS) blocks.push(power);
  }
  if (blocks.length === 0) return -Infinity;
  const mean = blocks.reduce((sum, p) => sum + p, 0) / blocks.length;
  const relativeGate = loudnessOfPower(mean) + RELATIVE_GATE_LU;
  let kept = 0;
  let sum = 0;
  for (const power of blocks) {
    if (loudnessOfPower(power) >= relativeGate) {
      kept += 1;
      sum += power;
    }
  }
  return kept > 0 ? loudnessOfPower(sum / kept) : -Infinity;
}

/** The largest |sample|, in dBFS (−Infinity for digital silence). */
export function samplePeakDbfs(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const v = Math.abs(samples[i]!);
    if (v > peak) peak = v;
  }
  return 20 * Math.log10(peak);
}

/** Samples per stretch the true-peak search judges at once; wider than the filter's half length. */
const STRETCH = 32;
/** Taps either side of a between-sample position the search reads before it decides to read them all. */
const CORE = 3;

const sumAbs = (values: Float64Array): number => values.reduce((sum, h) => sum + Math.abs(h), 0);

/**
 * True peak in dBTP: the signal oversampled 4× with the same Kaiser-windowed sinc that
 * ffmpeg's ebur128 runs it through. The answer is that of filtering everything, found
 * with a fraction of the work: a between-sample value is its six nearest taps' sum plus
 * the other taps', and those can add at most their absolute sum times the loudest sample
 * near (the stretch and its neighbours). Where the six nearest plus that bound cannot
 * beat the peak found so far, the full filter is not run, and whole stretches too quiet
 * to matter are skipped, so pauses cost nothing.
 */
export function truePeakDbtp(samples: Float32Array): number {
  const { taps, center, coefficients } = filterBank(LOUDNESS_SAMPLE_RATE, LOUDNESS_SAMPLE_RATE * OVERSAMPLING);
  // Phase 0 is the sample itself; the other three are the between-sample positions.
  const phases = [1, 2, 3].map((ph) => coefficients.subarray(ph * taps, (ph + 1) * taps));
  const core = phases.map((h) => h.subarray(center - CORE + 1, center + CORE + 1));
  const rest = phases.map((h, i) => sumAbs(h) - sumAbs(core[i]!));
  const worstGain = Math.max(1, ...phases.map(sumAbs));
  const stretches = Math.ceil(samples.length / STRETCH);
  const stretchPeak = new Float64Array(stretches);
  let best = 0;
  for (let s = 0; s < stretches; s += 1) {
    let peak = 0;
    const end = Math.min(samples.length, (s + 1) * STRETCH);
    for (let i = s * STRETCH; i < end; i += 1) peak = Math.max(peak, Math.abs(samples[i]!));
    stretchPeak[s] = peak;
    best = Math.max(best, peak);
  }
  // A stretch's between-sample values reach into its neighbours (the filter spans ±16 samples).
  const reach = new Float64Array(stretches);
  for (let s = 0; s < stretches; s += 1) reach[s] = Math.max(stretchPeak[s]!, stretchPeak[s - 1] ?? 0, stretchPeak[s + 1] ?? 0);
  // The edges extended as ffmpeg's resampler extends them; the loops below read without bounds checks.
  const padded = mirrorPadded(samples, taps);
  const [h1, h2, h3] = phases as [Float64Array, Float64Array, Float64Array];
  const [c1, c2, c3] = core as [Float64Array, Float64Array, Float64Array];
  const [r1, r2, r3] = rest as [number, number, number];
  const span = 2 * CORE;
  // Between-sample values need the filter's whole right half: like ffmpeg's meter, which
  // never flushes its resampler, none is read past the last sample (a cut-off end rings).
  const lastBetween = samples.length - (taps - center);
  // The search starts from the sample peak, already within a few tenths of a dB of the
  // answer on speech: visiting the stretches in order skips as many as sorting them would.
  for (let s = 0; s < stretches; s += 1) {
    const near = reach[s]!;
    if (near * worstGain <= best) continue;
    const end = Math.min(lastBetween, (s + 1) * STRETCH);
    for (let n = s * STRETCH; n < end; n += 1) {
      const coreFirst = n + taps - CORE + 1;
      let a = 0;
      let b = 0;
      let c = 0;
      for (let i = 0; i < span; i += 1) {
        const x = padded[coreFirst + i]!;
        a += c1[i]! * x;
        b += c2[i]! * x;
        c += c3[i]! * x;
      }
      const doA = Math.abs(a) + r1 * near > best;
      const doB = Math.abs(b) + r2 * near > best;
      const doC = Math.abs(c) + r3 * near > best;
      if (!doA && !doB && !doC) continue;
      const first = n + taps - center;
      a = 0;
      b = 0;
      c = 0;
      for (let i = 0; i < taps; i += 1) {
        const x = padded[first + i]!;
        a += h1[i]! * x;
        b += h2[i]! * x;
        c += h3[i]! * x;
      }
      best = Math.max(best, Math.abs(a), Math.abs(b), Math.abs(c));
    }
  }
  return 20 * Math.log10(best);
}
