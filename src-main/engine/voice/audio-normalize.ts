import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TARGET_LOUDNESS_LUFS } from '../../../src-shared/limits.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { runProcess } from '../media/run-process.js';

/**
 * One loudness path for every voice (TTS and recordings), in two passes: measure
 * (EBU R128 loudness and true peak, plus the sample peak for the silence check), then
 * apply (see normalizeVoiceAudio) and write the 48 kHz WAV for muxing and the
 * 16 kHz float samples for lip-sync in the same ffmpeg run.
 */

export const VOICE_SAMPLE_RATE = 48000;
export const ANALYSIS_SAMPLE_RATE = 16000;
/** −1 dBTP leaves room for AAC encoding overshoot (platform delivery guidance). */
const TRUE_PEAK_DBTP = -1;
/** Sample-peak ceiling; measured true peak then lands at about −1.3 dBTP. */
const LIMITER_CEILING_DBFS = -1.5;
/** −12 dBFS, 2.5:1 after the gain to target: about 4 dB off eSpeak's loudest syllables. */
const COMPRESSOR_THRESHOLD = 0.25;
const COMPRESSOR_RATIO = 2.5;
/**
 * Measured on 1000-character eSpeak scripts in all eight languages: −14 LUFS needed
 * 4.0–5.9 dB of make-up, and loudness rose about 0.6 LU per dB (the limiter takes the rest).
 */
const FIRST_MAKEUP_DB = 5.3;
const FIRST_SLOPE_LU_PER_DB = 0.6;
const MAX_MAKEUP_DB = 18;
const MAX_LOUDNESS_PASSES = 4;
const LOUDNESS_TOLERANCE_LU = 0.4;
const FFMPEG_TIMEOUT_MS = 180_000;
/**
 * The one downmix both passes use. swresample mixes stereo to mono at (L+R)/2 when it
 * converts to 16-bit but at 0.707·(L+R) in float, 3 dB apart (measured on a stereo M4A):
 * measuring through one path and applying through the other missed the target by 3 LU.
 */
const MONO_48K = `aformat=sample_fmts=fltp:sample_rates=${VOICE_SAMPLE_RATE}:channel_layouts=mono`;
/** Integrated loudness and true peak; the per-frame log goes to the verbose level, which we do not print. */
export const EBUR128 = 'ebur128=peak=true:framelog=verbose';
const EBUR128_GATE_LUFS = -69.95;

export interface LoudnessMeasurement {
  /** EBU R128 integrated loudness, LUFS; -Infinity when nothing passes the −70 LUFS gate. */
  inputI: number;
  /** True peak, dBTP. */
  inputTp: number;
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
  /** The written sound's true peak, read by the same run's ebur128 (the true-peak guard need not decode it again). */
  truePeakDbtp?: number;
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

/**
 * Pass 1: decodes the first audio stream to mono and measures EBU R128 loudness, true
 * peak and sample peak. Rejects with a plain Error carrying ffmpeg's message when it
 * cannot decode. ebur128 rather than loudnorm's scanner: the same measurement, but
 * loudnorm upsamples to 192 kHz and took 1.1 s on 79 s of speech against 0.19 s.
 */
export async function measureLoudness(input: string, options: { signal?: AbortSignal; maxSeconds?: number } = {}): Promise<LoudnessMeasurement> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [...inputArgs(input, options.maxSeconds), '-map', '0:a:0', '-af', `${MONO_48K},astats,${EBUR128}`, '-f', 'null', '-'], {
    signal: options.signal,
    timeoutMs: FFMPEG_TIMEOUT_MS,
  });
  if (result.code !== 0) throw new Error(`ffmpeg could not decode ${input}: ${result.stderr.trim().slice(-800)}`);
  const overall = result.stderr.slice(result.stderr.lastIndexOf('] Overall'));
  const samples = Number(/Number of samples:\s*(\d+)/.exec(overall)?.[1] ?? '0');
  const peak = toNumber(/Peak level dB:\s*(\S+)/.exec(overall)?.[1]);
  const { lufs, truePeak } = parseEbur128(result.stderr);
  return {
    inputI: lufs,
    inputTp: truePeak,
    peakDbfs: samples > 0 && Number.isFinite(peak) ? peak : -Infinity,
    durationS: samples / VOICE_SAMPLE_RATE,
  };
}

/** EBU R128 integrated loudness (LUFS) and true peak (dBTP) of a finished file, for checks and reports. */
export async function measureFileLoudness(file: string, options: { signal?: AbortSignal } = {}): Promise<{ lufs: number; truePeak: number }> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [...inputArgs(file, undefined), '-map', '0:a:0', '-af', EBUR128, '-f', 'null', '-'], { signal: options.signal, timeoutMs: FFMPEG_TIMEOUT_MS });
  if (result.code !== 0) throw new Error(`ffmpeg could not measure ${file}: ${result.stderr.trim().slice(-800)}`);
  return parseEbur128(result.stderr);
}

interface ShapedPass {
  lufs: number;
  truePeak: number;
  samples16k: Float32Array;
}

