import { at, interocularDistance, LIPS, type Point } from '../face/landmarks.js';
import { sampleBilinear } from './bilinear.js';
import { contourAt, innerLinesToOuterCorners, lipContours, photoMouthGap, type LipContours } from './lip-contours.js';
import { edgeAt, findLipEdges, type LipEdges } from './lip-edges.js';

export { contourAt, lipContours, photoMouthGap, type Contour, type LipContours } from './lip-contours.js';

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
/** Below this gap (IOD) the photo's mouth counts as closed (as render-talking-video's paint gate). */
export const OPEN_PHOTO_GAP_IOD = 0.04;

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

/** Skin above and below the lips that stretches as they slide together, in IOD (under the nose, over the chin). */
const ABOVE_IOD = 0.2;
const BELOW_IOD = 0.35;
/**
 * How much thicker (negative: thinner) each lip gets as it covers the gap; the rest of the
 * way is slid, skin and all. Lips pressed together for p/b/m flatten and roll in a little,
 * and the face mesh reads thick shut lips as a mouth still ajar: on the open-mouth fixture
 * (360×640) the tracked gap of the shut frame was 0.164 IOD with the lips 45% thicker,
 * 0.095 with their own thickness, 0.07 with them 10–25% thinner (shut lips rest at
 * 0.02–0.05); over the whole p/b/m passage 25% thinner closed 15 of 15 against 14 at 10%.
 */
const LIP_GROWTH = -0.25;
/** Pixels of each lip's inner edge left unused: bilinear sampling there mixes in the tooth beyond. */
const EDGE_MARGIN_PX = 1;

/**
 * Per column of the mouth: where a row of the closed still comes from in the photo. The
 * lips thicken a little and slide together to the seam (the upper lip down, the lower lip
 * and chin up, as a jaw closes); the skin between the nose and the upper lip, and between
 * the lower lip and the chin, stretches to make room. Identity outside.
 */
interface Column {
  /** Top of the skin that stretches, the upper lip's outer line, its real inner edge. */
  vn: number;
  vuo: number;
  vu: number;
  /** The lower lip's real inner edge, its outer line, the bottom of the skin that stretches. */
  vl: number;
  vlo: number;
  vc: number;
  /** How far each lip's outer line slides, and how much each lip grows. */
  upSlide: number;
  upGrow: number;
  lowSlide: number;
  lowGrow: number;
}

function columnAt(c: LipContours, edges: LipEdges, u: number, iod: number): Column | undefined {
  const vu = edgeAt(edges, edges.upper, u);
  const vl = edgeAt(edges, edges.lower, u);
  const gap = vl - vu;
  if (gap < 0.5) return undefined;
  const vuo = Math.min(vu - 1, contourAt(c.upperOuter, u));
  const vlo = Math.max(vl + 1, contourAt(c.lowerOuter, u));
  const up = SEAM_SHARE * gap;
  const low = gap - up;
  const upGrow = Math.min(up, LIP_GROWTH * (vu - vuo));
  const lowGrow = Math.min(low, LIP_GROWTH * (vlo - vl));
  return { vn: vuo - ABOVE_IOD * iod, vuo, vu, vl, vlo, vc: vlo + BELOW_IOD * iod, upSlide: up - upGrow, upGrow, lowSlide: low - lowGrow, lowGrow };
}

const seamOf = (c: Column): number => c.vu + c.upSlide + c.upGrow;

/** Where a photo row lands in the closed still (the inside of the mouth lands on the seam). */
function forward(c: Column, v: number): number {
  if (v <= c.vn || v >= c.vc) return v;
  if (v <= c.vuo) return c.vn + ((v - c.vn) * (c.vuo + c.upSlide - c.vn)) / (c.vuo - c.vn);
  const seam = seamOf(c);
  if (v <= c.vu) return c.vuo + c.upSlide + ((v - c.vuo) * (seam - c.vuo - c.upSlide)) / (c.vu - c.vuo);
  if (v < c.vl) return seam;
  if (v <= c.vlo) return c.vlo - c.lowSlide - ((c.vlo - v) * (c.vlo - c.lowSlide - seam)) / (c.vlo - c.vl);
  return c.vlo - c.lowSlide + ((v - c.vlo) * (c.vc - c.vlo + c.lowSlide)) / (c.vc - c.vlo);
}

