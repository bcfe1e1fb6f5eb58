import { at, IRIS_FIRST, LEFT_EYE, NOSE_TIP, RIGHT_EYE, type Point } from '../face/landmarks.js';

/**
 * Head yaw and pitch of one frame's face mesh against a reference frame's 3D mesh, by the
 * standard weak-perspective pose fit (scaled orthographic projection, as in POSIT's first
 * step): the 2×3 affine map that best takes the reference's rigid points (x, y, z) onto the
 * frame's (x, y) is a scaled pair of rotation rows; made orthonormal, its third row
 * completes the rotation. Only points rigid with the skull take part: the nose, the eye
 * corners, the forehead, the cheekbones and the face's sides (no lips, lids, brows or jaw,
 * which move on their own).
 */

/** Nose ridge and tip, eye corners, forehead, cheekbones, temples and the face's sides. */
export const RIGID_POINTS = [1, 4, 5, 6, 168, 197, 195, 9, 151, 33, 133, 263, 362, 10, 109, 338, 67, 297, 103, 332, 54, 284, 21, 251, 162, 389, 127, 356, 116, 345, 143, 372] as const;

/**
 * Every mesh point of the upper face (down to the nose tip's level) except the lids and the
 * brows: a couple of hundred points, whose whole-pixel rounding averages out in the fit.
 */
export function upperFacePoints(mesh: readonly Point[]): number[] {
  const moving = new Set<number>([...RIGHT_EYE.upperLid, ...RIGHT_EYE.lowerLid, ...RIGHT_EYE.brow, ...LEFT_EYE.upperLid, ...LEFT_EYE.lowerLid, ...LEFT_EYE.brow]);
  const noseY = at(mesh, NOSE_TIP)[1];
  const out: number[] = [];
  for (let i = 0; i < IRIS_FIRST; i++) if (!moving.has(i) && at(mesh, i)[1] <= noseY) out.push(i);
  return out;
}

export interface HeadAngles {
  /** Degrees; positive: the face turned to the image's right. */
  yawDeg: number;
  /** Degrees; positive: the chin went down. */
  pitchDeg: number;
  /** Degrees, in the picture plane; positive: clockwise in the image. */
  rollDeg: number;
}

type Vec3 = [number, number, number];

function solve3(m: number[][], b: Vec3): Vec3 | undefined {
  const det = (a: number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) - a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) + a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  if (Math.abs(d) < 1e-12) return undefined;
  const out: Vec3 = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const mc = m.map((row, r) => row.map((v, j) => (j === c ? b[r]! : v)));
    out[c] = det(mc) / d;
  }
  return out;
}

const norm = (v: Vec3): number => Math.hypot(v[0], v[1], v[2]);
const scale = (v: Vec3, s: number): Vec3 => [v[0] * s, v[1] * s, v[2] * s];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/**
 * The frame's head angles relative to the reference (whose pose reads as 0, 0, 0).
 * `referenceDepth` is the reference mesh's z per point (the face model's, pixels).
 */
export function headAngles(reference: readonly Point[], referenceDepth: readonly number[], frame: readonly Point[], points: readonly number[] = RIGID_POINTS): HeadAngles | undefined {
  const ids = points.filter((i) => reference[i] && frame[i] && Number.isFinite(referenceDepth[i]));
  if (ids.length < 8) return undefined;
  const mean = (f: (i: number) => number): number => ids.reduce((s, i) => s + f(i), 0) / ids.length;
  const rc: Vec3 = [mean((i) => reference[i]![0]), mean((i) => reference[i]![1]), mean((i) => referenceDepth[i]!)];
  const fc = [mean((i) => frame[i]![0]), mean((i) => frame[i]![1])];
  // Normal equations: (XᵀX) m = Xᵀ x for each image axis.
  const xtx = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const xtu: Vec3 = [0, 0, 0];
  const xtv: Vec3 = [0, 0, 0];
  for (const i of ids) {
    const X: Vec3 = [reference[i]![0] - rc[0], reference[i]![1] - rc[1], referenceDepth[i]! - rc[2]];
    const u = frame[i]![0] - fc[0]!;
    const v = frame[i]![1] - fc[1]!;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) xtx[r]![c]! += X[r]! * X[c]!;
      xtu[r] = xtu[r]! + X[r]! * u;
      xtv[r] = xtv[r]! + X[r]! * v;
    }
  }
  const m1 = solve3(xtx, xtu);
  const m2 = solve3(xtx, xtv);
  if (!m1 || !m2 || norm(m1) === 0 || norm(m2) === 0) return undefined;
  // The nearest orthonormal pair: split the angle between the two rows evenly.
  const a = scale(m1, 1 / norm(m1));
  const b = scale(m2, 1 / norm(m2));
  const sum = scale([a[0] + b[0], a[1] + b[1], a[2] + b[2]], 1);
  const diff: Vec3 = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const s = scale(sum, 1 / norm(sum));
  const d = scale(diff, 1 / (norm(diff) || 1));
  const r1 = scale([s[0] + d[0], s[1] + d[1], s[2] + d[2]], Math.SQRT1_2);
  const r2 = scale([s[0] - d[0], s[1] - d[1], s[2] - d[2]], Math.SQRT1_2);
  const r3 = cross(r1, r2);
  // R = Rx(pitch)·Ry(yaw)·Rz(roll) read off its entries (small angles: no gimbal concerns).
  const yaw = Math.asin(Math.max(-1, Math.min(1, -r1[2])));
  const pitch = Math.atan2(-r2[2], r3[2]);
  const roll = Math.atan2(r2[0], r2[1]);
  const deg = 180 / Math.PI;
  return { yawDeg: yaw * deg, pitchDeg: pitch * deg, rollDeg: roll * deg };
}
