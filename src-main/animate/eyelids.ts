import { planesOf, type YuvFrame } from '../encode/yuv.js';
import { LEFT_EYE, RIGHT_EYE, type EyeIndices } from '../face/landmarks.js';
import type { FaceRig } from './face-rig.js';

/**
 * The upper eyelid, drawn. A blink is not the eye squashed towards its lower lid: the
 * eyeball stays where it is and the upper lid slides down over it, its lashes leading,
 * until the lid's margin meets the (slightly lifted) lower lid. The warp cannot do that
 * (stretching the skin above the eye left the sclera showing between the lids, and the
 * face mesh on the rendered frames read the eye at 0.64–0.78 of open), so the lid is
 * painted: skin taken from the photo's own lid just above the lashes, shaded like the
 * rounded lid over an eyeball, and a lash line at its margin in the photo's lash colour.
 *
 * Only pixels inside the eye's opening (and the photo's own lash line along its top) are
 * touched, and only on frames where the lid moves: glasses' frames and lenses around the
 * eye stay as they are, and an open-eyed frame costs nothing.
 */

/** The photo's lid and lashes, read once from the still frame. */
export interface LidLook {
  /** Thickness of the upper lash line above the mesh's lid contour, luma pixels. */
  lashPx: number;
  /** Luma and chroma (limited-range code values) of the lash line's dark. */
  lashY: number;
  lashCb: number;
  lashCr: number;
}

interface EyeLid {
  eye: EyeIndices;
  look: LidLook;
}

export interface Eyelids {
  eyes: EyeLid[];
}

/** Share of the opening the lower lid rises by at full closure (it lifts slightly to meet the upper one). */
export const LOWER_LID_LIFT = 0.12;

