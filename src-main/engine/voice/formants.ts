/**
 * The first formant (F1) of speech, every 10 ms, by linear prediction: how open the vowel
 * is, read from the sound. Jaw and mouth opening in speech is mostly vowel height, and
 * vowel height is F1 (open /a/ ~700–900 Hz, close /i u/ ~250–350 Hz), largely apart from
 * how loud the syllable is said. A recording given without its words uses it to open the
 * mouth as far as the vowel asks (animate/viseme-track.ts), where loudness alone would make
 * a puppet that opens as far as the voice is loud.
 *
 * The method is the textbook one (Markel & Gray; Praat's "To Formant (burg)" does the same
 * in spirit): resample to 10 kHz (formants above 5 kHz are of no use here), pre-emphasise,
 * Hamming-window 25 ms frames, LPC of order 2 + fs/1000 by autocorrelation and
 * Levinson–Durbin, the roots of the prediction polynomial give resonances (frequency from
 * the angle, bandwidth from the radius), and the lowest sharp resonance in F1's range is F1.
 */

export const FORMANT_HOP_S = 0.01;
const FRAME_S = 0.025;
const ANALYSIS_RATE = 10000;
/** 2 poles per kHz of bandwidth, plus 2 for the glottal source and lip radiation. */
const LPC_ORDER = 2 + Math.round(ANALYSIS_RATE / 1000);
/** Praat's pre-emphasis from 50 Hz: flattens the glottal source's −6 dB/octave tilt. */
const PRE_EMPHASIS = Math.exp((-2 * Math.PI * 50) / ANALYSIS_RATE);
/** F1 of human vowels lies here (children's /a/ reaches ~1100 Hz); a lower root is the glottal formant. */
const F1_MIN_HZ = 200;
const F1_MAX_HZ = 1200;
/** Wider resonances are spectral tilt or noise, not a formant (Praat keeps ≤ ~500 Hz too). */
const MAX_BANDWIDTH_HZ = 500;
/** A frame this far under the loud frames is a pause or a closure: no vowel to read. */
const VOICED_WITHIN_LOUD_DB = 30;
/** Normalised autocorrelation at the pitch period above this: the frame is voiced. */
const VOICING_THRESHOLD = 0.35;
/** Pitch periods searched: 70–400 Hz covers men, women and children. */
const MIN_PITCH_HZ = 70;
const MAX_PITCH_HZ = 400;

export interface FormantTrack {
  hopS: number;
  /** Frame f is centred at firstCentreS + f·hopS (each frame's 25 ms window starts at f·hopS). */
  firstCentreS: number;
  /** F1 in Hz per frame; NaN where the frame is unvoiced or no resonance qualifies. */
  f1: Float32Array;
  /** Frame energy in dB (full scale): for callers that gate on loudness. */
  energyDb: Float32Array;
}

/** Windowed-sinc low-pass then linear interpolation: good enough below 4.5 kHz for LPC. */
export function resampleForFormants(samples: Float32Array, sampleRate: number): Float32Array {
  if (sampleRate === ANALYSIS_RATE) return samples;
  if (sampleRate > ANALYSIS_RATE) {
    const cutoff = (0.45 * ANALYSIS_RATE) / sampleRate;
    const half = Math.max(8, Math.round(4 / cutoff));
    const taps = new Float64Array(2 * half + 1);
    let sum = 0;
    for (let k = -half; k <= half; k++) {
      const sinc = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
      const hann = 0.5 + 0.5 * Math.cos((Math.PI * k) / (half + 1));
      taps[k + half] = sinc * hann;
      sum += sinc * hann;
    }
    const step = sampleRate / ANALYSIS_RATE;
    const outLength = Math.floor(samples.length / step);
    const out = new Float32Array(outLength);
    // Filtering only at the two source samples each output sample needs keeps this cheap at 48 kHz.
    const filteredAt = (i: number): number => {
      let acc = 0;
      for (let k = -half; k <= half; k++) {
        const j = i + k;
        if (j >= 0 && j < samples.length) acc += samples[j]! * taps[k + half]!;
      }
      return acc / sum;
    };
    for (let n = 0; n < outLength; n++) {
      const x = n * step;
      const i = Math.floor(x);
      const frac = x - i;
      out[n] = frac === 0 ? filteredAt(i) : (1 - frac) * filteredAt(i) + frac * filteredAt(i + 1);
    }
    return out;
  }
  const step = sampleRate / ANALYSIS_RATE;
  const source = new Float32Array(Math.floor(samples.length / step));
  for (let n = 0; n < source.length; n++) {
    const x = n * step;
    const i = Math.floor(x);
    source[n] = (1 - (x - i)) * samples[i]! + (x - i) * (samples[i + 1] ?? samples[i]!);
  }
  return source;
}

