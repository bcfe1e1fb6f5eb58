import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../../src-shared/errors.js';
import { fixture, tempDir } from '../../../tests/support/fixtures.js';
import { writeJpeg } from './jpeg-writer.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('tp-jpeg-')));
afterAll(() => cleanup());

describe('writeJpeg', () => {
  it('writes a JPEG of the given size that carries no EXIF, XMP or ICC metadata', async () => {
    // The Obama fixture has EXIF and an ICC profile; none of it may survive.
    const { data, info } = await sharp(fixture('portrait-obama.jpg')).raw().toBuffer({ resolveWithObject: true });
    const target = path.join(dir, 'enhanced.jpg');
    await writeJpeg(data, info.width, info.height, target);
    const meta = await sharp(target).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: info.width, height: info.height, channels: 3 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  it('fails with OUTPUT_NOT_WRITABLE when the folder does not exist', async () => {
    const error = await writeJpeg(Buffer.alloc(4 * 4 * 3), 4, 4, path.join(dir, 'missing', 'x.jpg')).catch((e: unknown) => e);
    expect(isTalkingPhotoError(error) && error.code).toBe('OUTPUT_NOT_WRITABLE');
  });
});
