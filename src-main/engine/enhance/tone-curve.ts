import type { PhotoRegion } from './photo-quality.js';

/**
 * The enhancer's tonal corrections (SPEC §1 step 3): white balance, contrast stretch and
 * exposure, folded into one lookup table per channel. A global curve like this moves no
 * edge and adds no grain, which is also why the artifact measure (photo-artifacts.ts)
 * explains such curves away before it looks for damage.
 */
/**
 * Grey world over near-neutral pixels only (chroma under 15 % of their brightness: shirts,
 * grey hair, pale walls), since a plain grey world reads red curtains as a cast and turned
 * the Oval Office fixture's skin grey-green. Casts under 5 % are left alone: the warm-lit
 * fixtures measure 3–5 % (cream walls, tungsten), which is the light's mood, and cooling
 * them looked wrong. Above that we go half way and move no channel more than 5 %; the
 * scorer cannot see colour, so this step must be safe unjudged. A photo with under 2 %
 * neutral pixels gives nothing to judge by and is left alone too.
 */
const WB_NEUTRAL_CHROMA = 0.15;
const WB_MIN_NEUTRAL_SHARE = 0.02;
const WB_STRENGTH = 0.5;
const WB_MAX_GAIN = 0.05;
const WB_MIN_CAST = 0.05;

/**
 * Contrast stretch between the 0.5th and 99.5th luma percentiles, skipped when those
 * already span 235 of 255 levels; the gain is capped at 1.5 because a hazy photo
 * stretched harder shows its JPEG blocks and noise.
 */
const STRETCH_PERCENTILE = 0.005;
const STRETCH_MIN_UNUSED = 20;
const STRETCH_MAX_GAIN = 1.5;

/**
 * Exposure: the mean luma (of the face when we know it) is pulled into 88–148, the middle
 * of the band the scorer treats as well exposed (118 ± 40) with 10 levels of margin; a
 * mean already inside is left alone, since dark suits and bright backdrops are choices,
 * not mistakes. Gamma stays within 0.5–1.6 so shadows and skin never turn to mud or chalk.
 */
const EXPOSURE_LOW = 88;
const EXPOSURE_HIGH = 148;
const GAMMA_MIN = 0.5;
const GAMMA_MAX = 1.6;

export interface LumaStats {
  /** Luma histogram of the whole photo. */
  histogram: Float64Array;
  /** Luma histogram of the face, or the whole photo without one. */
  subject: Float64Array;
  /** Mean R, G, B of the near-neutral pixels; undefined when too few to judge a cast. */
  neutralMeans: [number, number, number] | undefined;
}

/** Histograms on every second pixel of every second row: 1/4 of the work, same percentiles. */
export function lumaStats(rgb: Buffer, width: number, height: number, face: PhotoRegion | undefined): LumaStats {
  const histogram = new Float64Array(256);
  const subject = face ? new Float64Array(256) : histogram;
  let r = 0,
    g = 0,
    b = 0,
    neutral = 0,
    samples = 0;
  for (let y = 0; y < height; y += 2) {
    const inFaceRow = face !== undefined && y >= face.y && y < face.y + face.height;
    for (let x = 0, p = y * width * 3; x < width; x += 2, p += 6) {
      const red = rgb[p]!,
        green = rgb[p + 1]!,
        blue = rgb[p + 2]!;
      const luma = Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
      histogram[luma]!++;
      samples++;
      if (inFaceRow && x >= face.x && x < face.x + face.width) subject[luma]!++;
      // Near-clipped pixels carry no colour: a blown sky or black bar says nothing about the cast.
      if (luma < 20 || luma > 235) continue;
      const chroma = Math.max(red, green, blue) - Math.min(red, green, blue);
      if (chroma < WB_NEUTRAL_CHROMA * Math.max(red, green, blue)) {
        r += red;
        g += green;
        b += blue;
        neutral++;
      }
    }
  }
  const neutralMeans: [number, number, number] | undefined = neutral >= WB_MIN_NEUTRAL_SHARE * samples ? [r / neutral, g / neutral, b / neutral] : undefined;
  return { histogram, subject, neutralMeans };
}

