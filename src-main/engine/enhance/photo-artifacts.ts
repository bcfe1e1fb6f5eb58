/**
 * Damage an edit did to a photo, measured against the photo it was made from. The plain
 * photo score cannot see damage: its sharpness (Laplacian variance) rises with any
 * high-frequency change, speckles and halos included, so an editor judged by it alone
 * can "improve" a photo by ruining it. Here every change is split into what a global tone
 * curve explains (white balance, contrast, exposure: one lookup per channel) and what it
 * does not, and the rest is judged against the input's own 3×3 neighbourhood:
 *
 * - speckles: a pixel whose channels leave the neighbourhood's range in different
 *   directions or by different amounts (a colour no pixel nearby had: the green and
 *   purple dots of a wrapped channel);
 * - halos: a pixel brighter or darker than anything nearby, all channels together (the
 *   rim an over-strong unsharp mask draws along every edge);
 * - noise gain: how much the grain of the input's smooth parts (skin, walls, sky) grew
 *   (Immerkær's sigma there, output over input);
 * - lost levels: tonal levels per channel the input used and the output no longer does
 *   (posterisation, banding).
 *
 * It also hands back the "credited" photo: the output with every channel held within the
 * neighbourhood's range plus a few levels, which is the only detail the sharpness score
 * may credit. Steeper edges stay; overshoot and speckles earn nothing.
 *
 * Everything runs at full resolution (a speckle is one pixel; the score's 1024 px working
 * copy averages it away): 0.13 s of CPU for 1 MP and 0.22 s for 2 MP, measured while the
 * two shared cores were busy with other renders.
 */

import type { NeighbourhoodRange } from './neighbourhood-range.js';

export interface PhotoArtifacts {
  /** Pixels whose colour no pixel of the input's neighbourhood explains. */
  speckles: number;
  /** speckles as a share of all pixels. */
  speckleShare: number;
  /** Mean luma overshoot (levels) beyond the input's neighbourhood, over the input's edge pixels. */
  haloLevels: number;
  /** Output's noise sigma over the input's (luma, Immerkær) in the input's smooth regions: 1 = unchanged. */
  noiseGain: number;
  /** Share (0–1) of the input's tonal levels, all channels, that the output no longer uses. */
  levelsLost: number;
  /** Points the score loses for all of the above (0–10). */
  penalty: number;
}

/**
 * A channel may leave the neighbourhood's range by this much before it counts: JPEG
 * rounding and a mild unsharp mask overshoot by a few levels, which reads as crispness.
 */
const CREDIT_SLACK = 4;

/**
 * A speckle's channels disagree by more than this many levels of excess (one channel up
 * or down, the others not). An L*-only unsharp mask moves the channels of a pixel the same
 * way: the enhancer's candidates on the fixtures, strong retry included, count none, an
 * over-sharpened copy (m2 4) a few hundred at its most saturated edges; a wrapped channel
 * is 100 and more levels off.
 */
const SPECKLE_SPREAD = 40;

/** Input pixels whose 3×3 luma range (approximated per channel) reaches this sit on an edge. */
const EDGE_RANGE = 24;

/**
 * Smooth pixels: a 3×3 luma range under 12 levels, where grain shows and a sharpen has no
 * edge to work on (skin, walls, sky). A grainy photo has few such pixels, so the smoothest
 * fifth counts whatever its range.
 */
const SMOOTH_RANGE = 12;
const SMOOTH_MIN_SHARE = 0.2;
/** A clean photo's smooth parts measure sigma 0.5–0.9 here; below 0.5 a ratio means nothing. */
const NOISE_FLOOR = 0.5;

/** A level counts as used when at least this share of the pixels has it in that channel. */
const LEVEL_MIN_SHARE = 1e-4;

/**
 * Rows measured at a time. Working in bands keeps the extra memory to a few hundred KB
 * whatever the photo's size (whole-image planes cost 27 bytes a pixel: 330 MB for a 12 MP
 * phone photo); only the credited copy is full size.
 */
