import { bestLaggedCorrelation } from '../../src-main/engine/verify/stats.js';

/**
 * Does a real mouth follow its own sound at all, or only seem to? The bar for a clip is the
 * real mouth's best r against its loudness within ±maxLag frames; a fixed floor (0.15) let
 * clips in whose mouth moves slowly and widely for other reasons (a grin held through a
 * pause, talking through barely parted lips): the best of 2·maxLag + 1 lags of such a
 * mouth against any sound reaches 0.2–0.4 by chance. Katie Hill (SadTalker) read 0.20
 * against her own sound, and 0.43 at the 95th percentile against her sound moved by
 * 1–7 s (her mesh track is sound: a wide grin in a pause, closed lips while talking).
 *
 * The test is the standard surrogate one: the same loudness, circularly shifted by at
 * least SURROGATE_MIN_SHIFT_S so that no shift lines a syllable up with its own mouth,
 * keeps its rhythm and spectrum; the clip follows its sound when its own r beats the
 * SURROGATE_QUANTILE of those shifted r's (and the fixed floor).
 */

/** Below this r against its own loudness, a clip's real mouth does not follow its sound (music, off-screen voice, tracking failure). */
export const FOLLOWS_SOUND_R = 0.15;
/** A shift of a second moves every syllable well past the ±0.3 s lag window. */
export const SURROGATE_MIN_SHIFT_S = 1;
/** One-sided 5 % test. */
export const SURROGATE_QUANTILE = 0.95;

export interface SoundFollowing {
  /** Best r of the mouth against its loudness, and at which lag (positive: the mouth trails). */
  r: number;
  lag: number;
  /** The SURROGATE_QUANTILE of the best r against the shifted loudness: what chance reaches. */
  chanceR: number;
  follows: boolean;
}

export function followsItsSound(level: ArrayLike<number>, mouth: ArrayLike<number>, maxLag: number, fps: number): SoundFollowing {
  const own = bestLaggedCorrelation(level, mouth, maxLag);
  const n = level.length;
  const minShift = Math.round(SURROGATE_MIN_SHIFT_S * fps);
  const chance: number[] = [];
  const shifted = new Float64Array(n);
  for (let shift = minShift; shift <= n - minShift; shift++) {
    for (let i = 0; i < n; i++) shifted[i] = level[(i + shift) % n]!;
    chance.push(bestLaggedCorrelation(shifted, mouth, maxLag).r);
  }
  chance.sort((a, b) => a - b);
  // A clip too short for any shift (under 2 s) has no chance level: the floor alone decides.
  const chanceR = chance.length ? chance[Math.min(chance.length - 1, Math.ceil(SURROGATE_QUANTILE * chance.length) - 1)]! : -Infinity;
  return { r: own.r, lag: own.lag, chanceR, follows: own.r >= FOLLOWS_SOUND_R && own.r > chanceR };
}
