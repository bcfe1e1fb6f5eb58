import { at, distance, type EyeIndices, type Point } from '../face/landmarks.js';
import { countDips, median } from './stats.js';

/**
 * How dark the eye is where a viewer sees it: the 10th-percentile luma (0–255) of a box
 * between the eye's corners (70% of the eye's width across, 30% high). An open eye shows
 * its iris, pupil and lash line there; a closed lid covers them with skin, and the box
 * brightens. Only the corners come from the mesh, and they stay put through a blink, so a
 * mesh that under-reads closed lids on a small face (or whose lids shift with the mouth's
 * pixels) does not hide it.
 */
export function eyeShade(rgb: Uint8Array | Buffer, width: number, height: number, mesh: ArrayLike<Point>, eye: EyeIndices): number {
  return eyeBoxLuma(rgb, width, height, mesh, eye, 0.1);
}

/**
 * The q-quantile luma of the same box: at q = 0.9 an open eye's box reads the skin and
 * the white of the eye, the level a fully closed lid brings the 10th percentile up to.
 */
export function eyeBoxLuma(rgb: Uint8Array | Buffer, width: number, height: number, mesh: ArrayLike<Point>, eye: EyeIndices, q: number): number {
  return boxQuantile((i) => Math.round(0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!), width, height, mesh, eye, q);
}

/** The same on a luma plane (a decoded frame's Y): the judge's per-frame pass reads frames as YUV. */
export function eyePlaneLuma(luma: Uint8Array, width: number, height: number, mesh: ArrayLike<Point>, eye: EyeIndices, q: number): number {
  return boxQuantile((i) => luma[i]!, width, height, mesh, eye, q);
}

function boxQuantile(lumaAt: (pixel: number) => number, width: number, height: number, mesh: ArrayLike<Point>, eye: EyeIndices, q: number): number {
  const a = at(mesh, eye.outerCorner);
  const b = at(mesh, eye.innerCorner);
  const w = distance(a, b);
  const cx = (a[0] + b[0]) / 2;
  const cy = (a[1] + b[1]) / 2;
  const x0 = Math.max(0, Math.round(cx - w * 0.35));
  const x1 = Math.min(width - 1, Math.round(cx + w * 0.35));
  const y0 = Math.max(0, Math.round(cy - w * 0.15));
  const y1 = Math.min(height - 1, Math.round(cy + w * 0.15));
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      histogram[lumaAt(y * width + x)]!++;
      n++;
    }
  }
  if (!n) return NaN;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= n * q) return v;
  }
  return 255;
}

/**
 * Frames where the eyes' shades (one series per eye, NaN where no face was found) say the
 * lids are closed. Each eye's shade is put in its own noise widths (robust: median and MAD,
 * at least one grey level), the two eyes are summed (÷√2, still one noise width), and a
 * closed frame stands BLINK_Z noise widths brighter than the open eyes. Measured at
 * 432×768: the drawn blinks peak at 11–30 noise widths on five of the six fixtures, frames
 * without a blink stay under 5 (under 2.5 in a video drawn without blinks).
 */
export const BLINK_Z = 6;

export function shadeClosedFrames(eyes: ReadonlyArray<ArrayLike<number>>, z = BLINK_Z): boolean[] {
  const scores = eyes.map((series) => {
    const values = Array.from(series);
    const valid = values.filter((v) => !Number.isNaN(v));
    const base = median(valid);
    const noise = Math.max(1, 1.4826 * median(valid.map((v) => Math.abs(v - base))));
    return values.map((v) => (v - base) / noise);
  });
  const length = Math.min(...scores.map((s) => s.length));
  // NaN (no face) compares false: not closed.
  return Array.from({ length }, (_, k) => scores.reduce((sum, s) => sum + s[k]!, 0) / Math.sqrt(scores.length) > z);
}

/**
 * Blinks from the frames seen closed (by the shade, the mesh's lids, or both): runs of
 * closed frames, a run at most `mergeGap` frames after the last one being the same blink
 * lost for a frame or two.
 */
export function countClosedRuns(closed: ReadonlyArray<boolean>, mergeGap: number): number {
  return countDips(closed.map((c) => (c ? 0 : 1)), 0.5, mergeGap);
}
