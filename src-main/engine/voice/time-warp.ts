/**
 * Dynamic time warping between two feature sequences, in two passes so memory stays
 * small on a six-minute file: a coarse pass (frames pooled 8:1) inside a Sakoe–Chiba band
 * around the diagonal, then a full-resolution pass only near the coarse path.
 */

export interface FeatureSequence {
  /** frames × dims, row-major. */
  data: Float32Array;
  frames: number;
  dims: number;
}

/** Coarse frames are 80 ms: a syllable is 2–3 of them. */
const POOL = 8;
/**
 * The coarse band around the diagonal: 40 % of the length (a recording may drift that far
 * from eSpeak's even pace in a short take), but never over 30 s either side, which keeps a
 * six-minute file's coarse pass near 4,500 × 750 cells (17 MB) instead of 16 M cells.
 */
const BAND_FRACTION = 0.4;
const MIN_BAND = 25;
const MAX_BAND_FRAMES = Math.round(30 / 0.08);
/** How far (fine frames) the fine pass may stray from the coarse path. */
const FINE_RADIUS = POOL * 2;

/** Averages every `factor` frames into one. */
export function pool(seq: FeatureSequence, factor: number): FeatureSequence {
  const frames = Math.max(1, Math.ceil(seq.frames / factor));
  const data = new Float32Array(frames * seq.dims);
  for (let f = 0; f < frames; f += 1) {
    const from = f * factor;
    const to = Math.min(seq.frames, from + factor);
    for (let d = 0; d < seq.dims; d += 1) {
      let sum = 0;
      for (let k = from; k < to; k += 1) sum += seq.data[k * seq.dims + d]!;
      data[f * seq.dims + d] = to > from ? sum / (to - from) : 0;
    }
  }
  return { data, frames, dims: seq.dims };
}

function distance(a: FeatureSequence, i: number, b: FeatureSequence, j: number): number {
  let sum = 0;
  const ai = i * a.dims;
  const bj = j * b.dims;
  for (let d = 0; d < a.dims; d += 1) {
    const diff = a.data[ai + d]! - b.data[bj + d]!;
    sum += diff * diff;
  }
  return Math.sqrt(sum);
}

/**
 * DTW restricted to columns [lo[i], hi[i]] of each row i; the windows must overlap from
 * row to row. Returns the path as pairs (i, j) from (0, 0) to (n − 1, m − 1).
 */
export function windowedDtw(a: FeatureSequence, b: FeatureSequence, lo: Int32Array, hi: Int32Array): Array<[number, number]> {
  const n = a.frames;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) offsets[i + 1] = offsets[i]! + (hi[i]! - lo[i]! + 1);
  const cost = new Float32Array(offsets[n]!).fill(Infinity);
  // 0 diagonal, 1 from the row above, 2 from the left.
  const step = new Uint8Array(offsets[n]!);
  const at = (i: number, j: number): number => (j < lo[i]! || j > hi[i]! ? -1 : offsets[i]! + j - lo[i]!);
  for (let i = 0; i < n; i += 1) {
    for (let j = lo[i]!; j <= hi[i]!; j += 1) {
      const d = distance(a, i, b, j);
      const here = at(i, j);
      if (i === 0 && j === 0) {
        cost[here] = d;
        continue;
      }
      let best = Infinity;
      let from = 0;
      if (i > 0) {
        const diag = at(i - 1, j - 1);
        if (j > 0 && diag >= 0 && cost[diag]! < best) {
          best = cost[diag]!;
          from = 0;
        }
        const up = at(i - 1, j);
        if (up >= 0 && cost[up]! < best) {
          best = cost[up]!;
          from = 1;
        }
      }
      const left = j > lo[i]! ? here - 1 : -1;
      if (left >= 0 && cost[left]! < best) {
        best = cost[left]!;
        from = 2;
      }
      cost[here] = best + d;
      step[here] = from;
    }
  }
  const path: Array<[number, number]> = [];
  let i = n - 1;
  let j = b.frames - 1;
  if (at(i, j) < 0) throw new Error('the time-warp window does not reach the end of both sequences');
  for (;;) {
    path.push([i, j]);
    if (i === 0 && j === 0) break;
    const from = step[at(i, j)]!;
    if (i === 0) j -= 1;
    else if (j === 0 && from !== 1) i -= 1;
    else if (from === 0) {
      i -= 1;
      j -= 1;
    } else if (from === 1) i -= 1;
    else j -= 1;
  }
  return path.reverse();
}

/** A band of half-width `radius` around the straight line from (0,0) to (n−1, m−1). */
function diagonalBand(n: number, m: number, radius: number): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const centre = n > 1 ? (i * (m - 1)) / (n - 1) : 0;
    lo[i] = Math.max(0, Math.floor(centre - radius));
    hi[i] = Math.min(m - 1, Math.ceil(centre + radius));
  }
  return { lo, hi };
}

/** The fine window: each coarse cell on the path opens its POOL×POOL block, widened by FINE_RADIUS. */
function windowAround(coarse: Array<[number, number]>, n: number, m: number): { lo: Int32Array; hi: Int32Array } {
  const lo = new Int32Array(n).fill(m);
  const hi = new Int32Array(n).fill(-1);
  for (const [ci, cj] of coarse) {
    for (let i = Math.max(0, ci * POOL - FINE_RADIUS); i < Math.min(n, (ci + 1) * POOL + FINE_RADIUS); i += 1) {
      lo[i] = Math.min(lo[i]!, Math.max(0, cj * POOL - FINE_RADIUS));
      hi[i] = Math.max(hi[i]!, Math.min(m - 1, (cj + 1) * POOL - 1 + FINE_RADIUS));
    }
  }
  lo[0] = 0;
  hi[n - 1] = m - 1;
  // Keep every window reachable from the one above.
  for (let i = 1; i < n; i += 1) {
    lo[i] = Math.max(lo[i - 1]!, Math.min(lo[i]!, hi[i - 1]! + 1));
    hi[i] = Math.max(hi[i]!, lo[i]!);
  }
  return { lo, hi };
}

/** The warping path from `a` (rows) to `b` (columns), full resolution. */
export function warpPath(a: FeatureSequence, b: FeatureSequence): Array<[number, number]> {
  if (a.frames === 0 || b.frames === 0) return [];
  const ca = pool(a, POOL);
  const cb = pool(b, POOL);
  const radius = Math.max(MIN_BAND, Math.min(MAX_BAND_FRAMES, Math.ceil(BAND_FRACTION * Math.max(ca.frames, cb.frames))));
  const band = diagonalBand(ca.frames, cb.frames, radius);
  const coarse = windowedDtw(ca, cb, band.lo, band.hi);
  const fine = windowAround(coarse, a.frames, b.frames);
  return windowedDtw(a, b, fine.lo, fine.hi);
}

/**
 * A monotone map from row-frame times to column-frame times along the path: each row
 * frame goes to the middle of the columns it was matched with.
 */
export function rowToColumn(path: ReadonlyArray<readonly [number, number]>, rows: number): Float64Array {
  const first = new Float64Array(rows).fill(-1);
  const last = new Float64Array(rows).fill(-1);
  for (const [i, j] of path) {
    if (first[i] === -1) first[i] = j;
    last[i] = j;
  }
  const map = new Float64Array(rows);
  let previous = 0;
  for (let i = 0; i < rows; i += 1) {
    const value = first[i]! >= 0 ? (first[i]! + last[i]!) / 2 : previous;
    map[i] = Math.max(previous, value);
    previous = map[i]!;
  }
  return map;
}
