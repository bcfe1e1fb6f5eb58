import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { percentile, smooth121, type FrameFeatures } from './audio-features.js';
import { phoneShapes, type MouthShape } from './visemes.js';

/**
 * The mouth timed from the phones of what is said, blended the way speech animators blend
 * visemes (Rhubarb Lip Sync's tweening rules, JALI's separate jaw and lip controls):
 *
 * - the lips shut for p/b/m early enough to be seen shut before the burst, for at least
 *   MIN_CLOSURE_S, whatever eSpeak's own duration of the phone;
 * - rounding starts up to ROUND_LOOKAHEAD_S before a rounded vowel, across the consonants
 *   before it (speakers round "s" in "soon" already);
 * - every control moves through a first-order filter, faster when opening than closing,
 *   so a shape shorter than ~70 ms is only half reached (no chatter);
 * - a pause shorter than HOLD_PAUSE_S holds the mouth half where it was, a longer one
 *   relaxes to the photo's rest;
 * - the picture leads the sound slightly (PICTURE_LEAD_S), as in real speech.
 *
 * A timeline estimated from the audio alone (a recording without its words) only guesses
 * its phone classes, so the mouth trusts them less: see ESTIMATED below.
 */

export interface VisemeTrack {
  /** Jaw drop in IOD: where the chin goes. */
  jaw: Float32Array;
  /** Inner-lip gap at the centre of the mouth, IOD: 0 where the lips meet. */
  gap: Float32Array;
  /** −1 rounded … +1 spread, as MotionTrack.mouthWidth. */
  width: Float32Array;
  /** 0–1 pulses on stressed syllables, for brow lifts and small nods. */
  emphasis: Float32Array;
}

/** Internal time step: 10 ms resolves every phone eSpeak times (its shortest are ~30 ms). */
const TICK_S = 0.01;
/** Lips are seen shut at least this long on p/b/m (Rhubarb holds its closed mouth ≥ 2 frames at 24 fps). */
const MIN_CLOSURE_S = 0.08;
/** The lips meet this much before the closure eSpeak times (they close 40–120 ms before the burst). */
const CLOSURE_LEAD_S = 0.03;
/** Anticipatory rounding reaches this far back (coarticulation studies: 100–200 ms). */
const ROUND_LOOKAHEAD_S = 0.2;
/** Shorter pauses hold the mouth; longer ones relax it (Rhubarb: 0.4 s rule, tightened for 25 fps). */
const HOLD_PAUSE_S = 0.3;
/**
 * A closure guessed from the sound alone at least this likely a p/b/m, and left with a
 * burst (TimedPhone.burst), holds the lips shut RELEASE_HOLD_S past its end: the run ends
 * where the burst begins, and the lips part with the burst, not the picture's lead before
 * it. Held on every likely closure, murmurs included, the real clips' drawn mouth lost
 * 0.03 of mean r (tests/measure/real-clips.ts; a murmur flows into its vowel); held on
 * those with a burst only, 0.01, and eSpeak's p/b/m passage keeps 14 of 15 shut.
 */
const CONFIDENT_CLOSURE = 0.7;
const RELEASE_HOLD_S = 0.03;
/**
 * Lips pressed at least this far are a closure the frame smoothing leaves alone
 * (ESTIMATED.frameSmoothPasses). Not only the fully pressed frames: a guessed closure that
 * lands a frame early leaves only its release on the spoken p (the sample passage's p at
 * 2.20 s, pressed 0.45 there, drawn 0.024), and smoothing that frame with the open vowel
 * after it read 0.051, over the closure bar's 0.044 (13 of 15 shut at 0.5; 14 at 0.2–0.4).
 */
const PRESSED = 0.4;
/** Seen before heard: the picture leads the sound by about half a frame at 25 fps. */
const PICTURE_LEAD_S = 0.02;
/** The filter's own lag, sampled away so the shapes land on their phones. */
const FILTER_LAG_S = 0.015;
/** Widest inner-lip gap of a natural talker, IOD (as MotionTrack's loudness path). */
export const MAX_GAP_IOD = 0.34;

/** Time constants (s): jaw opens quickly and closes more slowly; lips snap shut and part almost as fast (a plosive releases in a burst). */
const JAW_OPEN_TAU = 0.025;
const JAW_CLOSE_TAU = 0.055;
const LIP_CLOSE_TAU = 0.012;
const LIP_PART_TAU = 0.02;
const ROUND_TAU = 0.045;

