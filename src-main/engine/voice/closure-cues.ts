import { fft } from './speech-features.js';

/**
 * What the sound says about a consonant's closure, every 10 ms: the whole frame's energy,
 * and its energy in three bands. A nasal's murmur (/m/) and a voiced stop's voice bar (/b/)
 * keep their low band (under 500 Hz) and lose the rest; a fricative keeps its highs; a
 * stop's release is a jump in every band at once (the broadband burst).
 */

export const CUE_HOP_S = 0.01;
const FRAME_S = 0.02;
/** Under 500 Hz: the murmur's and voice bar's band (a nasal's first resonance is ~250–300 Hz). */
const LOW_HZ = 500;
/** Above 2.5 kHz: frication and a burst's noise; a vowel's F3 and above. */
const HIGH_HZ = 2500;
const TOP_HZ = 7600;

export interface ClosureCues {
  hopS: number;
  /** Frame energy, dB full scale (floored at −100). */
  energyDb: Float32Array;
  /** Band energies, dB: under LOW_HZ, LOW_HZ–HIGH_HZ, above HIGH_HZ. */
  lowDb: Float32Array;
  midDb: Float32Array;
  highDb: Float32Array;
}

export function closureCues(samples: Float32Array, sampleRate: number): ClosureCues {
  const frame = Math.round(FRAME_S * sampleRate);
  const hop = Math.round(CUE_HOP_S * sampleRate);
  // Frame f is centred where speech-features' and formants' frame f is (12.5 ms in).
  const offset = Math.round(0.0125 * sampleRate) - Math.floor(frame / 2);
  const frames = samples.length < frame ? 0 : Math.floor((samples.length - frame) / hop) + 1;
  let size = 1;
  while (size < frame) size <<= 1;
  const window = Float64Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (frame - 1)));
  const binHz = sampleRate / size;
  const lowBin = Math.round(LOW_HZ / binHz);
  const highBin = Math.round(HIGH_HZ / binHz);
  const topBin = Math.min(size / 2, Math.round(TOP_HZ / binHz));
  const out: ClosureCues = {
    hopS: hop / sampleRate,
    energyDb: new Float32Array(frames),
    lowDb: new Float32Array(frames),
    midDb: new Float32Array(frames),
    highDb: new Float32Array(frames),
  };
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const db = (power: number) => Math.max(-100, 10 * Math.log10(power + 1e-12));
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    let energy = 0;
    for (let i = 0; i < frame; i++) {
      const x = samples[f * hop + offset + i] ?? 0;
      energy += x * x;
      re[i] = x * window[i]!;
    }
    fft(re, im);
    let low = 0;
    let mid = 0;
    let high = 0;
    for (let k = 1; k < topBin; k++) {
      const p = re[k]! * re[k]! + im[k]! * im[k]!;
      if (k < lowBin) low += p;
      else if (k < highBin) mid += p;
      else high += p;
    }
    const norm = 1 / (frame * frame);
    out.energyDb[f] = db(energy / frame);
    out.lowDb[f] = db(low * norm);
    out.midDb[f] = db(mid * norm);
    out.highDb[f] = db(high * norm);
  }
  return out;
}
