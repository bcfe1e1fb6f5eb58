import { deformRig, type FramePose } from '../../src-main/engine/animate/deform.js';
import type { FaceScene } from '../../src-main/engine/animate/face-scene.js';
import { LIPS, type Point } from '../../src-main/engine/face/landmarks.js';
import { insidePolygon } from '../../src-main/engine/verify/mouth-artifacts.js';
import { drawnFrame, frameToRgb } from './drawn-frames.js';
import { twiceSignedArea } from './rig-triangles.js';

/**
 * Two defects of a drawn open mouth a viewer sees at normal size, measured on the frame
 * the drawer made (as RGB through ffmpeg) against where the drawer put the lips:
 *
 * - fangs: dark wedges at the mouth's corners, past the opening, into the lips and the skin;
 * - streaks: skin and lip below the mouth smeared into vertical lines as the jaw drops.
 */

const luma = (rgb: Buffer, p: number): number => 0.2126 * rgb[p]! + 0.7152 * rgb[p + 1]! + 0.0722 * rgb[p + 2]!;

/** A pose drawn, as RGB, with the drawn lips' outer line (frame pixels) and the frame's size. */
export interface DrawnMouth {
  rgb: Buffer;
  width: number;
  height: number;
  /** Outer lip line: upper lip corner to corner, then the lower lip back. */
  outline: Point[];
  /** The opening the inside is painted in (the rig's mouth polygon). */
  opening: Point[];
  /** The lower lip's inner and outer lines, corner to corner. */
  lowerInner: Point[];
  lowerOuter: Point[];
  iod: number;
  across: Point;
  down: Point;
}

/** Draws `pose` and reads back the frame, with where the drawer moved the lips' lines. */
export async function drawMouth(scene: FaceScene, pose: FramePose): Promise<DrawnMouth> {
  const { width, height, rig } = scene;
  const rgb = await frameToRgb(drawnFrame(scene, pose, width, height));
  // The drawer's own motion (drawPose scales the mouth up on small faces first).
  const gain = scene.mouthGain;
  const scaled = gain === 1 ? pose : { ...pose, mouthGap: pose.mouthGap * gain, jawOpen: (pose.jawOpen ?? pose.mouthGap) * gain };
  const dest = deformRig(rig, scaled, new Float64Array(rig.pointCount * 2));
  // The rig's first points are the face mesh's, in the mesh's order.
  const point = (i: number): Point => [dest[i * 2]!, dest[i * 2 + 1]!];
  return {
    rgb,
    width,
    height,
    outline: [...LIPS.upperOuter, ...[...LIPS.lowerOuter].reverse().slice(1, -1)].map(point),
    opening: rig.mouthPolygon.map(point),
    lowerInner: LIPS.lowerInner.map(point),
    lowerOuter: LIPS.lowerOuter.map(point),
    iod: rig.iod,
    across: rig.across,
    down: rig.down,
  };
}

