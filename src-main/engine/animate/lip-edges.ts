import { sampleBilinear } from './bilinear.js';
import { contourAt, type Contour } from './lip-contours.js';

/**
 * Where each lip really ends, column by column, in a photo whose mouth is open. The mesh's
 * inner-lip line is a few pixels off on most photos (on a wide-open mouth it sits on the
 * teeth, and its inner corners stop short of the dark inside that reaches the outer
 * corners), and a lip stretched over the gap from that line carried a tooth's edge or a
 * dark corner with it (issue 14: pale bands and flat blocks on the open-mouth fixture).
 * Scanning inwards from each lip's outer line, the lip ends at the first pixel that is not
 * lip-coloured: the teeth (bright, colourless) or the inside of the mouth (dark).
 */

export interface LipEdges {
  /** u of the first column, one column per pixel. */
  u0: number;
  /** Upper lip's inner edge and lower lip's inner edge (v, pixels) per column. */
  upper: Float64Array;
  lower: Float64Array;
}

export interface LipOutline {
  upperOuter: Contour;
  lowerOuter: Contour;
  /** The inner-lip line from outer corner to outer corner (the mesh's, its corners moved out). */
  upperInner: Contour;
  lowerInner: Contour;
  across: readonly [number, number];
  down: readonly [number, number];
}

interface Colour {
  luma: number;
  /** How much redder than grey, per unit of luma: lips 0.15–0.5, teeth under ~0.06. */
  redness: number;
}

function colourOf(r: number, g: number, b: number): Colour {
  const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return { luma, redness: (r - (g + b) / 2) / Math.max(16, luma) };
}

/**
 * A pixel belongs to the lip when it is neither much darker (the mouth's inside, its
 * shadowed rim) nor paler and brighter (teeth, even in the upper lip's shadow, where they
 * read brown: 0.54 redness against the dark lip's 0.96 on the open-mouth fixture). A wet
 * highlight on the lip can count as not lip; that only keeps a little of the lip unused.
 */
function isLip(c: Colour, lip: Colour): boolean {
  if (c.luma < 0.62 * lip.luma) return false;
  if (c.luma > lip.luma + 12 && c.redness < Math.max(0.12, 0.65 * lip.redness)) return false;
  return true;
}

/** Median of each channel over the middle of a lip (between its outer and inner lines), central columns. */
function lipColour(rgb: Uint8Array, width: number, height: number, o: LipOutline, outer: Contour, inner: Contour, uFrom: number, uTo: number): Colour {
  const rs: number[] = [];
  const gs: number[] = [];
  const bs: number[] = [];
  const px = [0, 0, 0];
  const span = uTo - uFrom;
  for (let u = uFrom + 0.25 * span; u <= uTo - 0.25 * span; u += 1) {
    const a = contourAt(outer, u);
    const b = contourAt(inner, u);
    for (let t = 0.3; t <= 0.61; t += 0.15) {
      const v = a + (b - a) * t;
      sampleBilinear(rgb, width, height, u * o.across[0] + v * o.down[0], u * o.across[1] + v * o.down[1], px);
      rs.push(px[0]!);
      gs.push(px[1]!);
      bs.push(px[2]!);
    }
  }
  const median = (xs: number[]): number => xs.sort((x, y) => x - y)[xs.length >> 1] ?? 0;
  return colourOf(median(rs), median(gs), median(bs));
}

/**
 * The edge as a smooth line that never reaches into what lies beyond it: the furthest
 * point towards its lip (`towardsLip`: the side the lip lies on in v, −1 for the upper lip)
 * over a few columns, so the gaps between teeth and a gum's pink do not notch it, then a
 * Gaussian across columns that never moves it off the lip past the column's own edge.
 */
function smoothEdge(values: Float64Array, towardsLip: 1 | -1, halfWindow: number, sigma: number): Float64Array {
  const n = values.length;
  const held = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = values[i]!;
    for (let k = Math.max(0, i - halfWindow); k <= Math.min(n - 1, i + halfWindow); k++) best = towardsLip > 0 ? Math.max(best, values[k]!) : Math.min(best, values[k]!);
    held[i] = best;
  }
  const out = new Float64Array(n);
  const reach = Math.ceil(2.5 * sigma);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let weights = 0;
    for (let k = Math.max(0, i - reach); k <= Math.min(n - 1, i + reach); k++) {
      const w = Math.exp(-0.5 * ((k - i) / sigma) ** 2);
      sum += w * held[k]!;
      weights += w;
    }
    out[i] = towardsLip > 0 ? Math.max(values[i]!, sum / weights) : Math.min(values[i]!, sum / weights);
  }
  return out;
}