/**
 * LPC coefficients a[0..p] (a[0] = 1; prediction polynomial 1 + Σ a_k z^-k) by Burg's
 * method, as Praat does: the autocorrelation method pulls a low F1 towards the nearest
 * pitch harmonic (an /i/ at 300 Hz read 380 Hz under a 120 Hz voice), Burg does not.
 * Undefined for a silent frame.
 */
export function lpc(frame: Float64Array, order: number): Float64Array | undefined {
  const n = frame.length;
  const forward = Float64Array.from(frame);
  const backward = Float64Array.from(frame);
  let a = new Float64Array(order + 1);
  a[0] = 1;
  let energy = 0;
  for (const v of frame) energy += v * v;
  if (energy <= 1e-12) return undefined;
  for (let m = 0; m < order; m++) {
    let numerator = 0;
    let denominator = 0;
    for (let i = m + 1; i < n; i++) {
      numerator += forward[i]! * backward[i - 1]!;
      denominator += forward[i]! * forward[i]! + backward[i - 1]! * backward[i - 1]!;
    }
    if (denominator <= 0) return undefined;
    const k = (-2 * numerator) / denominator;
    const next = a.slice();
    for (let j = 1; j <= m + 1; j++) next[j] = a[j]! + k * a[m + 1 - j]!;
    a = next;
    for (let i = n - 1; i > m; i--) {
      const f = forward[i]!;
      forward[i] = f + k * backward[i - 1]!;
      backward[i] = backward[i - 1]! + k * f;
    }
  }
  return a;
}

/** Complex roots of 1 + Σ a_k z^-k (i.e. of z^p + a1 z^(p-1) + … + a_p) by Durand–Kerner. */
export function polynomialRoots(a: Float64Array): Array<{ re: number; im: number }> {
  const p = a.length - 1;
  const re = new Float64Array(p);
  const im = new Float64Array(p);
  // Starting points on a circle inside the unit disc, off the real axis (the usual seed 0.4 + 0.9i powers).
  for (let k = 0; k < p; k++) {
    const angle = (2 * Math.PI * k) / p + 0.4;
    re[k] = 0.9 * Math.cos(angle);
    im[k] = 0.9 * Math.sin(angle);
  }
  for (let iteration = 0; iteration < 200; iteration++) {
    let moved = 0;
    for (let k = 0; k < p; k++) {
      // Horner: value of the monic polynomial at z_k.
      let vr = 1;
      let vi = 0;
      for (let j = 1; j <= p; j++) {
        const nr = vr * re[k]! - vi * im[k]! + a[j]!;
        vi = vr * im[k]! + vi * re[k]!;
        vr = nr;
      }
      // Divided by Π (z_k − z_j).
      let dr = 1;
      let di = 0;
      for (let j = 0; j < p; j++) {
        if (j === k) continue;
        const xr = re[k]! - re[j]!;
        const xi = im[k]! - im[j]!;
        const nr = dr * xr - di * xi;
        di = dr * xi + di * xr;
        dr = nr;
      }
      const denominator = dr * dr + di * di || 1e-30;
      const qr = (vr * dr + vi * di) / denominator;
      const qi = (vi * dr - vr * di) / denominator;
      re[k] = re[k]! - qr;
      im[k] = im[k]! - qi;
      moved = Math.max(moved, Math.abs(qr) + Math.abs(qi));
    }
    if (moved < 1e-10) break;
  }
  return Array.from({ length: p }, (_, k) => ({ re: re[k]!, im: im[k]! }));
}

/** Resonances (Hz, bandwidth Hz) of an LPC polynomial, lowest first. */
export function resonances(a: Float64Array, sampleRate: number): Array<{ hz: number; bandwidthHz: number }> {
  return polynomialRoots(a)
    .filter((z) => z.im > 0)
    .map((z) => ({
      hz: (Math.atan2(z.im, z.re) * sampleRate) / (2 * Math.PI),
      bandwidthHz: (-Math.log(Math.hypot(z.re, z.im)) * sampleRate) / Math.PI,
    }))
    .sort((x, y) => x.hz - y.hz);
}

