import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { probeMedia, type ProbeResult } from '../media/probe.js';
import { runProcess } from '../media/run-process.js';
import { EBUR128, parseEbur128 } from '../voice/audio-normalize.js';
import { TAP_VIDEO_LABEL, type DecodeTap } from './frame-decode.js';

/**
 * The cheap half of the quality check (SPEC §1 step 7): one ffmpeg pass over the finished
 * file, decoding pictures scaled down to 160 px, that finds frozen and black stretches and
 * measures the loudness a platform will hear. No face model: it runs with or without
 * `--no-verify`, and on videos a cloud provider made.
 *
 * Cost measured on a 10.8 s 1080×1920 render, two cores: 0.7–1.1 s wall, about 1.0 s
 * CPU, of which 0.5 s is plain H.264 decoding; at 288×512 it is under 0.1 s.
 */

export interface Stretch {
  startS: number;
  endS: number;
}

export interface MediaHealth {
  /** Per-stream durations from the container; null when the file has no such stream. */
  videoDurationS: number | null;
  audioDurationS: number | null;
  /** Stretches of at least FREEZE_MIN_S in which the picture (the face region when given) did not change. */
  frozenStretches: Stretch[];
  /** Stretches of at least BLACK_MIN_S in which the whole picture is black. */
  blackStretches: Stretch[];
  /** EBU R128 integrated loudness; null when there is no audio or nothing above the −70 LUFS gate (silence). */
  loudnessLufs: number | null;
  /** True peak, dBTP; null when not measurable. */
  truePeakDb: number | null;
  /** Whether the freeze test looked at the face region or, without one, the whole frame. */
  freezeScope: 'region' | 'frame';
  analyseMs: number;
}

export interface MediaHealthOptions {
  signal?: AbortSignal;
  /**
   * The animated region in video pixels (RenderReport.animation.region). Freezes are
   * judged there: outside it our renders are the still photo by design.
   */
  region?: { x: number; y: number; width: number; height: number };
  /**
   * Decode on one thread: beside the frame check (which keeps the other core busy) it costs
   * no time, and holds fewer full-size frames (a 60 s 1080×1920 render's tree peaked at 489–491 MB against 513–516).
   */
  oneThread?: boolean;
}

/** Pictures are judged at this width at most: a blink or a lip movement still changes many pixels. */
const ANALYSIS_WIDTH = 160;

/**
 * A freeze is a stretch of at least 2 s in which no frame differs from the stretch's first
 * frame by more than the noise floor (freezedetect compares against the frame that opened
 * the stretch, so a slow sway accumulates and ends it). 2 s: a 1–2 s pause in speech is
 * natural, a picture standing still for longer reads as a stalled video.
 */
export const FREEZE_MIN_S = 2;
/**
 * Noise floor as mean absolute frame difference, dB of full scale (−60 dB = 0.1 % ≈ 0.26 of
 * 255 levels on average). Calibrated on 288×512 renders, face region: speech, blinks and
 * the default head sway never stay under it for 1 s; with the head held still
 * (`--head-motion 0`) a 2 s pause stays under it for 1.9 s, and with no blinks either a 3 s
 * pause for 2.9 s, which is then, rightly, frozen. A still photo encoded with
 * `-loop 1` differs by nothing at all. Over the whole frame the still background dilutes
 * the face's change by its share of the picture (about half: −6 dB); −60 dB there flagged
 * the held-head 2 s pause, −66 dB did not, hence the lower floor without a region.
 */
export const FREEZE_NOISE_DB = { region: -60, frame: -66 } as const;
/**
 * Black: 98 % of pixels under 10 % luma (blackdetect's defaults) for at least 0.5 s.
 * A half-second black flash is a visible glitch; single black frames are left alone.
 */
