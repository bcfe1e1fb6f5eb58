/**
 * Indices into the 478-point face mesh (MediaPipe FaceMesh topology, which
 * @vladmandic/human's facemesh model follows; 468–477 are the irises). "Right"/"left"
 * are the subject's: the right eye appears on the image's left.
 */

export type Point = readonly [number, number];

export const LIPS = {
  /** Inner contour, corner to corner, along the upper lip. */
  upperInner: [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308],
  /** Inner contour, corner to corner, along the lower lip. */
  lowerInner: [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308],
  upperOuter: [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291],
  lowerOuter: [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291],
  innerTop: 13,
  innerBottom: 14,
  cornerRight: 61,
  cornerLeft: 291,
  innerCornerRight: 78,
  innerCornerLeft: 308,
} as const;

export interface EyeIndices {
  /** Upper lid and the lower-lid point facing each one, corner to corner. */
  upperLid: readonly number[];
  lowerLid: readonly number[];
  /** The fold above the lid: follows a blink part of the way so the skin stretches smoothly. */
  crease: readonly number[];
  outerCorner: number;
  innerCorner: number;
  top: number;
  bottom: number;
  brow: readonly number[];
}

export const RIGHT_EYE: EyeIndices = {
  upperLid: [246, 161, 160, 159, 158, 157, 173],
  lowerLid: [7, 163, 144, 145, 153, 154, 155],
  crease: [247, 30, 29, 27, 28, 56, 190],
  outerCorner: 33,
  innerCorner: 133,
  top: 159,
  bottom: 145,
  brow: [70, 63, 105, 66, 107, 46, 53, 52, 65, 55],
};

export const LEFT_EYE: EyeIndices = {
  upperLid: [466, 388, 387, 386, 385, 384, 398],
  lowerLid: [249, 390, 373, 374, 380, 381, 382],
  crease: [467, 260, 259, 257, 258, 286, 414],
  outerCorner: 263,
  innerCorner: 362,
  top: 386,
  bottom: 374,
  brow: [300, 293, 334, 296, 336, 276, 283, 282, 295, 285],
};

/** Face outline, clockwise from the top of the forehead. */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

export const CHIN = 152;
export const NOSE_TIP = 1;
export const IRIS_FIRST = 468;

export function at(mesh: ArrayLike<Point>, index: number): Point {
  const p = mesh[index];
  if (!p) throw new Error(`face mesh has no point ${index}`);
  return p;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function midpoint(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

export function eyeCenter(mesh: ArrayLike<Point>, eye: EyeIndices): Point {
  return midpoint(at(mesh, eye.outerCorner), at(mesh, eye.innerCorner));
}

/** Distance between the eye centres: the face's own ruler, independent of photo size. */
export function interocularDistance(mesh: ArrayLike<Point>): number {
  return distance(eyeCenter(mesh, RIGHT_EYE), eyeCenter(mesh, LEFT_EYE));
}

/** The face outline's two sides at the eyes' height (the mesh's own points: the iris model never moves them). */
export const FACE_SIDES = [234, 454] as const;

/** Width of the face at the eyes' height: a ruler for a mesh whose eye points are approximate (DetectedFace.lipsOnly). */
export function faceWidth(mesh: ArrayLike<Point>): number {
  return distance(at(mesh, FACE_SIDES[0]), at(mesh, FACE_SIDES[1]));
}

/** Inner-lip gap ÷ eye distance (the mesh's own unless given): 0 closed, ~0.3 wide open while speaking. */
export function mouthOpening(mesh: ArrayLike<Point>, eyeDistancePx = interocularDistance(mesh)): number {
  // Average three columns of the inner contour: one point pair alone is noisy.
  const pairs: Array<[number, number]> = [
    [82, 87],
    [13, 14],
    [312, 317],
  ];
  let gap = 0;
  for (const [top, bottom] of pairs) gap += distance(at(mesh, top), at(mesh, bottom));
  return gap / pairs.length / eyeDistancePx;
}

/** Eye aspect ratio (lid gap ÷ eye width); drops towards 0 during a blink. */
export function eyeOpening(mesh: ArrayLike<Point>, eye: EyeIndices): number {
  let gap = 0;
  for (let i = 1; i < eye.upperLid.length - 1; i++) {
    gap += distance(at(mesh, eye.upperLid[i]!), at(mesh, eye.lowerLid[i]!));
  }
  gap /= eye.upperLid.length - 2;
  return gap / distance(at(mesh, eye.outerCorner), at(mesh, eye.innerCorner));
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boundsOf(points: ArrayLike<Point>, count = points.length): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const p = points[i]!;
    x0 = Math.min(x0, p[0]);
    y0 = Math.min(y0, p[1]);
    x1 = Math.max(x1, p[0]);
    y1 = Math.max(y1, p[1]);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