/**
 * An audio-only timeline's classes are guesses (acoustic-phones.ts). Measured on real
 * talking videos (their own sound, no words; tests/measure/real-clips.ts), a jaw tied to
 * the guessed class and full closures on guessed p/b/m made the rendered mouth follow the
 * real one less than the loudness itself did: real vowels were often guessed as consonants
 * (a loud syllable barely opened), and a closure guessed from the audio is a p/b/m only
 * about one time in three (37 % of closed frames on eSpeak speech whose phones are known),
 * so two of three shut the lips on a vowel. Here the jaw follows the syllable's loudness
 * (jaw opening follows the syllable envelope), the class only shades it, and a guessed
 * closure brings the lips together about as far as it is likely to be one. The values
 * were chosen on half of the real clips and checked on the other half (README, lip sync).
 */
const ESTIMATED = {
  /**
   * The jaw's loudness: 0 at this many dB under the speech peak, 1 at the peak, linear in
   * the sound's amplitude (envelopeAt), not in its decibels. A mouth's opening follows the
   * voice's amplitude envelope (Chandrasekaran et al. 2009, "The natural statistics of
   * audiovisual speech": mouth area against the wideband envelope); linear in dB, a
   * syllable 12 dB under the peak still opened the jaw a third of the way, where a real
   * mouth is nearly shut. On the real clips (tests/measure/real-clips.ts, the drawn gap
   * against the real mouth, the counted clips) mean r 0.478 → 0.492, both halves: the
   * calibration clips 0.537 → 0.556, the others 0.390 → 0.396.
   */
  rangeDb: 18,
  /** [1 2 1] passes over the frame levels: the jaw follows syllables, not each frame's flicker. */
  smoothPasses: 2,
  /**
   * Share of the jaw that comes from the guessed class (the viseme's own jaw: open /a/ 1,
   * spread and rounded 0.25, t 0.22, s 0.1); the rest is an average vowel's opening. The
   * class says how open a vowel is beyond what its first formant and loudness say: on the
   * six real clips that follow their sound, the real lips are open by +0.80 standard
   * deviations on frames guessed /a/, against −0.10 on /i/, +0.14 on /u/ and −0.02 on the
   * consonants. With the amplitude envelope (above), 0 → 0.3 took the counted clips' mean
   * r from 0.492 to 0.504 (calibration half 0.556 → 0.570, the others 0.396 → 0.405); 0.5
   * read 0.496. (An earlier sweep, with the jaw linear in dB and before the closures'
   * confidences, had favoured 0.) Both changes rendered (real-clips.ts, 432×768, 8 s):
   * d10 0.68 → 0.78, d12 0.12 → 0.20, d20 0.69 → 0.65 / d11 0.26 → 0.26, Ocasio-Cortez
   * 0.42 → 0.42; mean 0.43 → 0.46 against the real mouth's 0.39 on its loudness.
   */
  classJawShare: 0.3,
  averageJaw: 0.6,
  /**
   * How far a guessed closure presses the lips (1: shut) when its phone carries no
   * confidence; acoustic-phones.ts gives each closure its own (likely p/b/m 0.75, else 0).
   */
  closure: 0.4,
  /**
   * With the vowel's height read from its first formant (voice/formants.ts), the jaw opens
   * between this share of the loudness's opening (the speaker's closest vowels) and
   * 2 − this share (their most open), about the same on average. Chosen on the calibration
   * clips (LivePortrait d10, d12, d20; the drawn gap against the real mouth, before
   * rendering): mean r 0.54 without F1, 0.54 / 0.56 / 0.57 / 0.57 at 0.3 / 0.5 / 0.7 / 0.8;
   * leading F1 by 50–100 ms gained nothing. F1 alone drove the real mouth poorly (r 0.15):
   * it shades the loudness, it does not replace it. Since the guessed class gives 0.3 of
   * the jaw (above), the class and F1 both say how open the vowel is, and F1 is read on
   * only 57–87 % of a real voice's frames (a child's, pitched at 500 Hz or more, the fewest): with
   * the class in, 0.5 → 0.7 took the five talking clips' drawn mean r from 0.504 to 0.510
   * (d10 and Ocasio-Cortez −0.004, the others up; tests/measure/real-clips-drawn.ts); F1
   * left out entirely (1) read 0.488. Rendered with the smoothing below: see there.
   */
  closeVowelJaw: 0.7,
  /**
   * [1 2 1] passes over the finished frame gap, except where the lips are pressed (PRESSED):
   * the 10 ms track is sampled once a frame, and what moves faster than a frame (an F1
   * reading that jumps, a guessed closure's edge) only flickers. With 0.7 above, the drawn
   * mean r went 0.510 → 0.512 (calibration 0.576 → 0.574, check 0.411 → 0.420); smoothing
   * the pressed frames too read 0.519 but lifted the sample's p/b/m off shut (13 of 15,
   * tests/engine/recording-visemes.test.ts). Rendered (tests/measure/real-clips.ts, 432×768,
   * 8 s, the same tree before and after), closeVowelJaw 0.5 and no smoothing → both: d10
   * 0.745 → 0.776, d12 0.172 → 0.194, d20 0.625 → 0.630 / d11 0.221 → 0.348,
   * Ocasio-Cortez 0.397 → 0.424; mean 0.432 → 0.474 (calibration 0.514 → 0.533, check
   * 0.309 → 0.386) against the real mouths' 0.388 on their loudness. On the lips drawn
   * apart (2026-12-07, six talking clips, PRESSED 0.4): mean 0.42 → 0.44 against 0.41.
   */
  frameSmoothPasses: 1,
  /**
   * The whole jaw times this, still within MAX_GAP_IOD. The real talkers of the six counted
   * clips, tracked by the same mesh, open their lips to a median of 0.14–0.19 and a 90th
   * percentile of 0.23–0.39 eye distances; the drawn mouth reached 0.06–0.10 and 0.14–0.17,
   * and the rendered one, as the mesh reads it back, less again (LivePortrait d6: median
   * 0.02), where the mesh's own frame-to-frame noise (about 0.03) drowned the small openings.
   * Drawn mean r is the same at 1, 1.4 and 1.6 (0.516; 2.2 clips loud vowels and reads
   * 0.499). Rendered (real-clips.ts, 432×768, 8 s): 1 → 1.4 mean 0.44 → 0.45 (d6 0.39 → 0.46,
   * d20 0.61 → 0.64, d11 0.32 → 0.27); 1.6 read 0.47 but clips a loud open vowel to the
   * widest, where a spread one said as loud must stay clearly narrower.
   */
  jawGain: 1.4,
} as const;

