import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFaces } from '../face/face-analysis.js';
import { withFaceSession } from '../face/face-session.js';
import { LIPS, mouthOpening, type Point } from '../face/landmarks.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { drawnFrame, frameToRgb, REST_POSE, sceneOfPhoto } from '../../../tests/support/drawn-frames.js';
import { REPO_ROOT, fixture } from '../../../tests/support/fixtures.js';
import { MAX_TOOTH_SHARE_CLOSED, teethInLipBand } from './mouth-artifacts.js';

/** Paints the inner mouth (between the inner lip contours) the colour of the lower lip: lips drawn over the teeth. */
function coverTeeth(image: { rgb: Buffer; width: number; height: number }, mesh: readonly Point[]): Buffer {
  const out = Buffer.from(image.rgb);
  const inner: Point[] = [...LIPS.upperInner.map((i) => mesh[i]!), ...[...LIPS.lowerInner].reverse().map((i) => mesh[i]!)];
  const lip = mesh[17]!; // the lower lip's outer middle, just under the inner contour
  const below = mesh[14]!;
  const sx = Math.round((lip[0] + below[0]) / 2);
  const sy = Math.round((lip[1] + below[1]) / 2);
  const o = (sy * image.width + sx) * 3;
  const colour = [image.rgb[o]!, image.rgb[o + 1]!, image.rgb[o + 2]!];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      let inside = false;
      for (let i = 0, j = inner.length - 1; i < inner.length; j = i++) {
        const [xi, yi] = inner[i]!;
        const [xj, yj] = inner[j]!;
        if (yi > y + 0.5 !== yj > y + 0.5 && x + 0.5 < ((xj - xi) * (y + 0.5 - yi)) / (yj - yi) + xi) inside = !inside;
      }
      if (inside) out.set(colour, (y * image.width + x) * 3);
    }
  }
  return out;
}

/** y of a mesh contour at column x (linear between its points). */
function contourY(mesh: readonly Point[], indices: readonly number[], x: number): number {
  const pts = indices.map((i) => mesh[i]!).sort((a, b) => a[0] - b[0]);
  if (x <= pts[0]![0]) return pts[0]![1];
  for (let i = 1; i < pts.length; i++) {
    const [x0, y0] = pts[i - 1]!;
    const [x1, y1] = pts[i]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / Math.max(1e-6, x1 - x0);
  }
  return pts[pts.length - 1]![1];
}

/**
 * The defect the measure exists for: the mouth closed by squeezing, as a warp without a
 * cover did (issue 14), the lips pulled together with the skin above and below and the
 * teeth between them squashed to a twelfth of their height: shards along the seam.
 */
function squashTeeth(image: { rgb: Buffer; width: number; height: number }, mesh: readonly Point[], iodPx: number): Buffer {
  const out = Buffer.from(image.rgb);
  const xs = LIPS.upperOuter.map((i) => mesh[i]![0]);
  for (let x = Math.ceil(Math.min(...xs)); x <= Math.floor(Math.max(...xs)); x++) {
    const top = contourY(mesh, LIPS.upperInner, x);
    const bottom = contourY(mesh, LIPS.lowerInner, x);
    const gap = bottom - top;
    if (gap < 1) continue;
    const [a, c] = [top - 0.3 * iodPx, bottom + 0.4 * iodPx];
    const [newTop, newBottom] = [top + 0.37 * gap, bottom - 0.55 * gap];
    for (let y = Math.max(0, Math.ceil(a)); y <= Math.min(image.height - 1, Math.floor(c)); y++) {
      const source =
        y <= newTop ? a + ((y - a) * (top - a)) / (newTop - a) : y <= newBottom ? top + ((y - newTop) * gap) / (newBottom - newTop) : bottom + ((y - newBottom) * (c - bottom)) / (c - newBottom);
      const sy = Math.min(image.height - 1, Math.max(0, Math.round(source)));
      image.rgb.copy(out, (y * image.width + x) * 3, (sy * image.width + x) * 3, (sy * image.width + x) * 3 + 3);
    }
  }
  return out;
}

describe('teeth in the lip band', () => {
  it("sees the bundled sample's smile as teeth, and none once lips cover them or on shut lips", async () => {
    const smile = await intakePhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    const shut = await intakePhoto(fixture('portrait-biden-tall.jpg'));
    const [smileFace, shutFace] = await withFaceSession(async (session) => [(await session.detect(smile))[0]!, (await session.detect(shut))[0]!]);
    const teeth = teethInLipBand(smile, smileFace.mesh);
    expect(teeth.share).toBeGreaterThan(0.1);
    const covered = teethInLipBand({ ...smile, rgb: coverTeeth(smile, smileFace.mesh) }, smileFace.mesh);
    expect(covered.lipPixels).toBe(teeth.lipPixels);
    expect(covered.share).toBeLessThanOrEqual(MAX_TOOTH_SHARE_CLOSED);
    expect(teethInLipBand(shut, shutFace.mesh).share).toBeLessThanOrEqual(MAX_TOOTH_SHARE_CLOSED);
  });

  it('fails the sample squeezed shut with its teeth squashed into shards, found again by the face mesh', async () => {
    const smile = await intakePhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    const smileFace = await withFaceSession(async (session) => (await session.detect(smile))[0]!);
    const squashed = { ...smile, rgb: squashTeeth(smile, smileFace.mesh, smileFace.interocularPx) };
    const found = await withFaceSession(async (session) => (await session.detect(squashed))[0]!);
    // The mesh sees lips that nearly meet, as on a p/b/m frame ...
    expect(mouthOpening(found.mesh)).toBeLessThan(0.1);
    // ... and the shards between them are counted.
    const shards = teethInLipBand(squashed, found.mesh);
    console.info(`squashed teeth: gap ${mouthOpening(found.mesh).toFixed(3)}, ${(shards.share * 100).toFixed(1)}% of the lip band tooth-coloured`);
    expect(shards.share).toBeGreaterThan(MAX_TOOTH_SHARE_CLOSED);
  });

  it("passes the sample's shut frame as the app draws it (lips over the teeth, pale highlights on them)", async () => {
    const [width, height] = [360, 640];
    const { scene } = await sceneOfPhoto(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), width, height);
    const rgb = await frameToRgb(drawnFrame(scene, { ...REST_POSE, jawOpen: 0.04 }, width, height));
    const found = (await analyzeFaces({ rgb, width, height })).chosen;
    expect(mouthOpening(found.mesh)).toBeLessThan(0.05);
    expect(teethInLipBand({ rgb, width, height }, found.mesh).share).toBeLessThanOrEqual(MAX_TOOTH_SHARE_CLOSED);
  });
});
