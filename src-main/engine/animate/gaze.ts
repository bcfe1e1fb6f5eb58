import { planesOf, type YuvFrame } from '../encode/yuv.js';
import { at, eyeCenter, IRIS_FIRST, LEFT_EYE, RIGHT_EYE, type EyeIndices, type Point } from '../face/landmarks.js';
import type { Plane } from './warp.js';

/**
 * Where the eyes look: mostly into the camera, with the small glances away a speaker
 * makes, and the photo's own iris moved within the eye's opening to show it.
 *
 * The plan (planGaze) follows what is measured of gaze in conversation: a speaker looks at
 * the listener much of the time and glances away most around the start of an utterance
 * (Kendon 1967, "Some functions of gaze-direction in social interaction", Acta Psychol
 * 26:22); a glance is one to three fixations of 150–600 ms (fixations in scene viewing
 * last 200–300 ms on average, Rayner 1998, Psychol Bull 124:372), joined by saccades of
 * a few degrees that last 20–40 ms (the main sequence, about 2.2 ms per degree plus 21 ms:
 * one frame). Talking presenters address the camera, so here about three quarters of the
 * time the eyes are exactly at the camera: on those frames nothing is redrawn.
 *
 * The drawing moves the iris by whole pixels (so the iris itself is copied, not blurred),
 * the white around it stretching and compressing, and never reads a pixel from outside
 * the opening between the lids: lashes and lids are never pulled over the eye.
 */

/** Eyeball radius over the distance between the eyes (about 12 mm against 63 mm). */
const EYEBALL_IOD = 0.19;
const DEGREE = Math.PI / 180;

export interface GazePlan {
  /** Iris offset per frame, in eye distances (x across the image, y down it). */
  gazeX: Float32Array;
  gazeY: Float32Array;
}

/** Iris offset (eye distances) for an eye turned by `deg` degrees. */
export function irisOffsetFor(deg: number): number {
  return EYEBALL_IOD * Math.sin(deg * DEGREE);
}

/**
 * `speaking` 0–1 per frame (smoothed), `blink` the lids' closure: a saccade never starts
 * while the lid is moving (the eye would jump under a half-closed lid).
 */
export function planGaze(frameCount: number, fps: number, speaking: ArrayLike<number>, blink: ArrayLike<number>, random: () => number): GazePlan {
  const gazeX = new Float32Array(frameCount);
  const gazeY = new Float32Array(frameCount);
  const duration = frameCount / fps;
  const clearOfBlink = (k: number): number => {
    while (k < frameCount && (blink[k] ?? 0) > 0.02) k++;
    return k;
  };
  let t = 0.8 + random() * 1.5;
  while (t < duration) {
    // Glance away as speech starts after a pause, when one comes within half a second.
    let k = Math.round(t * fps);
    for (let d = 0; d < Math.round(0.5 * fps); d++) {
      if ((speaking[k + d - 1] ?? 1) < 0.05 && (speaking[k + d] ?? 0) >= 0.05) {
        k += d;
        break;
      }
    }
    k = clearOfBlink(k);
    // Sideways, 3–6 degrees: a speaker's glances away are mostly horizontal, and an iris
    // moved up or down slides under a lid, which a viewer (and the app's own blink check)
    // reads as the lid moving.
    const amplitude = 3 + 3 * random();
    const side = random() < 0.5 ? -1 : 1;
    const fixations = 1 + Math.floor(random() * random() * 3);
    let x = side * irisOffsetFor(amplitude);
    for (let f = 0; f < fixations && k < frameCount; f++) {
      // A fixation that a blink interrupts lasts until the lids are still again.
      const until = clearOfBlink(k + Math.round((0.15 + 0.45 * random()) * fps));
      for (let j = k; j < Math.min(frameCount, until); j++) {
        gazeX[j] = x;
      }
      k = until;
      // The next fixation nearby: a smaller step, same side.
      x += side * irisOffsetFor(-1.5 + 3 * random());
    }
    // Back at the camera for 1–3 s.
    t = k / fps + 1 + 2 * random();
  }
  return { gazeX, gazeY };
}

interface EyeGaze {
  eye: EyeIndices;
  /** Iris centre and radius in frame pixels, and the eye contour's mean point it is tied to. */
  iris: Point;
  radius: number;
  anchor: Point;
}

