import type { DrawnFrameSink } from '../animate/render-talking-video.js';
import type { JudgedOutput } from '../encode/video-encoder.js';
import type { YuvFrame as FullFrame } from '../encode/yuv.js';
import { BLACK_MIN_S, FREEZE_MIN_S, FREEZE_NOISE_DB, type Stretch } from './media-health.js';
import { analysisSize, JUDGE_WIDTH, judgeFilter, type YuvFrame } from './frame-decode.js';
import { FrameCutter } from './frame-cutter.js';
import { FrameQueue } from './frame-queue.js';

/**
 * The frames as they are drawn, handed to the check on their way to the encoder: the face
 * region of each, scaled to the judge's size (JUDGE_WIDTH) by ffmpeg's bilinear scaler as
 * for a decoded file (frame-decode.ts), in order. Judging these instead of decoding the
 * finished file saves the decode and the check's tail after the file (issue 15): the check
 * reads each frame while x264 encodes the next, and only its last meshes and the file
 * check are left once the file is written. They are the pixels x264 is given (without the
 * free plan's watermark, which ffmpeg draws in a corner as it encodes); the file check
 * (drawn-file-check.ts) then proves the file holds them, by decoding its first picture
 * and comparing it with the first frame judged.
 *
 * The encoder itself cuts and scales them: it splits each frame it is given into the
 * master's encode and a crop and scale of the region, written to a second pipe
 * (encode/video-encoder.ts, `judged`), which `attach` reads. An ffmpeg of its own for the
 * scaling, fed each frame through a pipe of its own, cost 0.64–0.9 s of CPU for 250
 * frames at 720×1280 (half of it the kernel's, copying the frames) and about 50 MB at
 * the tree's peak; at 1080×1920 that made the check beside the drawing a loss.
 *
 * Clean frames carry less noise than a decoded file (the eyes' shade moves by a grey level
 * from frame to frame here, by two in a CRF 20 file), so the measures that count in their
 * own noise see small slips more clearly: the head's template had to leave out the brows
 * (frame-pass.ts) before portrait-biden-tall's 3 drawn blinks counted 3 here, not 6.
 *
 * In JavaScript a triangle filter like ffmpeg's took 5.7 ms a frame at 720×1280, and a
 * cheap 2 × 2 sample of each footprint read a small face's blinks differently (a 240p
 * portrait at 432×768: 2 of 3 blinks counted). The freeze and black tests of the file check
 * run here too, on every frame, with the rules of ffmpeg's freezedetect (on the region)
 * and blackdetect (on the whole picture: media-health.ts).
 */
export class DrawnFrames implements DrawnFrameSink {
  readonly width: number;
  readonly height: number;
  /** What the encoder's second output is to hold: the region, at the judge's size. */
  readonly judged: JudgedOutput;
  private readonly queue = new FrameQueue<{ index: number; frame: YuvFrame }>(Number.POSITIVE_INFINITY);
  private readonly frozen: FreezeRun;
  private readonly black: BlackRun;
  private readonly scaled: Promise<{ first: YuvFrame | undefined; frames: number }>;
  private attachTo: ((frames: AsyncIterable<Buffer>) => void) | undefined;
  private failAttach: ((error: unknown) => void) | undefined;
  private judging: ((index: number) => boolean) | undefined;
  private drawn = 0;

  /**
   * `region`: the part of the frame that changes (the rest is the still photo), in video
   * pixels, with even sides and corner (face-rig.ts). `judge`: whether a frame check reads
   * the frames (else only the file's tests run on them).
   */
  constructor(region: { x: number; y: number; width: number; height: number }, frame: { fps: number }, judge: boolean) {
    const size = analysisSize(region, JUDGE_WIDTH);
    this.width = size.width;
    this.height = size.height;
    this.judged = { filter: judgeFilter(region, size) };
    this.frozen = new FreezeRun(frame.fps);
    this.black = new BlackRun(frame.fps);
    if (!judge) this.queue.stop();
    this.scaled = new Promise<AsyncIterable<Buffer>>((resolve, reject) => {
      this.attachTo = resolve;
      this.failAttach = reject;
    }).then((frames) => this.readScaled(frames));
    // Awaited by finished() (or the frames' reader); a failure of the drawing is the drawing's to report.
    this.scaled.catch(() => undefined);
  }

  /** The encoder's scaled frames (`judged`): read from here to their end. */
  attach(frames: AsyncIterable<Buffer>): void {
    this.attachTo?.(frames);
  }

  /** The frames the check reads, from the first: `wants` picks the indices it judges (a long clip's windows), the rest are not queued. */
  frames(wants: (index: number) => boolean): AsyncIterable<{ index: number; frame: YuvFrame }> {
    this.judging = wants;
    return this.queue;
  }

  /** The check stopped (done or failed): frames are no longer queued for it. */
  stopJudging(): void {
    this.queue.stop();
  }

  /** Frame `index` as drawn (in order, each once), read for the black test before it goes to the encoder. */
  take(index: number, drawn: FullFrame): void {
    if (index !== this.drawn) throw new Error(`frame ${index} came after ${this.drawn - 1}`);
    this.drawn++;
    this.black.next(index, drawn);
  }

  /** The drawing failed: nothing more comes, and the check's reader ends with the failure. */
  fail(error: unknown): void {
    this.failAttach?.(error);
    this.queue.fail(error);
  }

