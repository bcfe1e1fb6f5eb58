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
 * Disord 12:1028); the creator's rate (default 16) is the clip's, never two blinks closer
 * than 1.2 s, and a blink moves into a nearby pause in the voice. Real blinking is not
 * uniform: some blinks are doubled (a second closure right after the lid reopens) and some
 * stop half way; each happens here about one time in ten, so a minute of video never
 * looks metronomic.
 */

export interface BlinkPlan {
  /** Closure per frame, 0 open … 1 shut. */
  blink: Float32Array;
  /** Frames where a blink reaches full closure (each closure of a double blink counts). */
  blinkFrames: number[];
  /** Frames where a half blink is at its deepest (the lid stops part way): not blinks to a count. */
  halfBlinkFrames: number[];
}

export const BLINK_CLOSE_S = 0.085;
export const BLINK_HOLD_S = 0.045;
export const BLINK_OPEN_S = 0.18;
/** Shortest time between two separate blinks (a double blink's second closure excepted). */
const MIN_INTERVAL_S = 1.2;
/** Share of blinks followed at once by a second closure, and of extra half blinks per full one. */
const DOUBLE_SHARE = 0.12;
const HALF_SHARE = 0.1;
/**
 * How deep a half blink goes: over the iris's top, leaving the pupil in view. Deeper, the
 * frame check counted some as blinks and missed others (0.3–0.45 sat on its threshold, and 0.2–0.3 still read as a blink on the small two-faces face).
 */
const HALF_DEPTH = [0.15, 0.25] as const;

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
  const end = frameCount / fps - 0.3;
  // People blink at phrase ends: a blink moves to the nearest pause up to a second later
  // (or a third of a second earlier), and stays put in continuous speech.
  const intoPause = (k: number): number => {
    for (let d = 0; d <= Math.round(1 * fps) && (k + d) / fps < end; d++) {
      if ((speaking[k + d] ?? 1) < 0.05) return k + d;
      if (d <= 0.3 * fps && k - d > 0 && (speaking[k - d] ?? 1) < 0.05) return k - d;
    }
    return k;
  };
  // The clip gets the rate the creator asked for, counting every full closure (a double
  // blink's second one too; half blinks come on top): that many slots across the clip, one blink in each at
  // a random place, so the intervals vary (1.2 s to about twice the mean) but a short clip
  // never shows double the rate by chance (independent intervals gave a 12 s clip five
  // blinks at 16 a minute).
  const slots = Math.max(1, Math.round((end * rate) / 60 / (1 + DOUBLE_SHARE)));
  // The closures the rate allows: a double blink takes a second one only while every slot
  // still to come keeps its own, so a short clip with a double never shows more than asked
  // (a 12 s clip at 16 a minute gets 3 closures, not 4 or 5).
  const closures = Math.max(slots, Math.round((end * rate) / 60));
  const slot = end / slots;
  let last = -Infinity;
  for (let i = 0; i < slots; i++) {
    const at = Math.max(last + MIN_INTERVAL_S, (i + 0.15 + 0.7 * random()) * slot, 0.4);
    if (at >= end) break;
    const k = intoPause(Math.round(at * fps));
    addBlink(blink, fps, k, 1);
    blinkFrames.push(k);
    last = k / fps;
    if (random() < DOUBLE_SHARE && blinkFrames.length + 1 + (slots - i - 1) <= closures) {
      // The second closure follows once the lid is up again, a tenth of a second later:
      // two blinks a viewer (and the frame check) tells apart, not one long flutter.
      const second = k + Math.round((BLINK_HOLD_S + BLINK_OPEN_S + 0.1 + BLINK_CLOSE_S) * fps);
      if (second / fps < end) {
        blinkFrames.push(second);
        addBlink(blink, fps, second, 1);
        last = second / fps;
      }
    }
    // A half blink on top, between this slot's blink and the next one's earliest place.
    const room = Math.min(end, (i + 1.15) * slot) - last;
    if (random() < HALF_SHARE && room > 2 * MIN_INTERVAL_S) {
      const half = Math.round((last + MIN_INTERVAL_S + (room - 2 * MIN_INTERVAL_S) * random()) * fps);
      halfBlinkFrames.push(half);
      addBlink(blink, fps, half, HALF_DEPTH[0] + (HALF_DEPTH[1] - HALF_DEPTH[0]) * random());
    }
  }
  return { blink, blinkFrames, halfBlinkFrames };
}