export const BLACK_MIN_S = 0.5;
const FFMPEG_TIMEOUT_MS = 120_000;

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Region in whole, even pixels inside the frame: crop rejects anything outside it. */
function cropFilter(region: NonNullable<MediaHealthOptions['region']>, width: number, height: number): { filter: string; width: number } | undefined {
  const x = Math.max(0, Math.floor(region.x / 2) * 2);
  const y = Math.max(0, Math.floor(region.y / 2) * 2);
  const w = Math.min(width - x, Math.floor(region.width / 2) * 2);
  const h = Math.min(height - y, Math.floor(region.height / 2) * 2);
  return w >= 16 && h >= 16 ? { filter: `crop=${w}:${h}:${x}:${y}`, width: w } : undefined;
}

/**
 * `sampled`: for the black test only, which counts the share of dark pixels: fast bilinear
 * reads a few source pixels per output pixel instead of averaging the whole footprint, a
 * count as good for a picture that is black or not, at a fraction of the cost (the default
 * bicubic scaling of the whole frame was 0.17 of the file check's 0.62 s of CPU on a 10 s
 * 1080×1920 render, fast bilinear 0.01; at 720×1280 0.07 against 0.02). The freeze test
 * keeps the default: its noise floor was calibrated on it.
 */
function scaleFilter(width: number, sampled = false): string {
  return `scale=${Math.min(ANALYSIS_WIDTH, Math.max(2, Math.floor(width / 2) * 2))}:-2${sampled ? ':flags=fast_bilinear' : ''}`;
}

/**
 * The filter chains that measure health, reading `[${video}]` and `[${audio}]` (input
 * stream specifiers such as `0:v:0`), and the outputs that carry them to a null muxer.
 * Exported so a pass that decodes the file anyway (the export kit's renditions) can
 * measure in the same decode; the log then goes to readMediaHealth.
 */
export function mediaHealthGraph(
  probe: Pick<ProbeResult, 'streams'>,
  options: Pick<MediaHealthOptions, 'region'> & { video?: string; audio?: string; label?: string } = {},
): {
  chains: string[];
  outputArgs: string[];
  freezeScope: MediaHealth['freezeScope'];
} {
  const video = probe.streams.find((s) => s.codecType === 'video');
  const audio = probe.streams.find((s) => s.codecType === 'audio');
  const inV = options.video ?? '0:v:0';
  const inA = options.audio ?? '0:a:0';
  const tag = options.label ?? 'health';
  const chains: string[] = [];
  const maps: string[] = [];
  let freezeScope: MediaHealth['freezeScope'] = 'frame';
  if (video) {
    const width = video.width ?? 0;
    const height = video.height ?? 0;
    const crop = options.region && width && height ? cropFilter(options.region, width, height) : undefined;
    freezeScope = crop ? 'region' : 'frame';
    const freeze = `freezedetect=n=${FREEZE_NOISE_DB[freezeScope]}dB:d=${FREEZE_MIN_S}`;
    const black = `blackdetect=d=${BLACK_MIN_S}`;
    if (crop) {
      chains.push(`[${inV}]split[${tag}vf][${tag}vb]`, `[${tag}vf]${crop.filter},${scaleFilter(crop.width)},${freeze}[${tag}freeze]`, `[${tag}vb]${scaleFilter(width, true)},${black}[${tag}black]`);
      maps.push('-map', `[${tag}freeze]`, '-map', `[${tag}black]`);
    } else {
      chains.push(`[${inV}]${scaleFilter(width || ANALYSIS_WIDTH)},${freeze},${black}[${tag}picture]`);
      maps.push('-map', `[${tag}picture]`);
    }
  }
  if (audio) {
    chains.push(`[${inA}]${EBUR128}[${tag}loudness]`);
    maps.push('-map', `[${tag}loudness]`);
  }
  return { chains, outputArgs: maps.length ? [...maps, '-f', 'null', '-'] : [], freezeScope };
}