/** One per-channel lookup table: white balance, then contrast stretch, then gamma. */
/** One lookup table per channel (R, G, B), each non-decreasing. */
export type ToneLuts = readonly [Uint8Array, Uint8Array, Uint8Array];

export function applyTone(rgb: Buffer, stats: LumaStats, strength: number): { rgb: Buffer; applied: string[]; luts?: ToneLuts } {
  if (strength === 0) return { rgb, applied: [] };
  const applied: string[] = [];

  let gains = [1, 1, 1];
  if (stats.neutralMeans) {
    const grey = (stats.neutralMeans[0] + stats.neutralMeans[1] + stats.neutralMeans[2]) / 3;
    const full = stats.neutralMeans.map((mean) => grey / mean);
    if (Math.max(...full.map((gain) => Math.abs(gain - 1))) >= WB_MIN_CAST) {
      gains = full.map((gain) => 1 + clamp(WB_STRENGTH * strength * (gain - 1), -WB_MAX_GAIN, WB_MAX_GAIN));
      applied.push('white-balance');
    }
  }

  let lo = percentile(stats.histogram, STRETCH_PERCENTILE);
  let hi = percentile(stats.histogram, 1 - STRETCH_PERCENTILE);
  if (255 - (hi - lo) < STRETCH_MIN_UNUSED || hi <= lo) {
    lo = 0;
    hi = 255;
  } else {
    lo *= strength;
    hi = 255 - (255 - hi) * strength;
    const span = Math.max(hi - lo, 255 / STRETCH_MAX_GAIN);
    const middle = clamp((lo + hi) / 2, span / 2, 255 - span / 2);
    lo = middle - span / 2;
    hi = middle + span / 2;
    applied.push('contrast');
  }
  const stretch = (v: number): number => clamp(((v - lo) * 255) / (hi - lo), 0, 255);

  const mean = (gamma: number): number => mappedMean(stats.subject, stretch, gamma);
  const now = mean(1);
  let gamma = 1;
  if (now < EXPOSURE_LOW || now > EXPOSURE_HIGH) {
    const target = now < EXPOSURE_LOW ? EXPOSURE_LOW : EXPOSURE_HIGH;
    gamma = clamp(Math.pow(solveGamma(mean, target), strength), GAMMA_MIN, GAMMA_MAX);
    applied.push('exposure');
  }

  if (applied.length === 0) return { rgb, applied };
  const luts = gains.map((gain) => {
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v++) lut[v] = Math.round(255 * Math.pow(stretch(Math.min(255, v * gain)) / 255, gamma));
    return lut;
  });
  const [lr, lg, lb] = luts as [Uint8Array, Uint8Array, Uint8Array];
  const out = Buffer.allocUnsafe(rgb.length);
  for (let p = 0; p < rgb.length; p += 3) {
    out[p] = lr[rgb[p]!]!;
    out[p + 1] = lg[rgb[p + 1]!]!;
    out[p + 2] = lb[rgb[p + 2]!]!;
  }
  // The tables go out too: each only ever rises with its input (gain, stretch and gamma all
  // do), so the darkest and lightest of a neighbourhood map to the toned ones, and the
  // sharpen's hold (local-enhancer.ts) reads the toned ranges off the untoned photo's.
  return { rgb: out, applied, luts: [lr, lg, lb] };
}

/** Mean luma of the unclipped part of a histogram after stretch and gamma (the scorer's meanLuma). */
function mappedMean(histogram: Float64Array, stretch: (v: number) => number, gamma: number): number {
  let sum = 0;
  let n = 0;
  for (let v = 4; v < 252; v++) {
    const count = histogram[v]!;
    if (count === 0) continue;
    sum += count * 255 * Math.pow(stretch(v) / 255, gamma);
    n += count;
  }
  return n > 0 ? sum / n : 128;
}

/** Gamma that brings `mean` to target; the mean falls as gamma rises, so bisect on log gamma. */
function solveGamma(mean: (gamma: number) => number, target: number): number {
  let lo = Math.log(GAMMA_MIN / 2);
  let hi = Math.log(GAMMA_MAX * 2);
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (mean(Math.exp(mid)) > target) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

function percentile(histogram: Float64Array, share: number): number {
  let total = 0;
  for (const count of histogram) total += count;
  const wanted = total * share;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen > wanted) return v;
  }
  return 255;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