export interface Gaze {
  eyes: EyeGaze[];
}

const CONTOUR = (eye: EyeIndices): number[] => [eye.outerCorner, ...eye.upperLid, eye.innerCorner, ...eye.lowerLid];

function meanOf(points: Float64Array | readonly Point[], slots: number[]): Point {
  let x = 0;
  let y = 0;
  for (const s of slots) {
    const p = points instanceof Float64Array ? [points[s * 2]!, points[s * 2 + 1]!] : points[s]!;
    x += p[0]!;
    y += p[1]!;
  }
  return [x / slots.length, y / slots.length];
}

/**
 * An iris under this radius in the photo's own pixels is a blurred blob with no detail to
 * move (the 240p fixture's is 2.1 px; every other fixture's 6–11): moving it smeared the
 * eye, and the app's frame check read each glance as a blink.
 */
const MIN_IRIS_PHOTO_PX = 3;

/**
 * Reads each eye's iris from the mesh in frame pixels (468–477: two centres, each with four
 * rim points); `photoScale` is frame pixels per photo pixel.
 */
export function prepareGaze(mesh: readonly Point[], photoScale = 1): Gaze | undefined {
  if (mesh.length < IRIS_FIRST + 10) return undefined;
  const irises = [IRIS_FIRST, IRIS_FIRST + 5].map((c) => {
    const center = at(mesh, c);
    let r = 0;
    for (let i = 1; i <= 4; i++) r += Math.hypot(at(mesh, c + i)[0] - center[0], at(mesh, c + i)[1] - center[1]);
    return { center, radius: r / 4 };
  });
  const eyes = [RIGHT_EYE, LEFT_EYE].map((eye) => {
    const middle = eyeCenter(mesh, eye);
    const nearest = irises.reduce((a, b) => (Math.hypot(a.center[0] - middle[0], a.center[1] - middle[1]) <= Math.hypot(b.center[0] - middle[0], b.center[1] - middle[1]) ? a : b));
    return { eye, iris: nearest.center, radius: nearest.radius, anchor: meanOf(mesh, CONTOUR(eye)) };
  });
  // An iris the mesh put outside its eye (a closed or hidden eye): no gaze to draw.
  if (eyes.some((e) => !(e.radius > MIN_IRIS_PHOTO_PX * photoScale) || Math.hypot(e.iris[0] - e.anchor[0], e.iris[1] - e.anchor[1]) > 4 * e.radius)) return undefined;
  return { eyes };
}

function along(xs: number[], ys: number[], x: number): number {
  if (x <= xs[0]!) return ys[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]!) {
      const span = xs[i]! - xs[i - 1]!;
      return span > 1e-6 ? ys[i - 1]! + ((x - xs[i - 1]!) / span) * (ys[i]! - ys[i - 1]!) : ys[i]!;
    }
  }
  return ys[ys.length - 1]!;
}

/**
 * Moves both irises by (gazeX, gazeY) eye distances in an already drawn frame. `dest` is
 * the rig's points this frame (the eyes follow the head); `iod` converts to pixels.
 */
export function moveIrises(frame: YuvFrame, gaze: Gaze | undefined, dest: Float64Array, iod: number, gazeX: number, gazeY: number): void {
  if (!gaze) return;
  const dx = Math.round(gazeX * iod);
  const dy = Math.round(gazeY * iod);
  if (dx === 0 && dy === 0) return;
  const planes = planesOf(frame);
  for (const eye of gaze.eyes) moveIris(planes, eye, dest, dx, dy);
}

