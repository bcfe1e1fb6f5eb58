import { planesOf, type YuvFrame } from '../encode/yuv.js';
import { chromaAt, LID_SKIN_REACH, luma, pointOf, type EyeLid, type Eyelids } from './eyelid-look.js';

export { LOWER_LID_LIFT, prepareEyelids, type Eyelids, type LidLook } from './eyelid-look.js';

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

/**
 * The upper lid's own skin tone, read from one patch above the cover (the `reach` rows over
 * its whole width) and not column by column: on a small, blurry face each column's rows
 * above the lashes mixed lid, fold and brow differently, and the shut lid came out striped
 * and grey. Each column's tone is the mean of its brighter rows bar the brightest (60–95 % by
 * luma: the rows just above the lashes are the lash line's and the fold's shadow, and their
 * mean painted the sample's shut lid a greyish brown that read as a patch); each of three
 * slices across the eye takes its median column, and the tone runs linearly between the
 * slices' middles, so light falling across the face still shades the lid.
 */
function sampleLidPatch(frame: YuvFrame, allCols: { x: number; coverTop: number }[], reach: number, out: Float64Array[], meshX0: number, meshX1: number): void {
  const slices = 3;
  // Read over the mesh's eye only: past its corners lie the fold's and the nose's shadows.
  const first = Math.max(
    0,
    allCols.findIndex((col) => col.x >= meshX0),
  );
  const inside = allCols.filter((col) => col.x >= meshX0 && col.x <= meshX1);
  const cols = inside.length ? inside : allCols;
  const tones = Array.from({ length: slices }, (_, slice) => {
    const part = cols.slice(Math.floor((slice * cols.length) / slices), Math.max(Math.floor((slice * cols.length) / slices) + 1, Math.floor(((slice + 1) * cols.length) / slices)));
    const columnTones = part.map(({ x, coverTop }) => {
      const rows: Array<[number, number, number]> = [];
      for (let d = 1; d <= reach; d++) {
        const y = Math.max(0, Math.round(coverTop - d));
        rows.push([luma(frame, x, y), ...chromaAt(frame, x, y)]);
      }
      rows.sort((a, b) => a[0] - b[0]);
      const from = Math.min(rows.length - 1, Math.floor(rows.length * 0.6));
      const to = Math.max(from + 1, Math.ceil(rows.length * 0.95));
      const tone = [0, 0, 0];
      for (let i = from; i < to; i++) for (let k = 0; k < 3; k++) tone[k]! += rows[i]![k]! / (to - from);
      return tone;
    });
    // The slice's median column: a column whose rows caught a brow hair or the fold does not tint it.
    return [0, 1, 2].map((k) => {
      const values = columnTones.map((t) => t[k]!).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)]!;
    });
  });
  const middles = tones.map((_, slice) => (inside.length ? first : 0) + ((slice + 0.5) * cols.length) / slices);
  for (let c = 0; c < allCols.length; c++) {
    const t = Math.min(slices - 1, Math.max(0, (c - middles[0]!) / (middles[1]! - middles[0]!)));
    const i = Math.min(slices - 2, Math.floor(t));
    for (let k = 0; k < 3; k++) out[k]![c] = tones[i]![k]! + (tones[i + 1]![k]! - tones[i]![k]!) * (t - i);
  }
}

/**
 * How far below the mesh's lower lid contour the shut lid's margin reaches, in lash widths:
 * over the lower lid's own rim and lash line. With 0.3 the face mesh's eye model still read
 * the sample's shut eyes at 0.4–0.5 of open (the rim showed as a second line), with 1.6 at
 * 0.3–0.35.
 */
const MARGIN_OVERLAP = 1.6;
/**
 * Where the still's colour says the eye's dark reaches below the mesh's lower lid (a tiny face),
 * the shut lid may reach this share of the eye's width below that instead: measured from the
 * mesh alone, the 240p photo's left eye had room for the margin or its lash line, not both.
 */