/** Vowel height 0 (close) … 1 (open) every `hopS` from `firstCentreS` on, NaN where no voiced vowel was read. */
export interface VowelHeight {
  hopS: number;
  firstCentreS: number;
  openness: Float32Array;
}

interface Segment {
  startS: number;
  endS: number;
  shape: MouthShape;
  vowel: boolean;
  stress: number;
  /** An estimated phone's confidence and burst (TimedPhone). */
  confidence?: number;
  burst?: boolean;
}

function segmentsOf(timeline: PhoneTimeline): Segment[] {
  const segments: Segment[] = [];
  let previous: Segment | undefined;
  for (const phone of timeline.phones) {
    if (phone.endS <= phone.startS) continue;
    const { shapes, firstShare, vowel } = phoneShapes(phone.ipa);
    if (!phone.ipa.trim()) continue;
    // A short pause holds a softened copy of the shape before it.
    if (previous && phone.startS > previous.endS && phone.startS - previous.endS < HOLD_PAUSE_S) {
      const s = previous.shape;
      segments.push({ startS: previous.endS, endS: phone.startS, shape: { jaw: s.jaw * 0.15, close: s.close, round: s.round * 0.7, spread: s.spread * 0.5 }, vowel: false, stress: 0 });
    }
    const split = shapes.length > 1 ? phone.startS + (phone.endS - phone.startS) * firstShare : phone.endS;
    segments.push({
      startS: phone.startS,
      endS: split,
      shape: shapes[0]!,
      vowel,
      stress: phone.stress,
      ...(phone.confidence === undefined ? {} : { confidence: phone.confidence }),
      ...(phone.burst ? { burst: true } : {}),
    });
    if (shapes.length > 1) segments.push({ startS: split, endS: phone.endS, shape: shapes[1]!, vowel, stress: 0 });
    previous = segments[segments.length - 1];
  }
  return segments;
}

/** The amplitude envelope 0–1 per tick from the frame levels: 0 at `rangeDb` under the speech peak, 1 at it (ESTIMATED.rangeDb). */
function envelopeAt(features: FrameFeatures, rangeDb: number, smoothPasses: number): (t: number) => number {
  const peak = percentile(features.levelDb, 95);
  const amplitude = (db: number): number => Math.pow(10, (db - peak) / 20);
  const floor = amplitude(peak - rangeDb);
  const level = Float32Array.from(features.levelDb, (db) => Math.min(1, Math.max(0, (amplitude(db) - floor) / (1 - floor))));
  const smoothed = smoothPasses > 0 ? smooth121(level, smoothPasses) : level;
  return (t) => smoothed[Math.min(features.frameCount - 1, Math.max(0, Math.floor(t * features.fps)))]!;
}