/** Health from the log of a pass that ran mediaHealthGraph's chains (at log level info or above). */
export function readMediaHealth(probe: ProbeResult, stderr: string, freezeScope: MediaHealth['freezeScope'], file: string, started: number): MediaHealth {
  const video = probe.streams.find((s) => s.codecType === 'video');
  const audio = probe.streams.find((s) => s.codecType === 'audio');
  const videoDurationS = video ? (video.durationS ?? probe.durationS) : null;
  const audioDurationS = audio ? (audio.durationS ?? probe.durationS) : null;
  const loudness = audio ? parseEbur128(stderr) : undefined;
  // −Infinity is silence; NaN means the summary was not found, which must not pass for silence.
  if (loudness && Number.isNaN(loudness.lufs)) throw new Error(`ffmpeg printed no loudness summary for ${file}`);
  return {
    videoDurationS: videoDurationS === null ? null : round2(videoDurationS),
    audioDurationS: audioDurationS === null ? null : round2(audioDurationS),
    frozenStretches: video ? parseFreezes(stderr, videoDurationS ?? 0) : [],
    blackStretches: video ? parseBlacks(stderr) : [],
    loudnessLufs: loudness && Number.isFinite(loudness.lufs) ? round2(loudness.lufs) : null,
    truePeakDb: loudness && Number.isFinite(loudness.truePeak) ? round2(loudness.truePeak) : null,
    freezeScope,
    analyseMs: Math.round(performance.now() - started),
  };
}

/**
 * Frames no other frame refers to (x264's B-frames, about half) are skipped, and so is
 * the deblocking filter: decoding costs 35% less, and a freeze of 2 s still spans dozens
 * of decoded frames.
 */
export const FAST_DECODE_FLAGS = ['-skip_frame', 'noref', '-skip_loop_filter', 'all'] as const;

/**
 * What the local encoder just wrote (VideoEncoder: the master's size, the voice as AAC):
 * enough to build the file check's filters without asking ffprobe first, which kept the
 * frame check's decode waiting 90–100 ms on every render (a 10 s 720×1280 render, `tp
 * render`). The durations still come from ffprobe, run beside the decode.
 */
export interface WrittenStreams {
  width: number;
  height: number;
  audio: boolean;
}

/** The streams as a probe lists them: only what mediaHealthGraph reads. */
function asProbed(written: WrittenStreams): Pick<ProbeResult, 'streams'> {
  return {
    streams: [{ index: 0, codecType: 'video', codecName: 'h264', width: written.width, height: written.height }, ...(written.audio ? [{ index: 1, codecType: 'audio', codecName: 'aac' }] : [])],
  };
}

/** Whether the file holds what the graph was built for (else its measures are not the file's). */
function holdsWritten(probe: ProbeResult, written: WrittenStreams): boolean {
  const video = probe.streams.find((s) => s.codecType === 'video');
  return video?.width === written.width && video.height === written.height && probe.streams.some((s) => s.codecType === 'audio') === written.audio;
}

/**
 * The file check riding on the frame check's decode of the whole file (frame-decode.ts's
 * DecodeTap): every frame is decoded there anyway, so this check's own decode is saved.
 * `health()` is its result once that decode ended well, else undefined (measure on its own then).
 * With `written`, the tap is ready at once and ffprobe runs beside the decode.
 */
export async function mediaHealthTap(videoFile: string, options: MediaHealthOptions & { written?: WrittenStreams } = {}): Promise<{ tap: DecodeTap; health: () => Promise<MediaHealth | undefined> }> {
  const started = performance.now();
  const probing = probeMedia(videoFile, { signal: options.signal });
  // Awaited by health() (or never, when the decode fails): its failure is that answer's.
  probing.catch(() => undefined);
  const { written } = options;
  const graph = mediaHealthGraph(written ? asProbed(written) : await probing, { region: options.region, video: TAP_VIDEO_LABEL });
  let log: string | undefined;
  const tap: DecodeTap = { chains: graph.chains, outputArgs: graph.outputArgs, onLog: (stderr) => (log = stderr) };
  const health = async (): Promise<MediaHealth | undefined> => {
    if (log === undefined) return undefined;
    const probe = await probing.catch(() => undefined);
    if (!probe || (written && !holdsWritten(probe, written))) return undefined;
    try {
      return readMediaHealth(probe, log, graph.freezeScope, videoFile, started);
    } catch {
      // A log without its summary: the caller measures on its own, and that run says what failed.
      return undefined;
    }
  };
  return { tap, health };
}