const MAX_BELOW_READ_LID = 0.15;
/**
 * The shut lid's lash line is painted this much nearer black (limited-range 16) than the lash
 * colour read on the still. That colour is the lashes blurred with the skin around them (a
 * line 1–3 px thick on a small or soft photo), and a shut eye's upper and lower lashes meet
 * in one dense line: painted at the still's colour, the thin line came out a pale brown that
 * the face mesh's eye model did not take for a closed eye (the 240p photo's left eye read 0.5
 * of open at a blink's middle, 0.3 with the deeper line; the sample 0.37, then 0.31).
 */
const SHUT_LASH_DEPTH = 0.4;
/**
 * The shut lid covers the photo's own lash line, which reaches this many lash widths above
 * the mesh's lid contour, fully.
 */
const LASH_LINE_ABOVE_LID = 1.2;
/**
 * ...and fades in from this many lash widths above the contour down to it (never above one
 * lash width over the lid's highest point: the painted box ends there, so glasses' rims stay
 * put): the lid's shadow over the lashes (a hooded lid's, biden's) runs higher than the lash
 * line read on the still, and a cover ending at the lash line left it showing as a dark rim
 * round a pale almond that the face mesh's eye model read as an eye still open. At 360×640,
 * with the eyes placed on the photo's own (face-detector.ts), two-faces read 0.43 and 0.38 of
 * open at its blinks' middles with the cover ending at the lash line, 0.27 and 0.30 fading in
 * from 2.8 lash widths, 0.25 and 0.28 from 3.5; biden 0.33 and 0.33, 0.37 and 0.29, then
 * 0.29 and 0.28.
 */
