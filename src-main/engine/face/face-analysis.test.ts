import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { fixture, type FixtureName } from '../../../tests/support/fixtures.js';
import { analyzeFaces } from './face-analysis.js';
import { interocularDistance, mouthOpening } from './landmarks.js';

async function load(name: FixtureName) {
  const { data, info } = await sharp(fixture(name)).rotate().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

describe('face analysis', () => {
  it.each(['portrait-obama.jpg', 'portrait-biden-tall.jpg', 'rgba-speaker.png', 'low-res-240p.jpg', 'partial-face-at-edge.jpg'] as const)(
    'finds exactly one face with a dense mesh in %s',
    async (name) => {
      const image = await load(name);
      const { chosen, others } = await analyzeFaces(image);
      expect(others).toHaveLength(0);
      expect(chosen.mesh).toHaveLength(478);
      // Eyes sit apart by roughly 35–50% of the face width on a frontal portrait.
      const ratio = chosen.interocularPx / chosen.box.width;
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(0.6);
      expect(chosen.box.y).toBeGreaterThanOrEqual(-chosen.box.height * 0.2);
      expect(chosen.box.y + chosen.box.height).toBeLessThanOrEqual(image.height * 1.05);
    },
  );

  it('takes the largest of two faces and reports the other', async () => {
    const image = await load('two-faces.jpg');
    const { chosen, others } = await analyzeFaces(image);
    expect(others).toHaveLength(1);
    expect(chosen.box.width * chosen.box.height).toBeGreaterThan(others[0]!.box.width * others[0]!.box.height);
    const picked = await analyzeFaces(image, { faceIndex: 1 });
    expect(picked.chosen.box.x).toBeCloseTo(others[0]!.box.x, 0);
  });

  it('reads an open mouth as more open than a closed one', async () => {
    const speaking = (await analyzeFaces(await load('rgba-speaker.png'))).chosen;
    const biden = (await analyzeFaces(await load('portrait-biden-tall.jpg'))).chosen;
    expect(mouthOpening(speaking.mesh)).toBeGreaterThan(mouthOpening(biden.mesh) + 0.05);
    expect(interocularDistance(speaking.mesh)).toBeGreaterThan(50);
  });

  it('refuses a photo without a face with NO_FACE', async () => {
    const { data, info } = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a9bbf' } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><rect x="100" y="100" width="200" height="150" fill="#d0a070"/></svg>') }])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const error = await analyzeFaces({ rgb: data, width: info.width, height: info.height }).catch((e: unknown) => e);
    expect(isTalkingPhotoError(error) && error.code).toBe('NO_FACE');
    expect((error as Error).message).toMatch(/No face was found/);
  });
});
