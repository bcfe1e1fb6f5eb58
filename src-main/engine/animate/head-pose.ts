import { at, CHIN, FACE_OVAL, IRIS_FIRST, type Point } from '../face/landmarks.js';

/**
 * The head in depth: small yaw (turn) and pitch (nod) rotations of the face mesh in 3D about
 * a pivot at the top of the neck, projected back onto the picture. The mesh's depth makes
 * the nose travel further than the cheeks and the far cheek narrow (parallax), which a
 * picture-plane slide cannot do. Also the idle life that continues when the voice pauses:
 * breathing and slow drift.
 */

/** Degrees in radians. */
const DEG = Math.PI / 180;

export interface HeadPoseTrack {
  /** Turn about the neck's vertical axis, radians (positive: the face turns to the image's right). */
  yaw: Float32Array;
  /** Nod about the ear-to-ear axis, radians (positive: the chin goes down). */
  pitch: Float32Array;
  /** Breathing: the head rises (IOD, negative is up) and leans in a little (scale − 1). */
  breathY: Float32Array;
  breathScale: Float32Array;
}

/**
 * Amplitudes at head motion 1, from presenter footage's published ranges (talking heads
 * turn a few degrees, nod 2–5° on stressed words): yaw drifts within about ±2°, pitch
 * within about ±1.4°, plus nods of up to 2° on stressed syllables and 1.8° at phrase ends.
 * The face mesh reads a drawn nod at a third to a half of its size (3° read as 0.8–2.0° on
 * the sample and the closed-mouth fixture: the nod moves the nose against the eyes by little)
 * and a drawn turn at about its size, so nods are drawn the larger to read 1–4° like turns.
 */
const YAW_DRIFT_DEG = [1.5, 0.6] as const;
const PITCH_DRIFT_DEG = [1.0, 0.4] as const;
const STRESS_NOD_DEG = 2.0;
const PHRASE_END_NOD_DEG = 1.8;
/** A pause this long ends a phrase (shorter gaps are stops and closures inside words). */
const PHRASE_PAUSE_S = 0.28;
/** Breathing at rest: 15 breaths a minute (0.25 Hz); the head rises about 0.6% of an eye distance. */
const BREATH_HZ = 0.25;
const BREATH_RISE_IOD = 0.006;
const BREATH_SCALE = 0.0025;

/**
 * Yaw, pitch and breathing for every frame. `speaking` is 1 on frames with voice, 0 in
 * pauses; `emphasis` pulses (0–1) on stressed syllables. `amount` is head motion × the
 * mood's gain: 0 gives a still head (no turn, no nod, no breath), as creators ask for.
 */
export function buildHeadPoseTrack(frameCount: number, fps: number, speaking: Float32Array, emphasis: Float32Array, amount: number, random: () => number): HeadPoseTrack {
  const yaw = new Float32Array(frameCount);
  const pitch = new Float32Array(frameCount);
  const breathY = new Float32Array(frameCount);
  const breathScale = new Float32Array(frameCount);
  const phase = Array.from({ length: 5 }, () => random() * Math.PI * 2);
  if (amount <= 0) return { yaw, pitch, breathY, breathScale };
  const nods = phraseEndNods(speaking, fps);
  // Breathing shows most in pauses (a speaker breathes in between phrases); while talking
  // the chest's motion is small and irregular.
  const pause = smoothPause(speaking, fps);
  for (let k = 0; k < frameCount; k++) {
    const t = k / fps;
    // Incommensurate slow sines, so the drift never visibly repeats.
    const yawDeg = YAW_DRIFT_DEG[0] * Math.sin(2 * Math.PI * 0.11 * t + phase[0]!) + YAW_DRIFT_DEG[1] * Math.sin(2 * Math.PI * 0.29 * t + phase[1]!);
    const pitchDeg =
      PITCH_DRIFT_DEG[0] * Math.sin(2 * Math.PI * 0.15 * t + phase[2]!) +
      PITCH_DRIFT_DEG[1] * Math.sin(2 * Math.PI * 0.37 * t + phase[3]!) +
      STRESS_NOD_DEG * Math.min(1, emphasis[k]!) +
      PHRASE_END_NOD_DEG * nods[k]!;
    yaw[k] = amount * yawDeg * DEG;
    pitch[k] = amount * pitchDeg * DEG;
    const breath = Math.sin(2 * Math.PI * BREATH_HZ * t + phase[4]!);
    const depth = 0.4 + 0.6 * pause[k]!;
    breathY[k] = -amount * BREATH_RISE_IOD * depth * breath;
    breathScale[k] = amount * BREATH_SCALE * depth * breath;
  }
  return { yaw, pitch, breathY, breathScale };
}