function distanceToPolygon(x: number, y: number, polygon: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[j]!;
    const [bx, by] = polygon[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/**
 * Fangs: around each mouth corner (within 0.15 eye distances of the drawn outer corner),
 * the share of the pixels more than 1.5 px outside the painted opening (the lips and the
 * skin round the corner) darker than the photo's corner ever is (see `level`). The worse
 * corner's share.
 */
export function darkAroundCorners(open: DrawnMouth, rest: DrawnMouth): number {
  const last = LIPS.upperOuter.length - 1;
  const reach = 0.15 * open.iod;
  let worst = 0;
  for (const k of [0, last]) {
    const [cx, cy] = open.outline[k]!;
    const [rx, ry] = rest.outline[k]!;
    const restLumas: number[] = [];
    for (let y = Math.round(ry - reach); y <= Math.round(ry + reach); y++) {
      for (let x = Math.round(rx - reach); x <= Math.round(rx + reach); x++) restLumas.push(luma(rest.rgb, (y * rest.width + x) * 3));
    }
    // Darker than all but the darkest 1% of the photo's own corner at rest (its shadow, the
    // lips' closed seam): darkness the drawing brought, not the photo.
    const level = restLumas.sort((a, b) => a - b)[Math.floor(restLumas.length * 0.01)]!;
    let around = 0;
    let dark = 0;
    for (let y = Math.round(cy - reach); y <= Math.round(cy + reach); y++) {
      for (let x = Math.round(cx - reach); x <= Math.round(cx + reach); x++) {
        if (Math.hypot(x - cx, y - cy) > reach) continue;
        if (insidePolygon(x + 0.5, y + 0.5, open.opening) || distanceToPolygon(x + 0.5, y + 0.5, open.opening) < 1.5) continue;
        around++;
        if (luma(open.rgb, (y * open.width + x) * 3) < level) dark++;
      }
    }
    worst = Math.max(worst, around ? dark / around : 0);
  }
  return worst;
}

/**
 * Streaks: over the lower lip and the skin under it (from 2 px below the lower lip's inner
 * line to 0.2 eye distances below its outer line, the middle 70% of the mouth's width),
 * the energy of the luma's horizontal gradient against its vertical one. Texture stretched
 * down into lines raises it; the same band of the rest frame gives the photo's own.
 */
export function streakAnisotropy(m: DrawnMouth): number {
  const { across, down, rgb, width } = m;
  const toU = (p: Point): number => p[0] * across[0] + p[1] * across[1];
  const toV = (p: Point): number => p[0] * down[0] + p[1] * down[1];
  const lineAt = (line: Point[], u: number): number => {
    const pts = line.map((p) => [toU(p), toV(p)] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < pts.length - 1; i++) {
      const [ua, va] = pts[i]!;
      const [ub, vb] = pts[i + 1]!;
      if (u >= ua && u <= ub) return va + ((u - ua) / (ub - ua || 1)) * (vb - va);
    }
    return u < pts[0]![0] ? pts[0]![1] : pts[pts.length - 1]![1];
  };
  const us = m.lowerOuter.map(toU);
  const u0 = Math.min(...us);
  const u1 = Math.max(...us);
  const from = u0 + 0.15 * (u1 - u0);
  const to = u1 - 0.15 * (u1 - u0);
  let gx = 0;
  let gy = 0;
  const xs = m.lowerOuter.map((p) => p[0]);
  const ys = [...m.lowerInner, ...m.lowerOuter].map((p) => p[1]);
  for (let y = Math.floor(Math.min(...ys)) - 2; y <= Math.ceil(Math.max(...ys) + 0.25 * m.iod); y++) {
    for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
      const u = toU([x, y]);
      if (u < from || u > to) continue;
      const v = toV([x, y]);
      if (v < lineAt(m.lowerInner, u) + 2 || v > lineAt(m.lowerOuter, u) + 0.2 * m.iod) continue;
      const p = (y * width + x) * 3;
      gx += Math.abs(luma(rgb, p + 3) - luma(rgb, p - 3));
      gy += Math.abs(luma(rgb, p + width * 3) - luma(rgb, p - width * 3));
    }
  }
  return gx / Math.max(1e-9, gy);
}

/**
 * Folds: the area (px²) of the warp's triangles that the pose turns over, outside the painted
 * opening (whose inside is painted over). A turned-over triangle shows its piece of the
 * photo mirrored and smeared over its neighbours: the lip folded over itself into
 * notches and streaks, a corner's shadow into a wedge.
 */
export function foldedArea(scene: FaceScene, pose: FramePose): number {
  const { rig } = scene;
  const gain = scene.mouthGain;
  const scaled = gain === 1 ? pose : { ...pose, mouthGap: pose.mouthGap * gain, jawOpen: (pose.jawOpen ?? pose.mouthGap) * gain };
  const dest = deformRig(rig, scaled, new Float64Array(rig.pointCount * 2));
  const opening = rig.mouthPolygon.map((i) => [dest[i * 2]!, dest[i * 2 + 1]!] as Point);
  const area = (p: Float64Array, a: number, b: number, c: number): number => twiceSignedArea(p, a, b, c) / 2;
  let folded = 0;
  for (let t = 0; t < rig.triangles.length; t += 3) {
    const a = rig.triangles[t]!;
    const b = rig.triangles[t + 1]!;
    const c = rig.triangles[t + 2]!;
    const before = area(rig.source, a, b, c);
    const after = area(dest, a, b, c);
    if (Math.sign(before) === Math.sign(after)) continue;
    if (insidePolygon((dest[a * 2]! + dest[b * 2]! + dest[c * 2]!) / 3, (dest[a * 2 + 1]! + dest[b * 2 + 1]! + dest[c * 2 + 1]!) / 3, opening)) continue;
    folded += Math.abs(after);
  }
  return folded;
}