/** Loudness 0–1 per tick from the frame levels: 0 at `rangeDb` under the speech peak, linear in dB. */
function loudnessAt(features: FrameFeatures, rangeDb: number, smoothPasses: number): (t: number) => number {
  const peak = percentile(features.levelDb, 95);
  const floor = peak - rangeDb;
  const level = Float32Array.from(features.levelDb, (db) => Math.min(1, Math.max(0, (db - floor) / (peak - floor))));
  const smoothed = smoothPasses > 0 ? smooth121(level, smoothPasses) : level;
  return (t) => smoothed[Math.min(features.frameCount - 1, Math.max(0, Math.floor(t * features.fps)))]!;
}

function follow(target: Float32Array, rise: number, fall: number): Float32Array {
  const out = new Float32Array(target.length);
  const up = 1 - Math.exp(-TICK_S / rise);
  const down = 1 - Math.exp(-TICK_S / fall);
  let value = 0;
  for (let i = 0; i < target.length; i++) {
    const goal = target[i]!;
    value += (goal - value) * (goal > value ? up : down);
    out[i] = value;
  }
  return out;
}

/**
 * The mouth's controls per frame. `vowelHeight` (a recording without words only) opens the
 * jaw as far as each vowel's first formant says, within what the loudness allows.
 */
export function buildVisemeTrack(timeline: PhoneTimeline, features: FrameFeatures, expressiveness: number, vowelHeight?: VowelHeight): VisemeTrack {
  const { frameCount, fps } = features;
  const ticks = Math.ceil(frameCount / fps / TICK_S) + 2;
  const jawT = new Float32Array(ticks);
  const closeT = new Float32Array(ticks);
  const roundT = new Float32Array(ticks);
  const spreadT = new Float32Array(ticks);
  const estimated = timeline.method === 'acoustic';
  const loudness = estimated ? envelopeAt(features, ESTIMATED.rangeDb, ESTIMATED.smoothPasses) : loudnessAt(features, 24, 0);
  const segments = segmentsOf(timeline);
  const tick = (t: number): number => Math.max(0, Math.min(ticks, Math.round(t / TICK_S)));
  const heightFactor = estimated && vowelHeight ? vowelHeightFactor(vowelHeight) : () => 1;

  for (const seg of segments) {
    const { shape } = seg;
    const shut = shape.close >= 0.99;
    for (let i = tick(seg.startS); i < tick(seg.endS); i++) {
      if (estimated) {
        const jaw = shut ? shape.jaw : ESTIMATED.classJawShare * shape.jaw + (1 - ESTIMATED.classJawShare) * ESTIMATED.averageJaw;
        jawT[i] = Math.min(1, jaw * loudness(i * TICK_S) * (shut ? 1 : ESTIMATED.jawGain * heightFactor(i * TICK_S)));
        closeT[i] = Math.max(closeT[i]!, shut ? (seg.confidence ?? ESTIMATED.closure) : shape.close);
      } else {
        // The jaw follows the vowel and how loud it is said (JALI's jaw: loud speech opens
        // wider, soft speech barely); consonants keep most of their own small opening.
        const loud = Math.pow(loudness(i * TICK_S), 0.8);
        const level = seg.vowel ? 0.3 + 0.7 * loud : 0.6 + 0.4 * loud;
        jawT[i] = shape.jaw * level;
        closeT[i] = Math.max(closeT[i]!, shape.close);
      }
      roundT[i] = Math.max(roundT[i]!, shape.round);
      spreadT[i] = shape.spread;
    }
  }
  segments.forEach((seg, index) => {
    // Closures: long enough to be seen, starting before the sound (known phones only).
    // A stop guessed with confidence holds the lips shut up to its burst (see RELEASE_HOLD_S).
    if (seg.shape.close >= 0.99 && estimated && (seg.confidence ?? 0) >= CONFIDENT_CLOSURE && seg.burst) {
      for (let i = tick(seg.endS); i < tick(seg.endS + RELEASE_HOLD_S); i++) closeT[i] = Math.max(closeT[i]!, seg.confidence!);
    }
    if (seg.shape.close >= 0.99 && !estimated) {
      const from = Math.min(seg.startS - CLOSURE_LEAD_S, seg.endS - MIN_CLOSURE_S);
      for (let i = tick(from); i < tick(seg.endS); i++) {
        closeT[i] = 1;
        spreadT[i] = 0;
      }
    }
    // Anticipatory rounding across the consonants before a rounded vowel, never back past a vowel.
    if (seg.vowel && seg.shape.round >= 0.5) {
      let earliest = seg.startS - ROUND_LOOKAHEAD_S;
      for (let j = index - 1; j >= 0 && segments[j]!.endS > earliest; j--) {
        if (segments[j]!.vowel) earliest = Math.max(earliest, segments[j]!.endS);
      }
      const span = Math.max(TICK_S, seg.startS - earliest);
      for (let i = tick(earliest); i < tick(seg.startS); i++) {
        const ramp = (i * TICK_S - earliest) / span;
        roundT[i] = Math.max(roundT[i]!, seg.shape.round * ramp);
        spreadT[i] = Math.min(spreadT[i]!, 1 - ramp);
      }
    }
  });

  const jaw = follow(jawT, JAW_OPEN_TAU, JAW_CLOSE_TAU);
  const close = follow(closeT, LIP_CLOSE_TAU, LIP_PART_TAU);
  const round = follow(roundT, ROUND_TAU, ROUND_TAU);
  const spread = follow(spreadT, ROUND_TAU, ROUND_TAU);
  const emphasisTicks = stressPulses(segments, loudness, ticks);

  const out: VisemeTrack = {
    jaw: new Float32Array(frameCount),
    gap: new Float32Array(frameCount),
    width: new Float32Array(frameCount),
    emphasis: new Float32Array(frameCount),
  };
  const widthGain = Math.min(1, expressiveness);
  // Frame k is shown from k/fps on (as the encoder stamps it and the verifier reads it).
  const frameTick = (k: number): number => Math.min(ticks - 1, tick(k / fps + PICTURE_LEAD_S + FILTER_LAG_S));
  for (let k = 0; k < frameCount; k++) {
    const i = frameTick(k);
    const jawIod = jaw[i]! * MAX_GAP_IOD * expressiveness;
    out.jaw[k] = jawIod;
    // Pressed lips hold the gap shut whatever the jaw does.
    out.gap[k] = jawIod * Math.max(0, 1 - close[i]!);
    out.width[k] = Math.max(-1, Math.min(1, spread[i]! - 1.1 * round[i]!)) * widthGain;
    out.emphasis[k] = emphasisTicks[i]!;
  }
  if (estimated && ESTIMATED.frameSmoothPasses > 0) {
    out.jaw = smooth121(out.jaw, ESTIMATED.frameSmoothPasses);
    const smoothed = smooth121(out.gap, ESTIMATED.frameSmoothPasses);
    // Lips pressed shut stay shut: a p/b/m lasts two or three frames, and [1 2 1] would lift it off.
    for (let k = 0; k < frameCount; k++) if (close[frameTick(k)]! < PRESSED) out.gap[k] = smoothed[k]!;
  }
  return out;
}