function luma(frame: YuvFrame, x: number, y: number): number {
  const xi = Math.min(frame.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(frame.height - 1, Math.max(0, Math.round(y)));
  return frame.data[yi * frame.width + xi]!;
}

function chromaAt(frame: YuvFrame, x: number, y: number): [number, number] {
  const cw = frame.width / 2;
  const xi = Math.min(cw - 1, Math.max(0, Math.round(x / 2 - 0.25)));
  const yi = Math.min(frame.height / 2 - 1, Math.max(0, Math.round(y / 2 - 0.25)));
  return [frame.data[frame.uOffset + yi * cw + xi]!, frame.data[frame.vOffset + yi * cw + xi]!];
}

const pointOf = (points: Float64Array, slot: number): [number, number] => [points[slot * 2]!, points[slot * 2 + 1]!];

/**
 * Reads the lash line from the still: along the middle of the upper lid, walks up from the
 * mesh's contour until the luma has climbed half way from the lashes' dark to the skin
 * above them. Rig slots below 468 are the mesh's own indices (face-rig.ts adds them first).
 */
function readLook(rig: FaceRig, still: YuvFrame, eye: EyeIndices): LidLook {
  const outer = pointOf(rig.source, eye.outerCorner);
  const inner = pointOf(rig.source, eye.innerCorner);
  const eyeWidth = Math.hypot(inner[0] - outer[0], inner[1] - outer[1]);
  const reach = Math.max(3, Math.round(eyeWidth * 0.22));
  const thicknesses: number[] = [];
  let sumY = 0;
  let sumCb = 0;
  let sumCr = 0;
  let n = 0;
  for (const lid of eye.upperLid.slice(2, -2)) {
    const [x, y] = pointOf(rig.source, lid);
    const column = Array.from({ length: reach }, (_, d) => luma(still, x, y - d));
    const dark = Math.min(...column.slice(0, Math.ceil(reach / 2)));
    const skin = Math.max(...column.slice(Math.floor(reach / 2)));
    const half = dark + (skin - dark) * 0.5;
    const darkest = column.indexOf(dark);
    let top = darkest;
    while (top + 1 < reach && column[top + 1]! < half) top++;
    thicknesses.push(top + 1);
    const [cb, cr] = chromaAt(still, x, y - darkest);
    sumY += dark;
    sumCb += cb;
    sumCr += cr;
    n++;
  }
  thicknesses.sort((a, b) => a - b);
  const lashPx = Math.min(eyeWidth * 0.12, Math.max(1.5, thicknesses[Math.floor(thicknesses.length / 2)] ?? 2));
  return { lashPx, lashY: sumY / n, lashCb: sumCb / n, lashCr: sumCr / n };
}

export function prepareEyelids(rig: FaceRig, still: YuvFrame): Eyelids {
  return { eyes: [RIGHT_EYE, LEFT_EYE].map((eye) => ({ eye, look: readLook(rig, still, eye) })) };
}

/** Linear interpolation of a polyline (x ascending) at x. */
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

function contour(dest: Float64Array, slots: number[]): { xs: number[]; ys: number[] } {
  const pts = slots.map((s) => pointOf(dest, s)).sort((a, b) => a[0] - b[0]);
  return { xs: pts.map((p) => p[0]), ys: pts.map((p) => p[1]) };
}

/** Folds a distance into [0, period) back and forth, so a mirrored band tiles without a seam. */
function mirror(d: number, period: number): number {
  const m = d % (2 * period);
  return m < period ? m : 2 * period - m;
}

/** Cheap repeatable hash of an integer to [0, 1): the lashes' strand pattern. */
function strand(x: number): number {
  const h = Math.imul(x ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return ((h ^ (h >>> 13)) & 0xffff) / 0x10000;
}

/**
 * Paints both upper lids at `closure` (0 open … 1 shut) into the frame, on the already
 * warped face (`dest`: the rig's points this frame, so the lids follow the head). The lid
 * skin is read from the frame itself, rows above the painted region only, so the colour
 * matches the warped, lit face around it.
 */
export function paintEyelids(frame: YuvFrame, lids: Eyelids, dest: Float64Array, closure: number): void {
  if (closure <= 0.01) return;
  for (const lid of lids.eyes) paintLid(frame, lid, dest, Math.min(1, closure));
}

function paintLid(frame: YuvFrame, { eye, look }: EyeLid, dest: Float64Array, closure: number): void {
  const upper = contour(dest, [eye.outerCorner, ...eye.upperLid, eye.innerCorner]);
  const lower = contour(dest, [eye.outerCorner, ...eye.lowerLid, eye.innerCorner]);
  const crease = contour(dest, [...eye.crease]);
  const eyeWidth = upper.xs[upper.xs.length - 1]! - upper.xs[0]!;
  if (eyeWidth < 2) return;
  // The visible corners reach a little past the mesh's (its corner points sit on the white).
  const reach = eyeWidth * 0.08;
  const x0 = upper.xs[0]! - reach;
  const x1 = upper.xs[upper.xs.length - 1]! + reach;
  const { width, height, data } = frame;
  const lash = look.lashPx;
  // Lashes appear as the lid comes down: a lash line painted at full strength over the
  // photo's own on the first frame of a blink pops.
  const lashStrength = Math.min(1, closure / 0.25);
  const colStart = Math.max(0, Math.floor(x0) - 1);
  const colEnd = Math.min(width - 1, Math.ceil(x1) + 1);
  const top = Math.floor(Math.min(...upper.ys) - lash - 1);
  const bottom = Math.ceil(Math.max(...lower.ys) + lash + 1);
  const rowStart = Math.max(0, top);
  const rowEnd = Math.min(height - 1, bottom);
  const boxW = colEnd - colStart + 1;
  const boxH = rowEnd - rowStart + 1;
  if (boxW <= 0 || boxH <= 0) return;
  const alpha = new Float32Array(boxW * boxH);
  const valueY = new Float32Array(boxW * boxH);
  const valueCb = new Float32Array(boxW * boxH);
  const valueCr = new Float32Array(boxW * boxH);
  const cw = width / 2;
  // Per column: the lid's contours, and the skin's level just above the lashes and just
  // below the lower lid. The closed lid is filled between the two (a flat copy of either
  // edge left the lid as a pasted almond with a seam all round, which the face mesh still
  // read as an open eye), then textured with the lid skin's own grain.
  const columns = boxW;
  const yU = new Float64Array(columns);
  const yL = new Float64Array(columns);
  const skinAbove = [new Float64Array(columns), new Float64Array(columns), new Float64Array(columns)];
  const skinBelow = [new Float64Array(columns), new Float64Array(columns), new Float64Array(columns)];
  const sample = (x: number, y: number, out: Float64Array[], c: number, weight: number): void => {
    const yi = Math.min(height - 1, Math.max(0, Math.round(y)));
    const ci = Math.min(height / 2 - 1, yi >> 1) * cw + (x >> 1);
    out[0]![c]! += data[yi * width + x]! * weight;
    out[1]![c]! += data[frame.uOffset + ci]! * weight;
    out[2]![c]! += data[frame.vOffset + ci]! * weight;
  };
  // The cover starts above the photo's own lash line, which the lid carries down with it.
  const lidTop = (c: number): number => yU[c]! - lash * 1.2;
  for (let c = 0; c < columns; c++) {
    const x = colStart + c;
    const xc = Math.min(x1, Math.max(x0, x));
    yU[c] = along(upper.xs, upper.ys, xc);
    yL[c] = along(lower.xs, lower.ys, xc);
    const coverTop = lidTop(c);
    for (const d of [1, 2, 3]) sample(x, coverTop - d, skinAbove, c, 1 / 3);
    for (const d of [1, 2, 3]) sample(x, yL[c]! + lash * 0.6 + d, skinBelow, c, 1 / 3);
  }
  // Across columns the edges are smoothed (±2 px): a lash or a pore on the edge would
  // otherwise streak down the whole lid.
  for (const series of [...skinAbove, ...skinBelow]) {
    const copy = Float64Array.from(series);
    for (let c = 0; c < columns; c++) {
      let sum = 0;
      let n = 0;
      for (let d = -2; d <= 2; d++) {
        const v = copy[c + d];
        if (v !== undefined) {
          sum += v;
          n++;
        }
      }
      series[c] = sum / n;
    }
  }
  for (let c = 0; c < columns; c++) {
    const x = colStart + c;
    // Soft at the corners, where the opening closes to a point.
    const side = Math.min(1, Math.max(0, Math.min(x - x0, x1 - x) / 1.5 + 0.75));
    if (side <= 0) continue;
    const gap = Math.max(0, yL[c]! - yU[c]!);
    const coverTop = lidTop(c);
    // Shut, the margin overlaps the lower lid's own lash line so no white shows between.
    const margin = yU[c]! + closure * (gap + lash * 0.3);
    const closedHeight = Math.max(1, yL[c]! - coverTop);
    const yCrease = along(crease.xs, crease.ys, Math.min(x1, Math.max(x0, x)));
    const band = Math.max(1.5, Math.min(eyeWidth * 0.12, (coverTop - yCrease) * 0.6));
    // Strands: lashes hang below the margin unevenly, longer in the middle of the lid.
    const middle = Math.sin(Math.PI * Math.min(1, Math.max(0, (x - x0) / eyeWidth)));
    const hang = lash * (0.4 + 0.9 * strand(x)) * middle * Math.max(0, closure - 0.5) * 2;
    const lineHalf = Math.max(0.8, lash * 0.45);
    for (let y = Math.max(rowStart, Math.floor(coverTop)); y <= Math.min(rowEnd, Math.ceil(margin + lineHalf + hang)); y++) {
      const aTop = Math.min(1, Math.max(0, y - coverTop + 0.5));
      const aSkin = Math.min(1, Math.max(0, margin - y + 0.5)) * aTop;
      // Lash line: centred just above the margin, its dark fading into the strands below.
      const fromMargin = y - margin;
      let aLash = Math.exp(-(((fromMargin + lineHalf * 0.3) / lineHalf) ** 2));
      if (fromMargin > 0 && hang > 0) aLash = Math.max(aLash, 0.7 * Math.max(0, 1 - fromMargin / (lineHalf + hang)));
      aLash *= lashStrength;
      const a = Math.max(aSkin, aLash) * side;
      if (a <= 0.005) continue;
      // Where this row sits on the closed lid: 0 at its top, 1 at the lower lid.
      const s = Math.min(1, Math.max(0, (y - coverTop) / closedHeight));
      // Towards the lower lid's skin only as the lid reaches it: half shut, a lid tinted
      // like the (often lighter) skin under the eye read as a pasted patch.
      const toBelow = s * closure * closure;
      // The grain: the band above the lashes, mirrored down, less its own level.
      const grainY = Math.min(height - 1, Math.max(0, Math.round(coverTop - 1 - mirror(Math.max(0, y - coverTop), band))));
      const grain = (data[grainY * width + x]! - skinAbove[0]![c]!) * 0.25;
      // Rounded over the eyeball: the lid catches light in its middle and turns into
      // shadow towards the margin, where it rolls under to the lashes.
      const nearMargin = Math.exp(-Math.max(0, margin - y) / Math.max(1, lash * 1.2));
      const lift = 1 + 0.04 * Math.sin(Math.PI * s) - 0.1 * nearMargin;
      const level = skinAbove[0]![c]! + (skinBelow[0]![c]! - skinAbove[0]![c]!) * toBelow;
      const lumaSkin = 16 + (level + grain - 16) * lift;
      let cb = skinAbove[1]![c]! + (skinBelow[1]![c]! - skinAbove[1]![c]!) * toBelow;
      let cr = skinAbove[2]![c]! + (skinBelow[2]![c]! - skinAbove[2]![c]!) * toBelow;
      // Below the margin only lashes are painted (over the eye or the lower lid).
      const mixLash = aSkin > 0 ? Math.min(1, aLash) : 1;
      const yOut = lumaSkin + (look.lashY - lumaSkin) * mixLash;
      cb += (look.lashCb - cb) * mixLash;
      cr += (look.lashCr - cr) * mixLash;
      const i = (y - rowStart) * boxW + c;
      alpha[i] = a;
      valueY[i] = yOut;
      valueCb[i] = cb;
      valueCr[i] = cr;
    }
  }
  writeBox(frame, { colStart, rowStart, boxW, boxH }, alpha, valueY, valueCb, valueCr);
}

/** Blends the painted box in: luma per pixel, chroma per 2×2 block from its alpha-weighted pixels. */
function writeBox(
  frame: YuvFrame,
  box: { colStart: number; rowStart: number; boxW: number; boxH: number },
  alpha: Float32Array,
  valueY: Float32Array,
  valueCb: Float32Array,
  valueCr: Float32Array,
): void {
  const { data, width } = frame;
  const { y: yPlane, u: uPlane, v: vPlane } = planesOf(frame);
  const { colStart, rowStart, boxW, boxH } = box;
  for (let r = 0; r < boxH; r++) {
    for (let c = 0; c < boxW; c++) {
      const i = r * boxW + c;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const p = yPlane.offset + (rowStart + r) * width + colStart + c;
      data[p] = data[p]! + (valueY[i]! - data[p]!) * a + 0.5;
    }
  }
  const chromaBlocks = new Map<number, [number, number, number]>();
  for (let r = 0; r < boxH; r++) {
    for (let c = 0; c < boxW; c++) {
      const i = r * boxW + c;
      const a = alpha[i]!;
      if (a <= 0) continue;
      const key = ((rowStart + r) >> 1) * uPlane.width + ((colStart + c) >> 1);
      const block = chromaBlocks.get(key) ?? [0, 0, 0];
      block[0] += a;
      block[1] += a * valueCb[i]!;
      block[2] += a * valueCr[i]!;
      chromaBlocks.set(key, block);
    }
  }
  for (const [key, [a, cb, cr]] of chromaBlocks) {
    const mix = Math.min(1, a / 4);
    const pu = uPlane.offset + key;
    const pv = vPlane.offset + key;
    data[pu] = data[pu]! + (cb / a - data[pu]!) * mix + 0.5;
    data[pv] = data[pv]! + (cr / a - data[pv]!) * mix + 0.5;
  }
}
