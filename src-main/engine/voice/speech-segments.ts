import { fft } from './speech-features.js';

/**
 * Where someone is speaking in a recording. Loudness finds the phrases (short-time
 * energy with hysteresis, against the recording's own floor); where the recording has no
 * quiet moment at all (speech over a music bed, room noise, no pauses) the gate is set
 * from its loud frames instead of its floor. A span counts as speech only if it has what
 * steady noise lacks: voicing (a pitch period in the waveform) or a syllable-rate rise
 * and fall of loudness. So a loud recording is never called silent, and hiss or hum
 * alone never counts as talking.
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
/**
 * With no quiet 10 % of frames, the floor is not a floor: a recording whose floor sits
 * within this much of its loud frames is gated at LOUD_GATE_DB under its loud level.
 */
const MIN_DYNAMIC_DB = 18;
const LOUD_GATE_DB = 20;
/**
 * Speech evidence: a frame is voiced when its (pre-emphasised, 8 kHz) waveform repeats
 * with a period of 2.5–15 ms (pitch 67–400 Hz) at this normalised autocorrelation; a
 * span is speech when this share of its frames is voiced, or when its loudness rises
 * and falls by this much (standard deviation): steady noise does neither (pink noise
 * measured ~0.1 voiced and ~1 dB; eSpeak over a −12 dB chord bed ~0.6 and ~4 dB).
 */
const VOICED_CORRELATION = 0.5;
const MIN_VOICED_SHARE = 0.2;
const MIN_MODULATION_DB = 3;
const VOICING_RATE = 8000;
const VOICING_WINDOW = 512;
const MIN_LAG = Math.round(0.0025 * VOICING_RATE);
const MAX_LAG = Math.round(0.015 * VOICING_RATE);

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
  // A floor close to the loud level means no pauses to measure the floor in (music bed, noise).
  const gate = loud - floor < MIN_DYNAMIC_DB ? loud - LOUD_GATE_DB : floor + ABOVE_FLOOR_DB;
  const onset = Math.max(gate, loud - BELOW_LOUD_DB, ABSOLUTE_MIN_DB);
  const release = onset - HYSTERESIS_DB;
  if (loud < onset) return [];

  const segments: SpeechSegment[] = [];
  const minPauseFrames = Math.round(MIN_PAUSE_S / HOP_S);
  let speechStart = -1;
  let lastLoud = -1;
  const close = (endFrame: number): void => {
    const startS = (speechStart * hop) / sampleRate;
    const endS = Math.min(samples.length, endFrame * hop + frame) / sampleRate;
    if (endS - startS >= MIN_SPEECH_S && soundsLikeSpeech(samples, sampleRate, levels, speechStart, endFrame, hop)) {
      segments.push({ startS: round(startS), endS: round(endS) });
    }
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

/** Voicing or syllable-rate loudness changes inside frames [from, to]. */
function soundsLikeSpeech(samples: Float32Array, sampleRate: number, levels: Float64Array, from: number, to: number, hop: number): boolean {
  let mean = 0;
  for (let f = from; f <= to; f += 1) mean += levels[f]!;
  mean /= to - from + 1;
  let variance = 0;
  for (let f = from; f <= to; f += 1) variance += (levels[f]! - mean) ** 2;
  if (Math.sqrt(variance / (to - from + 1)) >= MIN_MODULATION_DB) return true;
  // Every other frame is plenty to measure a share, and halves the cost on long files.
  let voiced = 0;
  let measured = 0;
  for (let f = from; f <= to; f += 2) {
    measured += 1;
    if (voicing(samples, sampleRate, f * hop) >= VOICED_CORRELATION) voiced += 1;
  }
  return voiced >= MIN_VOICED_SHARE * measured;
}

const re = new Float64Array(VOICING_WINDOW);
const im = new Float64Array(VOICING_WINDOW);
const frame = new Float64Array(VOICING_WINDOW / 2);

/**
 * The strongest normalised autocorrelation at a pitch lag, of ~32 ms from `start`,
 * resampled to 8 kHz (a box average: enough for pitch) and pre-emphasised so that
 * low-frequency noise (pink, rumble) does not look periodic. Autocorrelation by FFT.
 */
export function voicing(samples: Float32Array, sampleRate: number, start: number): number {
  const step = sampleRate / VOICING_RATE;
  const n = frame.length;
  let previous = 0;
  for (let i = 0; i < n; i += 1) {
    const from = Math.floor(start + i * step);
    const to = Math.max(from + 1, Math.floor(start + (i + 1) * step));
    let sum = 0;
    for (let k = from; k < to; k += 1) sum += samples[k] ?? 0;
    const x = sum / (to - from);
    frame[i] = x - 0.97 * previous;
    previous = x;
  }
  re.fill(0);
  im.fill(0);
  for (let i = 0; i < n; i += 1) re[i] = frame[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  fft(re, im);
  for (let k = 0; k < VOICING_WINDOW; k += 1) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  // The inverse transform of a real, even power spectrum is the forward one, scaled.
  fft(re, im);
  const zero = re[0]!;
  if (!(zero > 1e-12)) return 0;
  let best = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag += 1) {
    // Unbiased: a windowed frame overlaps itself less at longer lags.
    const value = (re[lag]! / zero) * (n / (n - lag));
    if (value > best) best = value;
  }
  return Math.min(1, best);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