/**
 * Scans each column of the mouth (from `uFrom` to `uTo`, outer corner to outer corner) for
 * the lips' inner edges. A scan starts a third of the way into the lip from its outer line
 * and stops at the first of two non-lip samples in a row; it never passes the middle of
 * the gap the mesh sees. Where neither lip ends before that (the lips touch), both edges
 * are the mesh's line.
 */
export function findLipEdges(rgb: Uint8Array, width: number, height: number, o: LipOutline, uFrom: number, uTo: number): LipEdges {
  const upperLip = lipColour(rgb, width, height, o, o.upperOuter, o.upperInner, uFrom, uTo);
  const lowerLip = lipColour(rgb, width, height, o, o.lowerOuter, o.lowerInner, uFrom, uTo);
  const u0 = Math.floor(uFrom);
  const count = Math.max(1, Math.ceil(uTo) - u0 + 1);
  const upper = new Float64Array(count);
  const lower = new Float64Array(count);
  const px = [0, 0, 0];
  const lipAt = (u: number, v: number, lip: Colour): boolean => {
    sampleBilinear(rgb, width, height, u * o.across[0] + v * o.down[0], u * o.across[1] + v * o.down[1], px);
    return isLip(colourOf(px[0]!, px[1]!, px[2]!), lip);
  };
  const STEP = 0.5;
  for (let i = 0; i < count; i++) {
    const u = u0 + i;
    const vuo = contourAt(o.upperOuter, u);
    const vu = contourAt(o.upperInner, u);
    const vl = contourAt(o.lowerInner, u);
    const vlo = contourAt(o.lowerOuter, u);
    const middle = (vu + vl) / 2;
    const gap = Math.max(0, vl - vu);
    // The real edge lies near the mesh's line: within a third of the lip's thickness on the
    // lip's side, a third of the gap on the other. A scan that finds no lip at its start
    // (a shadow, a tooth the mesh put inside the lip) keeps the mesh's line.
    const scan = (from: number, to: number, step: number, lip: Colour): number => {
      let misses = 0;
      let lipSeen = false;
      for (let v = from; step > 0 ? v <= to : v >= to; v += step) {
        if (lipAt(u, v, lip)) {
          misses = 0;
          lipSeen = true;
        } else if (++misses === 2) return lipSeen ? v - 2 * step : NaN;
      }
      return to;
    };
    const top = scan(vu - 0.33 * (vu - vuo), Math.min(middle, vu + 0.33 * gap), STEP, upperLip);
    const bottom = scan(vl + 0.33 * (vlo - vl), Math.max(middle, vl - 0.33 * gap), -STEP, lowerLip);
    upper[i] = Number.isNaN(top) ? vu : top;
    lower[i] = Number.isNaN(bottom) ? vl : bottom;
  }
  const mouthWidth = Math.max(1, uTo - uFrom);
  const halfWindow = Math.max(1, Math.round(0.04 * mouthWidth));
  const sigma = Math.max(1, 0.03 * mouthWidth);
  const smoothUpper = smoothEdge(upper, -1, halfWindow, sigma);
  const smoothLower = smoothEdge(lower, 1, halfWindow, sigma);
  // The lips meet at the outer corners: both edges close in on the corner over the last
  // few columns (the scan's hold and blur would otherwise carry a gap out to the corner).
  const taper = Math.max(2, 0.08 * mouthWidth);
  const cornerFrom = (contourAt(o.upperInner, uFrom) + contourAt(o.lowerInner, uFrom)) / 2;
  const cornerTo = (contourAt(o.upperInner, uTo) + contourAt(o.lowerInner, uTo)) / 2;
  for (let i = 0; i < count; i++) {
    const u = u0 + i;
    const fromEnd = Math.min(u - uFrom, uTo - u);
    if (fromEnd < taper) {
      const corner = u - uFrom < uTo - u ? cornerFrom : cornerTo;
      const w = Math.max(0, fromEnd / taper);
      smoothUpper[i] = corner + (smoothUpper[i]! - corner) * w;
      smoothLower[i] = corner + (smoothLower[i]! - corner) * w;
    }
    if (smoothLower[i]! < smoothUpper[i]!) smoothUpper[i] = smoothLower[i] = (smoothUpper[i]! + smoothLower[i]!) / 2;
  }
  return { u0, upper: smoothUpper, lower: smoothLower };
}

/** An edge's v at u (linear between columns, held at the ends). */
export function edgeAt(edges: LipEdges, line: Float64Array, u: number): number {
  const f = Math.min(line.length - 1, Math.max(0, u - edges.u0));
  const i = Math.min(line.length - 2, Math.floor(f));
  if (i < 0) return line[0]!;
  return line[i]! + (line[i + 1]! - line[i]!) * (f - i);
}
