import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { FIXTURE_NAMES, REPO_ROOT, fixture } from '../../../tests/support/fixtures.js';
import { DAMAGES, FIXTURE_FACES, damage } from '../../../tests/support/photo-damage.js';
import { intakePhoto, type IntakePhoto } from '../intake/photo-intake.js';
import { scorePhoto, type PhotoQuality } from './photo-quality.js';

/** Obama's face in the 910×1137 fixture, read off the image by eye. */
const OBAMA_FACE = { x: 350, y: 70, width: 280, height: 360 };

let obama: IntakePhoto;
beforeAll(async () => {
  obama = await intakePhoto(fixture('portrait-obama.jpg'));
});

function raw(photo: { width: number; height: number }) {
  return { raw: { width: photo.width, height: photo.height, channels: 3 as const } };
}

/** Deterministic zero-mean noise of the given per-channel sigma (sum of uniforms ≈ Gaussian). */
function withNoise(rgb: Buffer, sigma: number): Buffer {
  let seed = 12345;
  const uniform = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const out = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) {
    const gaussian = (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3);
    out[i] = Math.max(0, Math.min(255, Math.round(rgb[i]! + sigma * gaussian)));
  }
  return out;
}

function expectInRange(quality: PhotoQuality): void {
  for (const value of [quality.score, quality.sharpness, quality.exposure, quality.contrast, quality.noise]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(10);
  }
}

describe('scorePhoto', () => {
  it('scores a blurred copy lower on sharpness than the original', async () => {
    const blurred = await sharp(obama.rgb, raw(obama)).blur(2).raw().toBuffer();
    const original = scorePhoto(obama.rgb, obama.width, obama.height);
    const soft = scorePhoto(blurred, obama.width, obama.height);
    expect(soft.metrics.laplacianVariance).toBeLessThan(original.metrics.laplacianVariance / 4);
    expect(soft.sharpness).toBeLessThan(original.sharpness - 3);
    expect(soft.score).toBeLessThan(original.score);
  });

  it('scores a darkened copy lower on exposure than the original', async () => {
    const dark = await sharp(obama.rgb, raw(obama)).linear(0.4, 0).raw().toBuffer();
    const original = scorePhoto(obama.rgb, obama.width, obama.height);
    const dim = scorePhoto(dark, obama.width, obama.height);
    expect(dim.metrics.meanLuma).toBeLessThan(original.metrics.meanLuma);
    expect(dim.exposure).toBeLessThan(original.exposure - 3);
    expect(dim.score).toBeLessThan(original.score);
  });

  it('measures a higher noise sigma, and a lower noise sub-score, once noise is added', () => {
    const original = scorePhoto(obama.rgb, obama.width, obama.height);
    const noisy = scorePhoto(withNoise(obama.rgb, 10), obama.width, obama.height);
    expect(noisy.metrics.noiseSigma).toBeGreaterThan(original.metrics.noiseSigma + 1.5);
    expect(noisy.noise).toBeLessThan(original.noise - 2);
    expect(noisy.score).toBeLessThan(original.score);
  });

  it('keeps every score within 0–10, for the fixtures and for extreme images', async () => {
    for (const name of FIXTURE_NAMES) {
      const photo = await intakePhoto(fixture(name));
      expectInRange(scorePhoto(photo.rgb, photo.width, photo.height));
    }
    const extremes = [Buffer.alloc(64 * 48 * 3, 0), Buffer.alloc(64 * 48 * 3, 255), withNoise(Buffer.alloc(64 * 48 * 3, 128), 80)];
    for (const rgb of extremes) expectInRange(scorePhoto(rgb, 64, 48));
  });

  it('rates the good portrait fixtures at or above the 8.0 image threshold', () => {
    expect(scorePhoto(obama.rgb, obama.width, obama.height).score).toBeGreaterThanOrEqual(8);
  });

  it('measures the face region when given one and lets a soft face weigh more', async () => {
    // Blur only the face: the whole-frame score barely notices, the face-weighted one does.
    const face = await sharp(obama.rgb, raw(obama)).extract({ left: OBAMA_FACE.x, top: OBAMA_FACE.y, width: OBAMA_FACE.width, height: OBAMA_FACE.height }).blur(3).raw().toBuffer();
    const softFace = Buffer.from(obama.rgb);
    for (let y = 0; y < OBAMA_FACE.height; y++) {
      const row = face.subarray(y * OBAMA_FACE.width * 3, (y + 1) * OBAMA_FACE.width * 3);
      softFace.set(row, ((OBAMA_FACE.y + y) * obama.width + OBAMA_FACE.x) * 3);
    }
    const sharpWhole = scorePhoto(obama.rgb, obama.width, obama.height);
    const softWhole = scorePhoto(softFace, obama.width, obama.height);
    const sharpFaced = scorePhoto(obama.rgb, obama.width, obama.height, OBAMA_FACE);
    const softFaced = scorePhoto(softFace, obama.width, obama.height, OBAMA_FACE);
    expect(softFaced.face).toBeDefined();
    expect(softFaced.face!.laplacianVariance).toBeLessThan(sharpFaced.face!.laplacianVariance / 4);
    expect(sharpFaced.sharpness - softFaced.sharpness).toBeGreaterThan(2 * (sharpWhole.sharpness - softWhole.sharpness));
  });

  it('ignores a face region that lies outside the photo', () => {
    const quality = scorePhoto(obama.rgb, obama.width, obama.height, { x: 5000, y: 5000, width: 100, height: 100 });
    expect(quality.face).toBeUndefined();
  });
});

