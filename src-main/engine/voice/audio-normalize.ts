import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TARGET_LOUDNESS_LUFS } from '../../../src-shared/limits.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';
import { cancelled } from '../pipeline/cancellation.js';
import { compress, limit } from './dynamics.js';
import { integratedLoudness, samplePeakDbfs, truePeakDbtp } from './loudness.js';
import { encodeFloatAsWav16 } from './pcm.js';
import { resample } from './resample.js';
import { MAX_TRUE_PEAK_DBTP, truePeakTurnDownDb } from './true-peak-guard.js';

/**
 * One loudness path for every voice (TTS and recordings). The voice is decoded once (a
 * recording by ffmpeg, eSpeak's speech is already in memory) to 48 kHz mono floats, and
 * everything after happens on those samples: EBU R128 measurement (loudness.ts), the
 * gain chain and its make-up search (dynamics.ts), the −1 dBTP rule, the 16 kHz samples
 * for lip-sync and the 48 kHz WAV for muxing. Until issue 15 each of those steps was its
 * own ffmpeg run over the file, five to eight per recording.
 */

export const VOICE_SAMPLE_RATE = 48000;
export const ANALYSIS_SAMPLE_RATE = 16000;
/** Sample-peak ceiling; measured true peak then lands at about −1.3 dBTP. */
const LIMITER_CEILING_DBFS = -1.5;
/** −12 dBFS, 2.5:1 after the gain to target: about 4 dB off eSpeak's loudest syllables. */
const COMPRESSOR = { threshold: 0.25, ratio: 2.5, attackMs: 3, releaseMs: 60, knee: 3 };
const LIMITER = { ceiling: 10 ** (LIMITER_CEILING_DBFS / 20), attackMs: 1, releaseMs: 10 };
/**
 * Below the limiter's ceiling loudness rises dB for dB with the make-up, so the compressed
 * voice's own loudness gives the first make-up; the limiter then takes 0.0–0.2 LU (the
 * eSpeak, fan and music-bed takes of the tests, at −14 LUFS). Past the first try, loudness
 * rose 0.85–0.97 LU per dB there (0.6 further up, where the limiter works harder).
 */
const FIRST_SLOPE_LU_PER_DB = 0.9;
const MAX_MAKEUP_DB = 18;
/** Each try is a few milliseconds in memory, so the search aims well inside the ±0.4 LU the voice must land in. */
const MAX_LOUDNESS_TRIES = 8;
const LOUDNESS_AIM_LU = 0.05;
const FFMPEG_TIMEOUT_MS = 180_000;
/**
 * The one downmix every voice goes through. swresample mixes stereo to mono at (L+R)/2 when it
 * converts to 16-bit but at 0.707·(L+R) in float, 3 dB apart (measured on a stereo M4A):
 * measuring through one path and applying through the other missed the target by 3 LU.
 * The decode is in float, so a take's loudness is what the float downmix makes of it.
 */
const MONO_48K = `aformat=sample_fmts=fltp:sample_rates=${VOICE_SAMPLE_RATE}:channel_layouts=mono`;
/** Integrated loudness and true peak; the per-frame log goes to the verbose level, which we do not print. */
export const EBUR128 = 'ebur128=peak=true:framelog=verbose';
const EBUR128_GATE_LUFS = -69.95;

export interface LoudnessMeasurement {
  /** EBU R128 integrated loudness, LUFS; -Infinity when nothing passes the −70 LUFS gate. */
  inputI: number;
  /** Sample peak of the decoded mono signal, dBFS. */
  peakDbfs: number;
  /** Length of the decoded mono signal (after any `maxSeconds` cut). */
  durationS: number;
}

export interface NormalizedVoiceAudio {
  /** The 48 kHz mono s16 WAV, when one was asked for. */
  audioPath?: string;
  samples16k: Float32Array;
  durationS: number;
  outputLufs?: number;
  /** The written sound's true peak, dBTP, after the −1 dBTP rule (absent when nothing was written). */
  truePeakDbtp?: number;
  /** What the −1 dBTP rule turned the voice down by, dB (0 when it was under). */
  truePeakGainDb: number;
}

/**
 * Common input arguments: untrusted files may not reach any protocol but file/pipe, and
 * `-t` before `-i` stops decoding at the limit instead of reading an hour-long file.
 */
