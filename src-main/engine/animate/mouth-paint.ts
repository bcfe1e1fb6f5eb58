import { planesOf, rgbToYuvInto, type YuvFrame } from '../encode/yuv.js';
import type { FaceRig } from './face-rig.js';
import { contourAt, type PhotoTeeth } from './mouth-cover.js';
import type { Rect } from './warp.js';
import { sampleBilinear } from './bilinear.js';
import { LIPS } from '../face/landmarks.js';

/**
 * When a closed mouth is pulled open, the warp can only stretch lip skin across the gap.
 * This paints what a viewer expects inside instead: a dark cavity, the upper teeth under
 * the upper lip, a hint of lower teeth and tongue when wide open. Colours derive from the
 * photo's own lips so they sit in the same light. A photo that showed its teeth (its lips
 * closed over them by mouth-cover.ts) shows those same teeth, fixed under the upper lip.
 */
export interface MouthPalette {
  cavity: [number, number, number];
  teeth: [number, number, number];
  tongue: [number, number, number];
}

function averageAround(still: Buffer, frameWidth: number, points: Array<[number, number]>, radius: number): [number, number, number] | undefined {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (const [cx, cy] of points) {
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        const p = ((Math.round(cy) + dy) * frameWidth + (Math.round(cx) + dx)) * 3;
        if (p < 0 || p + 2 >= still.length) continue;
        r += still[p]!;
        g += still[p + 1]!;
        b += still[p + 2]!;
        n++;
      }
    }
  }
  return n ? [r / n, g / n, b / n] : undefined;
}

/** Cheek and forehead points of the mesh: bare skin in almost every portrait. */
const SKIN_POINTS = [50, 280, 151, 36, 266];

/**
 * Derives the palette from the photo: the cavity from the lips' own colour (deep red-brown,
 * never black), the teeth from the skin's brightness (so they are lit like the face, not
 * glowing in a dim photo nor grey in a bright one).
 */
export function mouthPalette(still: Buffer, frameWidth: number, rig: FaceRig): MouthPalette {
  const at = (slot: number): [number, number] => [rig.source[slot * 2]!, rig.source[slot * 2 + 1]!];
  const lip = averageAround(still, frameWidth, rig.mouthPolygon.map(at), 2) ?? [150, 90, 90];
  const skin = averageAround(still, frameWidth, SKIN_POINTS.map(at), 3) ?? [190, 150, 130];
  const skinLuma = 0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2];
  const teethLevel = Math.min(225, Math.max(150, skinLuma * 1.4));
  // A mouth's inside is in shadow: dark and only faintly red. The old 0.5× lip red read
  // as "a red blob" on held-out portraits (issue 14).
  return {
    cavity: [lip[0] * 0.3 + 8, lip[1] * 0.17 + 5, lip[2] * 0.18 + 6],
    // Tinted a little by the light on the skin, so they sit in the photo's colour cast.
    teeth: [0, 1, 2].map((c) => Math.min(250, teethLevel * [1, 0.97, 0.9][c]! * Math.pow(Math.max(1, skin[c]!) / Math.max(1, skinLuma), 0.35))) as [number, number, number],
    tongue: [lip[0] * 0.8, lip[1] * 0.45, lip[2] * 0.47],
  };
}

/**
 * Lip kept visible between the painted inside and each lip's outer line, IOD: at a corner,
 * where the outer lines meet, the inside ends this far within the lips (the smallest lips
 * at the corners of the fixtures are 2–4 px thick at 720×1280).
 */
const LIP_RIM_IOD = 0.012;

interface Contour {
  u: Float64Array;
  v: Float64Array;
}

