import { startProcess } from '../child/run-child.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { FrameCutter } from './frame-cutter.js';

/**
 * Reads a video's frames as a viewer's eye would meet them, for the face mesh: only the
 * region where the face is, scaled down to what the mesh can use.
 */

/** Frames are decoded at this width at most: the mesh model looks at 192 px anyway. */
export const ANALYSIS_WIDTH = 320;
/**
 * The judge's frames (video-verify.ts): 256 px across the face region keeps the eye
 * distance near 50 px on a portrait render, enough for the mouth's inside and the eyes'
 * shade, at two thirds of 320 px's pixels.
 */
export const JUDGE_WIDTH = 256;

/** One decoded frame as 4:2:0 planes: luma at full size, colour at half size each way. */
export interface YuvFrame {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  width: number;
  height: number;
}

/**
 * Another measure's filters riding on this decode of the file (media-health.ts's graph,
 * built with its video input labelled `healthin`): a second decode of the same frames would
 * cost as much as this one (0.4 s of CPU for 10 s at 720×1280, twice that at 1080×1920).
 * `onLog` gets ffmpeg's log once the whole file was decoded and ffmpeg ended well; it is
 * never called otherwise, and the caller measures on its own then.
 */
export interface DecodeTap {
  chains: readonly string[];
  outputArgs: readonly string[];
  onLog(stderr: string): void;
}

/**
 * windows: only these frames of the file, in order (a long clip's sample, frame-indexed); the
 * rest are dropped as they are decoded.
 */
type FrameSource = { videoPath: string; region: { x: number; y: number; width: number; height: number }; tap?: DecodeTap; windows?: readonly FrameWindow[] };

/** Frames first … first + count − 1 of a video. */
export interface FrameWindow {
  first: number;
  count: number;
}

/**
 * ffmpeg's filter keeping only the windows' frames (n: the decoded frame's number). One pass
 * over a long clip instead of a seek per window: each seek decoded from the keyframe before
 * the window anyway (x264 sets one every 10 s) in an ffmpeg started anew, and the file check
 * could not ride on any of them.
 */
function windowSelect(windows: readonly FrameWindow[]): string {
  return `select='${windows.map((w) => `between(n,${w.first},${w.first + w.count - 1})`).join('+')}',`;
}

/** The label media-health's graph reads its picture from when it rides on this decode. */
export const TAP_VIDEO_LABEL = 'healthin';

/** Raw frames of the region from one ffmpeg, each a copy of frameBytes bytes. */
async function* rawFrames(input: FrameSource, maxFrames: number, options: { inputFlags: string[]; scale: string; pixFmt: string; frameBytes: number }): AsyncGenerator<Buffer> {
  const { ffmpeg } = mediaTools();
  const { region, tap, windows } = input;
  const picture = `${windows ? windowSelect(windows) : ''}crop=${region.width}:${region.height}:${region.x}:${region.y},scale=${options.scale}`;
  const ffmpegRun = startProcess(
    ffmpeg.path,
    [
      ...SAFE_INPUT_FLAGS,
      // The tapped measure's filters report at info level.
      ...(tap ? ['-loglevel', 'info', '-nostats'] : ['-loglevel', 'error']),
      ...options.inputFlags,
      '-i',
      input.videoPath,
      ...(tap ? ['-filter_complex', [`[0:v:0]split[judgein][${TAP_VIDEO_LABEL}]`, `[judgein]${picture}[judge]`, ...tap.chains].join(';'), '-map', '[judge]'] : ['-vf', picture]),
      // The windows' frames one after the other, none repeated to fill the gaps between them
      // (-vsync: every ffmpeg from 4 on reads it; -fps_mode, its newer name, came with 5.1).
      ...(windows ? ['-vsync', 'passthrough'] : []),
      '-frames:v',
      String(maxFrames),
      '-f',
      'rawvideo',
      '-pix_fmt',
      options.pixFmt,
      'pipe:1',
      ...(tap ? tap.outputArgs : []),
    ],
    // A decode that fails yields fewer frames (or none), which the judge reports as such.
    // The tapped measure reads ffmpeg's whole report (as media-health's own run keeps it).
    { name: 'ffmpeg', stdout: 'stream', expectedExitCodes: 'any', ...(tap ? { stderrTailChars: 64_000 } : {}) },
  );
  const frames = new FrameCutter(options.frameBytes);
  let readToEnd = false;
  try {
    for await (const chunk of ffmpegRun.stdout as AsyncIterable<Buffer>) {
      yield* frames.push(chunk);
    }
    readToEnd = true;
  } finally {
    // The tapped measure needs ffmpeg's end (the loudness summary comes last); a reader that
    // stopped early (cancelled, failed) leaves it unmeasured.
    const ended = tap && readToEnd ? await ffmpegRun.done.catch(() => undefined) : undefined;
    if (tap && ended?.code === 0) tap.onLog(ended.stderr);
    ffmpegRun.kill();
  }
}

