import { open, stat } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { Metadata, OutputInfo, SharpOptions } from 'sharp';
import sharp from '../media/sharp.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, photoTooLargeMessage } from '../../../src-shared/limits.js';

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heif';

/** A photo decoded into what every later stage works on: upright, opaque, sRGB, 8-bit. */
export interface IntakePhoto {
  /** Raw 8-bit RGB, 3 channels, no alpha, row-major, no metadata of any kind. */
  rgb: Buffer;
  width: number;
  height: number;
  /** Container decided from the file's bytes; HEIC and HEIF both read as 'heif'. */
  format: PhotoFormat;
  /** File size on disk. */
  bytes: number;
  /** Upright size (EXIF orientation applied) before any downscaling. */
  original: { width: number; height: number };
  downscaled: boolean;
  orientationApplied: boolean;
  alphaFlattened: boolean;
}

/**
 * file-type reads at most this many bytes for its magic-number checks (its own
 * `reasonableDetectionSizeInBytes`), so reading more gains nothing.
 */
const SNIFF_BYTES = 4100;

/**
 * What we accept, keyed by file-type's MIME. SPEC §1 asks for JPEG, PNG and WebP and
 * welcomes HEIC/AVIF; APNG is a PNG (we take its first frame).
 */
const ACCEPTED: Record<string, { format: PhotoFormat; sharpFormat: string }> = {
  'image/jpeg': { format: 'jpeg', sharpFormat: 'jpeg' },
  'image/png': { format: 'png', sharpFormat: 'png' },
  'image/apng': { format: 'png', sharpFormat: 'png' },
  'image/webp': { format: 'webp', sharpFormat: 'webp' },
  'image/avif': { format: 'avif', sharpFormat: 'heif' },
  'image/heic': { format: 'heif', sharpFormat: 'heif' },
  'image/heif': { format: 'heif', sharpFormat: 'heif' },
  'image/heic-sequence': { format: 'heif', sharpFormat: 'heif' },
  'image/heif-sequence': { format: 'heif', sharpFormat: 'heif' },
};

/**
 * sharp options for untrusted input. `failOn: 'error'` refuses truncated or undecodable
 * pixel data but lets through the harmless libjpeg warnings many phone and editor JPEGs
 * carry (e.g. "extraneous bytes before marker"), which the stricter default 'warning'
 * would reject. The pixel limit makes sharp refuse a decompression bomb from its header.
 */
const SHARP_INPUT = { failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS } as const satisfies SharpOptions;

const CHOOSE = 'choose a JPEG, PNG or WebP image';

/**
 * Reads a photo the creator chose, deciding its type from its bytes (never its name),
 * and decodes it upright, flattened onto white, in sRGB, at most MAX_PHOTO_SIDE on the
 * long side. Every refusal is a TalkingPhotoError with one sentence for the creator.
 */
export async function intakePhoto(file: string): Promise<IntakePhoto> {
  return intakePhotoData(await readPhotoFile(file));
}

/**
 * The whole photo file, refused unread when it is not a regular file, is empty or is
 * over the size limit. For callers that keep the bytes they checked (photo drafts).
 */
export async function readPhotoFile(file: string): Promise<Buffer> {
  const bytes = await checkFileSize(file);
  return readWhole(file, bytes);
}

/**
 * `intakePhoto` for bytes already in memory (a photo the window sent, which has no path):
 * the same size limits, sniffing and decoding, the same sentences.
 */
export async function intakePhotoData(data: Buffer): Promise<IntakePhoto> {
  if (data.length === 0) throw emptyPhoto('0 bytes received');
  if (data.length > MAX_PHOTO_BYTES) throw photoTooLarge(data.length, `${data.length} bytes received`);
  const bytes = data.length;
  const accepted = await sniffType(data);
  const meta = await readHeader(data, accepted.format);

  if (meta.format !== accepted.sharpFormat) {
    // The magic bytes and the decoder disagree: a polyglot or mangled file. Refuse rather
    // than let sharp pick a loader we did not vet.
    throw corrupt(`file-type says ${accepted.format}, sharp says ${String(meta.format)}`);
  }
  const storedW = meta.width;
  const storedH = meta.height;
  if (!storedW || !storedH) throw corrupt('sharp reported no dimensions');
  // sharp already refuses these from the header; this keeps the guard if its default changes.
  if (storedW * storedH > MAX_PHOTO_PIXELS) throw tooManyPixels(`${storedW}×${storedH} > ${MAX_PHOTO_PIXELS} pixels`);

  // EXIF orientations 5–8 are quarter turns, which swap the upright width and height.
  const orientation = meta.orientation ?? 1;
  const turned = orientation >= 5 && orientation <= 8;
  const original = turned ? { width: storedH, height: storedW } : { width: storedW, height: storedH };
  const downscaled = Math.max(original.width, original.height) > MAX_PHOTO_SIDE;
  const alphaFlattened = meta.hasAlpha === true;

  let pipeline = sharp(data, SHARP_INPUT).rotate();
  if (downscaled) {
    pipeline = pipeline.resize({
      width: MAX_PHOTO_SIDE,
      height: MAX_PHOTO_SIDE,
      fit: 'inside',
      withoutEnlargement: true,
      kernel: 'lanczos3',
    });
  }
  // White, not black: a cut-out portrait on white looks like a studio backdrop, and the
  // face finder sees a clean silhouette edge.
  pipeline = pipeline
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .toColourspace('srgb')
    .removeAlpha();

  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeFailure(error, accepted.format);
  }
  const { info } = decoded;
  if (info.channels !== 3 || decoded.data.length !== info.width * info.height * 3) {
    throw new Error(`intake decoded ${info.width}×${info.height}×${info.channels} into ${decoded.data.length} bytes`);
  }
  return {
    rgb: decoded.data,
    width: info.width,
    height: info.height,
    format: accepted.format,
    bytes,
    original,
    downscaled,
    orientationApplied: orientation > 1,
    alphaFlattened,
  };
}

