import type { MotionSettings } from '../../../src-shared/render.js';
import type { Point } from '../face/landmarks.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { allocYuv, type YuvFrame } from '../encode/yuv.js';
import { VideoEncoder, type JudgedOutput } from '../encode/video-encoder.js';
import { cancelled } from '../pipeline/cancellation.js';
import { frameCountFor } from './audio-features.js';
import type { FramePose } from './deform.js';
import { buildFaceScene, drawPose, type FaceScene } from './face-scene.js';
import type { FaceRig } from './face-rig.js';
import type { FrameLayout } from './frame-layout.js';
import { buildMotionTrack, type MotionTrack } from './motion-track.js';

export interface TalkingVideoInput {
  photo: { rgb: Buffer; width: number; height: number };
  /** 478-point mesh of the talking face, in photo pixels. */
  mesh: readonly Point[];
  /** The mesh's depth (the model's z, photo pixels, negative nearer): the head turns in 3D with it. */
  meshDepth?: readonly number[];
  faceBox: { x: number; y: number; width: number; height: number };
  /** `phones` (the Voice's PhoneTimeline) times the mouth; without it the mouth follows loudness only. */
  voice: { audioPath: string; samples: Float32Array; sampleRate: number; durationS: number; phones?: PhoneTimeline };
  width: number;
  height: number;
  fps: number;
  motion: MotionSettings;
  outFile: string;
  /** Cap on the video bitrate (see H264Settings). */
  maxrateKbps?: number;
  /** The free plan's watermark, drawn as the frames are encoded. */
  watermark?: boolean;
  signal?: AbortSignal;
  onProgress?: (percent: number) => void;
  /**
   * Called once the last frame is handed to ffmpeg: from then on this thread only waits
   * for the encoder's tail (its look-ahead and the faststart rewrite), time the caller
   * may use to start the next step.
   */
  onFramesWritten?: () => void;
  /**
   * The motion track, worked out beforehand from the same voice, fps and motion
   * (`motionTrackFor`): the render prepares it while the photo is enhanced in its thread.
   */
  track?: MotionTrack;
  /**
   * Given: called once the scene is built with the region redrawn per frame; the sink it
   * returns sees every frame as drawn, in order, before it goes to the encoder (the frame
   * check reads them there: verify/drawn-frames.ts), then the end or the failure.
   */
  openDrawnFrames?: (region: FaceRig['roi']) => DrawnFrameSink;
}

/**
 * What sees the frames as they are drawn: `take` reads each before it goes to the encoder
 * (its buffer is drawn over again afterwards), and the encoder's second output, each
 * frame's region scaled as `judged` asks, is handed to `attach`.
 */
export interface DrawnFrameSink {
  readonly judged: JudgedOutput;
  attach(frames: AsyncIterable<Buffer>): void;
  take(index: number, frame: YuvFrame): void;
  fail(error: unknown): void;
}

export interface TalkingVideoResult {
  frameCount: number;
  layout: FrameLayout;
  /** Region redrawn per frame, in video pixels. */
  region: FaceRig['roi'];
  /** Face box and eye distance in video pixels. */
  faceBoxInFrame: { x: number; y: number; width: number; height: number };
  iodInFrame: number;
  track: MotionTrack;
  drawMs: number;
}

/** Frames in flight to ffmpeg: enough to keep its core busy, few enough to bound memory. */
const FRAME_POOL = 3;

/** The motion track's pose at frame k, as the frame drawer takes it. */
export function poseAt(track: MotionTrack, k: number): FramePose {
  return {
    mouthGap: track.mouthGap[k]!,
    jawOpen: track.jawOpen[k]!,
    mouthWidth: track.mouthWidth[k]!,
    blink: track.blink[k]!,
    browLift: track.browLift[k]!,
    headRoll: track.headRoll[k]!,
    headX: track.headX[k]!,
    headY: track.headY[k]!,
    headScale: track.headScale[k]!,
    gazeX: track.gazeX[k]!,
    gazeY: track.gazeY[k]!,
    headYaw: track.headYaw[k]!,
    headPitch: track.headPitch[k]!,
    cornerLift: track.cornerLift,
  };
}