  /** Once every frame drawn is scaled and tested: the freeze and black stretches, and the region's first frame at the judge's size. */
  async finished(): Promise<{ frozen: Stretch[]; black: Stretch[]; frames: number; first: YuvFrame }> {
    const { first, frames } = await this.scaled;
    if (!first || frames !== this.drawn) throw new Error(`the encoder's scaled copy held ${frames} of the ${this.drawn} frames drawn`);
    return { frozen: this.frozen.finish(frames), black: this.black.finish(frames), frames, first };
  }

  private async readScaled(scaled: AsyncIterable<Buffer>): Promise<{ first: YuvFrame | undefined; frames: number }> {
    const { width, height } = this;
    const lumaBytes = width * height;
    const chromaBytes = lumaBytes / 4;
    const cutter = new FrameCutter(lumaBytes + 2 * chromaBytes);
    let index = 0;
    let first: YuvFrame | undefined;
    try {
      for await (const chunk of scaled) {
        for (const bytes of cutter.push(chunk)) {
          const frame = { y: bytes.subarray(0, lumaBytes), u: bytes.subarray(lumaBytes, lumaBytes + chromaBytes), v: bytes.subarray(lumaBytes + chromaBytes), width, height };
          first ??= frame;
          this.frozen.next(index, frame);
          if (this.judging?.(index) !== false) void this.queue.push({ index, frame });
          index++;
        }
      }
      this.queue.close();
    } catch (error) {
      this.queue.fail(error);
      throw error;
    }
    return { first, frames: index };
  }
}

/**
 * ffmpeg's freezedetect on the region: a frame is frozen when its mean absolute difference
 * from the stretch's first frame (all three planes, a share of 256 levels) is at most the
 * noise floor; a stretch of FREEZE_MIN_S or more is a freeze. An unfrozen frame opens the
 * next stretch.
 */
class FreezeRun {
  private readonly noise = 10 ** (FREEZE_NOISE_DB.region / 20);
  private reference: { index: number; frame: YuvFrame } | undefined;
  private open: number | undefined;
  private readonly stretches: Stretch[] = [];

  constructor(private readonly fps: number) {}

  next(index: number, frame: YuvFrame): void {
    const ref = this.reference;
    if (ref && this.isFrozen(ref.frame, frame)) {
      if (this.open === undefined && (index - ref.index) / this.fps >= FREEZE_MIN_S) this.open = ref.index;
      return;
    }
    if (this.open !== undefined) this.stretches.push(stretch(this.open, index, this.fps));
    this.open = undefined;
    this.reference = { index, frame };
  }

  finish(frames: number): Stretch[] {
    return this.open === undefined ? this.stretches : [...this.stretches, stretch(this.open, frames, this.fps)];
  }

  /** Every other pixel of every other row of each plane: about as many as freezedetect's 160 px frames have. */
  private isFrozen(a: YuvFrame, b: YuvFrame): boolean {
    const luma = absDiff(a.y, b.y, a.width, a.height);
    const u = absDiff(a.u, b.u, a.width / 2, a.height / 2);
    const v = absDiff(a.v, b.v, a.width / 2, a.height / 2);
    return (luma.sum + u.sum + v.sum) / (luma.count + u.count + v.count) / 256 <= this.noise;
  }
}

function absDiff(a: Uint8Array, b: Uint8Array, width: number, height: number): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y += 2) {
    const row = y * width;
    for (let x = 0; x < width; x += 2, count++) sum += Math.abs(a[row + x]! - b[row + x]!);
  }
  return { sum, count };
}

/** blackdetect's bar for limited-range video: luma at most 16 + 10 % of 219 levels. */
const BLACK_LUMA = Math.floor(16 + 0.1 * (235 - 16));
/** blackdetect's share of black pixels that makes a black picture. */
const BLACK_SHARE = 0.98;

/** Every BLACK_GRID-th pixel of every BLACK_GRID-th row is read: a share of 98 % needs no more. */
const BLACK_GRID = 8;

/** ffmpeg's blackdetect on the whole picture, its pixels read on a sparse grid (the freeze test's region may be all that moves, but a black frame is black everywhere). */
class BlackRun {
  private open: number | undefined;
  private readonly stretches: Stretch[] = [];

  constructor(private readonly fps: number) {}

  next(index: number, drawn: FullFrame): void {
    let dark = 0;
    let seen = 0;
    for (let row = 0; row < drawn.height; row += BLACK_GRID) {
      const base = row * drawn.width;
      for (let col = 0; col < drawn.width; col += BLACK_GRID, seen++) if (drawn.data[base + col]! <= BLACK_LUMA) dark++;
    }
    if (dark >= BLACK_SHARE * seen) {
      this.open ??= index;
      return;
    }
    this.close(index);
  }

  finish(frames: number): Stretch[] {
    this.close(frames);
    return this.stretches;
  }

  private close(index: number): void {
    if (this.open !== undefined && (index - this.open) / this.fps >= BLACK_MIN_S) this.stretches.push(stretch(this.open, index, this.fps));
    this.open = undefined;
  }
}

function stretch(first: number, end: number, fps: number): Stretch {
  return { startS: Math.round((first / fps) * 100) / 100, endS: Math.round((end / fps) * 100) / 100 };
}
