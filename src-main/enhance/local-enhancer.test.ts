import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UPSCALE_BELOW_SHORT_SIDE } from '../../src-shared/limits.js';
import { FIXTURE_NAMES, fixture } from '../../tests/support/fixtures.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { enhancePhoto, sharpenBlend } from './local-enhancer.js';
import { scorePhoto } from './photo-quality.js';

/** Obama's face in the 910×1137 fixture, read off the image by eye. */
const OBAMA_FACE = { x: 350, y: 70, width: 280, height: 360 };

describe('enhancePhoto', () => {
  it.each(FIXTURE_NAMES)('never scores %s lower than the input', async (name) => {
    const photo = await intakePhoto(fixture(name));
    const result = await enhancePhoto(photo);
    expect(result.after.score).toBeGreaterThanOrEqual(result.before.score);
    expect(result.rgb.length).toBe(result.width * result.height * 3);
    // The reported score is the score of the pixels handed back.
    expect(scorePhoto(result.rgb, result.width, result.height).score).toBe(result.after.score);
  });

  it('brightens a darkened portrait and raises its score', async () => {
    const photo = await intakePhoto(fixture('portrait-obama.jpg'));
    const dark = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .linear(0.4, 0)
      .raw()
      .toBuffer();
    const result = await enhancePhoto({ rgb: dark, width: photo.width, height: photo.height }, { faceBox: OBAMA_FACE });
    expect(result.chosen).toBe('enhanced');
    expect(result.applied).toContain('exposure');
    expect(result.after.metrics.meanLuma).toBeGreaterThan(result.before.metrics.meanLuma + 10);
    expect(result.after.face!.meanLuma).toBeGreaterThan(result.before.face!.meanLuma + 10);
    expect(result.after.score).toBeGreaterThan(result.before.score + 1);
  });

  it('upscales the 240p fixture to a 720 px short side and scores it at that scale', async () => {
    const photo = await intakePhoto(fixture('low-res-240p.jpg'));
    const result = await enhancePhoto(photo);
    expect(result.scale).toBeGreaterThan(1);
    expect(Math.min(result.width, result.height)).toBe(UPSCALE_BELOW_SHORT_SIDE);
    expect(result.applied[0]).toBe('upscale-3x');
    // "before" is the plain Lanczos upscale, so the comparison is like for like.
    const upscaled = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(result.width, result.height, { kernel: 'lanczos3', fit: 'fill' })
      .raw()
      .toBuffer();
    expect(result.before.score).toBe(scorePhoto(upscaled, result.width, result.height).score);
    expect(result.after.score).toBeGreaterThanOrEqual(result.before.score);
  });

  it('hands back the input untouched, as "original", when no candidate beats it', async () => {
    // A flat grey card: nothing to stretch, expose or sharpen.
    const grey = Buffer.alloc(800 * 800 * 3, 118);
    const result = await enhancePhoto({ rgb: grey, width: 800, height: 800 });
    expect(result).toMatchObject({ chosen: 'original', applied: [], scale: 1, width: 800, height: 800 });
    expect(result.after).toEqual(result.before);
    expect(result.rgb.equals(grey)).toBe(true);
  });

  it('judges sharpness and exposure on the face box when one is given', async () => {
    const photo = await intakePhoto(fixture('portrait-obama.jpg'));
    const result = await enhancePhoto(photo, { faceBox: OBAMA_FACE });
    expect(result.before.face).toBeDefined();
    expect(result.after.face).toBeDefined();
    expect(result.after.score).toBeGreaterThanOrEqual(result.before.score);
  });
});

describe('sharpenBlend on crisp, saturated edges', () => {
  it('never wraps a channel past 0 or 255 (no green or purple speckles) at the strong retry\'s amounts', async () => {
    // Soft stripes of saturated yellow on deep blue: channels near both ends, edges a
    // strong unsharp mask overshoots.
    const width = 240;
    const height = 60;
    const stripes = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) stripes.set(Math.floor(x / 6) % 2 === 0 ? [255, 240, 4] : [6, 10, 250], (y * width + x) * 3);
    }
    const soft = await sharp(stripes, { raw: { width, height, channels: 3 } }).blur(1.2).raw().toBuffer();
    for (const amount of [1, 1.6, 1.8]) {
      const out = await sharpenBlend(soft, width, height, 1, amount, 1);
      let wrapped = 0;
      let crisper = 0;
      for (let p = 0; p < out.length; p++) {
        const before = soft[p]!;
        const after = out[p]!;
        // Sharpening pushes a bright channel brighter and a dark one darker, never across.
        if ((before >= 200 && after <= 60) || (before <= 55 && after >= 200)) wrapped++;
        if (Math.abs(after - 127.5) > Math.abs(before - 127.5)) crisper++;
      }
      expect(wrapped, `amount ${amount}`).toBe(0);
      expect(crisper).toBeGreaterThan(out.length / 4);
    }
  });
});