/** The motion track of a voice: what `renderTalkingVideo` draws frame by frame. */
export function motionTrackFor(voice: TalkingVideoInput['voice'], fps: number, motion: MotionSettings): MotionTrack {
  const frameCount = frameCountFor(voice.durationS, fps);
  return buildMotionTrack(voice.samples, voice.sampleRate, voice.durationS, fps, frameCount, motion, seedFrom(voice.samples), voice.phones);
}

function seedFrom(samples: Float32Array): number {
  // Same voice → same blinks and sway: renders are repeatable.
  let h = 2166136261;
  for (let i = 0; i < samples.length; i += 997) h = Math.imul(h ^ Math.round(samples[i]! * 32767), 16777619);
  return h >>> 0;
}

export async function renderTalkingVideo(input: TalkingVideoInput): Promise<TalkingVideoResult> {
  // Integers in V8's small-integer form: a size that arrives as a double (from arithmetic
  // elsewhere) turned every pixel-index computation in the warp into float math, 40% slower.
  const width = input.width | 0;
  const height = input.height | 0;
  const { fps } = input;
  const startEncoder = (judged?: JudgedOutput): VideoEncoder =>
    new VideoEncoder({
      width,
      height,
      fps,
      audioPath: input.voice.audioPath,
      outFile: input.outFile,
      maxrateKbps: input.maxrateKbps,
      watermark: input.watermark,
      ...(judged ? { judged } : {}),
      signal: input.signal,
    });
  // Without a sink ffmpeg starts first: its start (exec, libraries, probing the voice) runs
  // on the other core while the scene is built here, and the motion track is worked out
  // while sharp scales the photo for the still frame on its own thread. A sink's scaled copy
  // needs the region, known once the scene is built, so its encoder starts then.
  const early = input.openDrawnFrames ? undefined : startEncoder();
  let scene: FaceScene;
  let track: MotionTrack;
  let frameCount: number;
  try {
    const building = buildFaceScene(input.photo, input.mesh, input.faceBox, width, height, input.meshDepth);
    // Never left unhandled while the track is worked out; awaited just below.
    building.catch(() => undefined);
    frameCount = frameCountFor(input.voice.durationS, fps);
    track = input.track ?? motionTrackFor(input.voice, fps, input.motion);
    if (track.mouthGap.length < frameCount) throw new Error(`the motion track holds ${track.mouthGap.length} frames, the video ${frameCount}`);
    scene = await building;
  } catch (error) {
    early?.kill();
    throw error;
  }
  const { layout, rig } = scene;
  const sink = input.openDrawnFrames?.(rig.roi);
  const encoder = sink ? startEncoder(sink.judged) : early!;
  // No scaled copy only from an encoder never started (the render was cancelled): the loop below says so.
  if (sink && encoder.judgedFrames) sink.attach(encoder.judgedFrames);

  const pool: Array<{ frame: YuvFrame; pending: Promise<void> }> = [];
  for (let i = 0; i < FRAME_POOL; i++) {
    const frame = allocYuv(width, height);
    scene.base.data.copy(frame.data);
    pool.push({ frame, pending: Promise.resolve() });
  }

  let drawMs = 0;
  try {
    for (let k = 0; k < frameCount; k++) {
      if (input.signal?.aborted) throw cancelled();
      const slot = pool[k % FRAME_POOL]!;
      await slot.pending;
      const started = performance.now();
      drawPose(scene, poseAt(track, k), slot.frame);
      drawMs += performance.now() - started;
      sink?.take(k, slot.frame);
      // The slot is drawn over again once the encoder has taken the frame.
      slot.pending = encoder.writeFrame(slot.frame.data);
      slot.pending.catch(() => undefined);
      if (k % 10 === 0) input.onProgress?.((k / frameCount) * 100);
    }
    await Promise.all(pool.map((s) => s.pending));
    input.onFramesWritten?.();
    await encoder.finish();
  } catch (error) {
    sink?.fail(error);
    encoder.kill();
    throw error;
  }
  input.onProgress?.(100);
  const box = {
    x: input.faceBox.x * layout.scale - layout.cropX,
    y: input.faceBox.y * layout.scale - layout.cropY,
    width: input.faceBox.width * layout.scale,
    height: input.faceBox.height * layout.scale,
  };
  return { frameCount, layout, region: rig.roi, faceBoxInFrame: box, iodInFrame: rig.iod, track, drawMs };
}
