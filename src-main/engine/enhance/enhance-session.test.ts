import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { threadCount, threadsBackTo } from '../../../tests/support/threads.js';
import { REPO_ROOT, fixture } from '../../../tests/support/fixtures.js';
import { FIXTURE_FACES } from '../../../tests/support/photo-damage.js';
import { intakePhoto } from '../intake/photo-intake.js';
import { EnhanceSession } from './enhance-session.js';
import { enhancePhoto, type EnhanceOptions, type EnhanceResult, type RgbPhoto } from './local-enhancer.js';

const SAMPLE = path.join(REPO_ROOT, 'resources/samples/portrait.jpg');

describe('the enhance stage in a worker thread', () => {
  // One thread for several photos, as a render's photo and its quality gate's second try could share one.
  const session = new EnhanceSession();
  afterAll(() => session.close());

  it.each<{ name: string; photo: () => Promise<RgbPhoto>; options: EnhanceOptions; chosen: EnhanceResult['chosen'] }>([
    { name: 'the sample portrait with its face box', photo: () => intakePhoto(SAMPLE), options: { faceBox: FIXTURE_FACES['portrait-obama.jpg'] }, chosen: 'enhanced' },
    {
      name: 'the soft press photo, strong try',
      photo: () => intakePhoto(fixture('portrait-biden-tall.jpg')),
      options: { faceBox: FIXTURE_FACES['portrait-biden-tall.jpg'], strength: 'strong' },
      chosen: 'enhanced',
    },
    { name: 'the 240p photo, upscaled', photo: () => intakePhoto(fixture('low-res-240p.jpg')), options: {}, chosen: 'enhanced' },
    { name: 'a grey card nothing improves', photo: async () => ({ rgb: Buffer.alloc(600 * 800 * 3, 118), width: 600, height: 800 }), options: {}, chosen: 'original' },
  ])('returns what enhancePhoto returns in this thread for $name: the same pixels, scores and steps', async ({ photo: load, options, chosen }) => {
    const photo = await load();
    const sent = Buffer.from(photo.rgb);
    const here = await enhancePhoto(photo, options);
    const there = await session.enhance(photo, options);
    expect(there.chosen).toBe(chosen);
    const { rgb: hereRgb, ...hereRest } = here;
    const { rgb: thereRgb, ...thereRest } = there;
    expect(thereRest).toEqual(hereRest);
    expect(Buffer.isBuffer(thereRgb)).toBe(true);
    expect(thereRgb.equals(hereRgb)).toBe(true);
    // The caller's photo is untouched (a copy crossed), and an unchanged photo comes back as the caller's own pixels.
    expect(photo.rgb.equals(sent)).toBe(true);
    if (chosen === 'original' && here.scale === 1) expect(thereRgb).toBe(photo.rgb);
  });

  it('fails as enhancePhoto fails, with the same error, and leaves no thread behind', async () => {
    const wrongSize = { rgb: Buffer.alloc(10 * 10 * 3), width: 10, height: 11 };
    const here = (await enhancePhoto(wrongSize).catch((error: unknown) => error)) as Error;
    const before = threadCount();
    const started = performance.now();
    const failing = new EnhanceSession();
    const there = (await failing.enhance(wrongSize).catch((error: unknown) => error)) as Error;
    await failing.close();
    expect(there).toBeInstanceOf(Error);
    expect(isTalkingPhotoError(there)).toBe(isTalkingPhotoError(here));
    expect(there.message).toBe(here.message);
    // Failed at once, not after a timeout.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await threadsBackTo(before)).toBe(true);
  });

  it('refuses work once closed instead of waiting forever', async () => {
    const closed = new EnhanceSession();
    await closed.close();
    await expect(closed.enhance({ rgb: Buffer.alloc(3 * 4 * 4), width: 4, height: 4 })).rejects.toThrow();
  });
});
