/**
 * Per-video-frame features of the voice, computed once from the 16 kHz analysis samples.
 * Everything downstream (mouth, brows, nods) is driven from these, so an own recording
 * and a synthesized voice animate the same way.
 */

export interface FrameFeatures {
  /** RMS level of the frame's window in dBFS, floored at −90. */
  levelDb: Float32Array;
  /** Zero-crossing rate 0–1: high for hissing consonants (s, sh, f), low for vowels. */
  zcr: Float32Array;
  frameCount: number;
  fps: number;
}

const FLOOR_DB = -90;

export function frameCountFor(durationS: number, fps: number): number {
  return Math.max(1, Math.round(durationS * fps));
}

export function frameFeatures(samples: Float32Array, sampleRate: number, fps: number, frameCount: number): FrameFeatures {
  const levelDb = new Float32Array(frameCount);
  const zcr = new Float32Array(frameCount);
  // A window a little longer than one frame so a short plosive is not missed between frames.
  const half = Math.round((sampleRate / fps) * 0.75);
  for (let k = 0; k < frameCount; k++) {
    const center = Math.round(((k + 0.5) / fps) * sampleRate);
    const from = Math.max(0, center - half);
    const to = Math.min(samples.length, center + half);
    let energy = 0;
    let crossings = 0;
    let previous = 0;
    for (let i = from; i < to; i++) {
      const s = samples[i]!;
      energy += s * s;
      if (s >= 0 !== previous >= 0) crossings++;
      previous = s;
    }
    const n = Math.max(1, to - from);
    const rms = Math.sqrt(energy / n);
    levelDb[k] = rms > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(rms)) : FLOOR_DB;
    zcr[k] = crossings / n;
  }
  return { levelDb, zcr, frameCount, fps };
}

export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[index]!;
}

/** Zero-phase [1 2 1]/4 smoothing: removes frame-to-frame chatter without adding lag. */
export function smooth121(values: Float32Array, passes = 1): Float32Array {
  let current = values;
  for (let pass = 0; pass < passes; pass++) {
    const out = new Float32Array(current.length);
    for (let i = 0; i < current.length; i++) {
      const a = current[Math.max(0, i - 1)]!;
      const b = current[i]!;
      const c = current[Math.min(current.length - 1, i + 1)]!;
      out[i] = (a + 2 * b + c) / 4;
    }
    current = out;
  }
  return current;
}

/** Centred moving average over `radius` frames each side. */
export function movingAverage(values: Float32Array, radius: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - radius); j <= Math.min(values.length - 1, i + radius); j++) {
      sum += values[j]!;
      n++;
    }
    out[i] = sum / n;
  }
  return out;
}
