/**
 * Where someone is speaking in a recording, from short-time energy with hysteresis.
 * A recording has no transcript; these spans let captions (and the "is anyone talking?"
 * check) work without a speech recogniser.
 */

export interface SpeechSegment {
  startS: number;
  endS: number;
}

/** 20 ms frames every 10 ms: the usual analysis window for speech energy. */
const FRAME_S = 0.02;
const HOP_S = 0.01;
/** Speech must rise this far above the recording's own noise floor (10th-percentile frame). */
const ABOVE_FLOOR_DB = 12;
/** ...and be within this much of its loud frames (95th percentile), so breaths and room tone stay out. */
const BELOW_LOUD_DB = 35;
/** Nothing quieter than this is speech, however quiet the room (after normalisation speech sits near −20 dBFS). */
const ABSOLUTE_MIN_DB = -55;
/** Hysteresis: once speaking, it takes a drop this much below the onset level to count as a pause. */
const HYSTERESIS_DB = 6;
/** Pauses shorter than this are the gaps between words, not between phrases. */
const MIN_PAUSE_S = 0.2;
/** Bursts shorter than this are clicks and pops. */
const MIN_SPEECH_S = 0.1;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return -Infinity;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[index] ?? -Infinity;
}

export function detectSpeechSegments(samples: Float32Array, sampleRate: number): SpeechSegment[] {
  const frame = Math.max(1, Math.round(FRAME_S * sampleRate));
  const hop = Math.max(1, Math.round(HOP_S * sampleRate));
  if (samples.length < frame) return [];
  const frames = Math.floor((samples.length - frame) / hop) + 1;
  const levels = new Float64Array(frames);
  for (let f = 0; f < frames; f += 1) {
    let energy = 0;
    const start = f * hop;
    for (let i = start; i < start + frame; i += 1) {
      const x = samples[i] ?? 0;
      energy += x * x;
    }
    levels[f] = 10 * Math.log10(energy / frame + 1e-12);
  }
  const sorted = Float64Array.from(levels).sort();
  const floor = percentile(sorted, 0.1);
  const loud = percentile(sorted, 0.95);
  const onset = Math.max(floor + ABOVE_FLOOR_DB, loud - BELOW_LOUD_DB, ABSOLUTE_MIN_DB);
  const release = onset - HYSTERESIS_DB;
  if (loud < onset) return [];

  const segments: SpeechSegment[] = [];
  const minPauseFrames = Math.round(MIN_PAUSE_S / HOP_S);
  let speechStart = -1;
  let lastLoud = -1;
  const close = (endFrame: number): void => {
    const startS = (speechStart * hop) / sampleRate;
    const endS = Math.min(samples.length, endFrame * hop + frame) / sampleRate;
    if (endS - startS >= MIN_SPEECH_S) segments.push({ startS: round(startS), endS: round(endS) });
    speechStart = -1;
  };
  for (let f = 0; f < frames; f += 1) {
    const level = levels[f] ?? -Infinity;
    if (speechStart === -1) {
      if (level >= onset) {
        speechStart = f;
        lastLoud = f;
      }
    } else if (level >= release) {
      lastLoud = f;
    } else if (f - lastLoud > minPauseFrames) {
      close(lastLoud);
    }
  }
  if (speechStart !== -1) close(lastLoud);
  return segments;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
