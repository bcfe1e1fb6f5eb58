import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFaceSession } from '../face/face-session.js';
import { LIPS, type Point } from '../face/landmarks.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { REPO_ROOT, fixture } from '../../tests/support/fixtures.js';
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

describe('teeth in the lip band', () => {
  it('sees the bundled sample\'s smile as teeth, and none once lips cover them or on shut lips', async () => {
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
});
