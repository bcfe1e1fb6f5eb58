import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, REPO_ROOT } from '../../../tests/support/fixtures.js';
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
    for (const [label, blink] of [
      ['open', 0],
      ['half', 0.5],
      ['shut', 1],
    ] as const) {
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
      for (let i = 1; i < sorted.length; i++)
        if (x <= sorted[i]![0]) return sorted[i - 1]![1] + ((x - sorted[i - 1]![0]) / Math.max(1e-6, sorted[i]![0] - sorted[i - 1]![0])) * (sorted[i]![1] - sorted[i - 1]![1]);
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
      return { x0: Math.min(...xs) - 0.22 * w, x1: Math.max(...xs) + 0.22 * w, y0: Math.min(...ys) - 0.2 * w, y1: Math.max(...ys) + 0.25 * w };
    });
    // The lower lid's lift is warped, and its triangles reach a little past the box (to
    // the bridge of the nose): there the picture may shift by a fraction of a pixel, a few
    // grey levels at most; the painted lid itself stays inside. Shut, the lid's margin and
    // lashes lie over the lower lid's rim (up to 0.22 of the eye's width below the mesh's
    // lower contour) and past the corners as far as the eye's colour goes (at most 0.2):
    // a glasses' rim sits well outside both.
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

  /** Luma, Cb, Cr of a frame at a pixel (limited range, 4:2:0). */
  const yuvAt = (label: string, x: number, y: number): [number, number, number] => {
    const f = frames[label]!;
    const xi = Math.round(x);
    const yi = Math.round(y);
    const c = (yi >> 1) * (WIDTH / 2) + (xi >> 1);
    return [f.data[yi * WIDTH + xi]!, f.data[f.uOffset + c]!, f.data[f.vOffset + c]!];
  };
  const eyeWidthOf = (eye: EyeIndices) => Math.hypot(points[eye.innerCorner]![0] - points[eye.outerCorner]![0], points[eye.innerCorner]![1] - points[eye.outerCorner]![1]);

  it('paints the shut lid in the tint of the photo’s own upper lid', () => {
    for (const eye of [RIGHT_EYE, LEFT_EYE]) {
      const w = eyeWidthOf(eye);
      // The upper lid's skin on the open frame: the brighter rows between lashes and brow.
      const lid: Array<[number, number, number]> = [];
      const shut: Array<[number, number, number]> = [];
      for (const i of eye.upperLid.slice(2, -2)) {
        const [x, y] = points[i]!;
        const column = Array.from({ length: Math.round(w * 0.3) }, (_, d) => yuvAt('open', x, y - 3 - d)).sort((a, b) => a[0] - b[0]);
        lid.push(...column.slice(Math.floor(column.length * 0.6)));
        const j = eye.lowerLid[eye.upperLid.indexOf(i)]!;
        for (let t = 0.2; t <= 0.6; t += 0.2) shut.push(yuvAt('shut', x, y + (points[j]![1] - y) * t));
      }
      const mean = (rows: Array<[number, number, number]>, k: number) => rows.reduce((sum, r) => sum + r[k]!, 0) / rows.length;
      const drift = { cb: mean(shut, 1) - mean(lid, 1), cr: mean(shut, 2) - mean(lid, 2), y: mean(shut, 0) / mean(lid, 0) };
      console.info(`${_name} ${eye === RIGHT_EYE ? 'right' : 'left'} eye: shut lid against the upper lid's skin ${JSON.stringify(drift)}`);
      expect(Math.abs(drift.cb)).toBeLessThanOrEqual(4);
      expect(Math.abs(drift.cr)).toBeLessThanOrEqual(4);
      expect(drift.y).toBeGreaterThan(0.8);
    }
  });
});

/**
 * The shut lid reaches past the mesh's outer corner where the photo's eye goes on: the mesh's
 * contour ends inside rgba-speaker's iris (it looks sideways) and short of biden's outer
 * lashes, which a shut lid left showing.
 */
describe.each([
  ['rgba-speaker', path.join(FIXTURES_DIR, 'rgba-speaker.png')],
  ['portrait-biden-tall', path.join(FIXTURES_DIR, 'portrait-biden-tall.jpg')],
])('the shut lid past the outer corner on %s', (name, photoPath) => {
  it('covers the iris and lashes the mesh’s contour leaves out', async () => {
    const photo = await intakePhoto(photoPath);
    const face = (await analyzeFaces(photo)).chosen;
    const scene = await buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT);
    const points = Array.from({ length: 468 }, (_, i) => [scene.rig.source[i * 2]!, scene.rig.source[i * 2 + 1]!] as const);
    const frames: Record<string, YuvFrame> = {};
    for (const [label, blink] of [
      ['open', 0],
      ['shut', 1],
    ] as const) {
      frames[label] = allocYuv(WIDTH, HEIGHT);
      drawPose(scene, { ...REST, blink }, frames[label]!);
    }
    const lumaAt = (label: string, x: number, y: number) => frames[label]!.data[Math.round(y) * WIDTH + Math.round(x)]!;
    for (const eye of [RIGHT_EYE, LEFT_EYE]) {
      const [cx, cy] = points[eye.outerCorner]!;
      const [ix, iy] = points[eye.innerCorner]!;
      const w = Math.hypot(cx - ix, cy - iy);
      // The skin beside the eye: under the lower lid, a third of the eye's width down.
      const below = eye.lowerLid.map((i) => lumaAt('open', points[i]![0], points[i]![1] + w * 0.3)).sort((a, b) => a - b);
      const skin = below[Math.floor(below.length / 2)]!;
      const darkest = { open: 255, shut: 255 };
      for (let t = 0.03 * w; t <= 0.08 * w; t += 0.5) {
        for (const label of ['open', 'shut'] as const) darkest[label] = Math.min(darkest[label], lumaAt(label, cx + ((cx - ix) / w) * t, cy + ((cy - iy) / w) * t));
      }
      console.info(`${name} ${eye === RIGHT_EYE ? 'right' : 'left'} eye, just past the mesh's outer corner: darkest ${JSON.stringify(darkest)}, skin beside ${skin}`);
      expect(darkest.shut).toBeGreaterThanOrEqual(skin * 0.55);
    }
  }, 60_000);
});
