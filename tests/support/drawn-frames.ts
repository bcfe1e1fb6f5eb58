import sharp from 'sharp';
import { buildFaceScene, drawPose, type FaceScene } from '../../src-main/engine/animate/face-scene.js';
import type { FramePose } from '../../src-main/engine/animate/deform.js';
import { allocYuv, type YuvFrame } from '../../src-main/engine/encode/yuv.js';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import type { DetectedFace } from '../../src-main/engine/face/face-detector.js';
import { mediaTools } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';

/**
 * Frames straight from the frame drawer, for tests and measures that look at one pose
 * without a voice or an encoder: a photo's face scene, a pose drawn into a fresh frame, and
 * that frame as RGB the way a player shows it (ffmpeg's own conversion).
 */

/** Every control at rest: add what a pose moves. */
export const REST_POSE: FramePose = { mouthGap: 0, jawOpen: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };

/** A photo's face scene at a frame size, with the face the scene was built from. */
export async function sceneOfPhoto(photoPath: string, width: number, height: number): Promise<{ scene: FaceScene; face: DetectedFace }> {
  const { data, info } = await sharp(photoPath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo = { rgb: data, width: info.width, height: info.height };
  const face = (await analyzeFaces(photo)).chosen;
  return { scene: await buildFaceScene(photo, face.mesh, face.box, width, height), face };
}

/** A fresh frame with the pose drawn into it. */
export function drawnFrame(scene: FaceScene, pose: FramePose, width: number, height: number): YuvFrame {
  const frame = allocYuv(width, height);
  scene.base.data.copy(frame.data);
  drawPose(scene, pose, frame);
  return frame;
}

/** A drawn 4:2:0 frame as 8-bit RGB, converted by ffmpeg as a player would. */
export async function frameToRgb(frame: YuvFrame): Promise<Buffer> {
  const made = await runProcess(
    mediaTools().ffmpeg.path,
    ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { input: frame.data },
  );
  if (made.code !== 0 || made.stdout.length !== frame.width * frame.height * 3) throw new Error(`ffmpeg could not convert the drawn frame: ${made.stderr.slice(-300)}`);
  return made.stdout;
}
