import { writeFile } from 'node:fs/promises';
import { decodeVoice } from './audio-normalize.js';
import { biquad, deEss } from './de-esser.js';
import { RNNOISE_SAMPLE_RATE, suppressNoise } from './rnnoise.js';
import { encodeFloatWav } from './pcm.js';

/**
 * The creator's own recording, cleaned up before it is loudness-normalised (issue 16):
 * rumble taken off below the voice, room noise, hum and fan suppressed by RNNoise, harsh
 * "s" sounds turned down. It works on the decoded floats the loudness step then takes
 * (no second decode, nothing here can clip); the loudness step brings it to −14 LUFS under a −1 dBTP ceiling. Measured in
 * voice-cleanup.test.ts: a clean take keeps its loudness and its 1/3-octave spectrum
 * within a few dB, a noisy one gains at least 10 dB of signal-to-noise.
 */

/**
 * A 2-pole high-pass at 80 Hz: below the lowest speaking voices' fundamental (about
 * 85 Hz) where handling noise, traffic and desk thumps live; a 100 Hz voice loses 1.5 dB.
 */
export const RUMBLE_HIGH_PASS_HZ = 80;
/** ffmpeg's `highpass` default width (Q 0.707), which this filter ran as before it moved out of ffmpeg. */
const RUMBLE_Q = 0.707;

export interface CleanupReport {
  /** Share of the recording RNNoise judged to be speech. */
  speechShare: number;
  /** Share of the recording the de-esser touched, and its deepest cut. */
  deEssedShare: number;
  deEssMaxDb: number;
  durationS: number;
  /** The rumble filter's corner. */
  highPassHz: number;
  /**
   * The take's noise floor (its quietest tenth, see noiseFloorDbfs) before and after noise
   * suppression and de-essing (rumble already filtered), dBFS, and how far it came down: the signal-to-noise the cleanup added, since
   * the speech itself keeps its level (a clean take's loudness moves under 1 dB).
   */
  noiseFloorBeforeDbfs: number;
  noiseFloorAfterDbfs: number;
  noiseReductionDb: number;
}

/** 10 ms at 48 kHz: RNNoise's own frame. */
const FLOOR_FRAME = 480;
/** Between words and breaths: a take is at least this share pauses (speech measured 66–88 % of noisy takes' frames). */
const NOISE_FLOOR_SHARE = 0.1;
/** Digital silence reads as this, not −∞, so a studio take's floor has a figure. */
const SILENCE_DBFS = -120;

const round1 = (value: number): number => Math.round(value * 10) / 10;

/**
 * The mean level of the quietest tenth of `before`'s 10 ms frames, and of the same frames
 * in `after` (the same length, sample-aligned): where a take has no speech, what is
 * there is its noise.
 */
export function noiseFloorDbfs(before: Float32Array, after: Float32Array): { before: number; after: number } {
  const frames = Math.floor(before.length / FLOOR_FRAME);
  if (frames === 0) return { before: SILENCE_DBFS, after: SILENCE_DBFS };
  const energy = (x: Float32Array, f: number): number => {
    let sum = 0;
    for (let i = f * FLOOR_FRAME; i < (f + 1) * FLOOR_FRAME; i += 1) sum += (x[i] ?? 0) ** 2;
    return sum / FLOOR_FRAME;
  };
  const quietest = Array.from({ length: frames }, (_, f) => ({ f, e: energy(before, f) }))
    .sort((a, b) => a.e - b.e)
    .slice(0, Math.max(1, Math.round(frames * NOISE_FLOOR_SHARE)));
  const dbfs = (mean: number): number => Math.max(SILENCE_DBFS, 10 * Math.log10(mean));
  const meanOf = (x: Float32Array): number => quietest.reduce((sum, q) => sum + (x === before ? q.e : energy(x, q.f)), 0) / quietest.length;
  return { before: dbfs(meanOf(before)), after: dbfs(meanOf(after)) };
}

/**
 * The cleaned samples (48 kHz mono floats, as decodeVoice gives them: the take is not
 * decoded again) and what each step did.
 */
export async function cleanDecodedVoice(decoded: Float32Array, signal?: AbortSignal): Promise<{ samples: Float32Array; report: CleanupReport }> {
  const filtered = biquad(decoded, RNNOISE_SAMPLE_RATE, RUMBLE_HIGH_PASS_HZ, 'high', RUMBLE_Q);
  const denoised = await suppressNoise(filtered, signal);
  const deEssed = deEss(denoised.samples, RNNOISE_SAMPLE_RATE);
  const probabilities = denoised.speechProbability;
  let speech = 0;
  for (const p of probabilities) if (p >= 0.5) speech += 1;
  // "Before" is the take with its rumble already off: the figure is what noise
  // suppression and de-essing took away on top.
  const floor = noiseFloorDbfs(filtered, deEssed.samples);
  return {
    samples: deEssed.samples,
    report: {
      speechShare: probabilities.length > 0 ? speech / probabilities.length : 0,
      deEssedShare: deEssed.activeShare,
      deEssMaxDb: round1(deEssed.maxReductionDb),
      durationS: filtered.length / RNNOISE_SAMPLE_RATE,
      highPassHz: RUMBLE_HIGH_PASS_HZ,
      noiseFloorBeforeDbfs: round1(floor.before),
      noiseFloorAfterDbfs: round1(floor.after),
      noiseReductionDb: round1(floor.before - floor.after),
    },
  };
}

/** A file's first audio stream, decoded and cleaned (`maxSeconds`: decoding stops there). */
export async function cleanVoiceSamples(source: string, options: { maxSeconds?: number; signal?: AbortSignal } = {}): Promise<{ samples: Float32Array; report: CleanupReport }> {
  return cleanDecodedVoice(await decodeVoice(source, options), options.signal);
}

/** Cleans `source` into `outputPath` (48 kHz mono float WAV, no metadata) for the loudness step. */
export async function cleanVoiceRecording(input: { source: string; outputPath: string; maxSeconds?: number; signal?: AbortSignal }): Promise<CleanupReport> {
  const { samples, report } = await cleanVoiceSamples(input.source, input);
  await writeFile(input.outputPath, encodeFloatWav(samples, RNNOISE_SAMPLE_RATE));
  return report;
}
