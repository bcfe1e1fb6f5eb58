import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture, type FixtureName } from '../../../tests/support/fixtures.js';
import { detectFacesHere, type DetectedFace, type RgbImage } from './face-detector.js';
import { at, distance, faceWidth, interocularDistance, LIPS, NOSE_TIP } from './landmarks.js';

/**
 * The frame check meshes a phone's frame for its lips only (video-verify.ts): from the
 * previous mesh's face box, without the iris model. These frames stand in for a video's:
 * the photo at the check's 256 px width, and the same photo with the head moved.
 */
const WIDTH = 256;

async function frame(name: FixtureName, moveX = 0, moveY = 0): Promise<RgbImage> {
  const { data, info } = await sharp(fixture(name)).rotate().resize(WIDTH).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const height = info.height;
  // The head moved by (moveX, moveY); what comes into view is grey.
  const rgb = Buffer.alloc(data.length, 128);
  for (let y = 0; y < height; y++) {
    const from = y - moveY;
    if (from < 0 || from >= height) continue;
    for (let x = 0; x < WIDTH; x++) {
      const fx = x - moveX;
      if (fx >= 0 && fx < WIDTH) data.copy(rgb, (y * WIDTH + x) * 3, (from * WIDTH + fx) * 3, (from * WIDTH + fx) * 3 + 3);
    }
  }
  return { rgb, width: WIDTH, height };
}

const lipPoints = [...LIPS.upperInner, ...LIPS.lowerInner, ...LIPS.upperOuter, ...LIPS.lowerOuter];
const furthestLipPoint = (a: DetectedFace, b: DetectedFace) => Math.max(...lipPoints.map((i) => distance(at(a.mesh, i), at(b.mesh, i))));

async function cpuMsPerCall(work: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / calls;
}

describe('lips-only face mesh', () => {
  it.each(['portrait-biden-tall.jpg', 'portrait-obama.jpg'] as const)(
    'places the lips and nose of a moved head where a full mesh does, and its face width gives the eye distance (%s)',
    async (name) => {
      const still = await frame(name);
      const moved = await frame(name, 5, 3);
      const full = (await detectFacesHere(moved, { refine: false }))[0]!;
      const stillFull = (await detectFacesHere(still, { refine: false }))[0]!;
      // The previous mesh was the still frame's: its box is where the lips-only mesh looks.
      const lips = (await detectFacesHere(moved, { lipsOnly: true }))[0]!;
      expect(lips.lipsOnly).toBe(true);
      expect(full.lipsOnly).toBeUndefined();
      // No iris points: the mesh model's 468.
      expect(lips.mesh).toHaveLength(468);
      const iod = interocularDistance(full.mesh);
      // The mesh rounds to whole pixels: within a few pixels of a face ~50 px between the eyes.
      expect(furthestLipPoint(lips, full) / iod).toBeLessThan(0.06);
      expect(distance(at(lips.mesh, NOSE_TIP), at(full.mesh, NOSE_TIP)) / iod).toBeLessThan(0.04);
      // The check's ruler for a lips-only mesh: the full mesh's eyes per face width, times its own face width.
      const ruler = (interocularDistance(stillFull.mesh) / faceWidth(stillFull.mesh)) * faceWidth(lips.mesh);
      expect(Math.abs(ruler / iod - 1)).toBeLessThan(0.04);
    },
    60_000,
  );

  it('costs under half the CPU of a full mesh', async () => {
    const still = await frame('portrait-biden-tall.jpg');
    const moved = await frame('portrait-biden-tall.jpg', 3, 2);
    await detectFacesHere(still, { refine: false });
    const full = await cpuMsPerCall(() => detectFacesHere(moved, { refine: false }), 6);
    const lips = await cpuMsPerCall(() => detectFacesHere(moved, { lipsOnly: true }), 6);
    expect(lips).toBeLessThan(0.5 * full);
  }, 60_000);

  it('finds a head that left the previous box, and a face in another image than the previous one', async () => {
    const moved = await frame('portrait-biden-tall.jpg', -90, 0);
    await detectFacesHere(await frame('portrait-biden-tall.jpg', 90, 0), { refine: false });
    const full = (await detectFacesHere(moved, { refine: false }))[0]!;
    await detectFacesHere(await frame('portrait-biden-tall.jpg', 90, 0), { refine: false });
    const found = (await detectFacesHere(moved, { lipsOnly: true }))[0];
    expect(found).toBeDefined();
    expect(distance(at(found!.mesh, NOSE_TIP), at(full.mesh, NOSE_TIP)) / full.interocularPx).toBeLessThan(0.06);
    const other = await frame('portrait-obama.jpg');
    const otherFull = (await detectFacesHere(other, { refine: false }))[0]!;
    await detectFacesHere(moved, { refine: false });
    const otherLips = (await detectFacesHere(other, { lipsOnly: true }))[0];
    expect(otherLips).toBeDefined();
    expect(furthestLipPoint(otherLips!, otherFull) / otherFull.interocularPx).toBeLessThan(0.08);
  }, 60_000);
});