const BAND_ROWS = 64;
/** Grain is summed only where the 3×3 range is under this; the smooth threshold never gets near it on a photo. */
const NOISE_RANGE_CAP = 64;

/**
 * `referenceRange`: the reference's own 3×3 range, when the caller has it (the enhancer
 * worked it out to hold its sharpening). Where every tone curve rises over the levels the
 * reference uses, the range of
 * the tone-explained input is that range through the curves, and the band's range pass is
 * saved (about a tenth of an enhancement); the pixels measured are the same either way.
 */
export function measureArtifacts(rgb: Buffer, reference: Buffer, width: number, height: number, referenceRange?: NeighbourhoodRange): { artifacts: PhotoArtifacts; credited: Buffer } {
  const n = width * height;
  if (rgb.length < n * 3 || reference.length < n * 3) {
    throw new Error(`measureArtifacts: the photo and its reference must both be ${width}×${height} RGB`);
  }
  const { curves, rising, levelsLost } = toneCurves(rgb, reference, n);
  const [c0, c1, c2] = curves;
  const throughCurves = referenceRange && rising ? referenceRange : undefined;
  const stride = width * 3;
  const credited = Buffer.allocUnsafe(n * 3);
  // A band's rows plus one above and one below: the 3×3 neighbourhoods reach that far.
  const toned = Buffer.allocUnsafe((BAND_ROWS + 2) * stride);
  const outLuma = new Float32Array((BAND_ROWS + 2) * width);
  const inLuma = new Float32Array((BAND_ROWS + 2) * width);
  const colLo = Buffer.allocUnsafe(BAND_ROWS * stride);
  const colHi = Buffer.allocUnsafe(BAND_ROWS * stride);
  const lo = Buffer.allocUnsafe(BAND_ROWS * stride);
  const hi = Buffer.allocUnsafe(BAND_ROWS * stride);
  // Per 3×3 luma range: how many pixels, and their summed noise responses, out and in.
  const rangeHistogram = new Float64Array(256);
  const grainOut = new Float64Array(NOISE_RANGE_CAP);
  const grainIn = new Float64Array(NOISE_RANGE_CAP);
  const grainCount = new Float64Array(NOISE_RANGE_CAP);

  let speckles = 0;
  let haloSum = 0;
  let edgePixels = 0;
  for (let y0 = 0; y0 < height; y0 += BAND_ROWS) {
    const y1 = Math.min(height, y0 + BAND_ROWS);
    const first = Math.max(0, y0 - 1);
    const last = Math.min(height - 1, y1);
    for (let y = first; y <= last; y++) {
      for (let x = 0, p = y * stride, q = (y - first) * stride, i = (y - first) * width; x < width; x++, p += 3, q += 3, i++) {
        const tr = c0[reference[p]!]!,
          tg = c1[reference[p + 1]!]!,
          tb = c2[reference[p + 2]!]!;
        toned[q] = tr;
        toned[q + 1] = tg;
        toned[q + 2] = tb;
        inLuma[i] = 0.299 * tr + 0.587 * tg + 0.114 * tb;
        outLuma[i] = 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!;
      }
    }
    if (throughCurves) curvedRanges(throughCurves, curves, lo, hi, y0 * stride, (y1 - y0) * stride);
    else bandRanges(toned, colLo, colHi, lo, hi, { y0, y1, first, height, stride });

    for (let y = y0; y < y1; y++) {
      const interiorRow = y > 0 && y < height - 1;
      for (let x = 0, p = y * stride, k = (y - y0) * stride, l = (y - first) * width; x < width; x++, p += 3, k += 3, l++) {
        // The three channels written out: this loop runs once per pixel of a full-size photo.
        const r = rgb[p]!,
          g = rgb[p + 1]!,
          b = rgb[p + 2]!;
        const rLo = lo[k]!,
          gLo = lo[k + 1]!,
          bLo = lo[k + 2]!;
        const rHi = hi[k]!,
          gHi = hi[k + 1]!,
          bHi = hi[k + 2]!;
        const rEx = r > rHi ? r - rHi : r < rLo ? r - rLo : 0;
        const gEx = g > gHi ? g - gHi : g < gLo ? g - gLo : 0;
        const bEx = b > bHi ? b - bHi : b < bLo ? b - bLo : 0;
        const spread = Math.max(rEx, gEx, bEx) - Math.min(rEx, gEx, bEx);
        const lumaRange = 0.299 * (rHi - rLo) + 0.587 * (gHi - gLo) + 0.114 * (bHi - bLo);
        credited[p] = r > rHi + CREDIT_SLACK ? rHi + CREDIT_SLACK : r < rLo - CREDIT_SLACK ? rLo - CREDIT_SLACK : r;
        credited[p + 1] = g > gHi + CREDIT_SLACK ? gHi + CREDIT_SLACK : g < gLo - CREDIT_SLACK ? gLo - CREDIT_SLACK : g;
        credited[p + 2] = b > bHi + CREDIT_SLACK ? bHi + CREDIT_SLACK : b < bLo - CREDIT_SLACK ? bLo - CREDIT_SLACK : b;
        const range = Math.round(lumaRange);
        rangeHistogram[range]!++;
        if (range < NOISE_RANGE_CAP && interiorRow && x > 0 && x < width - 1) {
          grainOut[range]! += immerkaer(outLuma, l, width);
          grainIn[range]! += immerkaer(inLuma, l, width);
          grainCount[range]!++;
        }
        if (spread > SPECKLE_SPREAD) speckles++;
        else if (lumaRange >= EDGE_RANGE) {
          haloSum += Math.abs(0.299 * rEx + 0.587 * gEx + 0.114 * bEx);
          edgePixels++;
        }
      }
    }
  }

  const speckleShare = speckles / n;
  const haloLevels = edgePixels > 0 ? haloSum / edgePixels : 0;
  const noiseGain = smoothNoiseGain(rangeHistogram, grainOut, grainIn, grainCount, n);
  const penalty = artifactPenalty({ speckleShare, haloLevels, noiseGain, levelsLost });
  return { artifacts: { speckles, speckleShare, haloLevels, noiseGain, levelsLost, penalty }, credited };
}

