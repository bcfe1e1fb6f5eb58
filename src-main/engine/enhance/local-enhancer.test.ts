import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UPSCALE_BELOW_SHORT_SIDE } from '../../../src-shared/limits.js';
import path from 'node:path';
import { FIXTURE_NAMES, REPO_ROOT, fixture } from '../../../tests/support/fixtures.js';
import { DAMAGES, FIXTURE_FACES, blockSsim, damage, meanAbsoluteDifference, raw } from '../../../tests/support/photo-damage.js';
import { intakePhoto, type IntakePhoto } from '../intake/photo-intake.js';
import { bestEdit, enhancePhoto, judgeEdit, sharpenBlend } from './local-enhancer.js';
import { neighbourhoodRange } from './neighbourhood-range.js';
import { applyTone, lumaStats } from './tone-curve.js';
import { scorePhoto } from './photo-quality.js';

/** Obama's face in the 910×1137 fixture, read off the image by eye. */
const OBAMA_FACE = { x: 350, y: 70, width: 280, height: 360 };

describe('enhancePhoto', () => {
  it.each(FIXTURE_NAMES)('never scores %s lower than the input', async (name) => {
    const photo = await intakePhoto(fixture(name));
    const result = await enhancePhoto(photo);
    expect(result.after.score).toBeGreaterThanOrEqual(result.before.score);
    expect(result.rgb.length).toBe(result.width * result.height * 3);
    // The reported score is the score of the pixels handed back, judged against the
    // (plainly upscaled) input they were made from.
    const base = result.scale === 1 ? photo.rgb : await lanczos(photo, result.width, result.height);
    const madeFrom = result.chosen === 'enhanced' ? base : undefined;
    expect(scorePhoto(result.rgb, result.width, result.height, undefined, madeFrom).score).toBe(result.after.score);
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
    const upscaled = await lanczos(photo, result.width, result.height);
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

describe('sharpenBlend on a toned photo', () => {
  it("holds it inside the untoned photo's 3×3 range read through the tone tables, pixel for pixel as inside its own", async () => {
    // Darkened: the tone brightens it (exposure) and stretches it (contrast), so the tables are far from identity.
    const photo = await intakePhoto(fixture('portrait-obama.jpg'));
    const { width, height } = photo;
    const dark = await sharp(photo.rgb, { raw: { width, height, channels: 3 } })
      .linear(0.4, 0)
      .raw()
      .toBuffer();
    const toned = applyTone(dark, lumaStats(dark, width, height, OBAMA_FACE), 1);
    expect(toned.applied).toContain('exposure');
    const own = await sharpenBlend(toned.rgb, width, height, 1, 1.6, 1);
    const throughTables = await sharpenBlend(toned.rgb, width, height, 1, 1.6, 1, { range: neighbourhoodRange(dark, width, height), luts: toned.luts });
    expect(throughTables.equals(own)).toBe(true);
  });
});

describe('sharpenBlend on crisp, saturated edges', () => {
  it("never wraps a channel past 0 or 255 (no green or purple speckles) at the strong retry's amounts", async () => {
    // Soft stripes of saturated yellow on deep blue: channels near both ends, edges a
    // strong unsharp mask overshoots.
    const width = 240;
    const height = 60;
    const stripes = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) stripes.set(Math.floor(x / 6) % 2 === 0 ? [255, 240, 4] : [6, 10, 250], (y * width + x) * 3);
    }
    const soft = await sharp(stripes, { raw: { width, height, channels: 3 } })
      .blur(1.2)
      .raw()
      .toBuffer();
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

describe('enhancePhoto keeps no damage', () => {
  const SAMPLE = path.join(REPO_ROOT, 'resources/samples/portrait.jpg');
  const SAMPLE_FACE = FIXTURE_FACES['portrait-obama.jpg'];
  const PRESS_FACE = FIXTURE_FACES['portrait-biden-tall.jpg'];

  it.each([
    { name: 'sample portrait', file: SAMPLE, face: SAMPLE_FACE },
    { name: 'press photo', file: fixture('portrait-biden-tall.jpg'), face: PRESS_FACE },
  ])('refuses every copy of the $name damaged on purpose, alone or beside an honest edit', async ({ file, face }) => {
    const photo = await intakePhoto(file);
    const before = scorePhoto(photo.rgb, photo.width, photo.height, face);
    const honest = await enhancePhoto(photo, { faceBox: face });
    expect(honest.chosen).toBe('enhanced');
    const honestEdit = judgeEdit(photo, { rgb: honest.rgb, applied: honest.applied }, face);
    for (const kind of DAMAGES) {
      const damaged = judgeEdit(photo, { rgb: await damage(photo, kind, face), applied: [kind] }, face);
      expect(bestEdit(before, [damaged]), kind).toBeUndefined();
      expect(bestEdit(before, [damaged, honestEdit])?.applied, kind).toEqual(honest.applied);
    }
  });

  it('hands an already sharp portrait back nearly untouched, and its own result back again almost exactly', async () => {
    const photo = await intakePhoto(SAMPLE);
    const once = await enhancePhoto(photo, { faceBox: SAMPLE_FACE });
    // Measured MAD 1.67 levels (a slight exposure lift), SSIM 0.998.
    expect(meanAbsoluteDifference(once.rgb, photo.rgb)).toBeLessThan(2.5);
    expect(blockSsim(once.rgb, photo.rgb, photo.width, photo.height)).toBeGreaterThan(0.99);
    const twice = await enhancePhoto({ rgb: once.rgb, width: once.width, height: once.height }, { faceBox: SAMPLE_FACE });
    // Measured MAD 0.09, SSIM 0.9998.
    expect(meanAbsoluteDifference(twice.rgb, once.rgb)).toBeLessThan(0.5);
    expect(blockSsim(twice.rgb, once.rgb, photo.width, photo.height)).toBeGreaterThan(0.999);
    // The quality gate's strong retry sharpens harder, and still barely. Its sharpening is
    // held inside each pixel's neighbourhood (no line darker than the photo has it), so it
    // now wins with the normal try's exposure lift: MAD 1.77 (0.74 sharpen-only before),
    // held to the normal try's bound, and closer in structure: SSIM 0.997 (0.993 before).
    const strong = await enhancePhoto(photo, { faceBox: SAMPLE_FACE, strength: 'strong' });
    expect(meanAbsoluteDifference(strong.rgb, photo.rgb)).toBeLessThan(2.5);
    expect(blockSsim(strong.rgb, photo.rgb, photo.width, photo.height)).toBeGreaterThan(0.995);
  });

  it('still sharpens a softened portrait, keeps it, and brings it closer to the sharp original', async () => {
    const photo = await intakePhoto(SAMPLE);
    const soft = await sharp(photo.rgb, raw(photo)).blur(1.2).raw().toBuffer();
    const result = await enhancePhoto({ rgb: soft, width: photo.width, height: photo.height }, { faceBox: SAMPLE_FACE });
    expect(result.chosen).toBe('enhanced');
    expect(result.applied).toContain('face-sharpen');
    expect(result.after.score).toBeGreaterThan(result.before.score);
    expect(result.after.artifacts!.penalty).toBe(0);
    expect(blockSsim(result.rgb, photo.rgb, photo.width, photo.height)).toBeGreaterThan(blockSsim(soft, photo.rgb, photo.width, photo.height));
  });

  it('enhances a full-size phone photo at its own size: judged on a screen-size copy, the same edit made once at full size, sharper and clean', async () => {
    // The sample at 2.2× (2002×2501, 5 MP, over JUDGE_MAX_PIXELS), softened as a phone's lens and JPEG leave it.
    const photo = await intakePhoto(SAMPLE);
    const sharpBig = await sharp(photo.rgb, raw(photo)).resize(2002, 2501, { kernel: 'lanczos3' }).raw().toBuffer();
    const big = { width: 2002, height: 2501 };
    const soft = await sharp(sharpBig, raw(big)).blur(1.5).raw().toBuffer();
    const face = { x: SAMPLE_FACE.x * 2.2, y: SAMPLE_FACE.y * 2.2, width: SAMPLE_FACE.width * 2.2, height: SAMPLE_FACE.height * 2.2 };
    const result = await enhancePhoto({ rgb: soft, ...big }, { faceBox: face });
    expect({ width: result.width, height: result.height, scale: result.scale }).toEqual({ ...big, scale: 1 });
    expect(result.chosen).toBe('enhanced');
    expect(result.applied).toContain('face-sharpen');
    // The edit made at full size is a real sharpen, closer to the sharp original than the soft input…
    // Measured SSIM 0.9804 against the soft input's 0.9791 (the 1 MP sample's own test: 0.9393 against 0.9377).
    expect(blockSsim(result.rgb, sharpBig, big.width, big.height)).toBeGreaterThan(blockSsim(soft, sharpBig, big.width, big.height));
    // …and judged at full size against that input it did no damage (no speckles, halos, grain or lost levels).
    expect(judgeEdit({ rgb: soft, ...big }, { rgb: result.rgb, applied: result.applied }, face).quality.artifacts!.penalty).toBe(0);
  });

  it.each(['normal', 'strong'] as const)('enhances the soft press photo (%s try) without speckles, halos or grain', async (strength) => {
    const photo = await intakePhoto(fixture('portrait-biden-tall.jpg'));
    const result = await enhancePhoto(photo, { faceBox: PRESS_FACE, strength });
    expect(result.chosen).toBe('enhanced');
    expect(result.applied).toContain('face-sharpen');
    // Measured: no speckles, 0.39 / 0.87 levels of edge overshoot, grain ×0.97 / ×1.07.
    expect(result.after.artifacts).toMatchObject({ speckles: 0, penalty: 0 });
    expect(result.after.artifacts!.haloLevels).toBeLessThan(1.5);
    expect(result.after.artifacts!.noiseGain).toBeLessThan(1.2);
  });
});

function lanczos(photo: IntakePhoto | { rgb: Buffer; width: number; height: number }, width: number, height: number): Promise<Buffer> {
  return sharp(photo.rgb, raw(photo)).resize(width, height, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
}
