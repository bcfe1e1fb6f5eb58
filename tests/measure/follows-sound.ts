import { probeMedia } from '../../src-main/engine/media/probe.js';
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
 *
 * Following the sound is not enough to be someone talking: a face whose lips barely move
 * can still "follow" a voice laid over it, its head and the voice growing together
 * (LivePortrait s13, a posing model: r 0.42 against a chance level of 0.37, lips that part
 * by 0.034 eye distances). `isTalking` is the one rule both real-clip measures use
 * (real-clips.ts, score-calibration.ts): the mouth follows its sound beyond chance, and the
 * lips open visibly (LIPS_OPEN_IOD).
 */

/**
 * How far a clip's sound may sit from its picture. ±5 frames (0.2 s at 25 fps) was too
 * narrow: LivePortrait's d11 and d20 peak at −7 frames (−0.28 s), for the real mouth
 * against loudness and for the rendered mouth against the real one alike, so the edge of
 * the window was taken instead of the clip's own offset (d20's 280 ms is confirmed on its
 * frames: score-calibration.ts).
 */
export const MAX_OFFSET_S = 0.3;

/** Below this r against its own loudness, a clip's real mouth does not follow its sound (music, off-screen voice, tracking failure). */
export const FOLLOWS_SOUND_R = 0.15;
/** A shift of a second moves every syllable well past the ±0.3 s lag window. */
export const SURROGATE_MIN_SHIFT_S = 1;
/** One-sided 5 % test. */
export const SURROGATE_QUANTILE = 0.95;

/**
 * A talking mouth's lips part by at least this much: the inner-lip gap's 90th percentile
 * over its 10th, in eye distances. Measured with the face mesh on every frame of the
 * example clips with a voice (tests/measure/real-clips.ts' tracking, 2026-12-06): people
 * talking 0.19–0.38 (Ocasio-Cortez 0.19, Katie Hill 0.21, d20 0.26, d11 0.27, d10 0.27,
 * d12 0.38); faces that do not say their sound 0.010–0.091 (s18 0.010, s13 0.034, d14 0.091).
 * 0.08 sits at the geometric middle of the gap between 0.034 and 0.19; d14 falls out on
 * its sound either way (r 0.07).
 */
export const LIPS_OPEN_IOD = 0.08;

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

/** How far the lips part over the clip: the gap's 90th minus its 10th percentile (eye distances), frames without a face left out. */
export function lipsOpening(mouth: ArrayLike<number>): number {
  const gaps = Array.from(mouth)
    .filter((g) => Number.isFinite(g))
    .sort((a, b) => a - b);
  if (!gaps.length) return 0;
  const q = (p: number): number => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))]!;
  return q(0.9) - q(0.1);
}

export interface Talking extends SoundFollowing {
  /** lipsOpening of the mouth. */
  opens: number;
  /** Follows its sound beyond chance and its lips open at least LIPS_OPEN_IOD. */
  talking: boolean;
}

/** Whether a real clip is someone talking (the rule both real-clip measures share; see the header). */
export function isTalking(level: ArrayLike<number>, mouth: ArrayLike<number>, maxLag: number, fps: number): Talking {
  const following = followsItsSound(level, mouth, maxLag, fps);
  const opens = lipsOpening(mouth);
  return { ...following, opens, talking: following.follows && opens >= LIPS_OPEN_IOD };
}

/** A clip's picture size, whole frame rate and the frames of its first `maxSeconds`; or why it cannot be measured. */
export async function clipFrames(clip: string, maxSeconds: number): Promise<{ width: number; height: number; fps: number; seconds: number; frames: number } | string> {
  const probe = await probeMedia(clip);
  const video = probe.streams.find((s) => s.codecType === 'video');
  if (!video?.width || !video.height || !video.fps) return 'no video stream';
  if (!probe.streams.some((s) => s.codecType === 'audio')) return 'no sound';
  const fps = Math.round(video.fps);
  const seconds = Math.min(probe.durationS, maxSeconds);
  return { width: video.width, height: video.height, fps, seconds, frames: Math.floor(seconds * fps) };
}