// ---- the penalty: points off the 0–10 score, read off the fixtures damaged on purpose
// ---- (see photo-artifacts.test.ts for the figures).

/**
 * Speckles: 0.02 % of the pixels (about 400 dots on a 2 MP portrait) are visible at 100 %
 * and cost 2 points; 0.1 % costs all 10. The 3,800 dots on the 2.1 MP press photo
 * are 0.18 %.
 */
const SPECKLE_VISIBLE = 0.0002;
const SPECKLE_RUINED = 0.001;
/**
 * Halos: the enhancer's candidates overshoot edges by 0.4–1.7 levels on average and a
 * mild full-frame unsharp mask (sigma 1, m2 1) by 1.4–2.8; an over-strong one (sigma 1.5,
 * m2 4), whose white rims show along every edge, by 6.7–8.4.
 */
const HALO_FREE = 2.5;
const HALO_RUINED = 9;
/**
 * Grain: the enhancer's picks grow it by 0.97–1.19× (its strong retry's grain on the
 * press photo's forehead is at the edge of what looks clean); a mild full-frame unsharp
 * mask (sigma 1, m2 1) by 1.4–1.5×, a stronger one (m1 1, m2 2) doubles it, which reads as
 * gritty skin, and 3× is sandpaper.
 */
const NOISE_FREE = 1.35;
const NOISE_RUINED = 3;
/**
 * Lost levels: tone curves merge some (a 1.3× contrast stretch clips 22 % of the levels
 * used, a darkening gamma of 1.6 merges 29 %), posterising to 64 levels a channel loses
 * 75 % and to 32 loses 87 %.
 */
const LEVELS_FREE = 0.35;
const LEVELS_RUINED = 0.7;