const COVER_ABOVE_LID = 3.5;
/** Luma (grey levels) within which a pixel above the lid counts as its skin's grain; past it, a hair or a shadow. */
const GRAIN_SKIN_RANGE = 20;
/** The shut lid and its lashes reach at most this share of the eye's width below the lower lid's contour. */
const MAX_BELOW_LID = 0.22;

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
  const ys = pts.map((p) => p[1]);
  // A lid is a smooth arc: one point out of line with both neighbours (the mesh on a tiny
  // face, whose points step by whole photo pixels) is pulled back between them, else the shut
  // margin and its lash line kinked into a V.
  // Only a real kink (a tenth of the eye's width off its neighbours' line on the 240p photo) is
  // pulled in: clipping every extremum raised the sample's lower lid enough that the face mesh
  // read its shut eye at 0.41 of open.
  const kink = Math.max(1.5, (pts[pts.length - 1]![0] - pts[0]![0]) * 0.06);
  const smooth = ys.map((y, i) => (i === 0 || i === ys.length - 1 || Math.abs(y - (ys[i - 1]! + ys[i + 1]!) / 2) <= kink ? y : [ys[i - 1]!, y, ys[i + 1]!].sort((a, b) => a - b)[1]!));
  return { xs: pts.map((p) => p[0]), ys: smooth };
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
  // The visible corners reach past the mesh's (its corner points sit on the white), as far
  // as the still's colour says the eye goes (readLook), at least 8 % of the eye's width.
  const outerOnLeft = pointOf(dest, eye.outerCorner)[0] < pointOf(dest, eye.innerCorner)[0];
  const pastLeft = eyeWidth * Math.max(0.08, outerOnLeft ? look.pastOuter : look.pastInner);
  const pastRight = eyeWidth * Math.max(0.08, outerOnLeft ? look.pastInner : look.pastOuter);
  const meshX0 = upper.xs[0]!;
  const meshX1 = upper.xs[upper.xs.length - 1]!;
  const x0 = meshX0 - pastLeft;
  const x1 = meshX1 + pastRight;
  const { width, height, data } = frame;
  const lash = look.lashPx;
  // The line deepens only as the lashes meet, over the last 15 % of the closure: a half-shut
  // lid keeps the still's own lash colour (deepened from half way, biden's half blinks and
  // lowered lids read as 3 more blinks to the frame check, 7 seen of 3 drawn).
  const depth = 1 - (1 - SHUT_LASH_DEPTH) * Math.min(1, Math.max(0, (closure - 0.85) / 0.15));
  const lashDark = 16 + (look.lashY - 16) * depth;
  // Its colour greys as it darkens: the still's lash tint at a deeper luma read as a red line.
  const lashCb = 128 + (look.lashCb - 128) * depth;
  const lashCr = 128 + (look.lashCr - 128) * depth;
  // Lashes appear as the lid comes down: a lash line painted at full strength over the
  // photo's own on the first frame of a blink pops.
  const lashStrength = Math.min(1, closure / 0.25);
  const colStart = Math.max(0, Math.floor(x0) - 1);
  const colEnd = Math.min(width - 1, Math.ceil(x1) + 1);
  const top = Math.floor(Math.min(...upper.ys) - lash - 1);
  const bottom = Math.ceil(Math.max(...lower.ys) + Math.max(lash, eyeWidth * Math.max(MAX_BELOW_LID, look.belowLower + MAX_BELOW_READ_LID)) + 1);
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
  // The cover starts above the photo's own lash line and the lid's shadow over it, which the lid carries down with it.
  const lidTop = (c: number): number => yU[c]! - lash * COVER_ABOVE_LID;
  // The mesh's own lower lid marks where the painted lid may reach (a glasses' rim under the
  // eye stays put); the colour-read opening (readLook) may put the margin a little lower.
  const yLMesh = new Float64Array(columns);
  const belowLower = look.belowLower * eyeWidth;
  for (let c = 0; c < columns; c++) {
    const x = colStart + c;
    const xc = Math.min(x1, Math.max(x0, x));
    yU[c] = along(upper.xs, upper.ys, xc);
    yLMesh[c] = along(lower.xs, lower.ys, xc);
    // Full depth under the middle of the eye, none at the corners, along an arc like the lid's own.
    const inside = Math.sin(Math.PI * Math.min(1, Math.max(0, (xc - meshX0) / Math.max(1, meshX1 - meshX0))));
    yL[c] = yLMesh[c]! + belowLower * inside;
    for (const d of [1, 2, 3]) sample(x, yL[c]! + lash * 0.6 + d, skinBelow, c, 1 / 3);
  }
  sampleLidPatch(
    frame,
    // Read above the lash line, not above the cover's faded top: higher up lie the fold's shadow and the brow.
    Array.from({ length: columns }, (_, c) => ({ x: colStart + c, coverTop: yU[c]! - lash * LASH_LINE_ABOVE_LID })),
    Math.max(3, Math.round(eyeWidth * LID_SKIN_REACH)),
    skinAbove,
    meshX0,
    meshX1,
  );
  // Across columns the lower edge is smoothed (±2 px): a lash or a pore on the edge would
  // otherwise streak down the whole lid.
  for (const series of skinBelow) {
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
    // Past the mesh's corners (where the colour said the eye goes on), the cover narrows to
    // a point and carries no lash line: a lash line drawn out there read as a dash.
    const past = x < meshX0 ? (meshX0 - x) / Math.max(1, meshX0 - x0) : x > meshX1 ? (x - meshX1) / Math.max(1, x1 - meshX1) : 0;
    const gap = Math.max(0, yL[c]! - yU[c]!);
    const coverTop = yU[c]! - (yU[c]! - lidTop(c)) * (1 - past);
    // Shut, the margin overlaps the lower lid's own lash line so neither white nor the
    // lower lid's rim shows between; the overlap comes in only near full closure, so a
    // half blink stays half.
    const lineHalf = Math.max(0.8, lash * 0.45);
    // How far down anything is painted (lid, lashes and strands): MAX_BELOW_LID under the mesh's
    // lower lid (a glasses' rim under the eye stays put), or MAX_BELOW_READ_LID under the lower
    // lid the still's colour found, whichever is lower.
    const reach = Math.max(yLMesh[c]! + eyeWidth * MAX_BELOW_LID, yL[c]! + eyeWidth * MAX_BELOW_READ_LID);
    // The margin stops half a lash line above that reach: the overlap (counted from the
    // colour-read lower lid) put it past the reach on the 240p photo's left eye, the lash line
    // was cut off there (no line on the shut lid at all) and the iris model read the eye at
    // 0.46 of open.
    const lowest = reach - lineHalf;
    const margin = Math.min(yU[c]! + closure * gap + closure ** 4 * lash * MARGIN_OVERLAP * (1 - past), Math.max(yU[c]! + closure * gap, lowest));
    const lashHere = lashStrength * Math.max(0, 1 - past * 2);
    // The tone runs from the lid's to the skin's under the eye across the eye itself (from the lash line down), not across the faded top.
    const toneTop = yU[c]! - lash * LASH_LINE_ABOVE_LID * (1 - past);
    const closedHeight = Math.max(1, yL[c]! - toneTop);
    const yCrease = along(crease.xs, crease.ys, Math.min(x1, Math.max(x0, x)));
    const band = Math.max(1.5, Math.min(eyeWidth * 0.12, (coverTop - yCrease) * 0.6));
    // Strands: lashes hang below the margin unevenly, longer in the middle of the lid.
    const middle = Math.sin(Math.PI * Math.min(1, Math.max(0, (x - x0) / eyeWidth)));
    const hang = lash * (0.4 + 0.9 * strand(x)) * middle * Math.max(0, closure - 0.5) * 2;
    const lastRow = Math.min(rowEnd, Math.ceil(margin + lineHalf + hang), Math.floor(reach));
    for (let y = Math.max(rowStart, Math.floor(coverTop)); y <= lastRow; y++) {
      // The cover's top fades in down to the photo's lash line: a one-pixel edge outlined the lid as a pasted patch on a blurry face.
      const aTop = Math.min(1, Math.max(0, (y - coverTop + 0.5) / Math.max(1, (1 - past) * lash * (COVER_ABOVE_LID - LASH_LINE_ABOVE_LID))));
      const aSkin = Math.min(1, Math.max(0, margin - y + 0.5)) * aTop;
      // Lash line: centred just above the margin, its dark fading into the strands below.
      const fromMargin = y - margin;
      let aLash = Math.exp(-(((fromMargin + lineHalf * 0.3) / lineHalf) ** 2));
      if (fromMargin > 0 && hang > 0) aLash = Math.max(aLash, 0.7 * Math.max(0, 1 - fromMargin / (lineHalf + hang)));
      aLash *= lashHere;
      const a = Math.max(aSkin, aLash) * side;
      if (a <= 0.005) continue;
      // Where this row sits on the closed lid: 0 at its top, 1 at the lower lid.
      const s = Math.min(1, Math.max(0, (y - toneTop) / closedHeight));
      // Towards the lower lid's skin only as the lid reaches it: half shut, a lid tinted
      // like the (often lighter) skin under the eye read as a pasted patch.
      const toBelow = s * closure * closure;
      // The grain: the band above the lashes, mirrored down, less its own level.
      const grainY = Math.min(height - 1, Math.max(0, Math.round(coverTop - 1 - mirror(Math.max(0, y - coverTop), band))));
      // Only skin lends its grain: a brow or lash hair in the band above repeated down a small lid as a stripe.
      const grainDiff = data[grainY * width + x]! - skinAbove[0]![c]!;
      const grain = Math.abs(grainDiff) < GRAIN_SKIN_RANGE ? grainDiff * 0.25 : 0;
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
      const yOut = lumaSkin + (lashDark - lumaSkin) * mixLash;
      cb += (lashCb - cb) * mixLash;
      cr += (lashCr - cr) * mixLash;
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
