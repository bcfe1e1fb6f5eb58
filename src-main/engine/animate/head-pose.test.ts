import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { twiceSignedArea } from '../../../tests/support/rig-triangles.js';
import { detectFacesHere } from '../face/face-detector.js';
import { at, CHIN, LIPS, NOSE_TIP, type Point } from '../face/landmarks.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { deformRig, type FramePose } from './deform.js';
import { buildFaceRig, type FaceRig } from './face-rig.js';
import { buildHeadPoseTrack } from './head-pose.js';
import { MOOD_BIAS } from './mood.js';
import { seededRandom } from './motion-track.js';

const DEG = Math.PI / 180;
const REST: FramePose = { mouthGap: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };
const SAMPLE = path.resolve(__dirname, '../../../resources/samples/portrait.jpg');

/**
 * Triangles that turned over or were squeezed to under a fifth of their area against the
 * head at rest (the same mouth and eyes): a tear in the picture.
 */
function folded(rig: FaceRig, moved: Float64Array): number {
  const rest = deformRig(rig, REST, new Float64Array(rig.pointCount * 2));
  let count = 0;
  for (let t = 0; t < rig.triangles.length; t += 3) {
    const [a, b, c] = [rig.triangles[t]!, rig.triangles[t + 1]!, rig.triangles[t + 2]!];
    const before = twiceSignedArea(rest, a, b, c);
    if (Math.abs(before) < 2) continue;
    if (twiceSignedArea(moved, a, b, c) / before < 0.2) count++;
  }
  return count;
}

describe('the head turning in depth', () => {
  let mesh: Point[];
  let depth: number[];
  let rig: FaceRig;
  beforeAll(async () => {
    const photo = await intakePhoto(SAMPLE);
    const [face] = await detectFacesHere(photo);
    mesh = face!.mesh;
    depth = face!.depth!;
    rig = buildFaceRig(mesh, photo.width, photo.height, { depth });
  }, 60_000);

  const moved = (pose: Partial<FramePose>) => deformRig(rig, { ...REST, ...pose }, new Float64Array(rig.pointCount * 2));
  const shift = (points: Float64Array, i: number): number => points[i * 2]! - rig.source[i * 2]!;

  it('moves the nose further than the cheeks on a turn (parallax), and squeezes the far cheek', () => {
    const turned = moved({ headYaw: 3 * DEG });
    // Subject's right cheek (image left, 234) is the near side of a turn to the image's right.
    const nose = shift(turned, NOSE_TIP);
    expect(nose).toBeGreaterThan(1);
    expect(nose).toBeGreaterThan(1.5 * Math.abs(shift(turned, 234)));
    expect(nose).toBeGreaterThan(1.5 * Math.abs(shift(turned, 454)));
    const width = (points: Float64Array, i: number) => Math.abs(points[i * 2]! - points[NOSE_TIP * 2]!);
    // Turning to the image's right: the image-right half narrows, the left half widens.
    expect(width(turned, 454)).toBeLessThan(width(rig.source, 454));
    expect(width(turned, 234)).toBeGreaterThan(width(rig.source, 234));
  });

  it('dips the nose and chin on a nod more than the forehead', () => {
    const nod = moved({ headPitch: 3 * DEG });
    const down = (i: number) => nod[i * 2 + 1]! - rig.source[i * 2 + 1]!;
    expect(down(NOSE_TIP)).toBeGreaterThan(0.5);
    expect(down(NOSE_TIP)).toBeGreaterThan(down(10));
  });

  it('never tears: no triangle of the face, hair or ears folds over at twice the largest turn and nod', () => {
    for (const pose of [{ headYaw: 8 * DEG }, { headYaw: -8 * DEG }, { headPitch: 6 * DEG }, { headPitch: -6 * DEG }, { headYaw: 6 * DEG, headPitch: -5 * DEG }]) {
      expect(folded(rig, moved(pose)), JSON.stringify(pose)).toBe(0);
    }
  });

  it('keeps the neck, the body and the picture around the head where they are', () => {
    const turned = moved({ headYaw: 4 * DEG, headPitch: 3 * DEG });
    const chinY = at(mesh, CHIN)[1];
    for (let i = 468; i < rig.pointCount; i++) {
      const still = rig.headWeight[i] === 0 || rig.source[i * 2 + 1]! > chinY;
      if (still) {
        expect(Math.abs(turned[i * 2]! - rig.source[i * 2]!)).toBeLessThan(1e-9);
        expect(Math.abs(turned[i * 2 + 1]! - rig.source[i * 2 + 1]!)).toBeLessThan(1e-9);
      }
    }
  });

  it("lifts the mouth's corners for a warm mood and lowers them for a serious one, the lips' middle staying put", () => {
    const rest = moved({});
    const rise = (pose: Partial<FramePose>, i: number) => rest[i * 2 + 1]! - moved(pose)[i * 2 + 1]!;
    const warm = { cornerLift: MOOD_BIAS.warm.cornerLift };
    const serious = { cornerLift: MOOD_BIAS.serious.cornerLift };
    for (const corner of [LIPS.cornerLeft, LIPS.cornerRight]) {
      expect(rise(warm, corner)).toBeGreaterThan(0.8 * MOOD_BIAS.warm.cornerLift * rig.iod);
      expect(rise(serious, corner)).toBeLessThan(0.8 * MOOD_BIAS.serious.cornerLift * rig.iod);
    }
    expect(Math.abs(rise(warm, 0))).toBeLessThan(0.2 * rise(warm, LIPS.cornerLeft));
    expect(folded(rig, moved(warm))).toBe(0);
    expect(folded(rig, moved(serious))).toBe(0);
  });

  it('turns in 3D without the model depth too (a rounded face), still without folds', () => {
    const rounded = buildFaceRig(mesh, rig.roi.x + rig.roi.width + 10, rig.roi.y + rig.roi.height + 10);
    const turned = deformRig(rounded, { ...REST, headYaw: 6 * DEG }, new Float64Array(rounded.pointCount * 2));
    expect(turned[NOSE_TIP * 2]! - rounded.source[NOSE_TIP * 2]!).toBeGreaterThan(1);
    expect(folded(rounded, turned)).toBe(0);
  });
});

