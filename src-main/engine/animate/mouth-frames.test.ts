import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawnFrame, frameToRgb, REST_POSE, sceneOfPhoto } from '../../../tests/support/drawn-frames.js';
import { REPO_ROOT } from '../../../tests/support/fixtures.js';
import type { YuvFrame } from '../encode/yuv.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { at, LIPS, mouthOpening, type Point } from '../face/landmarks.js';
import type { FramePose } from './deform.js';
import type { FaceScene } from './face-scene.js';
import { insidePolygon } from '../verify/mouth-artifacts.js';

/**
 * The bundled sample smiles with its teeth showing. Its rendered mouth, found again with
 * the face mesh on the drawn frames (as a viewer's tracker would), must shut without any
 * tooth left in the lips, and open onto its own teeth. The frames are written to
 * $TMPDIR/talkingphoto-mouth-frames/ for a person to look at.
 */

const WIDTH = 720;
const HEIGHT = 1280;
const OUT_DIR = path.join(os.tmpdir(), 'talkingphoto-mouth-frames');
const REST = REST_POSE;

async function toRgb(frame: YuvFrame, png: string): Promise<Buffer> {
  const rgb = await frameToRgb(frame);
  await sharp(rgb, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .png()
    .toFile(png);
  return rgb;
}

/** Bright, nearly colourless pixels (teeth), and all pixels, inside a polygon of the mesh. */
function toothPixels(rgb: Buffer, polygon: Point[]): { teeth: number; total: number } {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  let teeth = 0;
  let total = 0;
  for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
    for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
      if (!insidePolygon(x + 0.5, y + 0.5, polygon)) continue;
      total++;
      const p = (y * WIDTH + x) * 3;
      const r = rgb[p]!;
      const g = rgb[p + 1]!;
      const b = rgb[p + 2]!;
      const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      // Teeth read 180–240 and nearly neutral; lips, even their wet highlights (215,168,157), stay red.
      if (luma > 165 && Math.max(r, g, b) - Math.min(r, g, b) < 0.18 * Math.max(r, g, b)) teeth++;
    }
  }
  return { teeth, total };
}

const outerLips = (mesh: readonly Point[]): Point[] => [...LIPS.upperOuter, ...[...LIPS.lowerOuter].reverse()].map((i) => at(mesh, i));
const innerMouth = (mesh: readonly Point[]): Point[] => [...LIPS.upperInner, ...[...LIPS.lowerInner].reverse()].map((i) => at(mesh, i));

describe('the smiling sample’s mouth', () => {
  let scene: FaceScene;
  let photoGap: number;
  beforeAll(async () => {
    const built = await sceneOfPhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), WIDTH, HEIGHT);
    photoGap = mouthOpening(built.face.mesh);
    scene = built.scene;
    mkdirSync(OUT_DIR, { recursive: true });
  }, 60_000);

  async function drawn(pose: FramePose, name: string) {
    const rgb = await toRgb(drawnFrame(scene, pose, WIDTH, HEIGHT), path.join(OUT_DIR, `${name}.png`));
    const face = (await analyzeFaces({ rgb, width: WIDTH, height: HEIGHT })).chosen;
    return { rgb, mesh: face.mesh };
  }

  it('shows its teeth in the photo (the case this guards)', () => {
    expect(photoGap).toBeGreaterThan(0.05);
  });

  it('closes on p/b/m with lips over the teeth: no tooth fragment in the closed lips', async () => {
    // The pose of a p/b/m: lips pressed together, the jaw a little open behind them.
    const { rgb, mesh } = await drawn({ ...REST, mouthGap: 0, jawOpen: 0.04 }, 'closed');
    // The tracker reads a real closed mouth at 0.02–0.06 of the eye distance; this photo's smile reads ~0.25–0.3.
    expect(mouthOpening(mesh)).toBeLessThan(Math.min(0.08, photoGap * 0.3));
    const band = toothPixels(rgb, outerLips(mesh));
    expect(band.total).toBeGreaterThan(500);
    // A handful of specular highlights on wet lips are allowed; a tooth is dozens of pixels.
    expect(band.teeth, `${band.teeth} of ${band.total} lip pixels are tooth-coloured`).toBeLessThan(Math.max(8, band.total * 0.004));
  }, 60_000);

  it('opens wide onto its own teeth, about as wide as the photo’s smile', async () => {
    const { rgb, mesh } = await drawn({ ...REST, mouthGap: 0.3, jawOpen: 0.3 }, 'open');
    expect(mouthOpening(mesh)).toBeGreaterThan(0.8 * photoGap);
    const inside = toothPixels(rgb, innerMouth(mesh));
    expect(inside.teeth / inside.total).toBeGreaterThan(0.15);
  }, 60_000);
});
