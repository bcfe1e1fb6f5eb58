/**
 * MFCC-like features of speech, 25 ms frames every 10 ms: what forced alignment matches
 * a recording to its synthesized transcript with, and what phone classes are told apart
 * by. Computed at each file's own sample rate with the mel bands in hertz, so eSpeak's
 * 22.05 kHz and a recording's 16 kHz analysis copy give comparable vectors.
 */

export const FRAME_S = 0.025;
export const HOP_S = 0.01;
/** Mel bands, and how many cepstra are kept (c0…c12, the usual speech front end). */
const MEL_BANDS = 26;
export const CEPSTRA = 13;
/** Below 80 Hz is hum and rumble; 7.6 kHz keeps the bands inside a 16 kHz file's Nyquist. */
const LOW_HZ = 80;
const HIGH_HZ = 7600;
const PRE_EMPHASIS = 0.97;

export interface SpeechFeatures {
  /** frames × CEPSTRA, row-major; cepstral mean normalised (c0 included: it keeps loudness shape). */
  mfcc: Float32Array;
  /** Log energy of each frame in dB (not normalised): silence and closures show here. */
  energyDb: Float32Array;
  frames: number;
  hopS: number;
}

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos/sin of −2πk/n for k < n/2, computed once per size: the FFT's inner loop only reads them. */
function twiddlesFor(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddles.get(n);
  if (!table) {
    const half = n >> 1;
    table = {
      cos: Float64Array.from({ length: half }, (_, k) => Math.cos((-2 * Math.PI * k) / n)),
      sin: Float64Array.from({ length: half }, (_, k) => Math.sin((-2 * Math.PI * k) / n)),
    };
    twiddles.set(n, table);
  }
  return table;
}

/** In-place iterative radix-2 FFT; `re.length` must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  const { cos, sin } = twiddlesFor(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k += 1) {
        const wr = cos[k * stride]!;
        const wi = sin[k * stride]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const hzOfMel = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/** Triangular mel filters over the bins of an `fftSize` spectrum at `sampleRate`. */
function melFilters(fftSize: number, sampleRate: number): Array<{ first: number; weights: Float64Array }> {
  const high = Math.min(HIGH_HZ, sampleRate / 2);
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) => hzOfMel(mel(LOW_HZ) + ((mel(high) - mel(LOW_HZ)) * i) / (MEL_BANDS + 1)));
  const binHz = sampleRate / fftSize;
  return Array.from({ length: MEL_BANDS }, (_, b) => {
    const [lo, mid, hi] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
    const first = Math.max(1, Math.ceil(lo / binHz));
    const last = Math.min(fftSize / 2, Math.floor(hi / binHz));
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k += 1) {
      const hz = k * binHz;
      weights[k - first] = hz <= mid ? (hz - lo) / (mid - lo) : (hi - hz) / (hi - mid);
    }
    return { first, weights };
  });
}

export function speechFeatures(samples: Float32Array | Int16Array, sampleRate: number): SpeechFeatures {
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  const frame = Math.round(FRAME_S * sampleRate);
  const hop = Math.round(HOP_S * sampleRate);
  const frames = samples.length < frame ? 0 : Math.floor((samples.length - frame) / hop) + 1;
  let fftSize = 1;
  while (fftSize < frame) fftSize <<= 1;
  const filters = melFilters(fftSize, sampleRate);
  const window = Float64Array.from({ length: frame }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (frame - 1)));
  const dct = Array.from({ length: CEPSTRA }, (_, c) => Float64Array.from({ length: MEL_BANDS }, (_, b) => Math.cos((Math.PI * c * (b + 0.5)) / MEL_BANDS)));
  const mfcc = new Float32Array(frames * CEPSTRA);
  const energyDb = new Float32Array(frames);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const logMel = new Float64Array(MEL_BANDS);
  for (let f = 0; f < frames; f += 1) {
    re.fill(0);
    im.fill(0);
    const start = f * hop;
    let energy = 0;
    let previous = start > 0 ? (samples[start - 1] ?? 0) * scale : 0;
    for (let i = 0; i < frame; i += 1) {
      const x = (samples[start + i] ?? 0) * scale;
      energy += x * x;
      re[i] = (x - PRE_EMPHASIS * previous) * window[i]!;
      previous = x;
    }
    energyDb[f] = 10 * Math.log10(energy / frame + 1e-10);
    fft(re, im);
    for (const [b, filter] of filters.entries()) {
      let sum = 0;
      for (let k = 0; k < filter.weights.length; k += 1) {
        const bin = filter.first + k;
        sum += filter.weights[k]! * (re[bin]! * re[bin]! + im[bin]! * im[bin]!);
      }
      logMel[b] = Math.log(sum + 1e-10);
    }
    for (let c = 0; c < CEPSTRA; c += 1) {
      let sum = 0;
      const basis = dct[c]!;
      for (let b = 0; b < MEL_BANDS; b += 1) sum += basis[b]! * logMel[b]!;
      mfcc[f * CEPSTRA + c] = sum;
    }
  }
  // Cepstral mean normalisation removes the microphone's (or eSpeak's) fixed colouring.
  for (let c = 0; c < CEPSTRA && frames > 0; c += 1) {
    let mean = 0;
    for (let f = 0; f < frames; f += 1) mean += mfcc[f * CEPSTRA + c]!;
    mean /= frames;
    for (let f = 0; f < frames; f += 1) mfcc[f * CEPSTRA + c] = mfcc[f * CEPSTRA + c]! - mean;
  }
  return { mfcc, energyDb, frames, hopS: hop / sampleRate };
}
