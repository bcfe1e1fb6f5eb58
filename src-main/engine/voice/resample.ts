/**
 * Sample-rate conversion of a voice held in memory: eSpeak's 22.05 kHz to the 48 kHz we
 * mux, 48 kHz to the 16 kHz the mouth analyses, and the 4× oversampling of true-peak
 * metering. The filter is the one ffmpeg's swresample builds by default (what these steps
 * ran through before they moved out of ffmpeg): a Kaiser-windowed sinc (β 9) of 32 taps
 * at the lower rate, its cutoff at 97 % of the lower Nyquist when the rate goes down, one
 * exact phase per output position of the reduced ratio. At 48 → 16 kHz that is a 100-tap
 * low-pass whose stop band starts below 8 kHz: the mouth's spectral features see no
 * aliasing from the 8–24 kHz hiss of "s" and "f".
 */

/** swresample's defaults: filter_size 32, cutoff 0.97, kaiser_beta 9. */
const FILTER_SIZE = 32;
const CUTOFF = 0.97;
const KAISER_BETA = 9;

export interface FilterBank {
  /** Output positions per `step` input samples (the reduced ratio's numerator). */
  phases: number;
  /** Input samples advanced per `phases` output samples. */
  step: number;
  taps: number;
  /** Tap index of time zero. */
  center: number;
  /** phases × taps coefficients, each phase summing to 1. */
  coefficients: Float64Array;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Modified Bessel function of the first kind, order 0 (its power series converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarter = (x * x) / 4;
  for (let k = 1; k < 50 && term > sum * 1e-17; k += 1) {
    term *= quarter / (k * k);
    sum += term;
  }
  return sum;
}

const banks = new Map<string, FilterBank>();

/**
 * `samples` with `margin` samples either side mirrored in, as swresample extends a signal
 * at its start and its end: the filter then sees the sound go on rather than a step to
 * silence (which would ring), and the edges come out as ffmpeg made them.
 */
export function mirrorPadded(samples: Float32Array, margin: number): Float32Array {
  const padded = new Float32Array(samples.length + 2 * margin);
  padded.set(samples, margin);
  const n = samples.length;
  for (let k = 1; k <= margin && k < n; k += 1) padded[margin - k] = samples[k]!;
  for (let k = 0; k < margin && k < n; k += 1) padded[margin + n + k] = samples[n - 1 - k]!;
  return padded;
}

/** The polyphase bank for inRate → outRate, built once per pair. */
export function filterBank(inRate: number, outRate: number): FilterBank {
  const key = `${inRate}:${outRate}`;
  const known = banks.get(key);
  if (known) return known;
  const divisor = gcd(inRate, outRate);
  const phases = outRate / divisor;
  const step = inRate / divisor;
  const factor = Math.min((outRate * CUTOFF) / inRate, 1);
  let taps = Math.max(Math.ceil(FILTER_SIZE / factor), 1);
  if (taps > 1) taps += taps % 2;
  const center = Math.floor((taps - 1) / 2);
  const coefficients = new Float64Array(phases * taps);
  for (let ph = 0; ph < phases; ph += 1) {
    let norm = 0;
    for (let i = 0; i < taps; i += 1) {
      const offset = i - center - ph / phases;
      const x = Math.PI * offset * factor;
      const sinc = x === 0 ? 1 : Math.sin(x) / x;
      const w = (2 * offset) / taps;
      const value = sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(1 - w * w, 0)));
      coefficients[ph * taps + i] = value;
      norm += value;
    }
    for (let i = 0; i < taps; i += 1) coefficients[ph * taps + i] = coefficients[ph * taps + i]! / norm;
  }
  const bank = { phases, step, taps, center, coefficients };
  banks.set(key, bank);
  return bank;
}

/**
 * `samples` at `inRate` converted to `outRate`, time-aligned (output sample n sits at
 * input time n·inRate/outRate) and as long as the input lasts, to the nearest sample, as
 * swresample makes it (the voice comes out exactly as long as ffmpeg made it).
 */
export function resample(samples: Float32Array, inRate: number, outRate: number): Float32Array {
  if (inRate === outRate) return samples.slice();
  const { phases, step, taps, center, coefficients } = filterBank(inRate, outRate);
  const length = Math.round((samples.length * phases) / step);
  if (phases === 1) return decimate(samples, step, filterBank(inRate, outRate), length);
  const out = new Float32Array(length);
  const padded = mirrorPadded(samples, taps);
  for (let n = 0; n < length; n += 1) {
    const position = n * step;
    const index = Math.floor(position / phases);
    const base = (position - index * phases) * taps;
    const first = index - center + taps;
    // Two running sums: the additions then do not all wait on each other.
    let even = 0;
    let odd = 0;
    let i = 0;
    for (; i + 1 < taps; i += 2) {
      even += coefficients[base + i]! * padded[first + i]!;
      odd += coefficients[base + i + 1]! * padded[first + i + 1]!;
    }
    if (i < taps) even += coefficients[base + i]! * padded[first + i]!;
    out[n] = even + odd;
  }
  return out;
}

/**
 * Whole-number rate division (48 → 16 kHz): one phase, whose taps mirror about the
 * centre, so each pair of input samples is added before it is multiplied (half the work).
 */
function decimate(samples: Float32Array, step: number, bank: FilterBank, length: number): Float32Array {
  const { taps, center, coefficients } = bank;
  const half = Math.min(center, taps - 1 - center);
  const padded = mirrorPadded(samples, taps);
  const out = new Float32Array(length);
  for (let n = 0; n < length; n += 1) {
    const middle = n * step + taps;
    let sum = coefficients[center]! * padded[middle]!;
    let other = 0;
    let k = 1;
    for (; k + 1 <= half; k += 2) {
      sum += coefficients[center + k]! * (padded[middle + k]! + padded[middle - k]!);
      other += coefficients[center + k + 1]! * (padded[middle + k + 1]! + padded[middle - k - 1]!);
    }
    if (k <= half) sum += coefficients[center + k]! * (padded[middle + k]! + padded[middle - k]!);
    sum += other;
    // An even tap count leaves one tap past the mirrored pairs.
    for (let i = center + half + 1; i < taps; i += 1) sum += coefficients[i]! * padded[middle + i - center]!;
    for (let i = 0; i < center - half; i += 1) sum += coefficients[i]! * padded[middle + i - center]!;
    out[n] = sum;
  }
  return out;
}