/** Which photo row a row of the closed still shows; undefined where it is unchanged. */
function inverse(c: Column, v: number): number | undefined {
  if (v <= c.vn || v >= c.vc) return undefined;
  const seam = seamOf(c);
  const upTop = c.vuo + c.upSlide;
  const lowBottom = c.vlo - c.lowSlide;
  if (v <= upTop) return c.vn + ((v - c.vn) * (c.vuo - c.vn)) / (upTop - c.vn);
  // The lips' own rows, a pixel short of their inner edges (the edge pixel is mixed with what lies beyond).
  if (v <= seam) return c.vuo + ((v - upTop) / Math.max(0.5, seam - upTop)) * Math.max(0, c.vu - EDGE_MARGIN_PX - c.vuo);
  if (v <= lowBottom) return c.vlo - ((lowBottom - v) / Math.max(0.5, lowBottom - seam)) * Math.max(0, c.vlo - c.vl - EDGE_MARGIN_PX);
  return c.vlo + ((v - lowBottom) * (c.vc - c.vlo)) / (c.vc - lowBottom);
}

/**
 * Closes an open mouth in the still (RGB, frame pixels) and moves the mesh to match;
 * undefined when the photo's mouth is already closed.
 */
export function coverOpenMouth(still: Buffer, width: number, height: number, mesh: readonly Point[]): CoveredMouth | undefined {
  if (photoMouthGap(mesh) < OPEN_PHOTO_GAP_IOD) return undefined;
  const iod = interocularDistance(mesh);
  const contours = lipContours(mesh);
  const { across, down, upperOuter } = contours;
  const inner = innerLinesToOuterCorners(mesh, contours);
  const uMin = upperOuter.u[0]!;
  const uMax = upperOuter.u[upperOuter.u.length - 1]!;
  const edges = findLipEdges(still, width, height, { upperOuter, lowerOuter: contours.lowerOuter, ...inner, across, down }, uMin, uMax);
  const out = Buffer.from(still);
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
      const column = columnAt(contours, edges, u, iod);
      if (!column) continue;
      const v = x * down[0] + y * down[1];
      const sourceV = inverse(column, v);
      if (sourceV === undefined) continue;
      sampleBilinear(still, width, height, u * across[0] + sourceV * down[0], u * across[1] + sourceV * down[1], color);
      // Lips that meet leave a thin shadowed line between them.
      const seam = seamOf(column);
      const crease = 1 - 0.45 * Math.exp(-(((v - seam) / 1.1) ** 2)) * Math.min(1, (column.vl - column.vu) / 3);
      const p = (y * width + x) * 3;
      out[p] = Math.round(color[0]! * crease);
      out[p + 1] = Math.round(color[1]! * crease);
      out[p + 2] = Math.round(color[2]! * crease);
    }
  }
  const innerLips = new Set<number>([...LIPS.upperInner, ...LIPS.lowerInner]);
  const moved = mesh.map((p, idx) => {
    const u = p[0] * across[0] + p[1] * across[1];
    const column = u > uMin && u < uMax ? columnAt(contours, edges, u, iod) : undefined;
    if (!column) return p;
    // Inner-lip points go to the seam whichever side of the real edge the mesh put them;
    // the two lines sit half a pixel either side of it, so the mesh stays a mesh.
    let v = innerLips.has(idx) ? seamOf(column) : forward(column, p[0] * down[0] + p[1] * down[1]);
    if ((LIPS.upperInner as readonly number[]).includes(idx)) v -= 0.5;
    else if ((LIPS.lowerInner as readonly number[]).includes(idx)) v += 0.5;
    return [u * across[0] + v * down[0], u * across[1] + v * down[1]] as Point;
  });
  hideToothRemnants(out, width, height, moved, contours);
  return { still: out, mesh: moved, teeth: { rgb: still, width, height, contours } };
}

const luma = (r: number, g: number, b: number): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * A last guard at the corners, where the lips are thinnest and a broad smile's last teeth
 * sit close under them: any bright, colourless pixel left between the closed lips' outer
 * lines near a corner is a tooth's edge the lip-edge scan missed, and becomes the shadow a
 * closed mouth's corner has (the lips' own colour, darkened).
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
  for (const p of corners) {
    const pr = rgb[p]!;
    const pg = rgb[p + 1]!;
    const pb = rgb[p + 2]!;
    const bright = luma(pr, pg, pb) - lipLuma;
    const top = Math.max(pr, pg, pb);
    // Teeth: well above the lips' brightness and nearly colourless; lip highlights keep their red.
    if (bright < 35 || top - Math.min(pr, pg, pb) > 0.18 * top) continue;
    const w = Math.min(1, (bright - 35) / 25);
    rgb[p] = Math.round(pr + (shadow[0]! - pr) * w);
    rgb[p + 1] = Math.round(pg + (shadow[1]! - pg) * w);
    rgb[p + 2] = Math.round(pb + (shadow[2]! - pb) * w);
  }
}