function inputArgs(input: string, maxSeconds: number | undefined): string[] {
  const limit = maxSeconds === undefined ? [] : ['-t', maxSeconds.toFixed(3)];
  return [...SAFE_INPUT_FLAGS, '-v', 'info', '-nostats', ...limit, '-i', input, '-vn', '-sn', '-dn'];
}

function toNumber(value: string | undefined): number {
  if (value === undefined) return NaN;
  if (/^-inf/i.test(value.trim())) return -Infinity;
  if (/^\+?inf/i.test(value.trim())) return Infinity;
  return Number(value);
}

/** ebur128's closing summary; ffmpeg may print an empty one first while it sets the graph up. */
export function parseEbur128(stderr: string): { lufs: number; truePeak: number } {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const lufs = toNumber(/Integrated loudness:\s*I:\s*(\S+) LUFS/.exec(summary)?.[1]);
  return {
    // ebur128 reports −70 (its absolute gate) when no block passed it: that is silence.
    lufs: lufs <= EBUR128_GATE_LUFS ? -Infinity : lufs,
    truePeak: toNumber(/True peak:\s*Peak:\s*(\S+) dBFS/.exec(summary)?.[1]),
  };
}

/** EBU R128 integrated loudness (LUFS) and true peak (dBTP) of a finished file, for checks and reports. */
export async function measureFileLoudness(file: string, options: { signal?: AbortSignal } = {}): Promise<{ lufs: number; truePeak: number }> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [...inputArgs(file, undefined), '-map', '0:a:0', '-af', EBUR128, '-f', 'null', '-'], { signal: options.signal, timeoutMs: FFMPEG_TIMEOUT_MS });
  if (result.code !== 0) throw new Error(`ffmpeg could not measure ${file}: ${result.stderr.trim().slice(-800)}`);
  return parseEbur128(result.stderr);
}

/**
 * Decodes the first audio stream of `input` to 48 kHz mono floats: the one decode a
 * recording gets. Rejects with a plain Error carrying ffmpeg's message when it cannot.
 */
export async function decodeVoice(input: string, options: { signal?: AbortSignal; maxSeconds?: number } = {}): Promise<Float32Array> {
  const result = await runProcess(mediaTools().ffmpeg.path, [...inputArgs(input, options.maxSeconds), '-map', '0:a:0', '-af', MONO_48K, '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'], {
    signal: options.signal,
    timeoutMs: FFMPEG_TIMEOUT_MS,
  });
  if (result.code !== 0) throw new Error(`ffmpeg could not decode ${input}: ${result.stderr.trim().slice(-800)}`);
  // Copy into a fresh, aligned buffer: the process output may start at any byte offset.
  const samples = new Float32Array(Math.floor(result.stdout.byteLength / 4));
  new Uint8Array(samples.buffer).set(result.stdout.subarray(0, samples.length * 4));
  return samples;
}

/** EBU R128 loudness and sample peak of a decoded voice (48 kHz mono). */
export function measureVoice(samples: Float32Array): LoudnessMeasurement {
  return { inputI: integratedLoudness(samples), peakDbfs: samplePeakDbfs(samples), durationS: samples.length / VOICE_SAMPLE_RATE };
}

const fromDb = (db: number): number => 10 ** (db / 20);

/**
 * The gain to target, the compressor, then the make-up gain searched in memory until
 * the limited voice measures within LOUDNESS_AIM_LU of the target (secant steps: the
 * limiter makes loudness grow slower than gain).
 */
function shapeDynamics(samples: Float32Array, gainDb: number, signal: AbortSignal | undefined): { shaped: Float32Array; lufs: number } {
  const compressed = compress(samples, fromDb(gainDb), COMPRESSOR, VOICE_SAMPLE_RATE);
  let makeup = Math.min(MAX_MAKEUP_DB, Math.max(0, TARGET_LOUDNESS_LUFS - integratedLoudness(compressed)));
  let shaped = limit(compressed, fromDb(makeup), LIMITER, VOICE_SAMPLE_RATE);
  let lufs = integratedLoudness(shaped);
  let previous: { makeup: number; lufs: number } | undefined;
  for (let attempt = 1; attempt < MAX_LOUDNESS_TRIES && Number.isFinite(lufs); attempt += 1) {
    if (signal?.aborted) throw cancelled();
    const error = TARGET_LOUDNESS_LUFS - lufs;
    if (Math.abs(error) <= LOUDNESS_AIM_LU) break;
    const slope = previous && lufs !== previous.lufs ? (lufs - previous.lufs) / (makeup - previous.makeup) : FIRST_SLOPE_LU_PER_DB;
    const next = Math.min(MAX_MAKEUP_DB, Math.max(0, makeup + error / Math.max(0.2, Math.min(1.5, slope))));
    if (next === makeup) break;
    previous = { makeup, lufs };
    makeup = next;
    shaped = limit(compressed, fromDb(makeup), LIMITER, VOICE_SAMPLE_RATE);
    lufs = integratedLoudness(shaped);
  }
  return { shaped, lufs };
}

