import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TARGET_LOUDNESS_LUFS } from '../../src-shared/limits.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';

/**
 * One loudness path for every voice (TTS and recordings): ffmpeg's EBU R128 `loudnorm`
 * in two passes, measure first, then apply with the measured values (linear=true keeps
 * it a plain gain whenever the true-peak ceiling allows), and write the 48 kHz WAV for
 * muxing and the 16 kHz float samples for lip-sync in one ffmpeg run.
 */

export const VOICE_SAMPLE_RATE = 48000;
export const ANALYSIS_SAMPLE_RATE = 16000;
/** −1 dBTP leaves room for AAC encoding overshoot (platform delivery guidance). */
const TRUE_PEAK_DBTP = -1;
/** The widest range this ffmpeg's loudnorm accepts: speech is never squashed to fit it. */
const LOUDNESS_RANGE_LU = 20;
const FFMPEG_TIMEOUT_MS = 180_000;

export interface LoudnessMeasurement {
  /** Integrated loudness; -Infinity for digital silence. */
  inputI: number;
  inputTp: number;
  inputLra: number;
  inputThresh: number;
  targetOffset: number;
  /** Sample peak of the decoded mono signal, dBFS. */
  peakDbfs: number;
  /** Decoded length (mono, after any `maxSeconds` cut). */
  durationS: number;
}

export interface NormalizedVoiceAudio {
  audioPath: string;
  samples16k: Float32Array;
  durationS: number;
  outputLufs?: number;
}

/**
 * Common input arguments: untrusted files may not reach any protocol but file/pipe, and
 * `-t` before `-i` stops decoding at the limit instead of reading an hour-long file.
 */
function inputArgs(input: string, maxSeconds: number | undefined): string[] {
  const limit = maxSeconds === undefined ? [] : ['-t', maxSeconds.toFixed(3)];
  return [...SAFE_INPUT_FLAGS, '-v', 'info', '-nostats', ...limit, '-i', input, '-vn', '-sn', '-dn'];
}

function parseLoudnormJson(stderr: string): Record<string, string> {
  const start = stderr.lastIndexOf('[Parsed_loudnorm');
  const open = stderr.indexOf('{', start);
  const close = stderr.indexOf('}', open);
  if (start === -1 || open === -1 || close === -1) throw new Error(`loudnorm printed no measurement: ${stderr.slice(-1000)}`);
  return JSON.parse(stderr.slice(open, close + 1)) as Record<string, string>;
}

function toNumber(value: string | undefined): number {
  if (value === undefined) return NaN;
  if (/^-inf/i.test(value.trim())) return -Infinity;
  if (/^\+?inf/i.test(value.trim())) return Infinity;
  return Number(value);
}

function target(): string {
  return `I=${TARGET_LOUDNESS_LUFS}:TP=${TRUE_PEAK_DBTP}:LRA=${LOUDNESS_RANGE_LU}`;
}

/**
 * Pass 1: decodes the first audio stream to mono and measures loudness and peak.
 * Rejects with a plain Error carrying ffmpeg's message when it cannot decode.
 */
export async function measureLoudness(
  input: string,
  options: { signal?: AbortSignal; maxSeconds?: number } = {},
): Promise<LoudnessMeasurement> {
  const { ffmpeg } = mediaTools();
  const filter = `aformat=sample_fmts=s16:sample_rates=${VOICE_SAMPLE_RATE}:channel_layouts=mono,volumedetect,loudnorm=${target()}:print_format=json`;
  const result = await runProcess(
    ffmpeg.path,
    [...inputArgs(input, options.maxSeconds), '-map', '0:a:0', '-af', filter, '-f', 'null', '-'],
    { signal: options.signal, timeoutMs: FFMPEG_TIMEOUT_MS },
  );
  if (result.code !== 0) throw new Error(`ffmpeg could not decode ${input}: ${result.stderr.trim().slice(-800)}`);
  const samples = Number(/n_samples:\s*(\d+)/.exec(result.stderr)?.[1] ?? '0');
  const peak = /max_volume:\s*(-?[\d.]+|-inf) dB/.exec(result.stderr)?.[1];
  if (samples === 0) {
    return { inputI: -Infinity, inputTp: -Infinity, inputLra: 0, inputThresh: -70, targetOffset: 0, peakDbfs: -Infinity, durationS: 0 };
  }
  const json = parseLoudnormJson(result.stderr);
  return {
    inputI: toNumber(json.input_i),
    inputTp: toNumber(json.input_tp),
    inputLra: toNumber(json.input_lra),
    inputThresh: toNumber(json.input_thresh),
    targetOffset: toNumber(json.target_offset),
    peakDbfs: peak === undefined ? -Infinity : toNumber(peak),
    durationS: samples / VOICE_SAMPLE_RATE,
  };
}

