import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from '../../engine/media/sharp.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { MAX_PHOTO_PIXELS } from '../../../src-shared/limits.js';
import { absolutePath, assetFile, derivedRelativePath, findAssets, type DerivedKind } from './assets.js';
import type { Library } from './open-library.js';
import { getProject, type Project } from './project-record.js';

/**
 * Thumbnails and previews of library photos, made once and kept beside the assets
 * (`derived/`); they go when their asset goes. Sizes are the seed's CDN sizes (SPEC §4).
 */
export const DERIVED_SIZES: Record<DerivedKind, { width: number; height: number; fit: 'cover' | 'inside' }> = {
  /** Grid cards: always exactly 300×300, cropped to fill, so the grid lines up. */
  thumbnail: { width: 300, height: 300, fit: 'cover' },
  /** Detail view: the whole photo within 800×600, never enlarged. */
  preview: { width: 800, height: 600, fit: 'inside' },
  /** A video's first frame at the video's own size (video-poster.ts), which is at most 1080×1920 (the largest master). */
  poster: { width: 1080, height: 1920, fit: 'inside' },
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

/** A square window of the source photo, in its pixels, cut before the thumbnail is scaled. */
export interface SquareCrop {
  left: number;
  top: number;
  size: number;
}

/** A face box and the size of the picture it was measured on (the intake photo). */
export interface FaceHint {
  box: { x: number; y: number; width: number; height: number };
  frame: { width: number; height: number };
}

/** The square spans this many face-box heights: head, hair and a little shoulder. */
const FACE_CROP_SPAN = 2.4;
/** Where the eyes sit in the face box from its top, and where the card puts them. */
const EYES_IN_BOX = 0.4;
const EYES_IN_CROP = 0.4;

/**
 * The square thumbnail window around a face: the head with a margin, the eyes about 40%
 * from the top, moved (never shrunk below the face) to stay inside the picture. `box` is
 * in the picture's own pixels.
 */
export function faceCropWindow(box: FaceHint['box'], width: number, height: number): SquareCrop {
  const short = Math.min(width, height);
  const size = Math.max(1, Math.min(short, Math.round(Math.max(box.width, box.height) * FACE_CROP_SPAN)));
  const eyesY = box.y + box.height * EYES_IN_BOX;
  const centreX = box.x + box.width / 2;
  const clamp = (v: number, max: number): number => Math.min(Math.max(0, Math.round(v)), max);
  return { left: clamp(centreX - size / 2, width - size), top: clamp(eyesY - size * EYES_IN_CROP, height - size), size };
}

/** Picture sizes by asset hash: an asset's bytes never change, so this never goes stale. */
const sizes = new Map<string, Promise<{ width: number; height: number } | undefined>>();

function pictureSize(asset: { hash: string }, file: string): Promise<{ width: number; height: number } | undefined> {
  let known = sizes.get(asset.hash);
  if (!known) {
    known = sharp(file)
      .metadata()
      .then((m) => {
        if (!m.width || !m.height) return undefined;
        // Orientations 5–8 swap the sides once rotate() has turned the picture upright.
        return (m.orientation ?? 1) >= 5 ? { width: m.height, height: m.width } : { width: m.width, height: m.height };
      })
      .catch(() => undefined);
    if (sizes.size > 2048) sizes.clear();
    sizes.set(asset.hash, known);
  }
  return known;
}

/**
 * The face window in the asset's pixels, or undefined (centre crop) when the asset is not
 * a uniform scale of the frame the box was measured on (an enhanced photo is the intake
 * photo, possibly upscaled) or the box is empty.
 */
async function cropFor(asset: { hash: string }, file: string, face: FaceHint): Promise<SquareCrop | undefined> {
  const size = await pictureSize(asset, file);
  if (!size || face.frame.width <= 0 || face.frame.height <= 0 || face.box.width <= 0 || face.box.height <= 0) return undefined;
  const sx = size.width / face.frame.width;
  const sy = size.height / face.frame.height;
  if (Math.abs(sx - sy) / Math.max(sx, sy) > 0.02) return undefined;
  const scale = (sx + sy) / 2;
  const box = { x: face.box.x * scale, y: face.box.y * scale, width: face.box.width * scale, height: face.box.height * scale };
  if (box.x >= size.width || box.y >= size.height || box.x + box.width <= 0 || box.y + box.height <= 0) return undefined;
  return faceCropWindow(box, size.width, size.height);
}

/**
 * The cached file: the plain centre crop keeps its old name; a face crop names its window,
 * so a new render (new enhanced photo, new hash) or another face gets its own file.
 */
function cachedPath(assetHash: string, kind: DerivedKind, crop: SquareCrop | undefined): string {
  const plain = derivedRelativePath(assetHash, kind);
  return crop ? plain.replace(/\.jpg$/, `.${crop.left}-${crop.top}-${crop.size}.jpg`) : plain;
}

export async function derivedImage(library: Library, assetHash: string, kind: DerivedKind, face?: FaceHint): Promise<DerivedImage> {
  const asset = findAssets(library, [assetHash]).get(assetHash);
  if (!asset) {
    throw new TalkingPhotoError('ASSET_MISSING', 'This photo is no longer in your library: open the project again or re-import the photo.', {
      detail: `asset ${assetHash} has no row`,
    });
  }
  if (!asset.mime.startsWith('image/')) {
    throw new TalkingPhotoError('NOT_AN_IMAGE', 'Only photos have thumbnails: choose the project photo instead.', { detail: `${assetHash} is ${asset.mime}` });
  }
  const source = assetFile(library, asset);
  const crop = kind === 'thumbnail' && face ? await cropFor(asset, source, face) : undefined;
  const relative = cachedPath(assetHash, kind, crop);
  const file = absolutePath(library, relative);
  const running = inFlight.get(file);
  if (running) return running;
  const work = (async (): Promise<DerivedImage> => {
    const cached = await sharp(file)
      .metadata()
      .catch(() => undefined);
    if (cached?.width && cached.height) return { path: relative, width: cached.width, height: cached.height };
    return generate(library, source, file, relative, kind, crop);
  })();
  inFlight.set(file, work);
  try {
    return await work;
  } finally {
    inFlight.delete(file);
  }
}

async function generate(library: Library, source: string, file: string, relative: string, kind: DerivedKind, crop?: SquareCrop): Promise<DerivedImage> {
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
    const upright = sharp(source, { failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS }).rotate();
    // extract() after rotate() cuts the upright picture, the one the face box was measured on.
    if (crop) upright.extract({ left: crop.left, top: crop.top, width: crop.size, height: crop.size });
    const info = await upright
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

/** A 300×300 card of a photo: around `face` when given, else its centre. */
export const thumbnailFor = (library: Library, assetHash: string, face?: FaceHint): Promise<DerivedImage> => derivedImage(library, assetHash, 'thumbnail', face);
export const previewFor = (library: Library, assetHash: string): Promise<DerivedImage> => derivedImage(library, assetHash, 'preview');

/**
 * A project's card: once rendered, the enhanced photo around the face the render found
 * (`report.face.box`, in intake-photo pixels, scaled to the enhanced photo); before that,
 * or when no face is known, the centre of the photo.
 */
export function projectThumbnail(library: Library, project: Pick<Project, 'photo' | 'enhancedPhoto' | 'renderReport'>): Promise<DerivedImage> {
  const report = project.renderReport;
  const box = report?.face?.box;
  const frame = report?.input?.photo;
  const face = box && frame ? { box, frame: { width: frame.width, height: frame.height } } : undefined;
  if (project.enhancedPhoto) return thumbnailFor(library, project.enhancedPhoto.hash, face);
  return thumbnailFor(library, project.photo.hash, face);
}

/** The thumbnail or preview of a project's photo, for library cards and the detail view. */
export async function projectImage(library: Library, projectId: string, kind: DerivedKind = 'thumbnail'): Promise<DerivedImage> {
  const project = getProject(library, projectId);
  return kind === 'thumbnail' ? projectThumbnail(library, project) : derivedImage(library, project.photo.hash, kind);
}
