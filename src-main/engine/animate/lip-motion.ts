import { at, LIPS, type Point } from '../face/landmarks.js';
import { contourAt, type Contour } from './lip-contours.js';

/**
 * How the lips move as the mouth opens, per face-mesh point on or inside them: the jaw
 * carries the lower lip, the upper lip lifts a little, each inner-lip point by its own
 * column's share of the gap (so the lips meet evenly when they close), and towards each
 * corner every line of both lips bends to the corner's own drop, so that the lips meet at
 * the corner and the opening tapers into it.
 *
 * A point's motion is [gain, offset]: it moves along the face's `down` by gain × the pose's
 * gap at the mouth's centre (px) − offset.
 */

/** How far each mouth corner goes down as the lips part, as a share of the gap's change at the centre. */
export const CORNER_SHARE = 0.35;
/** Over how much of each half of the mouth (from the corner in) the lips bend to the corner's drop. */
const CORNER_BEND = 0.22;

/**
 * The face mesh's two rows inside each lip, corner to corner (the mesh's semi-outer and
 * semi-inner lip rings): they belong to their lip whichever side of the seam the cover left
 * them (it squeezes rows the photo showed inside an open mouth onto the seam).
 */
const UPPER_ROWS = new Set([76, 184, 74, 73, 72, 11, 302, 303, 304, 408, 306, 62, 183, 42, 41, 38, 12, 268, 271, 272, 407, 292]);
const LOWER_ROWS = new Set([77, 90, 180, 85, 16, 315, 404, 320, 307, 96, 89, 179, 86, 15, 316, 403, 319, 325]);

export interface LipMotionInput {
  mesh: readonly Point[];
  /** Face-aligned coordinates of a point: across and down the face from the mouth's centre, IOD. */
  toFace: (p: Point) => Point;
  down: Point;
  iod: number;
  /** The photo's gap at the mouth's centre, px. */
  sourceCenterGap: number;
  /** The mouth was closed by the cover: its inner corners lie on the seam, on the upper lip's inner line. */
  mouthToOuterCorners: boolean;
}

