import type { Point } from '../face/landmarks.js';
import { allocYuv, planesOf, rgbToYuvRegion, type YuvFrame } from '../encode/yuv.js';
import { deformRig, type FramePose } from './deform.js';
import { buildFaceRig, type FaceRig } from './face-rig.js';
import { paintEyelids, prepareEyelids, type Eyelids } from './eyelids.js';
import { moveIrises, prepareGaze, type Gaze } from './gaze.js';
import { layoutFrame, renderStillFrame, toFrame, type FrameLayout } from './frame-layout.js';
import { coverOpenMouth, OPEN_PHOTO_GAP_IOD, type PhotoTeeth } from './mouth-cover.js';
import { mouthPalette, paintMouth, type MouthPalette } from './mouth-paint.js';
import { MAX_GAP_IOD } from './viseme-track.js';
import { copyRect, toChroma, type Rect, warpPlane } from './warp.js';
import { prepareStillWarp, type StillWarp } from './warp-simd.js';

/**
 * Everything needed to draw the talking face at any pose, prepared once per video: the
 * still frame (its lips closed over the teeth when the photo showed them), the rig, the
 * mouth's palette. `drawPose` is the per-frame hot path the render and the tests share.
 */
export interface FaceScene {
  width: number;
  height: number;
  layout: FrameLayout;
  rig: FaceRig;
  palette: MouthPalette;
  /** The photo's own teeth, where it showed them. */
  teeth?: PhotoTeeth;
  /** The still frame as Y'CbCr, each pose drawn from it. */
  base: YuvFrame;
  /** The photo's upper lids and lashes, painted over the eyes as they blink. */
  eyelids: Eyelids;
  /** The photo's irises, moved as the eyes glance about (absent where the mesh saw none). */
  gaze?: Gaze;
  /** Multiplies the mouth's travel on small faces (see MIN_OPEN_PX). */
  mouthGain: number;
  chromaRoi: Rect;
  sourceChroma: Float64Array;
  dest: Float64Array;
  destChroma: Float64Array;
  /** The still frame in the SIMD warp's memory (warp-simd.ts); null where WebAssembly SIMD is missing (then copyRect and warpPlane draw). */
  warp: StillWarp | null;
}

/**
 * The widest opening is never less than this many pixels: on a small face (a child, a
 * half-length shot) an opening in proportion to the eye distance is too small to read.
 */
const MIN_OPEN_PX = 9;

export async function buildFaceScene(
  photo: { rgb: Buffer; width: number; height: number },
  photoMesh: readonly Point[],
  faceBox: { x: number; y: number; width: number; height: number },
  width: number,
  height: number,
  photoDepth?: readonly number[],
): Promise<FaceScene> {
  const layout = layoutFrame(photo.width, photo.height, faceBox, width, height);
  const photoStill = await renderStillFrame(photo, layout);
  const frameMesh = toFrame(layout, photoMesh);
  // A photo smiling with its teeth showing gets its lips closed over them first; the
  // interior is then painted as the mouth opens, with the photo's own teeth.
  const covered = coverOpenMouth(photoStill, width, height, frameMesh);
  const still = covered?.still ?? photoStill;
  const depth = photoDepth?.map((z) => z * layout.scale);
  const rig = buildFaceRig(covered?.mesh ?? frameMesh, width, height, { mouthToOuterCorners: Boolean(covered), ...(depth ? { depth } : {}) });
  const base = allocYuv(width, height);
  rgbToYuvRegion(still, width, { x: 0, y: 0, width, height }, base);
  const roi = rig.roi;
  const chromaRoi = { x: roi.x / 2, y: roi.y / 2, width: roi.width / 2, height: roi.height / 2 };
  const sourceChroma = toChroma(rig.source, new Float64Array(rig.pointCount * 2));
  return {
    width,
    height,
    layout,
    rig,
    palette: mouthPalette(still, width, rig),
    ...(covered ? { teeth: covered.teeth } : {}),
    base,
    eyelids: prepareEyelids(rig, base),
    gaze: prepareGaze(frameMesh, layout.scale),
    mouthGain: Math.max(1, MIN_OPEN_PX / (MAX_GAP_IOD * rig.iod)),
    chromaRoi,
    sourceChroma,
    dest: new Float64Array(rig.pointCount * 2),
    destChroma: new Float64Array(rig.pointCount * 2),
    warp: prepareStillWarp(base, roi, chromaRoi, rig.triangles, rig.source, sourceChroma),
  };
}

/**
 * The moving region of `frame` redrawn in JavaScript: the still picture there, then every
 * moved triangle warped from it to `dest` (chroma to `destChroma`). The fallback where
 * WebAssembly SIMD is missing, and the reference the SIMD warp is tested against.
 */
export function warpStillInJs(scene: Pick<FaceScene, 'base' | 'rig' | 'chromaRoi' | 'sourceChroma'>, frame: YuvFrame, dest: Float64Array, destChroma: Float64Array): void {
  const { rig, chromaRoi } = scene;
  const still = planesOf(scene.base);
  const planes = planesOf(frame);
  copyRect(still.y, planes.y, rig.roi);
  copyRect(still.u, planes.u, chromaRoi);
  copyRect(still.v, planes.v, chromaRoi);
  warpPlane(still.y, planes.y, rig.roi, rig.triangles, rig.source, dest);
  warpPlane(still.u, planes.u, chromaRoi, rig.triangles, scene.sourceChroma, destChroma, { source: still.v, target: planes.v });
}

/** Draws one pose into `frame` (same size as the scene), touching only the moving region. */
export function drawPose(scene: FaceScene, pose: FramePose, frame: YuvFrame): void {
  const { rig, dest, destChroma } = scene;
  const gain = scene.mouthGain;
  const scaled = gain === 1 ? pose : { ...pose, mouthGap: pose.mouthGap * gain, jawOpen: (pose.jawOpen ?? pose.mouthGap) * gain };
  deformRig(rig, scaled, dest);
  toChroma(dest, destChroma);
  // Start from the still picture, then redraw only the triangles that moved.
  if (scene.warp) {
    scene.warp.draw(frame, dest, destChroma);
  } else {
    warpStillInJs(scene, frame, dest, destChroma);
  }
  // The photo's own mouth is painted inside only where it was closed (or closed by the cover).
  if (rig.sourceCenterGap < OPEN_PHOTO_GAP_IOD * rig.iod) {
    const opening = scaled.mouthGap * rig.iod - rig.sourceCenterGap;
    paintMouth(frame, rig, dest, scene.palette, Math.min(1, Math.max(0, opening / (0.035 * rig.iod))), scene.teeth);
  }
  moveIrises(frame, scene.gaze, dest, rig.iod, pose.gazeX ?? 0, pose.gazeY ?? 0);
  paintEyelids(frame, scene.eyelids, dest, pose.blink);
}
