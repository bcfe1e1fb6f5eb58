import { at, eyeCenter, interocularDistance, LEFT_EYE, LIPS, RIGHT_EYE, type Point } from '../face/landmarks.js';
import { sampleBilinear } from './bilinear.js';

/**
 * A photo that smiles with its teeth showing cannot close its mouth by warping: squeezing
 * the gap between the lips squashes the teeth into slivers and fangs (issue 14). Instead,
 * the still the animation starts from gets its lips closed once, before any frame: each
 * lip is stretched over the teeth to a seam between them (lips do slide over the teeth to
 * close), and the mesh's inner-lip points move to that seam. From then on the photo is a
 * closed-mouth photo: the warp opens it, and mouth-paint.ts draws the interior, using the
 * photo's own teeth (kept here) under the upper lip.
 */

/** Upper-lip side of the gap the seam sits at: both lips travel, the lower one more (the jaw carries it). */
const SEAM_SHARE = 0.4;
/** Pixels of the lip's own inner rim skipped when stretching: the rim often holds a tooth's edge. */
const RIM_PX = 1.5;
/** Below this gap (IOD) the photo's mouth counts as closed (as render-talking-video's paint gate). */
export const OPEN_PHOTO_GAP_IOD = 0.04;

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

/** The photo's own teeth, for the painted interior: the original still and its upper inner lip. */
export interface PhotoTeeth {
  rgb: Buffer;
  width: number;
  height: number;
  contours: LipContours;
}