function interpolate(contour: Contour, u: number): number {
  const { u: us, v: vs } = contour;
  const last = us.length - 1;
  const ascending = us[last]! >= us[0]!;
  for (let i = 0; i < last; i++) {
    const ua = us[i]!;
    const ub = us[i + 1]!;
    if (ascending ? u >= ua && u <= ub : u <= ua && u >= ub) {
      const t = ub === ua ? 0 : (u - ua) / (ub - ua);
      return vs[i]! + t * (vs[i + 1]! - vs[i]!);
    }
  }
  return Math.abs(u - us[0]!) < Math.abs(u - us[last]!) ? vs[0]! : vs[last]!;
}

/**
 * A closed line of the mouth (one lip corner to corner, its first `upperCount` points, then
 * the other lip back; mesh slots) in face-aligned coordinates: its two halves as contours,
 * and its box in the frame.
 */
function linesOf(
  polygon: readonly number[],
  upperCount: number,
  dest: Float64Array,
  toU: (x: number, y: number) => number,
  toV: (x: number, y: number) => number,
): { upper: Contour; lower: Contour; box: { x0: number; y0: number; x1: number; y1: number } } {
  const count = polygon.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    xs[i] = dest[polygon[i]! * 2]!;
    ys[i] = dest[polygon[i]! * 2 + 1]!;
    x0 = Math.min(x0, xs[i]!);
    x1 = Math.max(x1, xs[i]!);
    y0 = Math.min(y0, ys[i]!);
    y1 = Math.max(y1, ys[i]!);
  }
  const half = upperCount;
  const upper: Contour = { u: new Float64Array(half), v: new Float64Array(half) };
  for (let i = 0; i < half; i++) {
    upper.u[i] = toU(xs[i]!, ys[i]!);
    upper.v[i] = toV(xs[i]!, ys[i]!);
  }
  const lowerIdx = [half - 1, ...Array.from({ length: count - half }, (_, k) => half + k), 0];
  const lower: Contour = { u: new Float64Array(lowerIdx.length), v: new Float64Array(lowerIdx.length) };
  lowerIdx.forEach((idx, k) => {
    lower.u[k] = toU(xs[idx]!, ys[idx]!);
    lower.v[k] = toV(xs[idx]!, ys[idx]!);
  });
  return { upper, lower, box: { x0, y0, x1, y1 } };
}

/**
 * The painted colour at a pixel, written into `out` (R, G, B), and its alpha into `out[3]`
 * (0: not painted). No object per pixel, not even the alpha as a returned number (a
 * closure's double result is boxed): the shader runs for thousands of pixels a frame, and
 * their garbage cost the render more collection time than the painting itself (the alpha
 * alone was 36 MB of boxed numbers over a 10 s render).
 */
type Shade = (x: number, y: number, out: Float64Array) => void;

/**
 * The painted mouth as a function of position (luma pixel coordinates), with the box it
 * covers. `opacity` fades the painting in as the lips part, so a barely-open mouth shows
 * no hard shape.
 */