export function artifactPenalty(m: Pick<PhotoArtifacts, 'speckleShare' | 'haloLevels' | 'noiseGain' | 'levelsLost'>): number {
  // Linear from the first speckle: each costs something, as each is seen.
  const speckleCost = m.speckleShare < SPECKLE_VISIBLE ? (2 * m.speckleShare) / SPECKLE_VISIBLE : 2 + 8 * ramp(m.speckleShare, SPECKLE_VISIBLE, SPECKLE_RUINED);
  const total = speckleCost + 10 * ramp(m.haloLevels, HALO_FREE, HALO_RUINED) + 10 * ramp(m.noiseGain, NOISE_FREE, NOISE_RUINED) + 10 * ramp(m.levelsLost, LEVELS_FREE, LEVELS_RUINED);
  return Math.min(10, total);
}

// ---- measurements

/**
 * The global per-channel tone curve that explains the edit best: for each input level, the
 * median output level of the pixels that had it. Every tonal step of the enhancer is such
 * a curve, so what remains (output − curve(input)) is what the edit did locally. The same
 * joint histograms count the levels each side uses (see lostLevels).
 */
function toneCurves(rgb: Buffer, reference: Buffer, n: number): { curves: [Uint8Array, Uint8Array, Uint8Array]; rising: boolean; levelsLost: number } {
  const joints = [0, 1, 2].map(() => new Uint32Array(256 * 256));
  const [j0, j1, j2] = joints as [Uint32Array, Uint32Array, Uint32Array];
  for (let p = 0; p < n * 3; p += 3) {
    j0[(reference[p]! << 8) | rgb[p]!]!++;
    j1[(reference[p + 1]! << 8) | rgb[p + 1]!]!++;
    j2[(reference[p + 2]! << 8) | rgb[p + 2]!]!++;
  }
  // Whether every curve rises over the levels the reference uses: the only ones a range of
  // its pixels can hold (an unused level keeps its own value, which may break the order).
  let rising = true;
  const curves = joints.map((joint) => {
    const curve = new Uint8Array(256);
    let lastUsed = -1;
    for (let v = 0; v < 256; v++) {
      const row = v << 8;
      let total = 0;
      for (let o = 0; o < 256; o++) total += joint[row + o]!;
      curve[v] = v;
      for (let o = 0, seen = 0; total > 0 && o < 256; o++) {
        seen += joint[row + o]!;
        if (2 * seen >= total) {
          curve[v] = o;
          break;
        }
      }
      if (total === 0) continue;
      if (lastUsed >= 0 && curve[v]! < curve[lastUsed]!) rising = false;
      lastUsed = v;
    }
    return curve;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  return { curves, rising, levelsLost: lostLevels(joints, n) };
}

/**
 * Per-channel minimum and maximum over each pixel's 3×3 neighbourhood (edges clamped) of
 * the band's rows y0..y1−1, from `toned`, which holds rows first..y1 (one more each side
 * where the image has it). Columns first, then across.
 */
function bandRanges(toned: Buffer, colLo: Buffer, colHi: Buffer, lo: Buffer, hi: Buffer, band: { y0: number; y1: number; first: number; height: number; stride: number }): void {
  const { y0, y1, first, height, stride } = band;
  for (let y = y0; y < y1; y++) {
    const up = (Math.max(0, y - 1) - first) * stride;
    const mid = (y - first) * stride;
    const down = (Math.min(height - 1, y + 1) - first) * stride;
    for (let k = 0, out = (y - y0) * stride; k < stride; k++, out++) {
      const a = toned[up + k]!,
        b = toned[mid + k]!,
        d = toned[down + k]!;
      const min = a < b ? a : b;
      const max = a > b ? a : b;
      colLo[out] = min < d ? min : d;
      colHi[out] = max > d ? max : d;
    }
  }
  for (let y = y0; y < y1; y++) {
    const start = (y - y0) * stride;
    const end = start + stride;
    // The first and last pixel of a row see only one neighbour across: worked out apart,
    // so the loop over the rest has no edge tests.
    const next = stride > 3 ? 3 : 0;
    for (let c = 0; c < 3; c++) {
      const first = start + c;
      const last = end - 3 + c;
      lo[first] = Math.min(colLo[first]!, colLo[first + next]!);
      hi[first] = Math.max(colHi[first]!, colHi[first + next]!);
      lo[last] = Math.min(colLo[last]!, colLo[last - next]!);
      hi[last] = Math.max(colHi[last]!, colHi[last - next]!);
    }
    for (let p = start + 3; p < end - 3; p++) {
      lo[p] = Math.min(colLo[p - 3]!, colLo[p]!, colLo[p + 3]!);
      hi[p] = Math.max(colHi[p - 3]!, colHi[p]!, colHi[p + 3]!);
    }
  }
}

/** The band's ranges (`count` values from `start` of the photo) as the reference's range read through the tone curves. */
function curvedRanges(range: NeighbourhoodRange, curves: readonly [Uint8Array, Uint8Array, Uint8Array], lo: Buffer, hi: Buffer, start: number, count: number): void {
  const [c0, c1, c2] = curves;
  const { low, high } = range;
  for (let k = 0, p = start; k < count; k += 3, p += 3) {
    lo[k] = c0[low[p]!]!;
    lo[k + 1] = c1[low[p + 1]!]!;
    lo[k + 2] = c2[low[p + 2]!]!;
    hi[k] = c0[high[p]!]!;
    hi[k + 1] = c1[high[p + 1]!]!;
    hi[k + 2] = c2[high[p + 2]!]!;
  }
}

/**
 * Immerkær's noise sigma (see photo-quality.ts) of the output's and the tone-explained
 * input's luma over the input's smooth pixels, as a ratio: 1 when the grain is as it was,
 * under 1 when denoised. The sums come per 3×3 range; the smooth threshold picks which count.
 */
function smoothNoiseGain(rangeHistogram: Float64Array, grainOut: Float64Array, grainIn: Float64Array, grainCount: Float64Array, n: number): number {
  let smoothBelow = SMOOTH_RANGE;
  for (let r = 0, seen = 0; r < 256; r++) {
    seen += rangeHistogram[r]!;
    if (seen >= n * SMOOTH_MIN_SHARE) {
      smoothBelow = Math.min(NOISE_RANGE_CAP, Math.max(r + 1, SMOOTH_RANGE));
      break;
    }
  }
  let outSum = 0;
  let inSum = 0;
  let count = 0;
  for (let r = 0; r < smoothBelow; r++) {
    outSum += grainOut[r]!;
    inSum += grainIn[r]!;
    count += grainCount[r]!;
  }
  if (count === 0) return 1;
  const k = Math.sqrt(Math.PI / 2) / (6 * count);
  return (k * outSum) / Math.max(k * inSum, NOISE_FLOOR);
}

function immerkaer(l: Float32Array, i: number, w: number): number {
  return Math.abs(l[i - w - 1]! - 2 * l[i - w]! + l[i - w + 1]! - 2 * l[i - 1]! + 4 * l[i]! - 2 * l[i + 1]! + l[i + w - 1]! - 2 * l[i + w]! + l[i + w + 1]!);
}

/**
 * Share of the reference's used levels (all channels together) missing from the output,
 * read off the joint histograms: a row sum counts an input level, a column sum an output one.
 */
function lostLevels(joints: Uint32Array[], n: number): number {
  const min = Math.max(1, Math.round(n * LEVEL_MIN_SHARE));
  let before = 0;
  let after = 0;
  const inCounts = new Uint32Array(256);
  const outCounts = new Uint32Array(256);
  for (const joint of joints) {
    inCounts.fill(0);
    outCounts.fill(0);
    for (let v = 0; v < 256; v++) {
      for (let o = 0, row = v << 8; o < 256; o++) {
        const count = joint[row + o]!;
        inCounts[v]! += count;
        outCounts[o]! += count;
      }
    }
    for (let v = 0; v < 256; v++) {
      if (inCounts[v]! >= min) before++;
      if (outCounts[v]! >= min) after++;
    }
  }
  return before === 0 ? 0 : Math.max(0, 1 - after / before);
}

function ramp(v: number, free: number, ruined: number): number {
  return v <= free ? 0 : v >= ruined ? 1 : (v - free) / (ruined - free);
}