export interface CoveredMouth {
  /** The still with the lips closed over the teeth. */
  still: Buffer;
  /** The mesh with its inner-lip points on the seam. */
  mesh: Point[];
  teeth: PhotoTeeth;
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


/** Skin above and below the lips that stretches as they slide together, in IOD (under the nose, over the chin). */
const ABOVE_IOD = 0.2;
const BELOW_IOD = 0.35;

/**
 * Per column of the mouth: where a row of the closed still comes from in the photo. The
 * lips keep their own thickness and slide together to the seam (the upper lip down, the
 * lower lip and chin up, as a jaw closes); the skin between the nose and the upper lip,
 * and between the lower lip and the chin, stretches to make room. Identity outside.
 */
interface Column {
  vn: number;
  vuo: number;
  vu: number;
  vl: number;
  vlo: number;
  vc: number;
  up: number;
  low: number;
}

function columnAt(c: LipContours, u: number, iod: number): Column | undefined {
  const vu = contourAt(c.upperInner, u);
  const vl = contourAt(c.lowerInner, u);
  const gap = vl - vu;
  if (gap < 0.5) return undefined;
  const vuo = Math.min(vu - 1, contourAt(c.upperOuter, u));
  const vlo = Math.max(vl + 1, contourAt(c.lowerOuter, u));
  return { vn: vuo - ABOVE_IOD * iod, vuo, vu, vl, vlo, vc: vlo + BELOW_IOD * iod, up: SEAM_SHARE * gap, low: (1 - SEAM_SHARE) * gap };
}

/** Where a photo row lands in the closed still (the inside of the mouth lands on the seam). */
function forward(c: Column, v: number): number {
  if (v <= c.vn || v >= c.vc) return v;
  if (v <= c.vuo) return c.vn + ((v - c.vn) * (c.vuo + c.up - c.vn)) / (c.vuo - c.vn);
  if (v <= c.vu) return v + c.up;
  if (v < c.vl) return c.vu + c.up;
  if (v <= c.vlo) return v - c.low;
  return c.vlo - c.low + ((v - c.vlo) * (c.vc - c.vlo + c.low)) / (c.vc - c.vlo);
}

/** Which photo row a row of the closed still shows; undefined where it is unchanged. */
function inverse(c: Column, v: number): number | undefined {
  if (v <= c.vn || v >= c.vc) return undefined;
  const seam = c.vu + c.up;
  if (v <= c.vuo + c.up) return c.vn + ((v - c.vn) * (c.vuo - c.vn)) / (c.vuo + c.up - c.vn);
  // The lips' own rows, skipping the rim where a tooth's edge often shows.
  if (v <= seam) return c.vuo + ((v - c.vuo - c.up) / Math.max(0.5, seam - c.vuo - c.up)) * (c.vu - RIM_PX - c.vuo);
  if (v <= c.vlo - c.low) return c.vlo - ((c.vlo - c.low - v) / Math.max(0.5, c.vlo - c.low - seam)) * (c.vlo - c.vl - RIM_PX);
  return c.vlo + ((v - c.vlo + c.low) * (c.vc - c.vlo)) / (c.vc - c.vlo + c.low);
}

/**
 * Closes an open mouth in the still (RGB, frame pixels) and moves the mesh to match;
 * undefined when the photo's mouth is already closed.
 */
export function coverOpenMouth(still: Buffer, width: number, height: number, mesh: readonly Point[]): CoveredMouth | undefined {
  if (photoMouthGap(mesh) < OPEN_PHOTO_GAP_IOD) return undefined;
  const iod = interocularDistance(mesh);
  const contours = lipContours(mesh);
  const { across, down, upperInner } = contours;
  const out = Buffer.from(still);
  const uMin = upperInner.u[0]!;
  const uMax = upperInner.u[upperInner.u.length - 1]!;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const idx of [...LIPS.upperOuter, ...LIPS.lowerOuter]) {
    const p = at(mesh, idx);
    x0 = Math.min(x0, p[0]);
    x1 = Math.max(x1, p[0]);
    y0 = Math.min(y0, p[1]);
    y1 = Math.max(y1, p[1]);
  }
  const margin = Math.ceil(Math.max(ABOVE_IOD, BELOW_IOD) * iod) + 2;
  const color = [0, 0, 0];
  for (let y = Math.max(0, Math.floor(y0) - margin); y <= Math.min(height - 1, Math.ceil(y1) + margin); y++) {
    for (let x = Math.max(0, Math.floor(x0) - 2); x <= Math.min(width - 1, Math.ceil(x1) + 2); x++) {
      const u = x * across[0] + y * across[1];
      if (u <= uMin || u >= uMax) continue;
      const column = columnAt(contours, u, iod);
      if (!column) continue;
      const v = x * down[0] + y * down[1];
      const sourceV = inverse(column, v);
      if (sourceV === undefined) continue;
      sampleBilinear(still, width, height, u * across[0] + sourceV * down[0], u * across[1] + sourceV * down[1], color);
      // Lips that meet leave a thin shadowed line between them.
      const seam = column.vu + column.up;
      const crease = 1 - 0.45 * Math.exp(-(((v - seam) / 1.1) ** 2)) * Math.min(1, (column.up + column.low) / 3);
      const p = (y * width + x) * 3;
      out[p] = Math.round(color[0]! * crease);
      out[p + 1] = Math.round(color[1]! * crease);
      out[p + 2] = Math.round(color[2]! * crease);
    }
  }
  const moved = mesh.map((p, idx) => {
    const u = p[0] * across[0] + p[1] * across[1];
    const column = u > uMin && u < uMax ? columnAt(contours, u, iod) : undefined;
    if (!column) return p;
    let v = forward(column, p[0] * down[0] + p[1] * down[1]);
    // The two inner lines sit half a pixel either side of the seam: the mesh stays a mesh.
    if ((LIPS.upperInner as readonly number[]).includes(idx)) v -= 0.5;
    else if ((LIPS.lowerInner as readonly number[]).includes(idx)) v += 0.5;
    return [u * across[0] + v * down[0], u * across[1] + v * down[1]] as Point;
  });
  hideToothRemnants(out, width, height, moved, contours);
  return { still: out, mesh: moved, teeth: { rgb: still, width, height, contours } };
}