function mouthShader(rig: FaceRig, dest: Float64Array, palette: MouthPalette, opacity: number, photoTeeth?: PhotoTeeth): { box: Rect; shade: Shade } {
  const { across, down, iod } = rig;
  const toU = (x: number, y: number): number => x * across[0] + y * across[1];
  const toV = (x: number, y: number): number => x * down[0] + y * down[1];
  const { upper, lower, box: bounds } = linesOf(rig.mouthPolygon, rig.mouthUpperCount, dest, toU, toV);
  const outline = linesOf(rig.lipOutline, LIPS.upperOuter.length, dest, toU, toV);
  const { x0, y0, x1, y1 } = bounds;
  const half = upper.u.length;
  const uMin = Math.min(upper.u[0]!, upper.u[half - 1]!);
  const uMax = Math.max(upper.u[0]!, upper.u[half - 1]!);
  const teethMax = 0.075 * iod;
  const uCenter = (uMin + uMax) / 2;
  // Central incisors are ~8.5 mm wide against ~63 mm between the pupils; the front of the
  // upper arch curves with a radius of about 28 mm.
  const toothWidth = 0.135 * iod;
  const archRadius = Math.max(0.45 * iod, (uMax - uMin) * 0.5);
  const sourceInner = photoTeeth?.contours;
  const sourceU0 = sourceInner ? sourceInner.upperInner.u[0]! : 0;
  const sourceU1 = sourceInner ? sourceInner.upperInner.u[sourceInner.upperInner.u.length - 1]! : 0;
  const photo = [0, 0, 0];
  const box = { x: Math.floor(x0) - 2, y: Math.floor(y0) - 2, width: Math.ceil(x1 - x0) + 5, height: Math.ceil(y1 - y0) + 5 };
  // Every per-pixel contour lookup, tabulated once a frame at one-pixel steps across the
  // mouth (the shader runs for thousands of pixels a frame; the contours have 11 points).
  const tableStart = uMin - 2;
  const tableSize = Math.ceil(uMax - uMin) + 6;
  const upperAt = new Float64Array(tableSize);
  const lowerAt = new Float64Array(tableSize);
  const outerTop = new Float64Array(tableSize);
  const outerBottom = new Float64Array(tableSize);
  const photoTop = new Float64Array(tableSize);
  const photoDepth = new Float64Array(tableSize);
  const photoU = new Float64Array(tableSize);
  for (let i = 0; i < tableSize; i++) {
    const u = tableStart + i;
    upperAt[i] = interpolate(upper, u);
    lowerAt[i] = interpolate(lower, u);
    outerTop[i] = interpolate(outline.upper, u) + LIP_RIM_IOD * iod;
    outerBottom[i] = interpolate(outline.lower, u) - LIP_RIM_IOD * iod;
    if (sourceInner) {
      const su = sourceU0 + ((u - uMin) / Math.max(1, uMax - uMin)) * (sourceU1 - sourceU0);
      photoU[i] = su;
      photoTop[i] = contourAt(sourceInner.upperInner, su);
      photoDepth[i] = contourAt(sourceInner.lowerInner, su) - photoTop[i]! - 1;
    }
  }
  const lookup = (table: Float64Array, u: number): number => {
    const f = Math.min(tableSize - 1.001, Math.max(0, u - tableStart));
    const i = f | 0;
    return table[i]! + (table[i + 1]! - table[i]!) * (f - i);
  };

  const shade: Shade = (x, y, out) => {
    // Inside between the two lip lines and the corners; the distance to the nearer of them
    // gives a pixel and a half of soft edge, like the shadowed inner rim of real lips.
    // (The lip lines are nearly horizontal, so the vertical distance is the distance; a
    // point-in-polygon test with exact edge distances cost 2.4× the whole warp.)
    const u = toU(x, y);
    if (u < uMin - 1 || u > uMax + 1) {
      out[3] = 0;
      return;
    }
    const v = toV(x, y);
    const vu = lookup(upperAt, u);
    const vl = lookup(lowerAt, u);
    // Never past the lips' outer lines either: towards a corner the inside ends within them,
    // with lip all round its tip (a straight chord from the last inner-lip point to the
    // corner could leave a lip's outer line and paint a dark wedge onto the skin).
    const inner = Math.min(v - vu, vl - v, u - uMin, uMax - u, v - lookup(outerTop, u), lookup(outerBottom, u) - v);
    const coverage = Math.min(1, 0.35 + inner / 1.5);
    if (coverage <= 0) {
      out[3] = 0;
      return;
    }
    const gap = Math.max(0.5, vl - vu);
    const depth = Math.min(1, Math.max(0, (v - vu) / gap));
    const across01 = uMax > uMin ? (u - uMin) / (uMax - uMin) : 0.5;
    const sideFade = Math.min(1, Math.max(0, Math.min(across01, 1 - across01) / 0.28));
    // Darker towards the back of the mouth and its corners.
    const darken = (1 - 0.45 * Math.sin(Math.PI * depth)) * (0.55 + 0.45 * sideFade);
    let r = palette.cavity[0] * darken;
    let g = palette.cavity[1] * darken;
    let b = palette.cavity[2] * darken;
    // Where this column lies on the dental arch, seen from the front: the arch curves away
    // from the camera, so teeth further from the middle come out narrower, shorter and
    // turned into shadow (the dark "buccal corridor" at the corners of a real open mouth);
    // teeth of one length and light from corner to corner read as a metal bar.
    const sin = Math.max(-1, Math.min(1, (u - uCenter) / archRadius));
    const angle = Math.asin(sin);
    const facing = Math.cos(angle);
    const side01 = Math.abs(sin);
    if (gap > 0.1 * iod) {
      // The tongue: a mound at the floor of the mouth, higher in the middle, lit from the
      // front, its back edge in the shadow of the palate. It shows as the jaw drops.
      const tongueTop = 0.6 + 0.28 * side01 * side01;
      const rise = Math.min(1, Math.max(0, (depth - tongueTop) / 0.14));
      const t = rise * Math.min(1, (gap - 0.1 * iod) / (0.08 * iod)) * sideFade * 0.8;
      if (t > 0) {
        const lit = 0.7 + 0.3 * facing * Math.min(1, (depth - tongueTop) / 0.3);
        r += (palette.tongue[0] * lit - r) * t;
        g += (palette.tongue[1] * lit - g) * t;
        b += (palette.tongue[2] * lit - b) * t;
      }
    }
    const fromTop = v - vu;
    // One tooth every toothWidth along the arch; f: where in its tooth (−0.5 … 0.5).
    const phase = (archRadius * angle) / toothWidth + 0.5;
    const f = phase - Math.round(phase);
    // Upper teeth are fixed in the skull: as the jaw drops they keep their length (a gap
    // narrower than that shows their edges only). Each tooth's biting edge is rounded at
    // its sides, so the row's edge is scalloped, not ruled; the side teeth are shorter in view.
    const length = Math.min(teethMax * (1 - 0.3 * side01 * side01) * (1 - 0.22 * (2 * f) ** 4), gap * 0.55);
    const edge01 = Math.min(1, Math.max(0, (length - fromTop) / 1.2 + 0.5));
    // In the upper lip's shadow for their first pixel and a half.
    const lipShadow = 0.72 + 0.28 * Math.min(1, Math.max(0, fromTop / 1.5));
    // A dark seam between neighbouring teeth, widest at the biting edge where they part.
    const towardsEdge = Math.min(1, Math.max(0, fromTop / Math.max(1, length)));
    const seam = 1 - (0.15 + 0.3 * towardsEdge) * Math.min(1, Math.max(0, (Math.abs(f) - 0.44) / 0.06));
    // The edge itself is a little translucent: the dark behind shows through the last quarter.
    const tip = 1 - 0.18 * Math.min(1, Math.max(0, (towardsEdge - 0.75) / 0.25));
    // Lit where they face the camera, brightest a third of the way down; past about 45° of
    // the arch they are in the mouth's shadow.
    const light = Math.pow(facing, 2.5) * Math.min(1, Math.max(0, (0.85 - side01) / 0.3)) * (0.9 + 0.1 * Math.sin(Math.PI * Math.min(1, towardsEdge * 1.4)));
    let teeth = edge01 * lipShadow * seam * tip * light * 0.88;
    if (photoTeeth && sourceInner) {
      // The photo's own teeth stay where they were under the upper lip: sample the same
      // depth below the photo's upper lip, at the matching place across the mouth.
      const su = lookup(photoU, u);
      const top = lookup(photoTop, u);
      const depthThere = lookup(photoDepth, u);
      const w = Math.min(1, Math.max(0, depthThere - fromTop)) * Math.min(1, sideFade * 3);
      if (w > 0) {
        samplePhoto(photoTeeth, su * across[0] + (top + fromTop) * down[0], su * across[1] + (top + fromTop) * down[1], photo);
        r += (photo[0]! - r) * w;
        g += (photo[1]! - g) * w;
        b += (photo[2]! - b) * w;
      }
      teeth = 0;
    }
    // The lower incisors' edges just above the lower lip, in the middle only, when wide open.
    const lowerTeeth = gap > 0.16 * iod ? Math.max(0, 1 - (vl - v) / Math.max(1, teethMax * 0.35)) * Math.max(0, 1 - side01 / 0.45) * seam * 0.45 : 0;
    const t = Math.max(teeth, lowerTeeth);
    if (t > 0) {
      r += (palette.teeth[0] - r) * t;
      g += (palette.teeth[1] - g) * t;
      b += (palette.teeth[2] - b) * t;
    }
    out[0] = r;
    out[1] = g;
    out[2] = b;
    out[3] = coverage * opacity;
  };
  return { box, shade };
}