function moveIris(planes: { y: Plane; u: Plane; v: Plane }, { eye, iris, radius, anchor }: EyeGaze, dest: Float64Array, dx: number, dy: number): void {
  const upperPts = [eye.outerCorner, ...eye.upperLid, eye.innerCorner].map((s) => [dest[s * 2]!, dest[s * 2 + 1]!] as const).sort((a, b) => a[0] - b[0]);
  const lowerPts = [eye.outerCorner, ...eye.lowerLid, eye.innerCorner].map((s) => [dest[s * 2]!, dest[s * 2 + 1]!] as const).sort((a, b) => a[0] - b[0]);
  const ux = upperPts.map((p) => p[0]);
  const uy = upperPts.map((p) => p[1]);
  const lx = lowerPts.map((p) => p[0]);
  const ly = lowerPts.map((p) => p[1]);
  const now = meanOf(dest, CONTOUR(eye));
  const cx = iris[0] + now[0] - anchor[0];
  const cy = iris[1] + now[1] - anchor[1];
  const x0 = Math.ceil(ux[0]!);
  const x1 = Math.floor(ux[ux.length - 1]!);
  // The lids' heights tabulated per column once a frame (looked up per pixel, twice).
  const tableX0 = Math.floor(ux[0]!);
  const columns = Math.ceil(ux[ux.length - 1]!) - tableX0 + 2;
  const upperAt = Float64Array.from({ length: columns }, (_, i) => along(ux, uy, tableX0 + i));
  const lowerAt = Float64Array.from({ length: columns }, (_, i) => along(lx, ly, tableX0 + i));
  const inside = (x: number, y: number): boolean => {
    if (!(x > ux[0]! && x < ux[ux.length - 1]!)) return false;
    const f = x - tableX0;
    const i = f | 0;
    const t = f - i;
    return y > upperAt[i]! + (upperAt[i + 1]! - upperAt[i]!) * t && y < lowerAt[i]! + (lowerAt[i + 1]! - lowerAt[i]!) * t;
  };
  // The iris itself moves rigidly; the white within one more radius follows less and less.
  const weight = (x: number, y: number): number => {
    const d = Math.hypot(x - (cx + dx), y - (cy + dy));
    const s = Math.min(1, Math.max(0, (d - radius * 1.05) / radius));
    return 1 - s * s * (3 - 2 * s);
  };
  const top = Math.floor(Math.min(...uy));
  const bottom = Math.ceil(Math.max(...ly));
  resample(planes.y, x0, x1, top, bottom, 1, (x, y) => {
    if (!inside(x, y)) return undefined;
    const w = weight(x, y);
    if (w <= 0) return undefined;
    const sx = x - dx * w;
    const sy = y - dy * w;
    return inside(sx, sy) ? [sx, sy] : undefined;
  });
  for (const plane of [planes.u, planes.v]) {
    resample(plane, x0 >> 1, x1 >> 1, top >> 1, bottom >> 1, 2, (x, y) => {
      const lx2 = x * 2 + 0.5;
      const ly2 = y * 2 + 0.5;
      if (!inside(lx2, ly2)) return undefined;
      const w = weight(lx2, ly2);
      if (w <= 0) return undefined;
      const sx = lx2 - dx * w;
      const sy = ly2 - dy * w;
      return inside(sx, sy) ? [(sx - 0.5) / 2, (sy - 0.5) / 2] : undefined;
    });
  }
}

/** Rewrites a box of one plane: each pixel the map sends somewhere takes the (bilinear) value found there in the box as it was. */
function resample(plane: Plane, x0: number, x1: number, y0: number, y1: number, pad: number, map: (x: number, y: number) => [number, number] | undefined): void {
  const bx0 = Math.max(0, x0 - pad - 2);
  const by0 = Math.max(0, y0 - pad - 2);
  const bx1 = Math.min(plane.width - 1, x1 + pad + 2);
  const by1 = Math.min(plane.height - 1, y1 + pad + 2);
  const w = bx1 - bx0 + 1;
  const h = by1 - by0 + 1;
  if (w <= 1 || h <= 1) return;
  const copy = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const start = plane.offset + (by0 + y) * plane.width + bx0;
    copy.set(plane.data.subarray(start, start + w), y * w);
  }
  for (let y = Math.max(by0, y0); y <= Math.min(by1, y1); y++) {
    for (let x = Math.max(bx0, x0); x <= Math.min(bx1, x1); x++) {
      const to = map(x, y);
      if (!to) continue;
      const px = Math.min(w - 1.001, Math.max(0, to[0] - bx0));
      const py = Math.min(h - 1.001, Math.max(0, to[1] - by0));
      const ix = px | 0;
      const iy = py | 0;
      const fx = px - ix;
      const fy = py - iy;
      const p = iy * w + ix;
      const upper = copy[p]! + (copy[p + 1]! - copy[p]!) * fx;
      const lower = copy[p + w]! + (copy[p + w + 1]! - copy[p + w]!) * fx;
      plane.data[plane.offset + y * plane.width + x] = upper + (lower - upper) * fy + 0.5;
    }
  }
}