const luma = (r: number, g: number, b: number): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * The mesh's inner corners sit a little inside the visible ones, so a broad smile leaves
 * a tooth's edge beside each corner that no lip covers. Any bright, colourless pixel left
 * between the closed lips' outer lines is such a remnant: it becomes the shadow a closed
 * mouth's corner has (the lips' own colour, darkened).
 */
function hideToothRemnants(rgb: Buffer, width: number, height: number, mesh: readonly Point[], contours: LipContours): void {
  const polygon = [...LIPS.upperOuter, ...[...LIPS.lowerOuter].reverse()].map((i) => at(mesh, i));
  // Only towards the corners: the middle of the lips is covered, and its wet highlights are
  // bright and pale too (darkening them left bruise-like blots).
  const { across, upperInner } = contours;
  const uMid = (upperInner.u[0]! + upperInner.u[upperInner.u.length - 1]!) / 2;
  const uHalf = (upperInner.u[upperInner.u.length - 1]! - upperInner.u[0]!) / 2;
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const bx0 = Math.max(0, Math.floor(Math.min(...xs)));
  const bx1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const by0 = Math.max(0, Math.floor(Math.min(...ys)));
  const by1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  // The whole closed lip band gives the lips' own colour; only its corners are repaired.
  const inside: number[] = [];
  const corners: number[] = [];
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      let hit = false;
      for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [xi, yi] = polygon[i]!;
        const [xj, yj] = polygon[j]!;
        if (yi > y + 0.5 !== yj > y + 0.5 && x + 0.5 < ((xj - xi) * (y + 0.5 - yi)) / (yj - yi) + xi) hit = !hit;
      }
      if (!hit) continue;
      inside.push((y * width + x) * 3);
      if (Math.abs(x * across[0] + y * across[1] - uMid) > 0.7 * uHalf) corners.push((y * width + x) * 3);
    }
  }
  if (inside.length < 10) return;
  const lumas = inside.map((p) => luma(rgb[p]!, rgb[p + 1]!, rgb[p + 2]!)).sort((a, b) => a - b);
  const lipLuma = lumas[Math.floor(lumas.length / 2)]!;
  let r = 0;
  let g = 0;
  let b = 0;
  for (const p of inside) {
    r += rgb[p]!;
    g += rgb[p + 1]!;
    b += rgb[p + 2]!;
  }
  const shadow = [(r / inside.length) * 0.55, (g / inside.length) * 0.55, (b / inside.length) * 0.55];
  const lip = [r / inside.length, g / inside.length, b / inside.length];
  for (const p of corners) {
    const pr = rgb[p]!;
    const pg = rgb[p + 1]!;
    const pb = rgb[p + 2]!;
    const bright = luma(pr, pg, pb) - lipLuma;
    const top = Math.max(pr, pg, pb);
    // A wide-open photo mouth leaves its dark inside beyond the mesh's inner corners: it
    // becomes the lips' colour in a little shade, the crease a shut mouth has there.
    if (bright < -0.4 * lipLuma) {
      const d = Math.min(1, (-bright - 0.4 * lipLuma) / (0.2 * lipLuma));
      rgb[p] = Math.round(pr + (lip[0]! * 0.8 - pr) * d);
      rgb[p + 1] = Math.round(pg + (lip[1]! * 0.8 - pg) * d);
      rgb[p + 2] = Math.round(pb + (lip[2]! * 0.8 - pb) * d);
      continue;
    }
    // Teeth: well above the lips' brightness and nearly colourless; lip highlights keep their red.
    if (bright < 35 || top - Math.min(pr, pg, pb) > 0.18 * top) continue;
    const w = Math.min(1, (bright - 35) / 25);
    rgb[p] = Math.round(pr + (shadow[0]! - pr) * w);
    rgb[p + 1] = Math.round(pg + (shadow[1]! - pg) * w);
    rgb[p + 2] = Math.round(pb + (shadow[2]! - pb) * w);
  }
}