/**
 * Brings a decoded voice (48 kHz mono, `measured` by measureVoice, not silent) to
 * TARGET_LOUDNESS_LUFS under −1 dBTP, writes it to `outputPath` (48 kHz mono s16 WAV)
 * when given, and answers its 16 kHz float analysis samples.
 *
 * When the take's true peak leaves room, the gain alone does it: exactly what ffmpeg's
 * loudnorm does with linear=true. It rarely does: eSpeak's pulse-excited speech measured a crest of
 * 18–19 dB (−21.7 LUFS at −2.3 dBTP), so −14 LUFS would peak at +5 dBTP. loudnorm then
 * silently switches to its dynamic mode, which measured −15.9 LUFS for 9 s of English
 * and −22.7 LUFS for 2 s of French. Instead: a gentle compressor (about 4 dB on speech
 * peaks), a fast limiter just under the ceiling, and a make-up gain searched until the
 * voice lands on the target. A voice whose true peak still rises over −1 dBTP between
 * samples (a hot, bright take) is then turned down by what it is over, plus a little.
 */
export async function normalizeVoiceSamples(input: {
  samples: Float32Array;
  measured: LoudnessMeasurement;
  /** Where the WAV goes; without it only the analysis samples are made (and no true peak is held: nobody hears them). */
  outputPath?: string;
  /** false: the caller needs the WAV alone (the 16 kHz samples come back empty). */
  analysis?: boolean;
  signal?: AbortSignal;
}): Promise<NormalizedVoiceAudio> {
  const { measured, samples } = input;
  if (!Number.isFinite(measured.inputI)) throw new Error('cannot loudness-normalise silence');
  const gain = TARGET_LOUDNESS_LUFS - measured.inputI;
  let shaped: Float32Array;
  let lufs: number;
  let truePeak: number;
  // The true peak is never under the sample peak: only a take whose sample peak fits is worth oversampling.
  const inputTp = measured.peakDbfs + gain <= MAX_TRUE_PEAK_DBTP ? truePeakDbtp(samples) : Infinity;
  if (inputTp + gain <= MAX_TRUE_PEAK_DBTP) {
    const scale = fromDb(gain);
    shaped = samples.map((x) => x * scale);
    lufs = measured.inputI + gain;
    truePeak = inputTp + gain;
  } else {
    ({ shaped, lufs } = shapeDynamics(samples, gain, input.signal));
    truePeak = input.outputPath ? truePeakDbtp(shaped) : NaN;
  }
  if (input.signal?.aborted) throw cancelled();
  const truePeakGainDb = truePeakTurnDownDb(truePeak);
  if (truePeakGainDb < 0) {
    const scale = fromDb(truePeakGainDb);
    for (let i = 0; i < shaped.length; i += 1) shaped[i] = shaped[i]! * scale;
    lufs += truePeakGainDb;
    truePeak += truePeakGainDb;
  }
  const samples16k = input.analysis === false ? new Float32Array(0) : resample(shaped, VOICE_SAMPLE_RATE, ANALYSIS_SAMPLE_RATE);
  if (input.outputPath) {
    mkdirSync(path.dirname(input.outputPath), { recursive: true });
    await writeFile(input.outputPath, encodeFloatAsWav16(shaped, VOICE_SAMPLE_RATE));
  }
  return {
    ...(input.outputPath ? { audioPath: input.outputPath } : {}),
    samples16k,
    // As long as the 16 kHz samples are, made or not.
    durationS: Math.round((shaped.length * ANALYSIS_SAMPLE_RATE) / VOICE_SAMPLE_RATE) / ANALYSIS_SAMPLE_RATE,
    outputLufs: Number.isFinite(lufs) ? Math.round(lufs * 10) / 10 : undefined,
    ...(Number.isFinite(truePeak) ? { truePeakDbtp: truePeak } : {}),
    truePeakGainDb,
  };
}