async function checkFileSize(file: string): Promise<number> {
  let stats;
  try {
    stats = await stat(file);
  } catch (error) {
    throw fileSystemFailure(error, file);
  }
  if (stats.isDirectory()) {
    throw new TalkingPhotoError('FILE_UNREADABLE', `This is a folder, not a photo: ${CHOOSE} file instead.`, {
      detail: `${file} is a directory`,
    });
  }
  if (!stats.isFile()) {
    // Pipes, sockets and devices could block a read forever: refuse them unread.
    throw new TalkingPhotoError('FILE_UNREADABLE', `This is not a regular file: ${CHOOSE} file instead.`, {
      detail: `${file} is not a regular file`,
    });
  }
  if (stats.size === 0) throw emptyPhoto(file);
  if (stats.size > MAX_PHOTO_BYTES) throw photoTooLarge(stats.size, `${file}: ${stats.size} bytes`);
  return stats.size;
}

function emptyPhoto(detail: string): TalkingPhotoError {
  return new TalkingPhotoError('FILE_EMPTY', `This file is empty (0 bytes): ${CHOOSE} that has a picture in it.`, { detail });
}

function photoTooLarge(size: number, detail: string): TalkingPhotoError {
  return new TalkingPhotoError('FILE_TOO_LARGE', photoTooLargeMessage(size), { detail });
}

/** The whole file, at most MAX_PHOTO_BYTES (checked above), read once for sniffing and decoding. */
async function readWhole(file: string, size: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
    // Read exactly what stat promised: a file that grows meanwhile cannot sneak past the size limit.
    const data = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(data, filled, size - filled, filled);
      if (bytesRead === 0) break; // shrank since stat: decode what is there, sharp judges it
      filled += bytesRead;
    }
    return data.subarray(0, filled);
  } catch (error) {
    throw fileSystemFailure(error, file);
  } finally {
    await handle?.close();
  }
}

async function sniffType(data: Buffer): Promise<(typeof ACCEPTED)[string]> {
  const type = await fileTypeFromBuffer(data.subarray(0, SNIFF_BYTES));
  if (type === undefined || !type.mime.startsWith('image/')) {
    throw new TalkingPhotoError('NOT_AN_IMAGE', `This file is not a photo: ${CHOOSE}.`, {
      detail: `file-type: ${type ? type.mime : 'unknown'}`,
    });
  }
  const accepted = ACCEPTED[type.mime];
  if (accepted === undefined) {
    // GIF lands here on purpose: 256 colours posterise skin, and it is usually an animation.
    // TIFF, BMP, JPEG 2000/XL and camera raw files are rare for portraits and widen the
    // decoder surface we expose to untrusted files.
    throw new TalkingPhotoError('UNSUPPORTED_IMAGE', `${type.ext.toUpperCase()} images are not supported: save the photo as a JPEG, PNG or WebP and choose it again.`, {
      detail: `file-type: ${type.mime}`,
    });
  }
  return accepted;
}

/** Header only: dimensions, orientation, alpha. Nothing is decoded yet. */
async function readHeader(data: Buffer, format: PhotoFormat): Promise<Metadata> {
  try {
    return await sharp(data, SHARP_INPUT).metadata();
  } catch (error) {
    throw decodeFailure(error, format);
  }
}

function decodeFailure(error: unknown, format: PhotoFormat): TalkingPhotoError {
  const message = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(message)) {
    return tooManyPixels(message, error);
  }
  if (format === 'heif') {
    // The bundled libheif decodes AV1 only; HEVC-coded iPhone photos fail here, and
    // exporting as JPEG fixes every HEIC we cannot read, broken or not.
    return new TalkingPhotoError('UNSUPPORTED_IMAGE', 'This HEIC photo cannot be opened on this computer: export it as a JPEG (on an iPhone, share it with "Most Compatible") and choose it again.', {
      detail: message,
      cause: error,
    });
  }
  return corrupt(message, error);
}

function corrupt(detail: string, cause?: unknown): TalkingPhotoError {
  return new TalkingPhotoError('IMAGE_CORRUPT', 'This photo is damaged or incomplete: open it in your photo app, export it again as a JPEG and choose the new file.', { detail, cause });
}

function tooManyPixels(detail: string, cause?: unknown): TalkingPhotoError {
  return new TalkingPhotoError(
    'IMAGE_TOO_MANY_PIXELS',
    `This image claims more pixels than any camera takes, so it was not opened: choose an ordinary photo of at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels.`,
    { detail, cause },
  );
}

function fileSystemFailure(error: unknown, file: string): TalkingPhotoError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = `${file}: ${code ?? String(error)}`;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new TalkingPhotoError('FILE_NOT_FOUND', 'This photo could not be found (it may have been moved or deleted): choose it again.', {
      detail,
      cause: error,
    });
  }
  if (code === 'EISDIR') {
    return new TalkingPhotoError('FILE_UNREADABLE', `This is a folder, not a photo: ${CHOOSE} file instead.`, {
      detail,
      cause: error,
    });
  }
  return new TalkingPhotoError('FILE_UNREADABLE', 'This photo could not be read (it may be locked or you may lack permission): copy it to your Pictures folder and choose it again.', {
    detail,
    cause: error,
  });
}
