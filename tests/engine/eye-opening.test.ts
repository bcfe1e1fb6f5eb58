import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allocYuv, type YuvFrame } from '../../src-main/engine/encode/yuv.js';
import { buildFaceScene, drawPose } from '../../src-main/engine/animate/face-scene.js';
import type { FramePose } from '../../src-main/engine/animate/deform.js';
import { analyzeFaces } from '../../src-main/engine/face/face-analysis.js';
import { detectFacesHere } from '../../src-main/engine/face/face-detector.js';
import { eyeOpening, LEFT_EYE, RIGHT_EYE } from '../../src-main/engine/face/landmarks.js';
import { intakePhoto } from '../../src-main/engine/intake/photo-intake.js';
import { yuvToRgb } from '../../src-main/engine/verify/frame-decode.js';
import { readEyeOpening } from '../support/eye-opening.js';
import { REPO_ROOT } from '../support/fixtures.js';

/**
 * The blink measure's eye reader (tests/support/eye-opening.ts), calibrated on frames the
 * app draws at 360×640: the same frame open and with both lids painted shut. An eye reads
 * its open value open and a low share of it shut, both eyes alike, where the face mesh's
 * own lids (human writes the iris model's contour back for the nearer eye only) keep one
 * eye at more than half of open. On the sample only: a single still of biden's shut right eye
 * reads 0.52 (its lash line hooks up at the outer corner); the rendered blinks are measured
 * on both photos in blink-targets.test.ts.
 */
const WIDTH = 360;
const HEIGHT = 640;
const REST: FramePose = { mouthGap: 0, jawOpen: 0, mouthWidth: 0, blink: 0, browLift: 0, headRoll: 0, headX: 0, headY: 0, headScale: 0 };

const rgbOf = (frame: YuvFrame) =>
  yuvToRgb({
    y: frame.data.subarray(0, WIDTH * HEIGHT),
    u: frame.data.subarray(frame.uOffset, frame.uOffset + (WIDTH * HEIGHT) / 4),
    v: frame.data.subarray(frame.vOffset, frame.vOffset + (WIDTH * HEIGHT) / 4),
    width: WIDTH,
    height: HEIGHT,
  });

describe.each([['the bundled sample', path.join(REPO_ROOT, 'resources/samples/portrait.jpg')]])('the eye reader on %s', (name, photoPath) => {
  const rgb: Record<'open' | 'shut', Buffer> = {} as Record<'open' | 'shut', Buffer>;
  beforeAll(async () => {
    const photo = await intakePhoto(photoPath);
    const face = (await analyzeFaces(photo)).chosen;
    const scene = await buildFaceScene(photo, face.mesh, face.box, WIDTH, HEIGHT);
    for (const [label, blink] of [
      ['open', 0],
      ['shut', 1],
    ] as const) {
      const frame = allocYuv(WIDTH, HEIGHT);
      drawPose(scene, { ...REST, blink }, frame);
      rgb[label] = rgbOf(frame);
    }
  }, 60_000);

  it('reads both eyes of a shut frame low, where the face mesh’s own lids leave one eye over half open', async () => {
    const open = (await readEyeOpening({ rgb: rgb.open, width: WIDTH, height: HEIGHT }))!;
    const shut = (await readEyeOpening({ rgb: rgb.shut, width: WIDTH, height: HEIGHT }))!;
    const reader = { right: shut.right / open.right, left: shut.left / open.left };
    const meshOf = async (label: 'open' | 'shut') => (await detectFacesHere({ rgb: rgb[label], width: WIDTH, height: HEIGHT }, { refine: false }))[0]!.mesh;
    const [meshOpen, meshShut] = [await meshOf('open'), await meshOf('shut')];
    const coarse = { right: eyeOpening(meshShut, RIGHT_EYE) / eyeOpening(meshOpen, RIGHT_EYE), left: eyeOpening(meshShut, LEFT_EYE) / eyeOpening(meshOpen, LEFT_EYE) };
    console.info(`${name}: shut over open, eye reader ${JSON.stringify(reader)}, face mesh's lids ${JSON.stringify(coarse)}; open ${open.right.toFixed(3)} ${open.left.toFixed(3)}`);
    // An open eye's lid gap is a fifth to a third of its width.
    for (const value of [open.right, open.left]) expect(value).toBeGreaterThan(0.15);
    for (const value of [reader.right, reader.left]) expect(value).toBeLessThan(0.45);
    expect(Math.max(coarse.right, coarse.left)).toBeGreaterThan(0.5);
  }, 60_000);

  it('reads the same frame the same way twice (nothing cached between frames)', async () => {
    const a = (await readEyeOpening({ rgb: rgb.open, width: WIDTH, height: HEIGHT }))!;
    await readEyeOpening({ rgb: rgb.shut, width: WIDTH, height: HEIGHT });
    const b = (await readEyeOpening({ rgb: rgb.open, width: WIDTH, height: HEIGHT }))!;
    expect(b.right).toBeCloseTo(a.right, 6);
    expect(b.left).toBeCloseTo(a.left, 6);
  }, 60_000);
});
