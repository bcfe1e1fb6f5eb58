import type { Readable } from 'node:stream';
import { startProcess, type RunningProcess } from '../child/run-child.js';
import { cancelled } from '../pipeline/cancellation.js';
import { mediaTools, SAFE_INPUT_FLAGS } from '../media/ffmpeg.js';
import { ffmpegErrorText } from '../media/ffmpeg-output.js';
import { leanMallocEnv } from '../media/lean-malloc.js';
import { DEFAULT_H264, h264OutputArgs } from './h264-args.js';
import { watermarkFilter } from './watermark.js';

/** The judged output's pipe: the first after stdin, stdout and stderr. */
const JUDGED_FD = 3;

/**
 * The video's filters and its map. With a judged output the picture is split before the
 * watermark: the check reads the frames as drawn, and the free plan's mark (drawn in a
 * corner as the master is encoded) is not part of the face it judges.
 */
function videoMaps(options: EncoderOptions): string[] {
  const watermark = options.watermark ? watermarkFilter() : undefined;
  const { judged } = options;
  if (!judged) return ['-map', '0:v:0', ...(watermark ? ['-vf', watermark] : [])];
  const graph = [`[0:v]split=2[video][face]`, `[video]${watermark ?? 'null'}[master]`, `[face]${judged.filter}[judged]`].join(';');
  return ['-filter_complex', graph, '-map', '[master]'];
}

export interface EncoderOptions {
  width: number;
  height: number;
  fps: number;
  audioPath: string;
  outFile: string;
  maxrateKbps?: number;
  /** The free plan's watermark (watermark.ts). */
  watermark?: boolean;
  /**
   * A second output: each frame through `filter` (the check's crop and scale), raw yuv420p,
   * read from `judgedFrames` (the frame check: verify/drawn-frames.ts).
   */
  judged?: JudgedOutput;
  signal?: AbortSignal;
}

export interface JudgedOutput {
  /** ffmpeg's filter from a whole frame to the judged picture (verify/frame-decode.ts, judgeFilter). */
  filter: string;
}

/**
 * Streams raw yuv420p frames into ffmpeg, which muxes them with the voice into an MP4.
 * ffmpeg encodes on the other core while frames are drawn here, and only a few frames
 * are ever held in memory, so a 60 s 1080×1920 clip needs no more than a short one.
 */
export class VideoEncoder {
  private readonly ffmpeg: RunningProcess;
  private failure: Error | undefined;

  constructor(private readonly options: EncoderOptions) {
    const { ffmpeg } = mediaTools();
    const args = [
      ...SAFE_INPUT_FLAGS,
      '-loglevel',
      'error',
      // Frames arrive as fast as x264 takes them: a short input queue keeps ffmpeg from
      // holding 8 raw frames (25 MB at 1080×1920) it does not need.
      '-thread_queue_size',
      '2',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-color_range',
      'tv',
      '-colorspace',
      'bt709',
      '-s',
      `${options.width}x${options.height}`,
      '-framerate',
      String(options.fps),
      '-i',
      'pipe:0',
      '-i',
      options.audioPath,
      ...videoMaps(options),
      '-map',
      '1:a:0',
      ...h264OutputArgs({ ...DEFAULT_H264, fps: options.fps, maxrateKbps: options.maxrateKbps }, options.outFile),
      ...(options.judged ? ['-map', '[judged]', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', `pipe:${JUDGED_FD}`] : []),
    ];
    // x264 is half the render's peak memory: its allocator is kept lean whichever front
    // door started the render (`tp render` renders in its own process, not a render process).
    this.ffmpeg = startProcess(ffmpeg.path, args, {
      name: 'ffmpeg',
      env: leanMallocEnv(),
      stdin: 'stream',
      stdout: 'ignore',
      ...(options.judged ? { extraOutputs: 1 } : {}),
      signal: options.signal,
    });
    this.ffmpeg.stdin?.on('error', (error) => {
      this.failure ??= error;
    });
    // An ffmpeg that ended early (it could not start, or refused the audio) fails the next frame at once.
    this.ffmpeg.done.catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  /** With `judged`: the region of every frame, scaled, in order; read it to its end, or ffmpeg waits on a full pipe. */
  get judgedFrames(): Readable | undefined {
    return this.ffmpeg.extraOutputs[0];
  }

  /** Resolves once ffmpeg has taken the frame, so the caller may reuse the buffer. */
  writeFrame(frame: Buffer): Promise<void> {
    if (this.options.signal?.aborted) return Promise.reject(cancelled());
    if (this.failure) return Promise.reject(this.error());
    return new Promise((resolve, reject) => {
      this.ffmpeg.stdin!.write(frame, (error) => (error ? reject(this.error(error)) : resolve()));
    });
  }

  async finish(): Promise<void> {
    this.ffmpeg.stdin?.end();
    try {
      await this.ffmpeg.done;
    } catch (error) {
      throw this.error(error as Error);
    }
  }

  kill(): void {
    this.ffmpeg.kill();
  }

  private error(cause?: Error): Error {
    if (this.options.signal?.aborted) return cancelled();
    return new Error(`ffmpeg could not encode the video: ${ffmpegErrorText(this.ffmpeg.stderrTail()) || (cause ?? this.failure)?.message}`);
  }
}