/** 0 while talking, easing to 1 within about 0.3 s of a pause. */
function smoothPause(speaking: Float32Array, fps: number): Float32Array {
  const out = new Float32Array(speaking.length);
  const rate = 1 / Math.max(1, 0.3 * fps);
  let level = 0;
  for (let k = 0; k < speaking.length; k++) {
    level += ((speaking[k]! > 0 ? 0 : 1) - level) * rate * 2;
    out[k] = Math.min(1, Math.max(0, level));
  }
  return out;
}

/**
 * A small downward nod as a phrase ends: where the voice stops for at least PHRASE_PAUSE_S,
 * the chin dips over 0.25 s and comes back over 0.45 s (the "full stop" nod speakers make).
 */
function phraseEndNods(speaking: Float32Array, fps: number): Float32Array {
  const nods = new Float32Array(speaking.length);
  const minPause = Math.round(PHRASE_PAUSE_S * fps);
  for (let k = 1; k < speaking.length; k++) {
    if (!(speaking[k - 1]! > 0 && speaking[k]! <= 0)) continue;
    let end = k;
    while (end < speaking.length && speaking[end]! <= 0) end++;
    if (end - k < minPause) continue;
    const peak = k + 0.1 * fps;
    for (let j = Math.max(0, Math.floor(peak - 0.25 * fps)); j < Math.min(speaking.length, Math.ceil(peak + 0.45 * fps)); j++) {
      const dt = (j - peak) / fps;
      const v = dt < 0 ? Math.exp(-((dt / 0.12) ** 2)) : Math.exp(-((dt / 0.22) ** 2));
      nods[j] = Math.max(nods[j]!, v);
    }
  }
  return nods;
}

/** What the rig keeps for turning the head in depth. */
export interface HeadDepthRig {
  /** Depth of each control point, pixels, relative to the pivot (negative: nearer the camera). */
  depth: Float32Array;
  /** How much of a turn or nod each point follows: 1 on the face, less on the hair, 0 on the neck and the border. */
  turnWeight: Float32Array;
}

/**
 * Depth for every control point. The face mesh's own depth (the model's z, in the photo's
 * pixel scale) where it is known; otherwise a rounded face (an ellipsoid through the face's
 * outline with the nose standing out), so a rig built without depth still turns in 3D.
 * The rings around the face (hair, ears) sit at the outline's depth and further back, and
 * the pivot is the top of the neck: about the ears' depth, below the mouth.
 *
 * `ringOf(i)` gives, for the rings' points, their scale (1.22, 1.6) and whether they lie
 * below the chin; the neck and below never turn (the body stays rigid).
 */
export function buildHeadDepth(
  mesh: readonly Point[],
  depth: readonly number[] | undefined,
  source: Float64Array,
  pointCount: number,
  ring: (i: number) => { scale: number; belowChin: boolean } | undefined,
  faceSize: number,
): HeadDepthRig {
  const z = conditionedDepth(mesh, depth && depth.length >= IRIS_FIRST ? depth.slice(0, IRIS_FIRST) : roundedFaceDepth(mesh), faceSize);
  const outline = FACE_OVAL.map((i) => ({ p: at(mesh, i), z: z[i]! }));
  // The pivot's depth: behind the outline's sides (the ears' line) by a tenth of the face.
  const sideDepth = Math.max(...outline.map((o) => o.z));
  const pivotZ = sideDepth + 0.1 * faceSize;
  const out = new Float32Array(pointCount);
  const turnWeight = new Float32Array(pointCount);
  const chinY = at(mesh, CHIN)[1];
  for (let i = 0; i < pointCount; i++) {
    if (i < IRIS_FIRST) {
      out[i] = z[i]! - pivotZ;
      turnWeight[i] = 1;
      continue;
    }
    const r = ring(i);
    if (!r) continue;
    const x = source[i * 2]!;
    const y = source[i * 2 + 1]!;
    let nearest = outline[0]!;
    let best = Infinity;
    for (const o of outline) {
      const d = Math.hypot(o.p[0] - x, o.p[1] - y);
      if (d < best) {
        best = d;
        nearest = o;
      }
    }
    // Hair and ears curve back from the outline towards the back of the head.
    out[i] = nearest.z + (r.scale - 1) * 0.5 * faceSize - pivotZ;
    // The inner ring (hairline, ears) turns nearly with the face, the outer ring (the hair's
    // edge) partly: the warp then fades to nothing at the border, and the hair stretches
    // rather than tears. Below the chin the neck stays where it is.
    const below = r.belowChin || y > chinY;
    turnWeight[i] = below ? 0 : r.scale < 1.4 ? 0.85 : 0.35;
  }
  return { depth: out, turnWeight };
}

