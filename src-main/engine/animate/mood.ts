import type { MotionSettings } from '../../../src-shared/render.js';
import { at, LIPS, type Point } from '../face/landmarks.js';

/**
 * The creator's mood as a resting bias of the face, applied through the same rig as speech
 * (deform.ts): the mouth corners and the cheeks above them lift or settle, the brows rest a
 * little higher or lower, and the head moves more or less. Small on purpose: a photo's own
 * expression stays the person's; the mood only leans it.
 */
export type Mood = MotionSettings['mood'];

export interface MoodBias {
  /** Mouth corners' lift, IOD (positive up: a slight smile; negative: corners settle). */
  cornerLift: number;
  /** Resting brow lift, IOD (negative: brows lowered and the look more serious). */
  browRest: number;
  /** Multiplies the head's motion and the brows' emphasis. */
  motionGain: number;
}

/**
 * Amounts chosen by eye on the sample and the fixtures at 360×640 and 720×1280: a corner
 * lift of 0.06 eye distances reads as a friendly face without bending the lips' outline;
 * serious lowers the corners by less (a photo that smiles cannot frown without tearing its
 * smile's folds) and calms the head to 0.7 of its sway, warm livens it to 1.2.
 */
export const MOOD_BIAS: Readonly<Record<Mood, MoodBias>> = {
  neutral: { cornerLift: 0, browRest: 0, motionGain: 1 },
  warm: { cornerLift: 0.06, browRest: 0.018, motionGain: 1.2 },
  serious: { cornerLift: -0.03, browRest: -0.022, motionGain: 0.7 },
};

export function moodBias(mood: Mood | undefined): MoodBias {
  return MOOD_BIAS[mood ?? 'neutral'];
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/**
 * Per control point, the share of a corner lift it follows: all of it at the outer lip
 * corners, none at the lips' middle (the mouth bends rather than shifts), fading over 0.4
 * eye distances beyond each corner and 0.3–0.4 above and below the lips (the fold beside the mouth
 * and the lower cheek: a smile raises the cheek with the corner). Both lips of one column
 * take the same share: on the sample (its smile closed by the cover) a share that differed
 * between the lips turned the pressed lips' triangles over.
 * Only the face mesh's points (the first `meshPoints`) take part.
 */
export function cornerLiftWeights(mesh: readonly Point[], source: Float64Array, pointCount: number, meshPoints: number, iod: number, across: Point, down: Point): Float32Array {
  const weights = new Float32Array(pointCount);
  const right = at(mesh, LIPS.cornerRight);
  const left = at(mesh, LIPS.cornerLeft);
  const center: Point = [(right[0] + left[0]) / 2, (right[1] + left[1]) / 2];
  const halfWidth = Math.abs((left[0] - right[0]) * across[0] + (left[1] - right[1]) * across[1]) / 2 || 0.4 * iod;
  // The lips' own height counts as the corner's level: an open photo mouth, closed by the
  // cover, has its lower lip far below the corner in the photo but beside it on the frame.
  const vOf = (p: Point): number => (p[0] - center[0]) * down[0] + (p[1] - center[1]) * down[1];
  const lipTop = Math.min(0, vOf(at(mesh, LIPS.upperOuter[5]!)));
  const lipBottom = Math.max(0, vOf(at(mesh, LIPS.lowerOuter[5]!)));
  for (let i = 0; i < Math.min(pointCount, meshPoints); i++) {
    const dx = source[i * 2]! - center[0];
    const dy = source[i * 2 + 1]! - center[1];
    const beyond = Math.abs(dx * across[0] + dy * across[1]) - halfWidth;
    const v = dx * down[0] + dy * down[1];
    const along = beyond < 0 ? smoothstep(-0.9 * halfWidth, 0, beyond) : 1 - smoothstep(0, 0.4 * iod, beyond);
    const vertical = v < lipTop ? 1 - smoothstep(0, 0.4 * iod, lipTop - v) : v > lipBottom ? 1 - smoothstep(0, 0.3 * iod, v - lipBottom) : 1;
    weights[i] = along * vertical;
  }
  return weights;
}
