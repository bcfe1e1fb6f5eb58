import type { YuvFrame } from '../encode/yuv.js';
import { LEFT_EYE, RIGHT_EYE, type EyeIndices } from '../face/landmarks.js';
import type { FaceRig } from './face-rig.js';

/**
 * What a painted eyelid (eyelids.ts) needs to know about the photo's own eyes, read once
 * from the still frame: the lash line's thickness and colour, and how far the eye's
 * visible opening runs past the face mesh's contour.
 */

/** The photo's lid and lashes, read once from the still frame. */
export interface LidLook {
  /** Thickness of the upper lash line above the mesh's lid contour, luma pixels. */
  lashPx: number;
  /** Luma and chroma (limited-range code values) of the lash line's dark. */
  lashY: number;
  lashCb: number;
  lashCr: number;
  /**
   * How far the eye's visible opening (iris, white, lashes) runs past each of the mesh's
   * corners along the eye line, as a share of the eye's width, read by colour on the still:
   * the mesh's contour can end inside the iris (rgba-speaker's outer corner) or short of the
   * lashes (biden's), which a shut lid then left showing.
   */
  pastOuter: number;
  pastInner: number;
  /**
   * How far the eye's dark (iris, pupil, lashes) reaches below the mesh's lower lid contour,
   * as a share of the eye's width, read by colour on the still: on a tiny, blurry face (the
   * 240p fixture) the mesh put the lower lid 3–4 px inside the iris, and the shut lid stopped
   * there with the iris showing under it as a bright and dark stripe.
   */
  belowLower: number;
}

export interface EyeLid {
  eye: EyeIndices;
  look: LidLook;
}

export interface Eyelids {
  eyes: EyeLid[];
}

/** Share of the opening the lower lid rises by at full closure (it lifts slightly to meet the upper one). */
export const LOWER_LID_LIFT = 0.12;

