import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, REPO_ROOT } from '../../tests/support/fixtures.js';
import { allocYuv, type YuvFrame } from '../encode/yuv.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { LEFT_EYE, RIGHT_EYE, type EyeIndices, type Point } from '../face/landmarks.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { eyePlaneLuma } from '../verify/eye-shade.js';
import type { FramePose } from './deform.js';
import { buildFaceScene, drawPose, type FaceScene } from './face-scene.js';

/**
 * The painted upper lid on the bundled sample (a smile's narrow eyes) and the
 * closed-mouth fixture: shut, the eye's dark (iris, pupil) and its white are covered by
 * skin; half shut, half of that; and nothing outside the eye's own box changes, so glasses'
 * frames and lenses around it stay put.
 */
const WIDTH = 360;
const HEIGHT = 640;
const REST: FramePose = { mouthGap: 0, jawOpen: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };

describe.each([
  ['the bundled sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg')],
  ['portrait-biden-tall', path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg')],
])('eyelids on %s', (_name, photoPath) => {
  let scene: FaceScene;
  let points: Point[];
  const frames: Record<string, YuvFrame> = {};
  beforeAll(async () => {
    const photo = await intakePhoto(photoPath);
    const face = (await analyzeFaces(photo)).chosen;
    scene = await buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT);
    points = Array.from({ length: 468 }, (_, i) => [scene.rig.source[i * 2]!, scene.rig.source[i * 2 + 1]!] as const);
    for (const [label, blink] of [['open', 0], ['half', 0.5], ['shut', 1]] as const) {
      frames[label] = allocYuv(WIDTH, HEIGHT);
      drawPose(scene, { ...REST, blink }, frames[label]!);
    }
  });
  const shade = (label: string, eye: EyeIndices, q: number) => eyePlaneLuma(frames[label]!.data, WIDTH, HEIGHT, points, eye, q);

  /** Share of the eye's opening (its upper two thirds, above where the shut lid's lashes lie) darker than half way from the iris to the skin. */
  function darkShare(label: string, eye: EyeIndices): number {
    const frame = frames[label]!.data;
    const upper = [eye.outerCorner, ...eye.upperLid, eye.innerCorner].map((i) => points[i]!);
    const lower = [eye.outerCorner, ...eye.lowerLid, eye.innerCorner].map((i) => points[i]!);
    const at = (line: Point[], x: number) => {
      const sorted = [...line].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < sorted.length; i++) if (x <= sorted[i]![0]) return sorted[i - 1]![1] + ((x - sorted[i - 1]![0]) / Math.max(1e-6, sorted[i]![0] - sorted[i - 1]![0])) * (sorted[i]![1] - sorted[i - 1]![1]);
      return sorted[sorted.length - 1]![1];
    };
    const cut = (shade('open', eye, 0.1) + shade('open', eye, 0.9)) / 2;
    const xs = upper.map((p) => p[0]);
    let dark = 0;
    let all = 0;
    for (let x = Math.ceil(Math.min(...xs)); x <= Math.floor(Math.max(...xs)); x++) {
      const top = at(upper, x);
      const bottom = top + (at(lower, x) - top) * 0.67;
      for (let y = Math.ceil(top); y <= Math.floor(bottom); y++) {
        all++;
        if (frame[y * WIDTH + x]! < cut) dark++;
      }
    }
    return all ? dark / all : 0;
  }

  it('covers the iris with lid skin when shut, and part of it half way', () => {
    for (const eye of [RIGHT_EYE, LEFT_EYE]) {
      const share = { open: darkShare('open', eye), half: darkShare('half', eye), shut: darkShare('shut', eye) };
      console.info(`${_name} ${eye === RIGHT_EYE ? 'right' : 'left'} eye: dark share of the opening ${JSON.stringify(share)}`);
      expect(share.open).toBeGreaterThan(0.15);
      expect(share.shut).toBeLessThan(0.05);
      expect(share.half).toBeLessThan(share.open * 0.8);
      expect(share.half).toBeGreaterThan(share.shut);
    }
  });

  it('changes nothing outside the eyes’ own boxes (glasses stay put)', () => {
    const boxes = [RIGHT_EYE, LEFT_EYE].map((eye) => {
      const xs = [eye.outerCorner, eye.innerCorner].map((i) => points[i]![0]);
      const w = Math.abs(xs[1]! - xs[0]!);
      const ys = [...eye.upperLid, ...eye.lowerLid].map((i) => points[i]![1]);
      return { x0: Math.min(...xs) - 0.2 * w, x1: Math.max(...xs) + 0.2 * w, y0: Math.min(...ys) - 0.2 * w, y1: Math.max(...ys) + 0.15 * w };
    });
    // The lower lid's lift is warped, and its triangles reach a little past the box (to
    // the bridge of the nose): there the picture may shift by a fraction of a pixel, a few
    // grey levels at most; the painted lid itself stays inside.
    let changed = 0;
    let outside = 0;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const diff = Math.abs(frames.open!.data[y * WIDTH + x]! - frames.shut!.data[y * WIDTH + x]!);
        if (diff === 0) continue;
        changed++;
        if (!boxes.some((b) => x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1)) outside = Math.max(outside, diff);
      }
    }
    console.info(`${_name}: largest change outside the eye boxes ${outside} grey levels`);
    expect(outside).toBeLessThanOrEqual(3);
    expect(changed).toBeGreaterThan(100);
  });
});