/**
 * Frames as YUV 4:2:0, the way H.264 stores them: half the bytes of RGB and no colour
 * conversion, with the in-loop deblocking skipped (the measures read shapes of several
 * pixels, not the last level of a block's edge). The judge's per-frame pass reads luma
 * directly; the few frames the mesh sees are converted with yuvToRgb.
 */
export async function* decodeYuvFrames(input: FrameSource, width: number, height: number, maxFrames: number): AsyncGenerator<YuvFrame> {
  const lumaBytes = width * height;
  const chromaBytes = (width / 2) * (height / 2);
  const frames = rawFrames(input, maxFrames, { inputFlags: ['-skip_loop_filter', 'all'], scale: `${width}:${height}:flags=bilinear`, pixFmt: 'yuv420p', frameBytes: lumaBytes + 2 * chromaBytes });
  for await (const frame of frames) {
    yield { y: frame.subarray(0, lumaBytes), u: frame.subarray(lumaBytes, lumaBytes + chromaBytes), v: frame.subarray(lumaBytes + chromaBytes), width, height };
  }
}

/** BT.601 limited range, as ffmpeg's default conversion of these frames. */
export function yuvToRgb(frame: YuvFrame): Buffer {
  const { width, height } = frame;
  const rgb = Buffer.alloc(width * height * 3);
  for (let yy = 0; yy < height; yy++) {
    for (let x = 0; x < width; x++) {
      const c = (yy >> 1) * (width >> 1) + (x >> 1);
      const l = 1.164 * (frame.y[yy * width + x]! - 16);
      const u = frame.u[c]! - 128;
      const v = frame.v[c]! - 128;
      const o = (yy * width + x) * 3;
      rgb[o] = Math.max(0, Math.min(255, Math.round(l + 1.596 * v)));
      rgb[o + 1] = Math.max(0, Math.min(255, Math.round(l - 0.392 * u - 0.813 * v)));
      rgb[o + 2] = Math.max(0, Math.min(255, Math.round(l + 2.017 * u)));
    }
  }
  return rgb;
}

/** The frames of `videoPath` cropped to `region` and scaled to width × height, as RGB, in order. */
export function decodeFrames(input: FrameSource, width: number, height: number, maxFrames: number): AsyncGenerator<Buffer> {
  return rawFrames(input, maxFrames, { inputFlags: [], scale: `${width}:${height}:flags=area`, pixFmt: 'rgb24', frameBytes: width * height * 3 });
}

/**
 * The judge's picture of a frame: `region` cut out and scaled to `size` with ffmpeg's
 * bilinear scaler, as a decoded file's frames are (decodeYuvFrames). The encoder's copy of
 * the drawn frames and the file check's first picture use this same filter, so every path
 * to the judge gives the same pixels.
 */
export function judgeFilter(region: { x: number; y: number; width: number; height: number }, size: { width: number; height: number }): string {
  return `crop=${region.width}:${region.height}:${region.x}:${region.y},scale=${size.width}:${size.height}:flags=bilinear`;
}

/** The decoded size of a region: at most ANALYSIS_WIDTH wide, even sides for ffmpeg. */
export function analysisSize(region: { width: number; height: number }, maxWidth = ANALYSIS_WIDTH): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / region.width);
  return {
    width: Math.max(2, Math.round((region.width * scale) / 2) * 2),
    height: Math.max(2, Math.round((region.height * scale) / 2) * 2),
  };
}

/** Only the frames at `indices` (decoding stops after the last one). */
export async function decodeFramesAt(
  input: { videoPath: string; region: { x: number; y: number; width: number; height: number } },
  width: number,
  height: number,
  indices: readonly number[],
): Promise<Map<number, Buffer>> {
  const wanted = new Set(indices);
  const frames = new Map<number, Buffer>();
  let k = 0;
  for await (const rgb of decodeFrames(input, width, height, Math.max(...indices) + 1)) {
    if (wanted.has(k)) frames.set(k, rgb);
    k++;
  }
  return frames;
}
