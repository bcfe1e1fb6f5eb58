import type { FaceRig } from './face-rig.js';
import { turnOffset } from './head-pose.js';

/** One frame's pose, in the units of MotionTrack. */
export interface FramePose {
  /** Inner-lip gap at the centre, IOD. */
  mouthGap: number;
  /** Jaw drop, IOD; the lips' gap where absent (the loudness-driven mouth moves both as one). */
  jawOpen?: number;
  mouthWidth: number;
  blink: number;
  browLift: number;
  headRoll: number;
  headX: number;
  headY: number;
  headScale: number;
  /** Where the irises look: offset in eye distances (gaze.ts); absent: at the camera. */
  gazeX?: number;
  gazeY?: number;
  /** Head turn and nod in depth, radians (head-pose.ts); absent: none. */
  headYaw?: number;
  headPitch?: number;
  /** The mood's lift of the mouth corners, IOD (mood.ts); absent: none. */
  cornerLift?: number;
}

/**
 * How far the lips spread or round at |mouthWidth| = 1, as a fraction of their offset from
 * the centre. Rounding pulls in further than spreading pushes out: u/o narrow the mouth
 * by about a third of its width (the lips push forward into an "o"), a smile on i/e
 * widens it less. The face mesh, tracking the rendered frames, sees about two thirds of
 * that: 0.14 read as no rounding at all on the smiling sample (0.95 of the spread width).
 */
const SPREAD_GAIN = 0.09;
const ROUND_GAIN = 0.3;
/** Share of a smile's lift at the corners given up at full rounding: an "oo" cannot keep a grin. */
const SMILE_RELAX = 1;

/** Moves every control point for one frame: local face motion first, then the head's rigid motion. */
export function deformRig(rig: FaceRig, pose: FramePose, out: Float64Array): Float64Array {
  const { source, down, across, iod, pivot } = rig;
  const gapPx = pose.mouthGap * iod;
  const jawDelta = (pose.jawOpen ?? pose.mouthGap) * iod - rig.sourceCenterGap;
  const opening = Math.max(0, jawDelta);
  const widthGain = pose.mouthWidth * (pose.mouthWidth < 0 ? ROUND_GAIN : SPREAD_GAIN);
  const cos = Math.cos(pose.headRoll) * (1 + pose.headScale);
  const sin = Math.sin(pose.headRoll) * (1 + pose.headScale);
  const tx = pose.headX * iod;
  const ty = pose.headY * iod;
  const brow = pose.browLift * iod;
  const yaw = pose.headYaw ?? 0;
  const pitch = pose.headPitch ?? 0;
  const turning = yaw !== 0 || pitch !== 0;
  const cosYaw = Math.cos(yaw);
  const sinYaw = Math.sin(yaw);
  const cosPitch = Math.cos(pitch);
  const sinPitch = Math.sin(pitch);
  const turn: [number, number] = [0, 0];
  const lift = (pose.cornerLift ?? 0) * iod;
  for (let i = 0; i < rig.pointCount; i++) {
    let x = source[i * 2]!;
    let y = source[i * 2 + 1]!;
    const drop = rig.lipGain[i]! * gapPx - rig.lipOffset[i]! + rig.jawShare[i]! * jawDelta + rig.underChinJaw[i]! * opening;
    if (drop !== 0) {
      x += down[0] * drop;
      y += down[1] * drop;
    }
    if (pose.mouthWidth >= 0) {
      const lever = rig.widthLever[i]!;
      x += across[0] * lever * widthGain;
      y += across[1] * lever * widthGain;
    } else {
      const lever = rig.roundLever[i]!;
      const drop = rig.smileDrop[i]! * SMILE_RELAX * -pose.mouthWidth;
      x += across[0] * lever * widthGain + down[0] * drop;
      y += across[1] * lever * widthGain + down[1] * drop;
    }
    if (pose.blink > 0) {
      x += rig.blinkVector[i * 2]! * pose.blink;
      y += rig.blinkVector[i * 2 + 1]! * pose.blink;
    }
    const browWeight = rig.browWeight[i]!;
    if (browWeight > 0) {
      x -= down[0] * brow * browWeight;
      y -= down[1] * brow * browWeight;
    }
    if (lift !== 0) {
      const w = rig.cornerLift[i]!;
      x -= down[0] * lift * w;
      y -= down[1] * lift * w;
    }
    const turnWeight = rig.turnWeight[i]!;
    if (turning && turnWeight > 0) {
      turnOffset(x - pivot[0], y - pivot[1], rig.depth[i]!, across, down, cosYaw, sinYaw, cosPitch, sinPitch, turn);
      x += turnWeight * turn[0];
      y += turnWeight * turn[1];
    }
    const h = rig.headWeight[i]!;
    if (h > 0) {
      const dx = x - pivot[0];
      const dy = y - pivot[1];
      const rx = pivot[0] + dx * cos - dy * sin + tx;
      const ry = pivot[1] + dx * sin + dy * cos + ty;
      x += h * (rx - x);
      y += h * (ry - y);
    }
    out[i * 2] = x;
    out[i * 2 + 1] = y;
  }
  return out;
}
