import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { allPlatformSpecs } from '../../../src-shared/platforms.js';
import { FIXTURE_NAMES, fixture } from '../../../tests/support/fixtures.js';
import { layoutFrame } from '../animate/frame-layout.js';
import { analyzeFaces } from '../face/face-analysis.js';
import { headBox, reframe, type Rect } from './reframe.js';
import { featuresBox } from './rendition-checks.js';

function inside(inner: Rect, outer: Rect, tolerance = 0.5): boolean {
  return inner.x >= outer.x - tolerance && inner.y >= outer.y - tolerance && inner.x + inner.width <= outer.x + outer.width + tolerance && inner.y + inner.height <= outer.y + outer.height + tolerance;
}

const MASTER = { width: 1080, height: 1920 };

/** The face box as it lands in a 1080×1920 master, laid out the way the renderer lays it out. */
async function faceInMaster(name: (typeof FIXTURE_NAMES)[number]): Promise<Rect> {
  const { data, info } = await sharp(fixture(name)).rotate().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const face = (await analyzeFaces({ rgb: data, width: info.width, height: info.height })).chosen.box;
  const l = layoutFrame(info.width, info.height, face, MASTER.width, MASTER.height);
  return { x: face.x * l.scale - l.cropX, y: face.y * l.scale - l.cropY, width: face.width * l.scale, height: face.height * l.scale };
}

describe('face-aware reframing', () => {
  it.each(FIXTURE_NAMES)("keeps the head in every platform's frame, and eyes and mouth clear of its UI, for %s", async (name) => {
    const face = await faceInMaster(name);
    for (const spec of allPlatformSpecs()) {
      const r = reframe(MASTER, face, spec, spec.safeArea);
      expect(r.crop.width / r.crop.height, spec.id).toBeCloseTo(spec.width / spec.height, 3);
      expect(inside(r.head, r.crop), `${name} → ${spec.id}: head in frame`).toBe(true);
      const withinMaster = inside(r.crop, { x: 0, y: 0, ...MASTER });
      expect(r.fill, `${name} → ${spec.id}`).toBe(withinMaster ? 'none' : 'blur');
      // A face the photo itself cuts off at its edge cannot be brought into the safe area.
      if (name === 'partial-face-at-edge.jpg') continue;
      const safe: Rect = {
        x: r.crop.x + (spec.safeArea.left / 100) * r.crop.width,
        y: r.crop.y + (spec.safeArea.top / 100) * r.crop.height,
        width: (1 - (spec.safeArea.left + spec.safeArea.right) / 100) * r.crop.width,
        height: (1 - (spec.safeArea.top + spec.safeArea.bottom) / 100) * r.crop.height,
      };
      expect(inside(featuresBox(face), safe), `${name} → ${spec.id}: eyes and mouth in safe area`).toBe(true);
    }
  });

  it('fills the sides of a landscape frame cut from a portrait master instead of cutting the head', () => {
    const master = { width: 720, height: 1280 };
    const face = { x: 260, y: 300, width: 200, height: 240 };
    const r = reframe(master, face, { width: 1920, height: 1080 }, { top: 0, bottom: 0, left: 0, right: 0 });
    expect(r.fill).toBe('blur');
    expect(inside(headBox(face), r.crop)).toBe(true);
    // The head is not an extreme close-up: it leaves at least a fifth of the height free.
    expect(r.head.height / r.crop.height).toBeLessThanOrEqual(0.8 + 1e-9);
  });

  it('never fills just to clear the safe area: hair the photo cut off is not framed with blur', () => {
    const face = { x: 340, y: 120, width: 400, height: 480 };
    const r = reframe(MASTER, face, { width: 1080, height: 1920 }, { top: 14, bottom: 20, left: 6, right: 12 });
    expect(r.fill).toBe('none');
    expect(r.crop).toEqual({ x: 0, y: 0, width: 1080, height: 1920 });
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
