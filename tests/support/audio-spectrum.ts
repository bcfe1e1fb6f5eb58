/**
 * What a listener's ear would compare between two takes: 1/3-octave band levels (IEC
 * 61260 centre frequencies) from a Welch-averaged power spectrum, and a signal-to-noise
 * estimate over frames known to hold speech or only noise.
 */

function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k += 1) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/** Mean power per FFT bin (Hann window, 50 % overlap). */
export function powerSpectrum(samples: Float32Array, size = 4096): Float64Array {
  const power = new Float64Array(size / 2 + 1);
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
  let count = 0;
  for (let start = 0; start + size <= samples.length; start += size / 2) {
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let i = 0; i < size; i += 1) re[i] = samples[start + i]! * window[i]!;
    fftInPlace(re, im);
    for (let k = 0; k <= size / 2; k += 1) power[k] = power[k]! + re[k]! * re[k]! + im[k]! * im[k]!;
    count += 1;
  }
  for (let k = 0; k < power.length; k += 1) power[k] = power[k]! / Math.max(1, count);
  return power;
}

export const THIRD_OCTAVE_CENTRES = [100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000];

/** dB level of each 1/3-octave band, in THIRD_OCTAVE_CENTRES order. */
export function thirdOctaveLevels(samples: Float32Array, sampleRate: number): number[] {
  const size = 4096;
  const power = powerSpectrum(samples, size);
  const binHz = sampleRate / size;
  return THIRD_OCTAVE_CENTRES.map((centre) => {
    const low = centre / 2 ** (1 / 6);
    const high = centre * 2 ** (1 / 6);
    let sum = 0;
    for (let k = Math.ceil(low / binHz); k <= Math.floor(high / binHz); k += 1) sum += power[k] ?? 0;
    return 10 * Math.log10(sum + 1e-20);
  });
}

/** Mean power of 20 ms frames, dB. */
export function frameLevels(samples: Float32Array, sampleRate: number, frameS = 0.02): number[] {
  const frame = Math.round(sampleRate * frameS);
  const levels: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let sum = 0;
    for (let i = start; i < start + frame; i += 1) sum += samples[i]! * samples[i]!;
    levels.push(10 * Math.log10(sum / frame + 1e-20));
  }
  return levels;
}

/**
 * Signal-to-noise in dB of `samples`, with the frames that hold speech and those that hold
 * only noise decided on the clean reference (same length, same timing): speech frames are
 * within 30 dB of the reference's loudest, noise frames are digital silence there.
 */
export function snrAgainstReference(samples: Float32Array, reference: Float32Array, sampleRate: number): number {
  const ref = frameLevels(reference, sampleRate);
  const got = frameLevels(samples, sampleRate);
  const loudest = Math.max(...ref);
  const mean = (levels: number[]): number => 10 * Math.log10(levels.reduce((s, l) => s + 10 ** (l / 10), 0) / Math.max(1, levels.length));
  const speech = got.filter((_, i) => ref[i]! > loudest - 30);
  const noise = got.filter((_, i) => ref[i]! < -90);
  return mean(speech) - mean(noise);
}