/** The motion of a mesh point (by index) on or inside the lips; undefined for any other point. */
export function lipMotion(input: LipMotionInput): (index: number) => [number, number] | undefined {
  const { mesh, toFace, down, iod, sourceCenterGap: gap0, mouthToOuterCorners } = input;
  // Where the opening ends on each side (IOD from the mouth's centre): the outer corners where
  // the cover closed the mouth that far (inner-lip points beyond the mesh's inner corners
  // stayed shut while the outer corner dropped, and the lower lip tore there), else the inner
  // ones. Each side its own: on a turned face one corner is nearer the centre, and a
  // half-width shared by both never reached that corner (its lips neither met nor bent to it).
  const [right, left] = mouthToOuterCorners ? [LIPS.cornerRight, LIPS.cornerLeft] : [LIPS.innerCornerRight, LIPS.innerCornerLeft];
  const uRight = Math.min(-0.05, toFace(at(mesh, right))[0]);
  const uLeft = Math.max(0.05, toFace(at(mesh, left))[0]);
  const upperInner = new Set<number>(LIPS.upperInner);
  const lowerInner = new Set<number>(LIPS.lowerInner);
  const upperOuter = new Set<number>(LIPS.upperOuter);
  const lowerOuter = new Set<number>(LIPS.lowerOuter);
  const innerCorners = new Set<number>([LIPS.innerCornerLeft, LIPS.innerCornerRight]);
  const outerCorners = new Set<number>([LIPS.cornerLeft, LIPS.cornerRight]);
  // Each inner-lip point's partner on the other lip (same column).
  const partner = new Map<number, number>();
  LIPS.lowerInner.forEach((lower, i) => partner.set(lower, LIPS.upperInner[i]!));
  LIPS.upperInner.forEach((upper, i) => partner.set(upper, LIPS.lowerInner[i]!));
  const lines = lipLines(mesh, toFace);

  return (idx) => {
    const p = at(mesh, idx);
    const [u, v] = toFace(p);
    // 0 at the corner, 1 at the centre (and beyond the corner, 0: the lips there are shut).
    const across01 = Math.max(0, u < 0 ? 1 - u / uRight : 1 - u / uLeft);
    // The gap across the mouth: a lens, tapering into each corner. An ellipse's blunt ends
    // held the lips 16 px apart 10 px from rgba-speaker's corner, a dark block at the corner.
    const profile = 1 - (1 - across01) ** 2;
    // A corner that dropped while the lips beside it stayed (the upper lip even lifted)
    // turned the upper lip's end down into a spike and the opening's end into a dark wedge
    // past the lips ("fangs").
    const bend = smoothstep(0, CORNER_BEND, across01);
    const toCorner = (share: number): number => bend * share + (1 - bend) * CORNER_SHARE;
    const outer = (lower: boolean): [number, number] => {
      const share = toCorner((lower ? 0.85 : -0.1) * (0.35 + 0.65 * profile));
      return [share, share * gap0];
    };
    const inner = (lower: boolean, ownGap: number): [number, number] => {
      const share = lower ? 0.85 : -0.15;
      return [toCorner(share * profile), bend * share * ownGap + (1 - bend) * CORNER_SHARE * gap0];
    };
    if (outerCorners.has(idx) || (innerCorners.has(idx) && !mouthToOuterCorners)) return [CORNER_SHARE, CORNER_SHARE * gap0];
    // Closed by the cover, an inner corner is a point of the seam the upper lip's inner line runs through.
    if (innerCorners.has(idx)) return inner(false, 0);
    if (upperInner.has(idx) || lowerInner.has(idx)) {
      const other = at(mesh, partner.get(idx)!);
      return inner(lowerInner.has(idx), Math.abs((other[0] - p[0]) * down[0] + (other[1] - p[1]) * down[1]));
    }
    if (upperOuter.has(idx) || lowerOuter.has(idx)) return outer(lowerOuter.has(idx));
    const lower = LOWER_ROWS.has(idx) ? true : UPPER_ROWS.has(idx) ? false : undefined;
    if (lower === undefined) return undefined;
    // Inside a lip: as far between its two lines' motions as it lies between the lines.
    // Moved as skin, the inner line overtook these rows as the lips parted and the lip
    // folded over itself into vertical streaks and notches.
    const at01 = lines(u, v, lower);
    const a = inner(lower, at01.innerGap * iod);
    const b = outer(lower);
    return [(1 - at01.t) * a[0] + at01.t * b[0], (1 - at01.t) * a[1] + at01.t * b[1]];
  };
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/**
 * Where a point lies between its lip's inner line (0) and outer line (1), and the gap
 * between the inner lines in its column (IOD). The inner lines run to the outer corners,
 * where the lips meet.
 */
function lipLines(mesh: readonly Point[], toFace: (p: Point) => Point): (u: number, v: number, lower: boolean) => { t: number; innerGap: number } {
  const toOuterCorner = (i: number): number => (i === LIPS.innerCornerRight ? LIPS.cornerRight : i === LIPS.innerCornerLeft ? LIPS.cornerLeft : i);
  const line = (indices: readonly number[]): Contour => {
    const pts = indices.map((i) => toFace(at(mesh, toOuterCorner(i)))).sort((a, b) => a[0] - b[0]);
    return { u: Float64Array.from(pts.map((p) => p[0])), v: Float64Array.from(pts.map((p) => p[1])) };
  };
  const upperOuter = line(LIPS.upperOuter);
  const upperInner = line(LIPS.upperInner);
  const lowerInner = line(LIPS.lowerInner);
  const lowerOuter = line(LIPS.lowerOuter);
  return (u, v, lower) => {
    const ui = contourAt(upperInner, u);
    const li = contourAt(lowerInner, u);
    const innerGap = Math.max(0, li - ui);
    const [from, to] = lower ? [li, contourAt(lowerOuter, u)] : [ui, contourAt(upperOuter, u)];
    return { t: Math.min(1, Math.max(0, (v - from) / (Math.abs(to - from) > 1e-6 ? to - from : 1e-6))), innerGap };
  };
}
