/**
 * The voice's gain chain, run on samples in memory: a gentle compressor after the gain
 * to target, then a make-up gain and a fast look-ahead limiter under a fixed ceiling.
 * The compressor is ffmpeg's acompressor, formula for formula (what the chain ran through
 * before it moved out of ffmpeg), so a voice keeps its sound; the limiter holds the same
 * ceiling with the same 1 ms look-ahead and 10 ms release, and lines its output up with
 * its input sample for sample (ffmpeg's lagged 1 ms).
 */

export interface CompressorSettings {
  /** Linear level where compression starts. */
  threshold: number;
  ratio: number;
  attackMs: number;
  releaseMs: number;
  /** Knee width as a level ratio (ffmpeg's `knee`, 1–8). */
  knee: number;
}

/** ffmpeg's acompressor (af_sidechaincompress.c): RMS detection, downward, soft knee by Hermite interpolation. */
export function compress(samples: Float32Array, gain: number, settings: CompressorSettings, sampleRate: number): Float32Array {
  const { threshold, ratio, knee } = settings;
  const thres = Math.log(threshold);
  const linKneeStart = threshold / Math.sqrt(knee);
  const kneeStart = Math.log(linKneeStart);
  const kneeStop = Math.log(threshold * Math.sqrt(knee));
  const compressedKneeStop = (kneeStop - thres) / ratio + thres;
  // RMS detection compares the smoothed square with the knee's start squared.
  const detectFrom = linKneeStart * linKneeStart;
  const attack = Math.min(1, 1 / ((settings.attackMs * sampleRate) / 4000));
  const release = Math.min(1, 1 / ((settings.releaseMs * sampleRate) / 4000));
  const slope = 1 / ratio;
  const width = kneeStop - kneeStart;
  const out = new Float32Array(samples.length);
  let level = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const x = samples[i]! * gain;
    const square = x * x;
    level += (square - level) * (square > level ? attack : release);
    let g = 1;
    if (level > 0 && level > detectFrom) {
      const logLevel = 0.5 * Math.log(level);
      let shaped = (logLevel - thres) / ratio + thres;
      if (knee > 1 && logLevel < kneeStop) {
        // Hermite from (kneeStart, slope 1) to (kneeStop, slope 1/ratio).
        const t = (logLevel - kneeStart) / width;
        const m0 = width;
        const m1 = slope * width;
        const c2 = -3 * kneeStart - 2 * m0 + 3 * compressedKneeStop - m1;
        const c3 = 2 * kneeStart + m0 - 2 * compressedKneeStop + m1;
        shaped = ((c3 * t + c2) * t + m0) * t + kneeStart;
      }
      g = Math.exp(shaped - logLevel);
    }
    out[i] = x * g;
  }
  return out;
}

export interface LimiterSettings {
  /** Linear ceiling no output sample exceeds. */
  ceiling: number;
  attackMs: number;
  releaseMs: number;
}

/**
 * `samples` × `gain`, held under the ceiling. Each sample over it needs its own gain
 * (ceiling / |x|); the gain glides down to that over the look-ahead before it (so no step
 * is heard) and, past the peak, recovers in a straight line over the release time from
 * however deep it went, as ffmpeg's alimiter does.
 */
export function limit(samples: Float32Array, gain: number, settings: LimiterSettings, sampleRate: number): Float32Array {
  const { ceiling } = settings;
  const lookahead = Math.max(1, Math.round((settings.attackMs * sampleRate) / 1000));
  const releaseSamples = Math.max(1, (settings.releaseMs * sampleRate) / 1000);
  const n = samples.length;
  const needed = new Float32Array(n).fill(1);
  const over = ceiling / Math.abs(gain);
  for (let j = 0; j < n; j += 1) {
    const magnitude = Math.abs(samples[j]!);
    if (magnitude <= over) continue;
    const required = over / magnitude;
    // A straight glide from 1, `lookahead` samples early, down to what the peak needs.
    for (let k = 0; k <= lookahead && k <= j; k += 1) {
      const glide = required + ((1 - required) * k) / lookahead;
      if (glide < needed[j - k]!) needed[j - k] = glide;
    }
  }
  const out = new Float32Array(n);
  let envelope = 1;
  let depth = 1;
  for (let i = 0; i < n; i += 1) {
    const target = needed[i]!;
    if (target <= envelope) {
      envelope = target;
      depth = target;
    } else {
      envelope = Math.min(target, envelope + (1 - depth) / releaseSamples);
    }
    const y = samples[i]! * gain * envelope;
    // Float rounding aside, the envelope already holds the ceiling.
    out[i] = y > ceiling ? ceiling : y < -ceiling ? -ceiling : y;
  }
  return out;
}
