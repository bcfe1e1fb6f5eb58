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
function eyeBoxLuma(rgb: Uint8Array | Buffer, width: number, height: number, mesh: ArrayLike<Point>, eye: EyeIndices, q: number): number {
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
 * Each frame's score in one eye's own noise widths (robust: median and MAD, at least one
 * grey level), NaN where no face was found.
 */
function noiseWidths(series: ArrayLike<number>): number[] {
  const values = Array.from(series);
  const valid = values.filter((v) => !Number.isNaN(v));
  const base = median(valid);
  const noise = Math.max(1, 1.4826 * median(valid.map((v) => Math.abs(v - base))));
  return values.map((v) => (v - base) / noise);
}

/**
 * Frames where the eyes' shades (one series per eye, NaN where no face was found) say the
 * lids are closed. Each eye's shade is put in its own noise widths, the two eyes are summed
 * (÷√2, still one noise width), and a closed frame stands BLINK_Z noise widths brighter
 * than the open eyes. Measured at 432×768: the drawn blinks peak at 11–30 noise widths on
 * five of the six fixtures, frames without a blink stay under 5 (under 2.5 in a video
 * drawn without blinks).
 *
 * Both eyes must take part (each at least EACH_EYE_Z): a lid closes both, where a box that
 * slips off one eye as the head moves (the 240p photo's right eye read 15 noise widths for
 * almost a second, its left eye none) or a glance that pulls one iris out of its box
 * (rgba-speaker's left eye, 5–7 on its white) changes one.
 */
export const BLINK_Z = 6;
/**
 * The weaker eye's least share of a closure: on the 240p photo, the smallest face, its
 * weaker eye peaked at 3.0–5.6 noise widths at the drawn blinks and at 0.7 at most on the
 * slips; every other fixture's weaker eye read 8–17.
 */
export const EACH_EYE_Z = 2;

export function shadeClosedFrames(eyes: ReadonlyArray<ArrayLike<number>>, z = BLINK_Z): boolean[] {
  const scores = eyes.map((series) => noiseWidths(series));
  const length = Math.min(...scores.map((s) => s.length));
  // NaN (no face) compares false: not closed.
  return Array.from({ length }, (_, k) => {
    const each = scores.map((s) => s[k]!);
    return each.reduce((sum, v) => sum + v, 0) / Math.sqrt(each.length) > z && Math.min(...each) > EACH_EYE_Z;
  });
}

/** A blink's close-then-open, timed where the eyes are at least half as closed as BLINK_Z: the drawn ones span 120–250 ms. */
export const BLINK_MIN_S = 0.08;
export const BLINK_MAX_S = 0.5;

export interface BlinkSeries {
  /** Each eye's dark end (the shade: rises as the lid covers iris and pupil), right then left. */
  dark: readonly [ArrayLike<number>, ArrayLike<number>];
  /** Each eye's bright end (the white of the eye: falls as the lid covers it), right then left. */
  bright: readonly [ArrayLike<number>, ArrayLike<number>];
  fps: number;
  /** Frames where the face's picture jumped (a cut, a tracking jump): never read as closed. */
  jumped?: ReadonlyArray<boolean>;
}

/**
 * An eye whose dark end reads this many noise widths darker than open is not being covered
 * by a lid: its iris moved into the box (a glance). Real talking faces (LivePortrait's d10)
 * glance sideways with both eyes, one iris leaving its box as the other fills its own, and
 * the bright ends of both fall: read as hidden whites, those glances counted as blinks.
 */
export const GLANCE_DARKER_Z = 3;

/**
 * The white of the eye is hidden when its bright end drops this many noise widths: gaze
 * and the mouth's light move it more than the dark end, so the bar is higher than BLINK_Z.
 */
export const WHITE_HIDDEN_Z = 8;

/**
 * The blinks the eyes show. Two views of the lid on the pixels: it lifts the eye's dark
 * (iris, pupil) towards skin, and it covers the white of the eye (a lid that leaves its
 * lash line in view, rgba-speaker's, keeps the dark but hides the white). A blink is a run
 * of frames closed in either view, both eyes together, not on a jump, whose close-then-open
 * (the frames at least half as closed, around the run) lasts BLINK_MIN_S–BLINK_MAX_S: a
 * box that sits off the eye until the next mesh anchor stays "closed" for longer, a single
 * frame's flicker for less. Answers the count, each counted blink's closed frames and its first one.
 */
export function countBlinks(input: BlinkSeries): { count: number; closed: boolean[]; firstFrames: number[] } {
  const dark = input.dark.map((series) => noiseWidths(series));
  const white = input.bright.map((series) => noiseWidths(Array.from(series, (v) => -v)));
  const length = Math.min(...dark.map((s) => s.length), ...white.map((s) => s.length));
  const view = (eyes: number[][], k: number, z: number) => {
    const [r, l] = [eyes[0]![k]!, eyes[1]![k]!];
    return { level: (r + l) / Math.SQRT2 / z, both: Math.min(r, l) > EACH_EYE_Z };
  };
  // Each frame's closure, 1 = at the bar, from whichever view sees it more shut.
  const level = new Array<number>(length);
  const closedAt = new Array<boolean>(length);
  for (let k = 0; k < length; k++) {
    const d = view(dark, k, BLINK_Z);
    const w = view(white, k, WHITE_HIDDEN_Z);
    level[k] = Math.max(d.level, w.level);
    const glance = Math.min(dark[0]![k]!, dark[1]![k]!) < -GLANCE_DARKER_Z;
    closedAt[k] = input.jumped?.[k] !== true && !glance && ((d.level > 1 && d.both) || (w.level > 1 && w.both));
  }
  const mergeGap = Math.round(input.fps * 0.1);
  const minFrames = Math.max(2, Math.round(BLINK_MIN_S * input.fps));
  const maxFrames = Math.round(BLINK_MAX_S * input.fps);
  const closed = new Array<boolean>(length).fill(false);
  const firstFrames: number[] = [];
  for (let k = 0; k < length;) {
    if (!closedAt[k]) {
      k++;
      continue;
    }
    // One blink: closed frames at most mergeGap apart (a frame or two lost in between).
    let last = k;
    for (let j = k + 1; j < length && j - last <= mergeGap + 1; j++) if (closedAt[j]) last = j;
    let from = k;
    let to = last;
    while (from > 0 && level[from - 1]! > 0.5) from--;
    while (to < length - 1 && level[to + 1]! > 0.5) to++;
    const frames = to - from + 1;
    if (frames >= minFrames && frames <= maxFrames) {
      firstFrames.push(k);
      for (let j = k; j <= last; j++) closed[j] = closedAt[j]!;
    }
    k = last + 1;
  }
  return { count: firstFrames.length, closed, firstFrames };
}

/**
 * Blinks from the frames seen closed (by the shade, the mesh's lids, or both): runs of
 * closed frames, a run at most `mergeGap` frames after the last one being the same blink
 * lost for a frame or two.
 */
export function countClosedRuns(closed: ReadonlyArray<boolean>, mergeGap: number): number {
  return countDips(
    closed.map((c) => (c ? 0 : 1)),
    0.5,
    mergeGap,
  );
}

/** The eyes' four readings the frame pass takes per frame, in the series' terms. */
export interface EyeReadings {
  rightShade: number;
  leftShade: number;
  rightBright: number;
  leftBright: number;
}

/** A stretch measured from one mesh anchor needs this many frames to say where its open eyes read. */
export const MIN_RELEVELLED_FRAMES = 10;
/**
 * An anchor was taken mid-blink when, levelled by its own frame, the open eyes of the stretch
 * after it read this many noise widths darker (both eyes) than the first stretch's open eyes:
 * the anchor frame's raised dark end (the lid half down) was taken for the open level.
 */
export const MID_BLINK_ANCHOR_Z = 3;

function quantileOf(values: number[], q: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

/**
 * Each mesh anchor places the eye boxes afresh, and its stretch of readings is put on the
 * first anchor's level by the anchor frame's own reading (video-verify.ts). An anchor taken
 * mid-blink puts the stretch after it too dark: the rest of that blink reads open and every
 * later blink shallower, until the next anchor. Such a stretch (both eyes' open level, its
 * dark end's 30th percentile, MID_BLINK_ANCHOR_Z noise widths darker than the first
 * stretch's) is levelled by its open eyes instead; every other stretch is left as it is.
 * `stretchOf[k]`: the anchor stretch frame k was measured in. Changes `frames` in place and
 * answers the stretches re-levelled.
 */
export function relevelMidBlinkAnchors(frames: Array<EyeReadings | undefined>, stretchOf: ReadonlyArray<number | undefined>): number[] {
  const members = new Map<number, number[]>();
  frames.forEach((m, k) => {
    const stretch = stretchOf[k];
    if (m && stretch !== undefined) members.set(stretch, [...(members.get(stretch) ?? []), k]);
  });
  const ordered = [...members.keys()].sort((a, b) => a - b).filter((stretch) => members.get(stretch)!.length >= MIN_RELEVELLED_FRAMES);
  if (ordered.length < 2) return [];
  const darkKeys = ['rightShade', 'leftShade'] as const;
  const brightKeys = ['rightBright', 'leftBright'] as const;
  const all = frames.filter((m): m is EyeReadings => m !== undefined);
  // Each eye's noise: the median frame-to-frame change (a blink's few frames do not move it).
  const noise = darkKeys.map((key) =>
    Math.max(
      1,
      median(
        all
          .slice(1)
          .map((m, i) => Math.abs(m[key] - all[i]![key]))
          .filter((v) => Number.isFinite(v)),
      ),
    ),
  );
  const openOf = (indices: number[], key: keyof EyeReadings) =>
    quantileOf(
      indices.map((k) => frames[k]![key]),
      key.endsWith('Shade') ? 0.3 : 0.7,
    );
  const first = members.get(ordered[0]!)!;
  const relevelled: number[] = [];
  for (const stretch of ordered.slice(1)) {
    const indices = members.get(stretch)!;
    const darker = darkKeys.map((key, i) => (openOf(first, key) - openOf(indices, key)) / noise[i]!);
    if (!darker.every((z) => z > MID_BLINK_ANCHOR_Z)) continue;
    for (const key of [...darkKeys, ...brightKeys]) {
      const shift = openOf(first, key) - openOf(indices, key);
      if (Number.isFinite(shift)) for (const k of indices) frames[k]![key] += shift;
    }
    relevelled.push(stretch);
  }
  return relevelled;
}
