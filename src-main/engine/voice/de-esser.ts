/**
 * Gentle de-essing: a phone held close makes "s" and "sh" hiss louder than the voice
 * around them. The sibilance band (above SPLIT_HZ) is compared with the voice below it;
 * only while it stands more than THRESHOLD_DB above, part of the band is taken off the
 * signal, by half the excess and never more than MAX_REDUCTION_DB. Speech without harsh
 * sibilance comes out sample for sample as it went in.
 */

/** Sibilance of adult speech lies in 4–10 kHz. */
const SPLIT_HZ = 4000;
/**
 * How far the band may stand above the voice below it (both 4-pole, power over ~5 ms)
 * before it is harsh. Measured on 10 ms frames: the loudest "s" of eSpeak +11.1 dB, of
 * two SadTalker speakers +11.6 and +13.7 dB, of three LivePortrait ones −0.9, +11.0 and
 * +16.0 dB (99th percentiles up to +9.7 dB). At +12 dB only the brightest are touched.
 */
const THRESHOLD_DB = 12;
const THRESHOLD_POWER_RATIO = 10 ** (THRESHOLD_DB / 10);
/** Below −60 dBFS (band and body together) nothing is harsh: pauses and breaths are left as they are. */
const GATE_POWER = 1e-6;
const RATIO = 2;
/** "Gentle": a de-esser past about 6 dB starts to lisp. */
const MAX_REDUCTION_DB = 6;
/** Both bands' power is averaged over about 5 ms: mean power, not peaks, since voiced speech's pitch pulses would hide a hiss next to them. */
const POWER_S = 0.005;
const ATTACK_S = 0.002;
const RELEASE_S = 0.04;

/** RBJ cookbook biquad (Butterworth Q unless told): a 2-pole high- or low-pass. */
export function biquad(samples: Float32Array, sampleRate: number, cutoffHz: number, kind: 'high' | 'low', q = Math.SQRT1_2): Float32Array {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRate;
  const alpha = Math.sin(w0) / (2 * q);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = (kind === 'high' ? -(1 + cos) : 1 - cos) / a0;
  const b0 = Math.abs(b1) / 2;
  const b2 = b0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  const out = new Float32Array(samples.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const x = samples[i]!;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    out[i] = y;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
  }
  return out;
}

export interface DeEssed {
  samples: Float32Array;
  /** Share of the recording during which the sibilance band was turned down at all. */
  activeShare: number;
  /** The deepest cut, dB. */
  maxReductionDb: number;
}

/** A biquad's coefficients and state, stepped one sample at a time. */
class BiquadStep {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(sampleRate: number, cutoffHz: number, kind: 'high' | 'low') {
    const w0 = (2 * Math.PI * cutoffHz) / sampleRate;
    const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w0);
    const a0 = 1 + alpha;
    this.b1 = (kind === 'high' ? -(1 + cos) : 1 - cos) / a0;
    this.b0 = Math.abs(this.b1) / 2;
    this.b2 = this.b0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  /** The next output, rounded to 32-bit float as biquad() stores it (the de-esser's figures stay exactly as they were). */
  next(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return Math.fround(y);
  }
}

export function deEss(samples: Float32Array, sampleRate: number): DeEssed {
  // The four filters run in step with the loop below (no whole-take copies: a minute of
  // 48 kHz floats is 11.5 MB each).
  const bandFilter = new BiquadStep(sampleRate, SPLIT_HZ, 'high');
  // Judged on steeper filters than the band that is turned down: two poles leak too much
  // of a hiss into the voice below it to tell a harsh "s" from a plain one.
  const sibilanceFilter = new BiquadStep(sampleRate, SPLIT_HZ, 'high');
  const bodyFilter = new BiquadStep(sampleRate, SPLIT_HZ, 'low');
  const bodyFilter2 = new BiquadStep(sampleRate, SPLIT_HZ, 'low');
  const attack = 1 - Math.exp(-1 / (ATTACK_S * sampleRate));
  const release = 1 - Math.exp(-1 / (RELEASE_S * sampleRate));
  const smoothing = 1 - Math.exp(-1 / (POWER_S * sampleRate));
  const out = new Float32Array(samples.length);
  let bandPower = 0;
  let restPower = 0;
  let gainDb = 0;
  let active = 0;
  let deepest = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const hiss = bandFilter.next(samples[i]!);
    const rest = bodyFilter2.next(bodyFilter.next(samples[i]!));
    const sibilance = sibilanceFilter.next(hiss);
    const hp = sibilance * sibilance;
    const rp = rest * rest;
    bandPower += smoothing * (hp - bandPower);
    restPower += smoothing * (rp - restPower);
    // The logarithm only where the band stands over the threshold at all (a ratio test first: most samples are not harsh).
    const harsh = bandPower + restPower >= GATE_POWER && bandPower + 1e-12 > (restPower + 1e-12) * THRESHOLD_POWER_RATIO;
    const target = harsh ? Math.min(MAX_REDUCTION_DB, (10 * Math.log10((bandPower + 1e-12) / (restPower + 1e-12)) - THRESHOLD_DB) * (1 - 1 / RATIO)) : 0;
    // The cut comes in fast and leaves slowly, so it neither misses an onset nor pumps.
    gainDb += (target > gainDb ? attack : release) * (target - gainDb);
    // A cut under 0.01 dB is no cut: past it the voice is handed through untouched.
    if (target === 0 && gainDb < 0.01) gainDb = 0;
    if (gainDb > 0.1) active += 1;
    deepest = Math.max(deepest, gainDb);
    // Turning down only the part above the split: with no cut the sample is the input's own.
    out[i] = gainDb > 1e-4 ? samples[i]! - hiss * (1 - 10 ** (-gainDb / 20)) : samples[i]!;
  }
  return { samples: out, activeShare: samples.length > 0 ? active / samples.length : 0, maxReductionDb: deepest };
}
