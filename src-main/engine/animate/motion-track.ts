import type { MotionSettings } from '../../../src-shared/render.js';
import type { PhoneTimeline } from '../voice/phone-timeline.js';
import { frameFeatures, movingAverage, percentile, smooth121, type FrameFeatures } from './audio-features.js';
import { trackFirstFormant, vowelOpenness } from '../voice/formants.js';
import { buildVisemeTrack, MAX_GAP_IOD, type VowelHeight } from './viseme-track.js';
import { planBlinks } from './blinks.js';
import { planGaze } from './gaze.js';
import { buildHeadPoseTrack } from './head-pose.js';
import { moodBias } from './mood.js';

/**
 * What the face does on every frame, decided before any pixel is drawn. Values are in
 * units of the face's own eye distance (IOD) or radians, so the same track fits any
 * photo size.
 */
export interface MotionTrack {
  frameCount: number;
  fps: number;
  /** Target inner-lip gap at the centre of the mouth, in IOD: 0 where the lips meet. */
  mouthGap: Float32Array;
  /** Jaw drop in IOD (the chin's travel): apart from the lips, which may stay shut on an open jaw. */
  jawOpen: Float32Array;
  /** What drove the mouth: the phones of what is said, or (without them) only the loudness. */
  mouthSource: 'phones' | 'loudness';
  /** −1 rounded (o, u) … +1 spread (s, ee). */
  mouthWidth: Float32Array;
  /** 0 open … 1 closed, both eyes. */
  blink: Float32Array;
  /** Brow lift, in IOD. */
  browLift: Float32Array;
  /** Head roll (radians), sway and nod (in IOD), and a slight lean (scale − 1). */
  headRoll: Float32Array;
  headX: Float32Array;
  headY: Float32Array;
  headScale: Float32Array;
  /** Head turn and nod in depth (radians, head-pose.ts): nods on stressed syllables and at phrase ends. */
  headYaw: Float32Array;
  headPitch: Float32Array;
  /** The mood's resting lift of the mouth corners, IOD (mood.ts), the same on every frame. */
  cornerLift: number;
  /** Frame indices where a blink reaches full closure. */
  blinkFrames: number[];
  /** Frame indices where a half blink is deepest (blinks.ts). */
  halfBlinkFrames: number[];
  /** Where the irises look, eye distances (gaze.ts): 0 at the camera. */
  gazeX: Float32Array;
  gazeY: Float32Array;
}

/** Below this level above the noise floor the mouth rests closed (breath, room noise). */
const GATE_DB = 9;

/** mulberry32: small, fast, and repeatable, so the same inputs render the same video. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fallback mouth when a voice comes without phones: it opens with loudness and spreads
 * on hiss. It cannot shut the lips on p/b/m or round them on u/o (issue 14 measured 22–30%
 * of closures and no rounding), so it runs only where no phone timeline exists.
 */
function mouthFromLoudness(features: FrameFeatures, expressiveness: number): { gap: Float32Array; width: Float32Array } {
  const { levelDb, zcr, frameCount } = features;
  // Digital silence reads −90 dB; anything under −60 dB is inaudible room tone anyway.
  const floor = Math.max(-60, Math.min(percentile(levelDb, 10), -45));
  const peak = Math.max(percentile(levelDb, 97), floor + GATE_DB + 6);
  const open = new Float32Array(frameCount);
  for (let k = 0; k < frameCount; k++) {
    const x = (levelDb[k]! - floor - GATE_DB) / (peak - floor - GATE_DB);
    open[k] = Math.pow(Math.min(1, Math.max(0, x)), 0.85);
  }
  const smoothed = smooth121(open, 1);
  const zcrVoiced = percentile(zcr, 60) || 0.1;
  const gap = new Float32Array(frameCount);
  const width = new Float32Array(frameCount);
  for (let k = 0; k < frameCount; k++) {
    gap[k] = smoothed[k]! * MAX_GAP_IOD * expressiveness;
    // Hissing consonants have a high zero-crossing rate: lips spread and part less.
    const hiss = Math.min(1, Math.max(-1, (zcr[k]! - zcrVoiced) / (zcrVoiced + 1e-6)));
    width[k] = open[k]! > 0 ? Math.max(-0.6, Math.min(1, hiss)) * 0.6 * Math.min(1, expressiveness) : 0;
  }
  return { gap, width: smooth121(width, 2) };
}

function firstFormantHeight(samples: Float32Array, sampleRate: number): VowelHeight {
  const formants = trackFirstFormant(samples, sampleRate);
  return { hopS: formants.hopS, firstCentreS: formants.firstCentreS, openness: vowelOpenness(formants) };
}