/**
 * The depth the warp can use. Near the face's outline the surface turns away steeply, and
 * the model's depth comes in whole pixels: two points a few pixels apart in the picture can
 * be 30 px apart in depth, and a turn then shears them across each other (on the sample the
 * skin between cheek and ear folded into a zig-zag tear at 8–12°). Smoothed over 4% of the
 * face, neighbours move alike while the nose still stands out from the cheeks.
 */
function conditionedDepth(mesh: readonly Point[], soft: readonly number[], faceSize: number): number[] {
  const sigma = 0.04 * faceSize;
  const reach = 3 * sigma;
  return soft.map((_, i) => {
    const p = at(mesh, i);
    let sum = 0;
    let weight = 0;
    for (let j = 0; j < soft.length; j++) {
      const q = at(mesh, j);
      const dx = q[0] - p[0];
      const dy = q[1] - p[1];
      if (Math.abs(dx) > reach || Math.abs(dy) > reach) continue;
      const w = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      sum += w * soft[j]!;
      weight += w;
    }
    return sum / weight;
  });
}

/**
 * A face's depth without a model's z: an ellipsoid through the outline (as deep as 0.35 of
 * the face's width) with the nose's ridge standing out. Pixels; negative is nearer.
 */
function roundedFaceDepth(mesh: readonly Point[]): number[] {
  const xs = FACE_OVAL.map((i) => at(mesh, i)[0]);
  const ys = FACE_OVAL.map((i) => at(mesh, i)[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const a = (Math.max(...xs) - Math.min(...xs)) / 2 || 1;
  const b = (Math.max(...ys) - Math.min(...ys)) / 2 || 1;
  const nose = at(mesh, 1);
  return Array.from({ length: IRIS_FIRST }, (_, i) => {
    const p = at(mesh, i);
    const r2 = ((p[0] - cx) / a) ** 2 + ((p[1] - cy) / b) ** 2;
    const bulge = Math.sqrt(Math.max(0, 1 - Math.min(1, r2)));
    const noseRidge = Math.exp(-(((p[0] - nose[0]) / (0.12 * a)) ** 2)) * Math.exp(-(((p[1] - nose[1]) / (0.35 * b)) ** 2));
    return -0.7 * a * bulge - 0.25 * a * noseRidge;
  });
}

/**
 * Turns one point about the pivot: yaw about the face's vertical axis (`down`), then pitch
 * about its horizontal axis (`across`), orthographic projection (a portrait is taken from
 * far enough that perspective across a face is a few per cent). Returns the displacement.
 */
export function turnOffset(
  dx: number,
  dy: number,
  dz: number,
  across: Point,
  down: Point,
  cosYaw: number,
  sinYaw: number,
  cosPitch: number,
  sinPitch: number,
  out: [number, number],
): [number, number] {
  // Into the face's own axes: u across, v down, w depth.
  const u = dx * across[0] + dy * across[1];
  const v = dx * down[0] + dy * down[1];
  const u1 = u * cosYaw - dz * sinYaw;
  const w1 = u * sinYaw + dz * cosYaw;
  // Chin down: the points below the pivot move back, those in front of it move down.
  const v1 = v * cosPitch - w1 * sinPitch;
  const du = u1 - u;
  const dv = v1 - v;
  out[0] = du * across[0] + dv * down[0];
  out[1] = du * across[1] + dv * down[1];
  return out;
}
