import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawnFrame, frameToRgb, REST_POSE, sceneOfPhoto } from '../../../tests/support/drawn-frames.js';
import { FIXTURES_DIR, REPO_ROOT } from '../../../tests/support/fixtures.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { mouthOpening, type Point } from '../face/landmarks.js';
import { teethInLipBand, MAX_TOOTH_SHARE_CLOSED } from '../verify/mouth-artifacts.js';
import { innerMouthWidth } from '../verify/mouth-track.js';
import type { FramePose } from './deform.js';
import type { FaceScene } from './face-scene.js';

/**
 * Two mouth shapes a viewer checks, drawn by the face scene at the size the lip-sync
 * measures use and found again by the face mesh: the lips of a photo whose mouth is wide
 * open meet on p/b/m, and a smiling mouth narrows on u/o/w.
 */
const WIDTH = 360;
const HEIGHT = 640;
const REST = REST_POSE;

async function sceneOf(photoPath: string): Promise<FaceScene> {
  return (await sceneOfPhoto(photoPath, WIDTH, HEIGHT)).scene;
}

async function drawnAndTracked(scene: FaceScene, pose: FramePose): Promise<{ rgb: Buffer; mesh: Point[] }> {
  const rgb = await frameToRgb(drawnFrame(scene, pose, WIDTH, HEIGHT));
  const face = (await analyzeFaces({ rgb, width: WIDTH, height: HEIGHT })).chosen;
  return { rgb, mesh: face.mesh };
}

describe('mouth shapes on the rendered frame', () => {
  it('shuts a wide-open photo mouth on p/b/m: the mesh finds the lips together, with no teeth between them', async () => {
    const scene = await sceneOf(path.join(FIXTURES_DIR, 'rgba-speaker.png'));
    const { rgb, mesh } = await drawnAndTracked(scene, { ...REST, jawOpen: 0.04 });
    // Shut lips read 0.02–0.07 of the eye distance; the photo's open mouth reads 0.40, and
    // the lips stretched from the mesh's own lines left a gap the mesh read as 0.14.
    expect(mouthOpening(mesh)).toBeLessThan(0.09);
    expect(teethInLipBand({ rgb, width: WIDTH, height: HEIGHT }, mesh).share).toBeLessThanOrEqual(MAX_TOOTH_SHARE_CLOSED);
  }, 60_000);

  it("narrows the smiling sample's mouth on u/o/w to at most 0.88 of its width on i/e", async () => {
    const scene = await sceneOf(path.join(REPO_ROOT, 'resources/samples/portrait.jpg'));
    const rounded = await drawnAndTracked(scene, { ...REST, mouthGap: 0.09, jawOpen: 0.09, mouthWidth: -1 });
    const spread = await drawnAndTracked(scene, { ...REST, mouthGap: 0.09, jawOpen: 0.09, mouthWidth: 0.8 });
    // Measured 0.96 when only the lips moved in, by 14% of their offset.
    expect(innerMouthWidth(rounded.mesh) / innerMouthWidth(spread.mesh)).toBeLessThanOrEqual(0.88);
  }, 60_000);
});