/** Measures one rendered (or received) video file; throws when ffmpeg cannot read it or its log cannot be read. */
export async function measureMediaHealth(videoFile: string, options: MediaHealthOptions = {}): Promise<MediaHealth> {
  const started = performance.now();
  const probe = await probeMedia(videoFile, { signal: options.signal });
  if (!probe.streams.some((s) => s.codecType === 'video' || s.codecType === 'audio')) throw new Error(`${videoFile} has neither picture nor sound`);
  const graph = mediaHealthGraph(probe, { region: options.region });
  const { ffmpeg } = mediaTools();
  const result = await runProcess(
    ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      '-loglevel',
      'info',
      '-nostats',
      ...FAST_DECODE_FLAGS,
      ...(options.oneThread ? ['-threads', '1'] : []),
      '-i',
      videoFile,
      '-filter_complex',
      graph.chains.join(';'),
      ...graph.outputArgs,
    ],
    { signal: options.signal, timeoutMs: FFMPEG_TIMEOUT_MS },
  );
  if (result.code !== 0) throw new Error(`ffmpeg could not check ${videoFile}: ${result.stderr.trim().slice(-800)}`);
  return readMediaHealth(probe, result.stderr, graph.freezeScope, videoFile, started);
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)`;

/**
 * freezedetect logs `lavfi.freezedetect.freeze_start: T`, `…freeze_duration: D` and
 * `…freeze_end: T` as frame metadata. Versions differ: a freeze running to the end of the
 * file gets no end line (it ends with the video), and a start can go missing when the
 * stretch closes on the frame that opened it (seen with ffmpeg 4.1), where end − duration
 * recovers it.
 */
export function parseFreezes(stderr: string, videoDurationS: number): Stretch[] {
  const stretches: Stretch[] = [];
  const events = new RegExp(String.raw`lavfi\.freezedetect\.freeze_(start|duration|end):\s*${NUMBER}`, 'g');
  let openStart: number | undefined;
  let lastDuration: number | undefined;
  for (const match of stderr.matchAll(events)) {
    const value = Number(match[2]);
    if (!Number.isFinite(value)) continue;
    if (match[1] === 'start') {
      openStart = value;
      lastDuration = undefined;
    } else if (match[1] === 'duration') {
      lastDuration = value;
    } else {
      const start = openStart ?? (lastDuration !== undefined ? value - lastDuration : undefined);
      if (start !== undefined) stretches.push({ startS: round2(Math.max(0, start)), endS: round2(value) });
      openStart = undefined;
      lastDuration = undefined;
    }
  }
  if (openStart !== undefined && videoDurationS > openStart) stretches.push({ startS: round2(openStart), endS: round2(videoDurationS) });
  return stretches;
}

/** blackdetect logs one line per stretch: `black_start:T black_end:T black_duration:D`. */
export function parseBlacks(stderr: string): Stretch[] {
  const stretches: Stretch[] = [];
  const line = new RegExp(String.raw`black_start:\s*${NUMBER}\s+black_end:\s*${NUMBER}`, 'g');
  for (const match of stderr.matchAll(line)) {
    const startS = Number(match[1]);
    const endS = Number(match[2]);
    if (Number.isFinite(startS) && Number.isFinite(endS) && endS > startS) stretches.push({ startS: round2(startS), endS: round2(endS) });
  }
  return stretches;
}