/** The smiling sample and the shared fixtures with a face the analyser boxes (partial-face: no box). */
const DAMAGED_SOURCES = [
  { name: 'sample portrait', file: path.join(REPO_ROOT, 'resources/samples/portrait.jpg'), face: FIXTURE_FACES['portrait-obama.jpg'] },
  { name: 'press photo', file: fixture('portrait-biden-tall.jpg'), face: FIXTURE_FACES['portrait-biden-tall.jpg'] },
  { name: 'two faces', file: fixture('two-faces.jpg'), face: FIXTURE_FACES['two-faces.jpg'] },
  { name: 'face at the edge', file: fixture('partial-face-at-edge.jpg'), face: undefined },
];

describe('scorePhoto against the photo it was made from', () => {
  it.each(DAMAGED_SOURCES)('scores every copy of the $name damaged on purpose below the $name itself', async ({ file, face }) => {
    const photo = await intakePhoto(file);
    const source = scorePhoto(photo.rgb, photo.width, photo.height, face);
    for (const kind of DAMAGES) {
      const damaged = await damage(photo, kind, face);
      const judged = scorePhoto(damaged, photo.width, photo.height, face, photo.rgb);
      expect(judged.score, kind).toBeLessThan(source.score);
      expect(judged.artifacts!.penalty, kind).toBeGreaterThan(0);
    }
  });

  it('would rate the speckled press photo above the clean one without the reference (why the reference exists)', async () => {
    const photo = await intakePhoto(fixture('portrait-biden-tall.jpg'));
    const face = FIXTURE_FACES['portrait-biden-tall.jpg'];
    const speckled = await damage(photo, 'speckles', face);
    const clean = scorePhoto(photo.rgb, photo.width, photo.height, face);
    // Measured 8.97 → 9.17 alone: the dots read as detail to a Laplacian.
    expect(scorePhoto(speckled, photo.width, photo.height, face).score).toBeGreaterThan(clean.score);
    expect(scorePhoto(speckled, photo.width, photo.height, face, photo.rgb).score).toBeLessThan(clean.score - 5);
  });

  it('scores a photo against itself exactly as it scores alone', () => {
    const alone = scorePhoto(obama.rgb, obama.width, obama.height, OBAMA_FACE);
    const { artifacts, ...judged } = scorePhoto(obama.rgb, obama.width, obama.height, OBAMA_FACE, obama.rgb);
    expect(judged).toEqual(alone);
    expect(artifacts!.penalty).toBe(0);
  });

  it('still rewards an honest sharpen of a softened photo', async () => {
    const soft = await sharp(obama.rgb, raw(obama)).blur(1.2).raw().toBuffer();
    const sharpened = await sharp(soft, raw(obama)).sharpen({ sigma: 1, m1: 0.5, m2: 2, x1: 2, y2: 10, y3: 20 }).raw().toBuffer();
    const before = scorePhoto(soft, obama.width, obama.height, OBAMA_FACE);
    const after = scorePhoto(sharpened, obama.width, obama.height, OBAMA_FACE, soft);
    expect(after.artifacts!.penalty).toBeLessThan(0.5);
    expect(after.score).toBeGreaterThan(before.score);
  });
});