/** The jaw's share of its loudness opening at time t: closeVowelJaw for a close vowel, 2 − that for an open one, 1 where unknown. */
function vowelHeightFactor(height: VowelHeight): (t: number) => number {
  const low = ESTIMATED.closeVowelJaw;
  return (t) => {
    const v = height.openness[Math.round((t - height.firstCentreS) / height.hopS)];
    return v === undefined || !Number.isFinite(v) ? 1 : low + 2 * (1 - low) * v;
  };
}

/** Minimum spacing of emphasis pulses: a nod on every stressed vowel reads as bobbing. */
const EMPHASIS_SPACING_S = 0.9;

/**
 * A pulse that peaks just after a primary-stressed vowel starts, scaled by how loud it is;
 * only the louder half of stressed vowels get one, at most one every EMPHASIS_SPACING_S.
 */
function stressPulses(segments: Segment[], loudness: (t: number) => number, ticks: number): Float32Array {
  const pulses = new Float32Array(ticks);
  const stressed = segments.filter((s) => s.vowel && s.stress === 2);
  if (stressed.length === 0) return pulses;
  const levels = stressed.map((s) => loudness((s.startS + s.endS) / 2));
  const median = percentile(levels, 50);
  let last = -Infinity;
  stressed.forEach((seg, n) => {
    const level = levels[n]!;
    if (level < median || seg.startS - last < EMPHASIS_SPACING_S) return;
    last = seg.startS;
    const peak = seg.startS + 0.06;
    for (let i = Math.max(0, Math.floor((peak - 0.25) / TICK_S)); i < Math.min(ticks, Math.ceil((peak + 0.45) / TICK_S)); i++) {
      const dt = i * TICK_S - peak;
      // Quick rise, slower fall: a lift that lands with the syllable and eases off.
      const v = dt < 0 ? Math.exp(-((dt / 0.09) ** 2)) : Math.exp(-((dt / 0.2) ** 2));
      pulses[i] = Math.max(pulses[i]!, v * (0.5 + 0.5 * level));
    }
  });
  return pulses;
}
