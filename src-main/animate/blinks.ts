/**
 * When and how the eyelids close, frame by frame (0 open … 1 shut).
 *
 * Timing of one blink follows the published lid kinematics: the lid comes down fast and
 * goes up slower (VanderWerf et al. 2003, "Eyelid movements: behavioral studies of
 * blinking in humans", J Neurophysiol 89:2784, measured the down-phase at about half the
 * duration of the up-phase): here 85 ms closing, ~45 ms shut (one or two frames at 25–30
 * fps), 180 ms opening with a slow tail.
 *
 * Rate: people blink about 17 times a minute at rest and 26 in conversation
 * (Bentivoglio et al. 1997, "Analysis of blink rate patterns in normal subjects", Mov
 * Disord 12:1028); the creator's rate (default 16) sets the mean interval between full
 * blinks, never closer than 1.2 s, and a blink moves into a nearby pause in the voice. Real blinking is not uniform: some blinks are doubled
 * (a second closure right after the lid reopens) and some stop half way; both happen here
 * at a few in twenty, so a minute of video never looks metronomic.
 */

export interface BlinkPlan {
  /** Closure per frame, 0 open … 1 shut. */
  blink: Float32Array;
  /** Every blink's deepest frame, in order: full closures (each of a double blink) and half blinks. */
  blinkFrames: number[];
  /** Those of them where a half blink is at its deepest (the lid stops about half way). */
  halfBlinkFrames: number[];
}

export const BLINK_CLOSE_S = 0.085;
export const BLINK_HOLD_S = 0.045;
export const BLINK_OPEN_S = 0.18;
/** Shortest time between two separate blinks (a double blink's second closure excepted). */
const MIN_INTERVAL_S = 1.2;
/** Share of blinks followed at once by a second closure, and of extra half blinks per full one. */
const DOUBLE_SHARE = 0.12;
const HALF_SHARE = 0.2;
/** How deep a half blink goes: over the iris's top, leaving the pupil in view. */
const HALF_DEPTH = [0.4, 0.55] as const;

/** One blink's closure at `tt` seconds from its deepest point. */
export function blinkShape(tt: number, depth = 1): number {
  if (tt <= -BLINK_CLOSE_S || tt >= BLINK_HOLD_S + BLINK_OPEN_S) return 0;
  if (tt < 0) {
    // Down-phase: accelerating from rest, then braked at the lower lid (smoothstep).
    const s = 1 + tt / BLINK_CLOSE_S;
    return depth * s * s * (3 - 2 * s);
  }
  if (tt <= BLINK_HOLD_S) return depth;
  // Up-phase: quick at first, a slow tail as the lid settles.
  const s = (tt - BLINK_HOLD_S) / BLINK_OPEN_S;
  return depth * (1 - s) * (1 - s);
}

function addBlink(blink: Float32Array, fps: number, peakFrame: number, depth: number): void {
  const first = Math.max(0, peakFrame - Math.ceil(BLINK_CLOSE_S * fps));
  const last = Math.min(blink.length - 1, peakFrame + Math.ceil((BLINK_HOLD_S + BLINK_OPEN_S) * fps));
  for (let j = first; j <= last; j++) blink[j] = Math.max(blink[j]!, blinkShape((j - peakFrame) / fps, depth));
}

/** `speaking`: 0–1 per frame (smoothed), low in the voice's pauses. */
export function planBlinks(frameCount: number, fps: number, rate: number, speaking: ArrayLike<number>, random: () => number): BlinkPlan {
  const blink = new Float32Array(frameCount);
  const blinkFrames: number[] = [];
  const halfBlinkFrames: number[] = [];
  if (rate <= 0) return { blink, blinkFrames, halfBlinkFrames };
  // The creator's rate counts every blink, half ones too (a fifth of the long intervals get one).
  const mean = (60 / rate) * (1 + HALF_SHARE * 0.8);
  const end = frameCount / fps - 0.3;
  let t = 0.4 + random() * Math.min(mean, 2.5);
  // People blink at phrase ends: a blink moves to the nearest pause up to a second later
  // (or a third of a second earlier), and stays put in continuous speech.
  const intoPause = (k: number): number => {
    for (let d = 0; d <= Math.round(1 * fps); d++) {
      if ((speaking[k + d] ?? 1) < 0.05) return k + d;
      if (d <= 0.3 * fps && k - d > 0 && (speaking[k - d] ?? 1) < 0.05) return k - d;
    }
    return k;
  };
  while (t < end) {
    const k = intoPause(Math.round(t * fps));
    blinkFrames.push(k);
    addBlink(blink, fps, k, 1);
    let last = k / fps;
    if (random() < DOUBLE_SHARE) {
      // The second closure starts as the first has mostly reopened.
      const second = k + Math.round((BLINK_HOLD_S + BLINK_OPEN_S * 0.6 + BLINK_CLOSE_S) * fps);
      if (second / fps < end) {
        blinkFrames.push(second);
        addBlink(blink, fps, second, 1);
        last = second / fps;
      }
    }
    // Gamma-like spread around the mean interval.
    const interval = Math.max(MIN_INTERVAL_S, mean * (0.45 + (1.1 * (random() + random())) / 2));
    if (random() < HALF_SHARE && interval > 2 * MIN_INTERVAL_S) {
      // A half blink in the middle of a long interval, so it never merges with a full one.
      const half = Math.round((last + interval * (0.4 + 0.2 * random())) * fps);
      if (half / fps < end) {
        blinkFrames.push(half);
        halfBlinkFrames.push(half);
        addBlink(blink, fps, half, HALF_DEPTH[0] + (HALF_DEPTH[1] - HALF_DEPTH[0]) * random());
      }
    }
    t = last + interval;
  }
  return { blink, blinkFrames, halfBlinkFrames };
}
