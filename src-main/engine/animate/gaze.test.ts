import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import { allocYuv } from '../encode/yuv.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { LEFT_EYE, RIGHT_EYE, type EyeIndices } from '../face/landmarks.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { insidePolygon } from '../verify/mouth-artifacts.js';
import { planBlinks } from './blinks.js';
import type { FramePose } from './deform.js';
import { buildFaceScene, drawPose, type FaceScene } from './face-scene.js';
import { irisOffsetFor, planGaze } from './gaze.js';
import { seededRandom } from './motion-track.js';

const FPS = 30;
/** The bundled sample's eye distance in a 720×1280 video, px. */
const IOD_720P = 127;
const REST: FramePose = { mouthGap: 0, jawOpen: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };

function phrases(frames: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, k) => ((k / FPS) % 3 < 2.4 ? 1 : 0));
}

describe('gaze plan', () => {
  const frames = 3 * 60 * FPS;
  const speaking = phrases(frames);
  const { blink } = planBlinks(frames, FPS, 16, speaking, seededRandom(3));
  const { gazeX, gazeY } = planGaze(frames, FPS, speaking, blink, seededRandom(5));
  const offsetPx = (k: number) => Math.hypot(gazeX[k]!, gazeY[k]!) * IOD_720P;

  it('looks at the camera (within a pixel at 720p) 70–85 % of the time', () => {
    let near = 0;
    for (let k = 0; k < frames; k++) if (offsetPx(k) <= 1) near++;
    expect(near / frames).toBeGreaterThanOrEqual(0.7);
    expect(near / frames).toBeLessThanOrEqual(0.85);
  });

  it('glances a few pixels away in fixations of 150–600 ms', () => {
    // Fixations a blink interrupted last until the lids are still again: left out here.
    const holds: number[] = [];
    let start = 0;
    for (let k = 1; k < frames; k++) {
      const same = gazeX[k] === gazeX[k - 1] && gazeY[k] === gazeY[k - 1];
      if (same) continue;
      const blinked = blink.subarray(start, k).some((b) => b > 0.02);
      if (offsetPx(k - 1) > 1 && !blinked) holds.push((k - start) / FPS);
      start = k;
    }
    expect(holds.length).toBeGreaterThan(20);
    for (const s of holds) {
      expect(s).toBeGreaterThanOrEqual(0.15 - 1 / FPS);
      expect(s).toBeLessThanOrEqual(0.6 + 1 / FPS);
    }
    for (let k = 0; k < frames; k++) expect(offsetPx(k)).toBeLessThanOrEqual(irisOffsetFor(12) * IOD_720P);
    expect(Math.max(...Array.from({ length: frames }, (_, k) => offsetPx(k)))).toBeGreaterThanOrEqual(2);
  });

  it('never moves the eyes while the lids are moving', () => {
    for (let k = 1; k < frames; k++) {
      if (blink[k]! > 0.02) {
        expect(gazeX[k]).toBe(gazeX[k - 1]);
        expect(gazeY[k]).toBe(gazeY[k - 1]);
      }
    }
  });
});

describe('gaze drawn on the bundled sample', () => {
  const WIDTH = 720;
  const HEIGHT = 1280;
  let scene: FaceScene;
  beforeAll(async () => {
    const photo = await intakePhoto(`${REPO_ROOT}/resources/samples/portrait.jpg`);
    const face = (await analyzeFaces(photo)).chosen;
    scene = await buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT);
  });

  const opening = (eye: EyeIndices): Array<[number, number]> =>
    [eye.outerCorner, ...eye.upperLid, eye.innerCorner, ...[...eye.lowerLid].reverse()].map((s) => [scene.rig.source[s * 2]!, scene.rig.source[s * 2 + 1]!]);
  /** Centroid of the darkest pixels (the iris and pupil) inside an eye's opening. */
  function darkCentroid(luma: Buffer, eye: EyeIndices): number {
    const poly = opening(eye);
    const xs = poly.map((p) => p[0]);
    const ys = poly.map((p) => p[1]);
    const inside: Array<[number, number, number]> = [];
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) if (insidePolygon(x + 0.5, y + 0.5, poly)) inside.push([x, y, luma[y * WIDTH + x]!]);
    }
    const sorted = inside.map((p) => p[2]).sort((a, b) => a - b);
    const cut = sorted[Math.floor(sorted.length * 0.25)]!;
    const dark = inside.filter((p) => p[2] <= cut);
    return dark.reduce((s, p) => s + p[0], 0) / dark.length;
  }

  it('moves each iris sideways by the planned pixels and changes nothing outside the eyes', () => {
    const still = allocYuv(WIDTH, HEIGHT);
    const glance = allocYuv(WIDTH, HEIGHT);
    drawPose(scene, REST, still);
    const shiftPx = 3;
    drawPose(scene, { ...REST, gazeX: shiftPx / scene.rig.iod, gazeY: 0 }, glance);
    for (const eye of [RIGHT_EYE, LEFT_EYE]) {
      const moved = darkCentroid(glance.data, eye) - darkCentroid(still.data, eye);
      expect(moved).toBeGreaterThan(shiftPx * 0.6);
      expect(moved).toBeLessThan(shiftPx * 1.3);
    }
    // Every changed luma pixel lies inside an eye's opening: no lid or lash was pulled.
    const polys = [opening(RIGHT_EYE), opening(LEFT_EYE)];
    let changed = 0;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        if (still.data[y * WIDTH + x] === glance.data[y * WIDTH + x]) continue;
        changed++;
        // Pixel x, y sits at coordinate (x, y), as in the warp.
        expect(
          polys.some((p) => insidePolygon(x, y, p)),
          `pixel ${x},${y}`,
        ).toBe(true);
      }
    }
    expect(changed).toBeGreaterThan(50);
  });
});
