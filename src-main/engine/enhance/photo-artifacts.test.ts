import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../tests/support/fixtures.js';
import { FIXTURE_FACES, posterise, raw, speckles, withGrain, wrappedSharpen } from '../../../tests/support/photo-damage.js';
import { intakePhoto, type IntakePhoto } from '../intake/photo-intake.js';
import { neighbourhoodRange } from './neighbourhood-range.js';
import { measureArtifacts } from './photo-artifacts.js';

const FACE = FIXTURE_FACES['portrait-biden-tall.jpg'];

let press: IntakePhoto;
beforeAll(async () => {
  // The held-out 1980s press photo of the issue: slightly soft, hair, earrings, a striped tie.
  press = await intakePhoto(fixture('portrait-biden-tall.jpg'));
});

const judge = (rgb: Buffer) => measureArtifacts(rgb, press.rgb, press.width, press.height);

describe('measureArtifacts', () => {
  it("measures the same with the reference's own 3×3 range handed in, through rising tone curves or (inverted channels) without it", async () => {
    const range = neighbourhoodRange(press.rgb, press.width, press.height);
    const edits = [
      // A contrast stretch and a sharpen: every curve rises, the handed-in range is read through them.
      await sharp(press.rgb, raw(press)).linear(1.2, -10).sharpen({ sigma: 1, m1: 0.5, m2: 3 }).raw().toBuffer(),
      wrappedSharpen(press, 1.6),
      // A negative: the curves fall, so the range is worked out from the tone-explained input as before.
      await sharp(press.rgb, raw(press)).negate().raw().toBuffer(),
    ];
    for (const edit of await Promise.all(edits)) {
      const plain = judge(edit);
      const shared = measureArtifacts(edit, press.rgb, press.width, press.height, range);
      expect(shared.artifacts).toEqual(plain.artifacts);
      expect(shared.credited.equals(plain.credited)).toBe(true);
    }
  });

  it('finds nothing in a photo measured against itself, and credits every pixel', () => {
    const { artifacts, credited } = judge(press.rgb);
    expect(artifacts).toMatchObject({ speckles: 0, haloLevels: 0, levelsLost: 0, penalty: 0 });
    expect(artifacts.noiseGain).toBeLessThanOrEqual(1);
    expect(credited.equals(press.rgb)).toBe(true);
  });

  it('explains a contrast stretch and a darkening gamma away: no speckles, halos, grain or penalty', async () => {
    for (const edited of [
      await sharp(press.rgb, raw(press)).linear(1.3, -20).raw().toBuffer(),
      await sharp(press.rgb, raw(press))
        .gamma(2.2, 2.2 / 1.6)
        .raw()
        .toBuffer(),
    ]) {
      const { artifacts } = judge(edited);
      expect(artifacts.speckles).toBe(0);
      expect(artifacts.haloLevels).toBe(0);
      expect(artifacts.noiseGain).toBeLessThanOrEqual(1);
      expect(artifacts.penalty).toBe(0);
    }
  });

  it("counts the issue's 3,800 green and purple dots over hair, eyes and mouth corners as speckles, at full penalty", () => {
    const { artifacts } = judge(speckles(press, FACE, 3800));
    // A few dots land on a pixel already that colour, or on one another.
    expect(artifacts.speckles).toBeGreaterThan(3600);
    expect(artifacts.speckles).toBeLessThanOrEqual(3800);
    expect(artifacts.penalty).toBe(10);
  });

  it('charges even 100 dots, and more for more', () => {
    const few = judge(speckles(press, FACE, 100)).artifacts;
    const more = judge(speckles(press, FACE, 400)).artifacts;
    expect(few.speckles).toBeGreaterThan(95);
    expect(few.penalty).toBeGreaterThan(0.3);
    expect(more.penalty).toBeGreaterThan(few.penalty);
  });

  it('sees the wrapped unsharp mask of the old strong retry as speckles along the edges', async () => {
    const { artifacts } = judge(await wrappedSharpen(press, 1.8));
    expect(artifacts.speckleShare).toBeGreaterThan(0.01);
    expect(artifacts.penalty).toBe(10);
  });

  it('measures the rim of an over-strong unsharp mask as halos, and a mild one as none to speak of', async () => {
    const over = judge(await sharp(press.rgb, raw(press)).sharpen({ sigma: 1.5, m1: 1, m2: 4 }).raw().toBuffer()).artifacts;
    const mild = judge(await sharp(press.rgb, raw(press)).sharpen({ sigma: 1, m1: 0.5, m2: 1 }).raw().toBuffer()).artifacts;
    // Measured 6.7 and 1.4 levels of overshoot along the edges.
    expect(over.haloLevels).toBeGreaterThan(5);
    expect(mild.haloLevels).toBeLessThan(2.5);
    expect(over.penalty).toBeGreaterThan(5);
    expect(mild.penalty).toBeLessThan(0.5);
  });

  it('measures grain added to the smooth parts as a noise gain, and denoising as none', async () => {
    const grainy = judge(withGrain(press.rgb, 4)).artifacts;
    const smoothed = judge(await sharp(press.rgb, raw(press)).median(3).raw().toBuffer()).artifacts;
    expect(grainy.noiseGain).toBeGreaterThan(3);
    expect(grainy.penalty).toBe(10);
    expect(smoothed.noiseGain).toBeLessThan(1);
    expect(smoothed.penalty).toBe(0);
  });

  it('measures posterisation as lost tonal levels', () => {
    const { artifacts } = judge(posterise(press.rgb, 32));
    expect(artifacts.levelsLost).toBeGreaterThan(0.8);
    expect(artifacts.penalty).toBe(10);
  });

  it("credits no overshoot: the credited copy stays near each pixel's input neighbourhood", async () => {
    const over = await sharp(press.rgb, raw(press)).sharpen({ sigma: 1.5, m1: 1, m2: 4 }).raw().toBuffer();
    const { credited } = judge(over);
    // 4 levels of slack, and the fitted tone curve may sit a level or three off the input's.
    const beyond = (img: Buffer): number => valuesOutsideNeighbourhood(img, press, 8);
    expect(beyond(over)).toBeGreaterThan(100_000);
    expect(beyond(credited)).toBe(0);
  });

  it('refuses a reference of another size', () => {
    expect(() => measureArtifacts(press.rgb, press.rgb.subarray(0, 300), press.width, press.height)).toThrow(/same size|must both be/);
  });
});

/** Channel values more than `slack` levels outside the input's 3×3 neighbourhood at that pixel. */
function valuesOutsideNeighbourhood(img: Buffer, input: IntakePhoto, slack: number): number {
  const { width, height, rgb } = input;
  let outside = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      for (let c = 0; c < 3; c++) {
        let lo = 255;
        let hi = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const v = rgb[((y + dy) * width + x + dx) * 3 + c]!;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        const v = img[(y * width + x) * 3 + c]!;
        if (v < lo - slack || v > hi + slack) outside++;
      }
    }
  }
  return outside;
}