function emphasisFromLoudness(gap: Float32Array, fps: number): Float32Array {
  const frameCount = gap.length;
  const slow = movingAverage(gap, Math.max(1, Math.round(fps * 0.12)));
  const emphasis = new Float32Array(frameCount);
  const lag = Math.max(1, Math.round(fps * 0.1));
  for (let k = 0; k < frameCount; k++) emphasis[k] = Math.max(0, slow[k]! - (slow[k - lag] ?? 0)) / (MAX_GAP_IOD * 0.5);
  return movingAverage(emphasis, Math.max(1, Math.round(fps * 0.15)));
}

/**
 * Everything the face does, frame by frame. With `phones` (the voice's PhoneTimeline) the
 * mouth shapes the words (viseme-track.ts); without, it follows loudness only.
 */
export function buildMotionTrack(
  samples: Float32Array,
  sampleRate: number,
  durationS: number,
  fps: number,
  frameCount: number,
  settings: MotionSettings,
  seed: number,
  phones?: PhoneTimeline,
): MotionTrack {
  const features = frameFeatures(samples, sampleRate, fps, frameCount);
  const random = seededRandom(seed);
  // Phones guessed from the sound alone say little about how open a vowel is; its first formant does.
  const vowelHeight: VowelHeight | undefined = phones?.method === 'acoustic' ? firstFormantHeight(samples, sampleRate) : undefined;
  const timed = phones && phones.phones.length > 0 ? buildVisemeTrack(phones, features, settings.expressiveness, vowelHeight) : undefined;
  const { gap, width } = timed ?? mouthFromLoudness(features, settings.expressiveness);
  const jawOpen = timed?.jaw ?? gap;
  const speaking = new Float32Array(frameCount);
  for (let k = 0; k < frameCount; k++) speaking[k] = gap[k]! > 0.01 ? 1 : 0;
  const { blink, blinkFrames, halfBlinkFrames } = planBlinks(frameCount, fps, settings.blinkRate, movingAverage(speaking, 2), random);
  // Its own generator: the glances never shift the blinks or the sway.
  const { gazeX, gazeY } = planGaze(frameCount, fps, movingAverage(speaking, 2), blink, seededRandom(seed ^ 0x27d4eb2f));

  // Emphasis: stressed syllables where phones are known, else where the slow envelope
  // rises; brows lift and the head dips slightly.
  const emphasisSmooth = timed ? timed.emphasis : emphasisFromLoudness(gap, fps);

  const browLift = new Float32Array(frameCount);
  const headRoll = new Float32Array(frameCount);
  const headX = new Float32Array(frameCount);
  const headY = new Float32Array(frameCount);
  const headScale = new Float32Array(frameCount);
  const phase = Array.from({ length: 8 }, () => random() * Math.PI * 2);
  const mood = moodBias(settings.mood);
  const h = settings.headMotion * mood.motionGain;
  const degree = Math.PI / 180;
  // Drawn from its own generator, so the sway and blinks stay those of earlier renders.
  const pose = buildHeadPoseTrack(frameCount, fps, movingAverage(speaking, 2), emphasisSmooth, h, seededRandom(seed ^ 0x5bd1e995));
  for (let k = 0; k < frameCount; k++) {
    const t = k / fps;
    browLift[k] = Math.min(1, emphasisSmooth[k]! * 1.5) * 0.06 * settings.expressiveness * mood.motionGain + mood.browRest;
    // Incommensurate slow sines: sway that never visibly repeats; amplitudes from
    // measured presenter footage (about ±1.5° roll, a few % of the face in sway).
    headRoll[k] = h * degree * (1.0 * Math.sin(2 * Math.PI * 0.21 * t + phase[0]!) + 0.5 * Math.sin(2 * Math.PI * 0.53 * t + phase[1]!));
    headX[k] = h * (0.025 * Math.sin(2 * Math.PI * 0.17 * t + phase[2]!) + 0.012 * Math.sin(2 * Math.PI * 0.41 * t + phase[3]!));
    headY[k] = h * (0.015 * Math.sin(2 * Math.PI * 0.27 * t + phase[4]!) + 0.03 * emphasisSmooth[k]!) + pose.breathY[k]!;
    headScale[k] = h * 0.006 * Math.sin(2 * Math.PI * 0.13 * t + phase[5]!) + pose.breathScale[k]!;
  }
  return {
    frameCount,
    fps,
    mouthGap: gap,
    jawOpen,
    mouthSource: timed ? 'phones' : 'loudness',
    mouthWidth: width,
    blink,
    browLift,
    headRoll,
    headX,
    headY,
    headScale,
    headYaw: pose.yaw,
    headPitch: pose.pitch,
    cornerLift: moodBias(settings.mood).cornerLift,
    blinkFrames,
    halfBlinkFrames,
    gazeX,
    gazeY,
  };
}
