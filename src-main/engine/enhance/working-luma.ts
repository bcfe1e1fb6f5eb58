/**
 * The photo score's working copy: luma (Rec. 601 weights on the sRGB-encoded values, what
 * the eye reads as detail) of the photo, area-averaged down to at most WORK_LONG_SIDE px on
 * its long side.
 */

/**
 * Working resolution. Measuring on one grid size makes the Laplacian variance mean
 * "detail per pixel at a normal viewing size" whatever the file's resolution (a 4000 px
 * photo downscaled to 1024 gains per-pixel detail the way it does on screen), and keeps
 * the cost flat: a 1024×853 copy is under a million pixels.
 */
export const WORK_LONG_SIDE = 1024;

export interface Luma {
  data: Float32Array;
  width: number;
  height: number;
  scale: number; // working px per input px, ≤ 1
}

/**
 * Luma, area-averaged down so the long side is at most WORK_LONG_SIDE. Box (area)
 * averaging with fractional edge weights: each output sample is the exact mean of the
 * input rectangle it covers, what a sensor of that size would see. Both axes use running
 * sums (the mean over [from, to) is the difference of two interpolated prefix sums), so
 * the cost does not grow with the shrink factor and no full-size copy is kept.
 */
export function workingLuma(rgb: Buffer, width: number, height: number): Luma {
  const long = Math.max(width, height);
  if (long <= WORK_LONG_SIDE) {
    const data = new Float32Array(width * height);
    for (let i = 0, p = 0; i < data.length; i++, p += 3) {
      data[i] = 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!;
    }
    return { data, width, height, scale: 1 };
  }
  const scale = WORK_LONG_SIDE / long;
  const outW = Math.max(3, Math.round(width * scale));
  const outH = Math.max(3, Math.round(height * scale));
  const across = boundaries(width, outW);
  const down = boundaries(height, outH);
  const data = new Float32Array(outW * outH);
  // One spare slot past the end so interpolating at the right edge never reads out of bounds.
  const line = new Float64Array(width + 2);
  const row = new Float64Array(outW);
  const columnSums = new Float64Array(outW);
  const previous = new Float64Array(outW);
  let edge = 1;
  for (let y = 0; y < height; y++) {
    // Prefix sum of this row's luma, then each output column is a difference of two.
    let sum = 0;
    for (let x = 0, p = y * width * 3; x < width; x++, p += 3) {
      line[x] = sum;
      sum += 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!;
    }
    line[width] = sum;
    line[width + 1] = sum;
    let left = line[across.index[0]!]!;
    for (let o = 0; o < outW; o++) {
      const b = o + 1;
      const at = across.index[b]!;
      const right = line[at]! + across.frac[b]! * (line[at + 1]! - line[at]!);
      row[o] = (right - left) / across.step;
      left = right;
    }
    // Vertical boundaries that fall inside this row close an output row.
    while (edge <= outH && down.index[edge]! === y) {
      const frac = down.frac[edge]!;
      const out = (edge - 1) * outW;
      for (let x = 0; x < outW; x++) {
        const bottom = columnSums[x]! + frac * row[x]!;
        data[out + x] = (bottom - previous[x]!) / down.step;
        previous[x] = bottom;
      }
      edge++;
    }
    for (let x = 0; x < outW; x++) columnSums[x]! += row[x]!;
  }
  // The last boundary sits exactly at the bottom edge.
  for (; edge <= outH; edge++) {
    const out = (edge - 1) * outW;
    for (let x = 0; x < outW; x++) {
      data[out + x] = (columnSums[x]! - previous[x]!) / down.step;
      previous[x] = columnSums[x]!;
    }
  }
  return { data, width: outW, height: outH, scale: outW / width };
}

/** Output-pixel edges in input coordinates: edge b sits at index[b] + frac[b]. */
function boundaries(inLen: number, outLen: number): { index: Int32Array; frac: Float64Array; step: number } {
  const step = inLen / outLen;
  const index = new Int32Array(outLen + 1);
  const frac = new Float64Array(outLen + 1);
  for (let b = 0; b <= outLen; b++) {
    const at = Math.min(inLen, b * step);
    index[b] = Math.min(inLen, Math.floor(at));
    frac[b] = at - index[b]!;
  }
  return { index, frac, step };
}
