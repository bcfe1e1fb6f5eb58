import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { allPlatformSpecs } from '../../src-shared/platforms.js';
import { FIXTURE_NAMES, fixture } from '../../tests/support/fixtures.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { headBox, reframe, type Rect } from './reframe.js';

function inside(inner: Rect, outer: Rect, tolerance = 0.5): boolean {
  return (
    inner.x >= outer.x - tolerance &&
    inner.y >= outer.y - tolerance &&
    inner.x + inner.width <= outer.x + outer.width + tolerance &&
    inner.y + inner.height <= outer.y + outer.height + tolerance
  );
}

describe('face-aware reframing', () => {
  it.each(FIXTURE_NAMES)('keeps the whole head inside every platform\'s safe area for %s', async (name) => {
    const { data, info } = await sharp(fixture(name)).rotate().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const face = (await analyzeFaces({ rgb: data, width: info.width, height: info.height })).chosen.box;
    for (const spec of allPlatformSpecs()) {
      const r = reframe(info, face, spec, spec.safeArea);
      expect(r.crop.width / r.crop.height, spec.id).toBeCloseTo(spec.width / spec.height, 3);
      const safe: Rect = {
        x: r.crop.x + (spec.safeArea.left / 100) * r.crop.width,
        y: r.crop.y + (spec.safeArea.top / 100) * r.crop.height,
        width: (1 - (spec.safeArea.left + spec.safeArea.right) / 100) * r.crop.width,
        height: (1 - (spec.safeArea.top + spec.safeArea.bottom) / 100) * r.crop.height,
      };
      expect(inside(headBox(face), safe), `${name} → ${spec.id}`).toBe(true);
      const withinMaster = inside(r.crop, { x: 0, y: 0, width: info.width, height: info.height });
      expect(r.fill, `${name} → ${spec.id}`).toBe(withinMaster ? 'none' : 'blur');
    }
  });

  it('fills the sides of a landscape frame cut from a portrait master instead of cutting the head', () => {
    const master = { width: 720, height: 1280 };
    const face = { x: 260, y: 300, width: 200, height: 240 };
    const r = reframe(master, face, { width: 1920, height: 1080 }, { top: 0, bottom: 0, left: 0, right: 0 });
    expect(r.fill).toBe('blur');
    expect(inside(headBox(face), r.crop)).toBe(true);
  });

  it('crops inside the master, around the face, when the master is large enough', () => {
    const master = { width: 2000, height: 3000 };
    const face = { x: 1300, y: 600, width: 300, height: 360 };
    const r = reframe(master, face, { width: 1080, height: 1920 }, { top: 10, bottom: 20, left: 5, right: 12 });
    expect(r.fill).toBe('none');
    const faceCx = face.x + face.width / 2;
    expect(faceCx).toBeGreaterThan(r.crop.x + r.crop.width * 0.3);
    expect(faceCx).toBeLessThan(r.crop.x + r.crop.width * 0.7);
  });
});