describe('the head pose track', () => {
  const FPS = 25;
  /** 1.2 s phrases with 0.6 s pauses, a stressed syllable 0.4 s into each phrase. */
  function speech(seconds: number) {
    const n = seconds * FPS;
    const speaking = new Float32Array(n);
    const emphasis = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      const t = (k / FPS) % 1.8;
      speaking[k] = t < 1.2 ? 1 : 0;
      emphasis[k] = Math.exp(-(((t - 0.4) / 0.12) ** 2));
    }
    return { speaking, emphasis, n };
  }

  it('turns and nods within 1–4° at head motion 1, and not at all at 0', () => {
    const { speaking, emphasis, n } = speech(30);
    const track = buildHeadPoseTrack(n, FPS, speaking, emphasis, 1, seededRandom(7));
    const peak = (a: Float32Array) => Math.max(...Array.from(a, Math.abs)) / DEG;
    expect(peak(track.yaw)).toBeGreaterThan(1);
    expect(peak(track.yaw)).toBeLessThan(4);
    expect(peak(track.pitch)).toBeGreaterThan(1);
    expect(peak(track.pitch)).toBeLessThan(4);
    const still = buildHeadPoseTrack(n, FPS, speaking, emphasis, 0, seededRandom(7));
    for (const series of [still.yaw, still.pitch, still.breathY, still.breathScale]) expect(peak(series)).toBe(0);
  });

  it('nods on stressed syllables and as a phrase ends', () => {
    const { speaking, emphasis, n } = speech(18);
    const track = buildHeadPoseTrack(n, FPS, speaking, emphasis, 1, seededRandom(7));
    const none = buildHeadPoseTrack(n, FPS, speaking, new Float32Array(n), 1, seededRandom(7));
    const flat = buildHeadPoseTrack(n, FPS, new Float32Array(n).fill(1), new Float32Array(n), 1, seededRandom(7));
    for (let phrase = 0; phrase < 10; phrase++) {
      const stressed = Math.round((phrase * 1.8 + 0.4) * FPS);
      const end = Math.round((phrase * 1.8 + 1.3) * FPS);
      expect(track.pitch[stressed]! - none.pitch[stressed]!).toBeGreaterThan(1 * DEG);
      expect(none.pitch[end]! - flat.pitch[end]!).toBeGreaterThan(1 * DEG);
    }
  });

  it('breathes in pauses: a slow rise and fall of about 0.25 Hz', () => {
    const n = 20 * FPS;
    const silent = new Float32Array(n);
    const track = buildHeadPoseTrack(n, FPS, silent, silent, 1, seededRandom(3));
    let crossings = 0;
    for (let k = 1; k < n; k++) if (Math.sign(track.breathY[k]!) !== Math.sign(track.breathY[k - 1]!)) crossings++;
    // 0.2–0.3 Hz: 8–12 half-cycles in 20 s.
    expect(crossings).toBeGreaterThanOrEqual(8);
    expect(crossings).toBeLessThanOrEqual(12);
    expect(Math.max(...track.breathY) - Math.min(...track.breathY)).toBeGreaterThan(0.008);
  });
});