/**
 * Pass 2: applies loudnorm with pass 1's figures and writes `outputPath` (48 kHz mono
 * s16 WAV) plus the 16 kHz float analysis samples. `measured` must not be silent.
 */
export async function normalizeVoiceAudio(input: {
  source: string;
  outputPath: string;
  measured: LoudnessMeasurement;
  signal?: AbortSignal;
  maxSeconds?: number;
}): Promise<NormalizedVoiceAudio> {
  const { measured } = input;
  if (!Number.isFinite(measured.inputI)) throw new Error('cannot loudness-normalise silence');
  const { ffmpeg } = mediaTools();
  mkdirSync(path.dirname(input.outputPath), { recursive: true });
  const measuredArgs = [
    `measured_I=${measured.inputI.toFixed(2)}`,
    `measured_TP=${(Number.isFinite(measured.inputTp) ? measured.inputTp : -99).toFixed(2)}`,
    `measured_LRA=${measured.inputLra.toFixed(2)}`,
    `measured_thresh=${(Number.isFinite(measured.inputThresh) ? measured.inputThresh : -70).toFixed(2)}`,
    `offset=${(Number.isFinite(measured.targetOffset) ? measured.targetOffset : 0).toFixed(2)}`,
  ].join(':');
  // loudnorm works at 192 kHz internally; both outputs are resampled from its result so
  // the mux audio and the lip-sync samples are the very same signal.
  const graph =
    `[0:a:0]aformat=channel_layouts=mono,loudnorm=${target()}:${measuredArgs}:linear=true:print_format=json,` +
    `aresample=${VOICE_SAMPLE_RATE},asplit=2[mux][lip];[lip]aresample=${ANALYSIS_SAMPLE_RATE}[lip16]`;
  const result = await runProcess(
    ffmpeg.path,
    [
      ...inputArgs(input.source, input.maxSeconds),
      '-filter_complex', graph,
      '-map', '[mux]', '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-ar', String(VOICE_SAMPLE_RATE), '-ac', '1', '-y', input.outputPath,
      '-map', '[lip16]', '-c:a', 'pcm_f32le', '-ar', String(ANALYSIS_SAMPLE_RATE), '-ac', '1', '-f', 'f32le', 'pipe:1',
    ],
    { signal: input.signal, timeoutMs: FFMPEG_TIMEOUT_MS },
  );
  if (result.code !== 0) throw new Error(`ffmpeg could not normalise ${input.source}: ${result.stderr.trim().slice(-800)}`);
  const raw = result.stdout;
  // Copy into a fresh, aligned buffer: the process output may start at any byte offset.
  const samples16k = new Float32Array(Math.floor(raw.byteLength / 4));
  new Uint8Array(samples16k.buffer).set(raw.subarray(0, samples16k.length * 4));
  let outputLufs: number | undefined;
  try {
    const value = toNumber(parseLoudnormJson(result.stderr).output_i);
    outputLufs = Number.isFinite(value) ? value : undefined;
  } catch {
    outputLufs = undefined;
  }
  return { audioPath: input.outputPath, samples16k, durationS: samples16k.length / ANALYSIS_SAMPLE_RATE, outputLufs };
}