function samplePhoto(teeth: PhotoTeeth, x: number, y: number, out: number[]): void {
  sampleBilinear(teeth.rgb, teeth.width, teeth.height, x, y, out);
}

/**
 * Paints the open mouth into a Y'CbCr 4:2:0 frame: luma per pixel; chroma per 2×2 block
 * from the alpha-weighted mean of its four pixels, so the painted edge has the same
 * soft coverage in colour as in brightness (a block judged by its centre alone left
 * green and purple fringes at the mouth's corners).
 */
export function paintMouth(frame: YuvFrame, rig: FaceRig, dest: Float64Array, palette: MouthPalette, opacity: number, photoTeeth?: PhotoTeeth): void {
  if (opacity <= 0.01) return;
  const { box, shade } = mouthShader(rig, dest, palette, opacity, photoTeeth);
  const { y: yPlane, u: uPlane, v: vPlane } = planesOf(frame);
  // Whole 2×2 chroma blocks.
  const x0 = Math.max(0, box.x) & ~1;
  const y0 = Math.max(0, box.y) & ~1;
  const x1 = Math.min(frame.width - 1, box.x + box.width) | 1;
  const y1 = Math.min(frame.height - 1, box.y + box.height) | 1;
  const data = frame.data;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  // Per pixel: alpha, and the painted Cb and Cr.
  const alpha = new Float32Array(w * h);
  const cb = new Float32Array(w * h);
  const cr = new Float32Array(w * h);
  const rgb = new Float64Array(4);
  const yuv = new Float64Array(3);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      shade(x, y, rgb);
      const painted = rgb[3]!;
      if (painted <= 0) continue;
      rgbToYuvInto(rgb[0]!, rgb[1]!, rgb[2]!, yuv);
      const luma = yuv[0]!;
      const i = (y - y0) * w + (x - x0);
      alpha[i] = painted;
      cb[i] = yuv[1]!;
      cr[i] = yuv[2]!;
      const p = yPlane.offset + y * yPlane.width + x;
      data[p] = data[p]! + (luma - data[p]!) * painted + 0.5;
    }
  }
  for (let by = 0; by < h; by += 2) {
    for (let bx = 0; bx < w; bx += 2) {
      let a = 0;
      let u = 0;
      let v = 0;
      for (let corner = 0; corner < 4; corner++) {
        const i = (by + (corner >> 1)) * w + bx + (corner & 1);
        a += alpha[i]!;
        u += alpha[i]! * cb[i]!;
        v += alpha[i]! * cr[i]!;
      }
      if (a <= 0) continue;
      const cx = (x0 + bx) >> 1;
      const cy = (y0 + by) >> 1;
      const pu = uPlane.offset + cy * uPlane.width + cx;
      const pv = vPlane.offset + cy * vPlane.width + cx;
      const mix = a / 4;
      data[pu] = data[pu]! + (u / a - data[pu]!) * mix + 0.5;
      data[pv] = data[pv]! + (v / a - data[pv]!) * mix + 0.5;
    }
  }
}
