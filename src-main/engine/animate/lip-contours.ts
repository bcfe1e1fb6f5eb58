import { at, eyeCenter, interocularDistance, LEFT_EYE, LIPS, RIGHT_EYE, type Point } from '../face/landmarks.js';

/**
 * The lips' four lines in face-aligned coordinates (u across the face along the eye line,
 * v down it), each a function of u: what the mouth cover and the painted mouth read.
 */

export interface LipContours {
  across: Point;
  down: Point;
  /** Face-aligned coordinates (projections on `across` and `down`, pixels) of each contour, by ascending u. */
  upperOuter: Contour;
  upperInner: Contour;
  lowerInner: Contour;
  lowerOuter: Contour;
}

export interface Contour {
  u: Float64Array;
  v: Float64Array;
}

function contourOf(mesh: readonly Point[], indices: readonly number[], across: Point, down: Point): Contour {
  const pts = indices.map((i) => at(mesh, i)).map((p) => [p[0] * across[0] + p[1] * across[1], p[0] * down[0] + p[1] * down[1]] as const);
  pts.sort((a, b) => a[0] - b[0]);
  return { u: Float64Array.from(pts.map((p) => p[0])), v: Float64Array.from(pts.map((p) => p[1])) };
}

/** v of a contour at u (linear between its points, held flat beyond its ends). */
export function contourAt(contour: Contour, u: number): number {
  const { u: us, v: vs } = contour;
  const last = us.length - 1;
  if (u <= us[0]!) return vs[0]!;
  if (u >= us[last]!) return vs[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (us[mid]! <= u) lo = mid;
    else hi = mid;
  }
  const span = us[hi]! - us[lo]!;
  const t = span > 0 ? (u - us[lo]!) / span : 0;
  return vs[lo]! + t * (vs[hi]! - vs[lo]!);
}

export function lipContours(mesh: readonly Point[]): LipContours {
  const right = eyeCenter(mesh, RIGHT_EYE);
  const left = eyeCenter(mesh, LEFT_EYE);
  const len = Math.hypot(left[0] - right[0], left[1] - right[1]) || 1;
  const across: Point = [(left[0] - right[0]) / len, (left[1] - right[1]) / len];
  const down: Point = [-across[1], across[0]];
  return {
    across,
    down,
    upperOuter: contourOf(mesh, LIPS.upperOuter, across, down),
    upperInner: contourOf(mesh, LIPS.upperInner, across, down),
    lowerInner: contourOf(mesh, LIPS.lowerInner, across, down),
    lowerOuter: contourOf(mesh, LIPS.lowerOuter, across, down),
  };
}

/** Inner-lip gap at the mouth's centre ÷ eye distance, as the rig measures it. */
export function photoMouthGap(mesh: readonly Point[]): number {
  const c = lipContours(mesh);
  const top = at(mesh, LIPS.innerTop);
  const u = top[0] * c.across[0] + top[1] * c.across[1];
  return Math.max(0, contourAt(c.lowerInner, u) - contourAt(c.upperInner, u)) / interocularDistance(mesh);
}

/**
 * The inner-lip lines with their ends at the outer corners: an open mouth's dark inside
 * (and a broad smile's last teeth) reaches past the mesh's inner corners, nearly to the
 * outer ones, and a cover that stopped at the inner corners left it showing there.
 */
export function innerLinesToOuterCorners(mesh: readonly Point[], contours: LipContours): { upperInner: Contour; lowerInner: Contour } {
  const outerEnds = (indices: readonly number[]): number[] => indices.map((i) => (i === LIPS.innerCornerRight ? LIPS.cornerRight : i === LIPS.innerCornerLeft ? LIPS.cornerLeft : i));
  return {
    upperInner: contourOf(mesh, outerEnds(LIPS.upperInner), contours.across, contours.down),
    lowerInner: contourOf(mesh, outerEnds(LIPS.lowerInner), contours.across, contours.down),
  };
}