export function luma(frame: YuvFrame, x: number, y: number): number {
  const xi = Math.min(frame.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(frame.height - 1, Math.max(0, Math.round(y)));
  return frame.data[yi * frame.width + xi]!;
}

export function chromaAt(frame: YuvFrame, x: number, y: number): [number, number] {
  const cw = frame.width / 2;
  const xi = Math.min(cw - 1, Math.max(0, Math.round(x / 2 - 0.25)));
  const yi = Math.min(frame.height / 2 - 1, Math.max(0, Math.round(y / 2 - 0.25)));
  return [frame.data[frame.uOffset + yi * cw + xi]!, frame.data[frame.vOffset + yi * cw + xi]!];
}

export const pointOf = (points: Float64Array, slot: number): [number, number] => [points[slot * 2]!, points[slot * 2 + 1]!];

/**
 * Reads the lash line from the still: along the middle of the upper lid, walks up from the
 * mesh's contour until the luma has climbed half way from the lashes' dark to the skin
 * above them. Rig slots below 468 are the mesh's own indices (face-rig.ts adds them first).
 */
function readLook(rig: FaceRig, still: YuvFrame, eye: EyeIndices): LidLook {
  const outer = pointOf(rig.source, eye.outerCorner);
  const inner = pointOf(rig.source, eye.innerCorner);
  const eyeWidth = Math.hypot(inner[0] - outer[0], inner[1] - outer[1]);
  const reach = Math.max(3, Math.round(eyeWidth * 0.22));
  const thicknesses: number[] = [];
  let sumY = 0;
  let sumCb = 0;
  let sumCr = 0;
  let n = 0;
  for (const lid of eye.upperLid.slice(2, -2)) {
    const [x, y] = pointOf(rig.source, lid);
    const column = Array.from({ length: reach }, (_, d) => luma(still, x, y - d));
    const dark = Math.min(...column.slice(0, Math.ceil(reach / 2)));
    const skin = Math.max(...column.slice(Math.floor(reach / 2)));
    const half = dark + (skin - dark) * 0.5;
    const darkest = column.indexOf(dark);
    let top = darkest;
    while (top + 1 < reach && column[top + 1]! < half) top++;
    thicknesses.push(top + 1);
    const [cb, cr] = chromaAt(still, x, y - darkest);
    sumY += dark;
    sumCb += cb;
    sumCr += cr;
    n++;
  }
  thicknesses.sort((a, b) => a - b);
  const lashPx = Math.min(eyeWidth * 0.12, Math.max(1.5, thicknesses[Math.floor(thicknesses.length / 2)] ?? 2));
  const skinY = skinLumaBeside(rig, still, eye, eyeWidth, lashPx);
  const pastOuter = eyePastCorner(still, outer, inner, eyeWidth, lashPx, skinY);
  const pastInner = eyePastCorner(still, inner, outer, eyeWidth, lashPx, skinY);
  const opening = openingByColour(rig, still, eye, eyeWidth, skinY);
  // Where the mesh's lid sits above the lash line (a tiny face), the walk above found lid
  // skin, not lashes: the opening's own dark stands in for the lash colour.
  const lashY = sumY / n > skinY * LASH_NOT_FOUND ? Math.min(sumY / n, opening.dark) : sumY / n;
  return { lashPx, lashY, lashCb: sumCb / n, lashCr: sumCr / n, pastOuter, pastInner, belowLower: opening.belowLower };
}

/** A lash line read brighter than this share of the skin beside the eye was not found (the mesh's lid lay above it). */
const LASH_NOT_FOUND = 0.75;
/** The colour-read opening moves the shut lid's margin at most this share of the eye's width below the mesh's lower lid. */
const MAX_BELOW_LOWER = 0.15;

/**
 * The eye's opening read by colour on the still, in each of the lid's middle columns: from
 * the darkest pixel near the mesh's opening, down while the luma stays under half way to the
 * skin. Answers the median depth of that dark below the mesh's lower lid (≥ 0, a share of the
 * eye's width) and the median darkest luma.
 */
function openingByColour(rig: FaceRig, still: YuvFrame, eye: EyeIndices, eyeWidth: number, skinY: number): { belowLower: number; dark: number } {
  const below: number[] = [];
  const darks: number[] = [];
  for (let k = 1; k < eye.upperLid.length - 1; k++) {
    const [x, yUpper] = pointOf(rig.source, eye.upperLid[k]!);
    const yLower = pointOf(rig.source, eye.lowerLid[k]!)[1];
    const from = Math.round(yUpper - eyeWidth * 0.05);
    const to = Math.round(yLower + eyeWidth * MAX_BELOW_LOWER);
    let darkest = from;
    for (let y = from; y <= to; y++) if (luma(still, x, y) < luma(still, x, darkest)) darkest = y;
    const dark = luma(still, x, darkest);
    if (dark >= skinY * DARK_SHARE) continue;
    const half = dark + (skinY - dark) * 0.5;
    let bottom = darkest;
    while (bottom + 1 <= to && luma(still, x, bottom + 1) < half) bottom++;
    below.push(Math.max(0, bottom + 0.5 - yLower));
    darks.push(dark);
  }
  if (below.length === 0) return { belowLower: 0, dark: skinY };
  below.sort((a, b) => a - b);
  darks.sort((a, b) => a - b);
  return { belowLower: Math.min(MAX_BELOW_LOWER, below[Math.floor(below.length / 2)]! / eyeWidth), dark: darks[Math.floor(darks.length / 2)]! };
}

/** At most this share of the eye's width is added past a mesh corner: beyond it lies the lid's fold or the nose's shadow. */
const MAX_PAST_CORNER = 0.2;
/** Luma below this share of the skin's beside the eye is iris, pupil or lashes (sclera is told by its brightness over the skin). */
const DARK_SHARE = 0.6;

/**
 * The skin's luma beside the eye on the still: the median over the lower lid's columns of
 * the skin just under it. Not the upper lid's: under a deep brow (rgba-speaker) that reads as
 * dark as an iris.
 */
function skinLumaBeside(rig: FaceRig, still: YuvFrame, eye: EyeIndices, eyeWidth: number, lashPx: number): number {
  const values: number[] = [];
  for (const lid of eye.lowerLid) {
    const [x, y] = pointOf(rig.source, lid);
    const rows = Array.from({ length: Math.max(3, Math.round(eyeWidth * LID_SKIN_REACH)) }, (_, d) => luma(still, x, y + lashPx * 1.5 + 1 + d)).sort((a, b) => a - b);
    values.push(rows[Math.floor(rows.length * 0.7)]!);
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}

/**
 * Walks from `corner` away from `other` along the eye line while the column around it still
 * holds the eye (dark iris or lashes, or a white brighter than the skin) and answers how far
 * it got, as a share of the eye's width.
 */
function eyePastCorner(still: YuvFrame, corner: [number, number], other: [number, number], eyeWidth: number, lashPx: number, skinY: number): number {
  const ux = (corner[0] - other[0]) / eyeWidth;
  const uy = (corner[1] - other[1]) / eyeWidth;
  // A narrow window: a taller one caught the crow's feet and the fold's shadow beside the eye.
  const half = Math.max(1, Math.round(lashPx * 0.5));
  let reached = 0;
  for (let t = 0.5; t <= eyeWidth * MAX_PAST_CORNER; t += 0.5) {
    const x = corner[0] + ux * t;
    const y = corner[1] + uy * t;
    let dark = Infinity;
    let bright = -Infinity;
    for (let d = -half; d <= half; d++) {
      const v = luma(still, x, y + d);
      dark = Math.min(dark, v);
      bright = Math.max(bright, v);
    }
    const [cb, cr] = chromaAt(still, x, y);
    const white = bright > skinY + 12 && Math.abs(cb - 128) < 8 && Math.abs(cr - 128) < 10;
    if (dark >= skinY * DARK_SHARE && !white) break;
    reached = t;
  }
  return reached / eyeWidth;
}

/** How far above the lash line the lid's skin is read, as a share of the eye's width (the lid between lashes and fold). */
export const LID_SKIN_REACH = 0.3;

export function prepareEyelids(rig: FaceRig, still: YuvFrame): Eyelids {
  return { eyes: [RIGHT_EYE, LEFT_EYE].map((eye) => ({ eye, look: readLook(rig, still, eye) })) };
}