/** Peak of the normalised autocorrelation over pitch lags: near 1 for a vowel, low for hiss. */
function voicing(frame: Float64Array, sampleRate: number): number {
  // Running sums of squares: each lag's two energies come from them, not from a second pass.
  const squares = new Float64Array(frame.length + 1);
  for (let i = 0; i < frame.length; i++) squares[i + 1] = squares[i]! + frame[i]! * frame[i]!;
  if (squares[frame.length]! <= 0) return 0;
  let best = 0;
  for (let lag = Math.floor(sampleRate / MAX_PITCH_HZ); lag <= Math.ceil(sampleRate / MIN_PITCH_HZ) && lag < frame.length / 2; lag++) {
    let acc = 0;
    for (let i = lag; i < frame.length; i++) acc += frame[i]! * frame[i - lag]!;
    const late = squares[frame.length]! - squares[lag]!;
    const early = squares[frame.length - lag]!;
    best = Math.max(best, acc / Math.sqrt(late * early + 1e-30));
  }
  return best;
}

/** F1 every 10 ms, NaN where the frame is not a voiced sound loud enough to read. */
export function trackFirstFormant(samples: Float32Array, sampleRate: number): FormantTrack {
  const x = resampleForFormants(samples, sampleRate);
  const frameLength = Math.round(FRAME_S * ANALYSIS_RATE);
  const hop = Math.round(FORMANT_HOP_S * ANALYSIS_RATE);
  const frames = Math.max(0, Math.floor((x.length - frameLength) / hop) + 1);
  const window = Float64Array.from({ length: frameLength }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (frameLength - 1)));
  const energyDb = new Float32Array(frames);
  const raw = new Float32Array(frames).fill(NaN);
  const frame = new Float64Array(frameLength);
  const plain = new Float64Array(frameLength);
  for (let f = 0; f < frames; f++) {
    let energy = 0;
    for (let i = 0; i < frameLength; i++) {
      const s = x[f * hop + i]!;
      plain[i] = s;
      energy += s * s;
    }
    energyDb[f] = 10 * Math.log10(energy / frameLength + 1e-12);
  }
  const sorted = Float32Array.from(energyDb).sort();
  const loud = sorted[Math.floor(0.95 * Math.max(0, frames - 1))] ?? 0;
  for (let f = 0; f < frames; f++) {
    if (energyDb[f]! < loud - VOICED_WITHIN_LOUD_DB) continue;
    for (let i = 0; i < frameLength; i++) plain[i] = x[f * hop + i]!;
    if (voicing(plain, ANALYSIS_RATE) < VOICING_THRESHOLD) continue;
    for (let i = 0; i < frameLength; i++) {
      const previous = f * hop + i > 0 ? x[f * hop + i - 1]! : 0;
      frame[i] = (x[f * hop + i]! - PRE_EMPHASIS * previous) * window[i]!;
    }
    const a = lpc(frame, LPC_ORDER);
    if (!a) continue;
    const first = resonances(a, ANALYSIS_RATE).find((r) => r.hz >= F1_MIN_HZ && r.hz <= F1_MAX_HZ && r.bandwidthHz <= MAX_BANDWIDTH_HZ);
    if (first) raw[f] = first.hz;
  }
  return { hopS: FORMANT_HOP_S, firstCentreS: FRAME_S / 2, f1: continuous(raw), energyDb };
}

/**
 * A 5-frame median over the voiced frames around each one: a single frame that picked the
 * second formant (or a nasal pole) is outvoted by its neighbours; formants move smoothly.
 */
function continuous(raw: Float32Array): Float32Array {
  const out = new Float32Array(raw.length).fill(NaN);
  for (let f = 0; f < raw.length; f++) {
    if (!Number.isFinite(raw[f]!)) continue;
    const around: number[] = [];
    for (let k = Math.max(0, f - 2); k <= Math.min(raw.length - 1, f + 2); k++) if (Number.isFinite(raw[k]!)) around.push(raw[k]!);
    around.sort((p, q) => p - q);
    out[f] = around[Math.floor(around.length / 2)]!;
  }
  return out;
}

/**
 * F1 as 0 (the speaker's closest vowels, 10th percentile) … 1 (their most open, 90th):
 * each speaker's own range, so a child's and a man's /a/ both read as open. NaN where F1 is.
 */
export function vowelOpenness(track: FormantTrack): Float32Array {
  const voiced = Array.from(track.f1)
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  const out = new Float32Array(track.f1.length).fill(NaN);
  if (voiced.length < 10) return out;
  const low = voiced[Math.floor(0.1 * (voiced.length - 1))]!;
  const high = voiced[Math.floor(0.9 * (voiced.length - 1))]!;
  const span = Math.max(50, high - low);
  for (let f = 0; f < out.length; f++) if (Number.isFinite(track.f1[f]!)) out[f] = Math.min(1, Math.max(0, (track.f1[f]! - low) / span));
  return out;
}
