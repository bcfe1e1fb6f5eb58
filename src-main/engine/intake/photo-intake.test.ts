import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTalkingPhotoError, type ErrorCode } from '../../../src-shared/errors.js';
import { MAX_PHOTO_BYTES, MAX_PHOTO_SIDE } from '../../../src-shared/limits.js';
import { fixture, tempDir, type FixtureName } from '../../../tests/support/fixtures.js';
import { intakePhoto } from './photo-intake.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('tp-intake-')));
afterAll(() => cleanup());

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

/** The refusal carries the code and one sentence for the creator that ends in a full stop. */
async function expectRefusal(promise: Promise<unknown>, code: ErrorCode): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTalkingPhotoError(error), `expected a TalkingPhotoError ${code}, got ${String(error)}`).toBe(true);
  if (!isTalkingPhotoError(error)) return '';
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^[A-Z][^\n]*[a-z)"]\.$/);
  expect(error.message.split(/[.!?]\s/)).toHaveLength(1);
  return error.message;
}

/** A PNG whose header claims width×height, with one tiny IDAT: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}

const FIXTURE_SIZES: Array<[FixtureName, number, number, string]> = [
  ['portrait-obama.jpg', 910, 1137, 'jpeg'],
  ['portrait-biden-tall.jpg', 970, 2204, 'jpeg'],
  ['two-faces.jpg', 1126, 661, 'jpeg'],
  ['partial-face-at-edge.jpg', 491, 1137, 'jpeg'],
  ['rgba-speaker.png', 626, 1200, 'png'],
  ['low-res-240p.jpg', 427, 240, 'jpeg'],
];

describe('intakePhoto', () => {
  it.each(FIXTURE_SIZES)('reads %s as %i×%i raw RGB with 3 channels', async (name, width, height, format) => {
    const photo = await intakePhoto(fixture(name));
    expect(photo).toMatchObject({ width, height, format, downscaled: false, original: { width, height } });
    expect(photo.rgb.length).toBe(width * height * 3);
    expect(photo.bytes).toBeGreaterThan(0);
  });

  it('flattens transparent pixels onto white and keeps opaque ones', async () => {
    const rgba = Buffer.alloc(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set(i === 0 ? [0, 0, 0, 0] : [200, 30, 40, 255], i * 4);
    const png = await sharp(rgba, { raw: { width: 4, height: 4, channels: 4 } })
      .png()
      .toBuffer();
    const photo = await intakePhoto(file('transparent.png', png));
    expect(photo.alphaFlattened).toBe(true);
    expect([...photo.rgb.subarray(0, 3)]).toEqual([255, 255, 255]);
    expect([...photo.rgb.subarray(3, 6)]).toEqual([200, 30, 40]);
  });

  it('reports the RGBA fixture as flattened', async () => {
    expect((await intakePhoto(fixture('rgba-speaker.png'))).alphaFlattened).toBe(true);
  });

  it('applies EXIF orientation 6: the stored 60×40 comes out upright as 40×60, turned clockwise', async () => {
    // Stored: top half red, bottom half blue. Orientation 6 means "rotate 90° clockwise to view".
    const raw = Buffer.alloc(60 * 40 * 3);
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 60; x++) raw.set(y < 20 ? [255, 0, 0] : [0, 0, 255], (y * 60 + x) * 3);
    }
    const jpeg = await sharp(raw, { raw: { width: 60, height: 40, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const photo = await intakePhoto(file('rotated.jpg', jpeg));
    expect(photo).toMatchObject({ width: 40, height: 60, orientationApplied: true, original: { width: 40, height: 60 } });
    const at = (x: number, y: number): number[] => [...photo.rgb.subarray((y * 40 + x) * 3, (y * 40 + x) * 3 + 3)];
    expect(at(35, 30)[0]).toBeGreaterThan(200); // right side was the top: red
    expect(at(5, 30)[2]).toBeGreaterThan(200); // left side was the bottom: blue
  });

  it('gives greyscale and 16-bit PNGs back as 8-bit RGB', async () => {
    const grey = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .greyscale()
      .png()
      .toBuffer();
    const deep = await sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 10, g: 20, b: 30 } } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    for (const [name, content] of [
      ['grey.png', grey],
      ['deep.png', deep],
    ] as const) {
      const photo = await intakePhoto(file(name, content));
      expect(photo.rgb.length).toBe(8 * 6 * 3);
    }
  });

  it('converts a Display P3 photo to sRGB through its ICC profile, and a CMYK JPEG to RGB', async () => {
    const srgb = Buffer.alloc(16 * 16 * 3);
    for (let i = 0; i < srgb.length; i += 3) srgb.set([60, 180, 60], i);
    const source = () => sharp(srgb, { raw: { width: 16, height: 16, channels: 3 } });
    // withIccProfile re-encodes the pixels in P3 (about 96,178,76 here) and tags them.
    const p3 = await intakePhoto(file('p3.jpg', await source().withIccProfile('p3').jpeg({ quality: 100 }).toBuffer()));
    const cmyk = await intakePhoto(file('cmyk.jpg', await source().toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer()));
    const [r, g, b] = p3.rgb;
    expect(Math.abs(r! - 60) + Math.abs(g! - 180) + Math.abs(b! - 60)).toBeLessThan(8);
    // CMYK without a profile goes through a generic one: still 3 channels, still green.
    expect(cmyk.rgb.length).toBe(16 * 16 * 3);
    expect(cmyk.rgb[1]).toBeGreaterThan(Math.max(cmyk.rgb[0]!, cmyk.rgb[2]!) + 50);
  });

  it('accepts WebP and AVIF by their bytes, whatever the name says', async () => {
    const source = sharp(fixture('low-res-240p.jpg'));
    const webp = await intakePhoto(file('really-webp.jpg', await source.clone().webp().toBuffer()));
    const avif = await intakePhoto(file('really-avif.png', await source.clone().avif().toBuffer()));
    expect(webp).toMatchObject({ format: 'webp', width: 427, height: 240 });
    expect(avif).toMatchObject({ format: 'avif', width: 427, height: 240 });
  });

  it('downscales a 5000×3000 photo to 4096 on the long side, keeping the aspect', async () => {
    const big = await sharp({ create: { width: 5000, height: 3000, channels: 3, background: { r: 120, g: 110, b: 100 } } })
      .jpeg({ quality: 70 })
      .toBuffer();
    const photo = await intakePhoto(file('big.jpg', big));
    expect(photo).toMatchObject({ width: MAX_PHOTO_SIDE, height: 2458, downscaled: true, original: { width: 5000, height: 3000 } });
    expect(photo.rgb.length).toBe(MAX_PHOTO_SIDE * 2458 * 3);
  });

  it('refuses a text file renamed .jpg with NOT_AN_IMAGE', async () => {
    const message = await expectRefusal(intakePhoto(file('notes.jpg', 'Remember to buy milk.\n'.repeat(50))), 'NOT_AN_IMAGE');
    expect(message).toMatch(/JPEG, PNG or WebP/);
  });

  it('refuses a PDF with NOT_AN_IMAGE', async () => {
    await expectRefusal(intakePhoto(file('doc.png', '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')), 'NOT_AN_IMAGE');
  });

  it('refuses a GIF with UNSUPPORTED_IMAGE and names the formats to use', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .gif()
      .toBuffer();
    const message = await expectRefusal(intakePhoto(file('anim.gif', gif)), 'UNSUPPORTED_IMAGE');
    expect(message).toMatch(/^GIF images are not supported/);
  });

  it('refuses a HEIC it cannot decode with UNSUPPORTED_IMAGE, asking for a JPEG export', async () => {
    // The bundled libheif has no HEVC decoder and cannot encode HEIC, so we take an AVIF
    // and relabel its brand and codec boxes as HEIC/HEVC, which it cannot read.
    const avif = await sharp(fixture('low-res-240p.jpg')).avif().toBuffer();
    const heic = Buffer.from(avif.toString('latin1').replaceAll('avif', 'heic').replace('av01', 'hvc1').replace('av1C', 'hvcC'), 'latin1');
    const message = await expectRefusal(intakePhoto(file('iphone.heic', heic)), 'UNSUPPORTED_IMAGE');
    expect(message).toMatch(/export it as a JPEG/);
  });

  it('refuses an empty file with FILE_EMPTY', async () => {
    await expectRefusal(intakePhoto(file('empty.jpg', '')), 'FILE_EMPTY');
  });

  it('refuses a truncated JPEG (first half of a fixture) with IMAGE_CORRUPT', async () => {
    const whole = readFileSync(fixture('portrait-obama.jpg'));
    await expectRefusal(intakePhoto(file('half.jpg', whole.subarray(0, whole.length >> 1))), 'IMAGE_CORRUPT');
  });

  it('refuses a PNG claiming 20000×20000 with IMAGE_TOO_MANY_PIXELS before decoding it', async () => {
    const started = performance.now();
    await expectRefusal(intakePhoto(file('bomb.png', pngClaiming(20_000, 20_000))), 'IMAGE_TOO_MANY_PIXELS');
    // Decoding 400 megapixels would take seconds and 400 MB; the header check takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a file over 50 MB with FILE_TOO_LARGE without reading it', async () => {
    const sparse = file('huge.jpg', readFileSync(fixture('low-res-240p.jpg')));
    truncateSync(sparse, MAX_PHOTO_BYTES + 1);
    await expectRefusal(intakePhoto(sparse), 'FILE_TOO_LARGE');
  });

  it('refuses a folder with FILE_UNREADABLE', async () => {
    const folder = path.join(dir, 'album.jpg');
    mkdirSync(folder);
    await expectRefusal(intakePhoto(folder), 'FILE_UNREADABLE');
  });

  it('refuses a missing path with FILE_NOT_FOUND', async () => {
    await expectRefusal(intakePhoto(path.join(dir, 'nowhere', 'gone.jpg')), 'FILE_NOT_FOUND');
  });

  it('refuses a named pipe with FILE_UNREADABLE without waiting on it', async () => {
    const pipe = path.join(dir, 'camera.jpg');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [pipe]);
    await expectRefusal(intakePhoto(pipe), 'FILE_UNREADABLE');
  });
});