/** One ffmpeg run: the gain chain, then the 48 kHz WAV (measured by ebur128) and the 16 kHz floats. */
async function shapePass(source: string, outputPath: string, chain: string, signal: AbortSignal | undefined, maxSeconds: number | undefined): Promise<ShapedPass> {
  const { ffmpeg } = mediaTools();
  // Both outputs come from the same shaped signal, so the mux audio and the lip-sync
  // samples are the very same sound.
  const graph = `[0:a:0]${MONO_48K},${chain},asplit=2[mux][lip];` + `[mux]${EBUR128}[muxm];[lip]aresample=${ANALYSIS_SAMPLE_RATE}[lip16]`;
  const result = await runProcess(
    ffmpeg.path,
    [
      ...inputArgs(source, maxSeconds),
      '-filter_complex',
      graph,
      '-map',
      '[muxm]',
      '-map_metadata',
      '-1',
      '-c:a',
      'pcm_s16le',
      '-ar',
      String(VOICE_SAMPLE_RATE),
      '-ac',
      '1',
      '-y',
      outputPath,
      '-map',
      '[lip16]',
      '-c:a',
      'pcm_f32le',
      '-ac',
      '1',
      '-f',
      'f32le',
      'pipe:1',
    ],
    { signal, timeoutMs: FFMPEG_TIMEOUT_MS },
  );
  if (result.code !== 0) throw new Error(`ffmpeg could not normalise ${source}: ${result.stderr.trim().slice(-800)}`);
  const { lufs, truePeak } = parseEbur128(result.stderr);
  const raw = result.stdout;
  // Copy into a fresh, aligned buffer: the process output may start at any byte offset.
  const samples16k = new Float32Array(Math.floor(raw.byteLength / 4));
  new Uint8Array(samples16k.buffer).set(raw.subarray(0, samples16k.length * 4));
  return { lufs, truePeak, samples16k };
}

/**
 * Pass 2: brings the voice to TARGET_LOUDNESS_LUFS and writes `outputPath` (48 kHz mono
 * s16 WAV) plus the 16 kHz float analysis samples. `measured` (pass 1) must not be silent.
 *
 * When pass 1's true peak leaves room, the gain alone does it: exactly what ffmpeg's
 * loudnorm does with linear=true. It rarely does: eSpeak's pulse-excited speech measured a crest of
 * 18–19 dB (−21.7 LUFS at −2.3 dBTP), so −14 LUFS would peak at +5 dBTP. loudnorm then
 * silently switches to its dynamic mode, which measured −15.9 LUFS for 9 s of English
 * and −22.7 LUFS for 2 s of French. Instead: a gentle compressor (about 4 dB on speech
 * peaks), a fast limiter just under the ceiling, and a make-up gain corrected from the
 * output's measured loudness until it lands within ±0.4 LU (one to three runs).
 */
export async function normalizeVoiceAudio(input: { source: string; outputPath: string; measured: LoudnessMeasurement; signal?: AbortSignal; maxSeconds?: number }): Promise<NormalizedVoiceAudio> {
  const { measured } = input;
  if (!Number.isFinite(measured.inputI)) throw new Error('cannot loudness-normalise silence');
  mkdirSync(path.dirname(input.outputPath), { recursive: true });
  const gain = TARGET_LOUDNESS_LUFS - measured.inputI;
  const run = (chain: string): Promise<ShapedPass> => shapePass(input.source, input.outputPath, chain, input.signal, input.maxSeconds);
  const finish = (pass: ShapedPass): NormalizedVoiceAudio => ({
    audioPath: input.outputPath,
    samples16k: pass.samples16k,
    durationS: pass.samples16k.length / ANALYSIS_SAMPLE_RATE,
    outputLufs: Number.isFinite(pass.lufs) ? Math.round(pass.lufs * 10) / 10 : undefined,
    ...(Number.isFinite(pass.truePeak) ? { truePeakDbtp: pass.truePeak } : {}),
  });

  if (Number.isFinite(measured.inputTp) && measured.inputTp + gain <= TRUE_PEAK_DBTP) {
    return finish(await run(`volume=${gain.toFixed(2)}dB`));
  }
  const limit = 10 ** (LIMITER_CEILING_DBFS / 20);
  const dynamics = (makeup: number): string =>
    `volume=${gain.toFixed(2)}dB,acompressor=threshold=${COMPRESSOR_THRESHOLD}:ratio=${COMPRESSOR_RATIO}:attack=3:release=60:knee=3,` +
    `volume=${makeup.toFixed(2)}dB,alimiter=limit=${limit.toFixed(4)}:level=false:attack=1:release=10`;
  let makeup = FIRST_MAKEUP_DB;
  let pass = await run(dynamics(makeup));
  let previous: { makeup: number; lufs: number } | undefined;
  for (let attempt = 1; attempt < MAX_LOUDNESS_PASSES && Number.isFinite(pass.lufs); attempt += 1) {
    const error = TARGET_LOUDNESS_LUFS - pass.lufs;
    if (Math.abs(error) <= LOUDNESS_TOLERANCE_LU) break;
    // Secant step once two points are known; the limiter makes loudness grow slower than gain.
    const slope = previous && pass.lufs !== previous.lufs ? (pass.lufs - previous.lufs) / (makeup - previous.makeup) : FIRST_SLOPE_LU_PER_DB;
    previous = { makeup, lufs: pass.lufs };
    makeup = Math.min(MAX_MAKEUP_DB, Math.max(0, makeup + error / Math.max(0.2, Math.min(1.5, slope))));
    pass = await run(dynamics(makeup));
  }
  return finish(pass);
}
