import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import { MAX_PHOTO_PIXELS } from '../../src-shared/limits.js';
import { absolutePath, assetFile, derivedRelativePath, findAssets, type DerivedKind } from './assets.js';
import type { Library } from './open-library.js';
import { getProject } from './project-record.js';

/**
 * Thumbnails and previews of library photos, made once and kept beside the assets
 * (`derived/`); they go when their asset goes. Sizes are the seed's CDN sizes (SPEC §4).
 */
export const DERIVED_SIZES: Record<DerivedKind, { width: number; height: number; fit: 'cover' | 'inside' }> = {
  /** Grid cards: always exactly 300×300, cropped to fill, so the grid lines up. */
  thumbnail: { width: 300, height: 300, fit: 'cover' },
  /** Detail view: the whole photo within 800×600, never enlarged. */
  preview: { width: 800, height: 600, fit: 'inside' },
};

/** Small enough to fill a grid of hundreds quickly; faces still look sharp at card size. */
const JPEG_QUALITY = 82;

export interface DerivedImage {
  /** Relative to the data folder, forward slashes. */
  path: string;
  width: number;
  height: number;
}

/** One generation per file at a time, even when the grid asks twice before the first is done. */
const inFlight = new Map<string, Promise<DerivedImage>>();

export async function derivedImage(library: Library, assetHash: string, kind: DerivedKind): Promise<DerivedImage> {
  const asset = findAssets(library, [assetHash]).get(assetHash);
  if (!asset) {
    throw new TalkingPhotoError('ASSET_MISSING', 'This photo is no longer in your library: open the project again or re-import the photo.', {
      detail: `asset ${assetHash} has no row`,
    });
  }
  if (!asset.mime.startsWith('image/')) {
    throw new TalkingPhotoError('NOT_AN_IMAGE', 'Only photos have thumbnails: choose the project photo instead.', { detail: `${assetHash} is ${asset.mime}` });
  }
  const relative = derivedRelativePath(assetHash, kind);
  const file = absolutePath(library, relative);
  const running = inFlight.get(file);
  if (running) return running;
  const work = (async (): Promise<DerivedImage> => {
    const cached = await sharp(file)
      .metadata()
      .catch(() => undefined);
    if (cached?.width && cached.height) return { path: relative, width: cached.width, height: cached.height };
    return generate(library, assetFile(library, asset), file, relative, kind);
  })();
  inFlight.set(file, work);
  try {
    return await work;
  } finally {
    inFlight.delete(file);
  }
}

async function generate(library: Library, source: string, file: string, relative: string, kind: DerivedKind): Promise<DerivedImage> {
  const size = DERIVED_SIZES[kind];
  const sourceExists = await stat(source).catch(() => undefined);
  if (!sourceExists) {
    throw new TalkingPhotoError('ASSET_MISSING', 'The photo file is missing from your library folder: re-import the photo or restore the folder from a backup.', {
      detail: source,
    });
  }
  await mkdir(library.paths.tmp, { recursive: true });
  const partial = path.join(library.paths.tmp, `${randomUUID()}.jpg`);
  try {
    // rotate() applies EXIF orientation; sharp writes no metadata unless asked, so no GPS.
    const info = await sharp(source, { failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS })
      .rotate()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .resize({ width: size.width, height: size.height, fit: size.fit, withoutEnlargement: size.fit === 'inside' })
      .jpeg({ quality: JPEG_QUALITY })
      .toFile(partial);
    await mkdir(path.dirname(file), { recursive: true });
    await rename(partial, file);
    // The photo's project may have been deleted while this ran; its removal is already done.
    if (findAssets(library, [path.basename(file).split('.')[0] ?? '']).size === 0) await rm(file, { force: true });
    return { path: relative, width: info.width, height: info.height };
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof TalkingPhotoError) throw error;
    throw new TalkingPhotoError('IMAGE_CORRUPT', 'This photo could not be read to make its thumbnail: re-import the photo.', {
      detail: (error as Error).message,
      cause: error,
    });
  }
}

export const thumbnailFor = (library: Library, assetHash: string): Promise<DerivedImage> => derivedImage(library, assetHash, 'thumbnail');
export const previewFor = (library: Library, assetHash: string): Promise<DerivedImage> => derivedImage(library, assetHash, 'preview');

/** The thumbnail or preview of a project's photo, for library cards and the detail view. */
export async function projectImage(library: Library, projectId: string, kind: DerivedKind = 'thumbnail'): Promise<DerivedImage> {
  return derivedImage(library, getProject(library, projectId).photo.hash, kind);
}
