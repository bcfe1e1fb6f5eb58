import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from '../../engine/media/sharp.js';
import { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { EnhanceSession } from '../../engine/enhance/enhance-session.js';
import type { EnhanceResult } from '../../engine/enhance/local-enhancer.js';
import { analyzeFaces, type FaceAnalysis } from '../../engine/face/face-analysis.js';
import { withFaceSession } from '../../engine/face/face-session.js';
import { writeJpeg } from '../../engine/intake/jpeg-writer.js';
import { intakePhotoData, readPhotoFile, type IntakePhoto } from '../../engine/intake/photo-intake.js';

/**
 * Photos dropped into the Create form before they become a project. Each is checked,
 * its faces found and enhanced at once, so the creator sees the result while typing the
 * script; the files wait in `drafts/<token>/` (inside the data folder, so the form's
 * autosave still finds them after a restart) until a project is made from them or a week
 * has passed. A photo that is refused leaves nothing behind.
 */

export const DRAFT_FILES = {
  /** The bytes exactly as received: what `projects:create` takes in, through intake again. */
  upload: 'upload',
  /** The photo as taken, upright, small enough to show at once, no metadata. */
  preview: 'original.jpg',
  enhanced: 'enhanced.jpg',
  record: 'draft.json',
} as const;

/** The brief for the Create form: "a downscaled original.jpg preview, ≤ 1600 px". */
const PREVIEW_MAX_SIDE = 1600;
/** Shown next to the enhanced photo at the same size; 85 is indistinguishable at that size. */
const PREVIEW_JPEG_QUALITY = 85;
/** A draft nobody made a project from is swept a week after it was last used. */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** A half-written draft older than this was left by a crash, not by an import still running. */
const INCOMING_MAX_AGE_MS = 60 * 60 * 1000;
const INCOMING_PREFIX = '.incoming-';
/** Same alphabet as the contract's IdSchema, so a token read back from settings cannot leave the folder. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const PhotoDraftSchema = z.object({
  version: z.literal(1),
  /** The name the creator's file had, for the project's title and metadata. */
  name: z.string(),
  createdAt: z.string(),
  width: z.number(),
  height: z.number(),
  /** Largest first, boxes as fractions of the photo's size. */
  faces: z.array(z.object({ box: BoxSchema, confidence: z.number() })).min(1),
  chosenFace: z.number().int().min(0),
  quality: z.object({ before: z.number(), after: z.number() }),
});
export type PhotoDraft = z.infer<typeof PhotoDraftSchema>;

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

/** A face box in photo pixels as fractions of the photo, clipped to it (a face at the edge may spill over). */
function normalisedBox(box: { x: number; y: number; width: number; height: number }, photo: { width: number; height: number }) {
  const x0 = clamp01(box.x / photo.width);
  const y0 = clamp01(box.y / photo.height);
  const x1 = clamp01((box.x + box.width) / photo.width);
  const y1 = clamp01((box.y + box.height) / photo.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A file name for display only: no folders, no control characters. */
function displayName(name: string): string {
  const base = path.posix
    .basename(name.replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return base || 'photo';
}

async function writePreview(photo: IntakePhoto, file: string): Promise<void> {
  // The intake pixels are already upright, flattened and sRGB; sharp adds no metadata unless asked.
  await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize({ width: PREVIEW_MAX_SIDE, height: PREVIEW_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PREVIEW_JPEG_QUALITY })
    .toFile(file);
}

function missingDraft(token: string): TalkingPhotoError {
  return new TalkingPhotoError('FILE_NOT_FOUND', 'This photo is no longer waiting in the Create form (photos are kept for a week): drop it in again.', {
    detail: `draft ${token}`,
  });
}

export class PhotoDrafts {
  /**
   * One import at a time: each loads the face model into its own thread, and two at once
   * would only share the same two cores while doubling the memory.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly folder: string) {}

  /** A photo's bytes, as a window sent them. */
  importBytes(name: string, data: Buffer): Promise<{ token: string; draft: PhotoDraft }> {
    return this.oneAtATime(() => this.importData(displayName(name), data));
  }

  /** A photo file the creator chose; its bytes are copied, so moving the file later changes nothing. */
  importFile(file: string): Promise<{ token: string; draft: PhotoDraft }> {
    return this.oneAtATime(async () => this.importData(displayName(path.basename(file)), await readPhotoFile(file)));
  }

  /** The folder of a draft that exists; FILE_NOT_FOUND otherwise. */
  async folderOf(token: string): Promise<string> {
    const folder = TOKEN.test(token) ? path.join(this.folder, token) : undefined;
    const info = folder ? await stat(folder).catch(() => undefined) : undefined;
    if (!folder || !info?.isDirectory()) throw missingDraft(token);
    return folder;
  }

  async read(token: string): Promise<PhotoDraft> {
    const folder = await this.folderOf(token);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path.join(folder, DRAFT_FILES.record), 'utf8'));
    } catch (error) {
      throw new TalkingPhotoError('FILE_NOT_FOUND', 'This photo is no longer waiting in the Create form: drop it in again.', { detail: `draft ${token}: ${(error as Error).message}`, cause: error });
    }
    const parsed = PhotoDraftSchema.safeParse(raw);
    if (!parsed.success) throw missingDraft(token);
    return parsed.data;
  }

  /** Marks a draft as in use (the form was saved with it), so the sweep spares it another week. */
  async touch(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    const now = new Date();
    await utimes(path.join(this.folder, token), now, now).catch(() => undefined);
  }

  /**
   * Removes drafts unused for a week and half-written ones a crash left; `keep` (the
   * autosaved form's photo and recording) stays whatever its age. Returns the names removed.
   */
  async sweep(options: { keep?: string | readonly string[]; now?: number } = {}): Promise<string[]> {
    const now = options.now ?? Date.now();
    const keep = new Set(typeof options.keep === 'string' ? [options.keep] : (options.keep ?? []));
    const entries = await readdir(this.folder, { withFileTypes: true }).catch(() => []);
    const removed: string[] = [];
    for (const entry of entries) {
      if (keep.has(entry.name)) continue;
      const file = path.join(this.folder, entry.name);
      const info = await stat(file).catch(() => undefined);
      if (!info) continue;
      const maxAge = entry.name.startsWith(INCOMING_PREFIX) ? INCOMING_MAX_AGE_MS : DRAFT_MAX_AGE_MS;
      if (now - info.mtimeMs <= maxAge) continue;
      await rm(file, { recursive: true, force: true });
      removed.push(entry.name);
    }
    return removed;
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async importData(name: string, data: Buffer): Promise<{ token: string; draft: PhotoDraft }> {
    // Every check runs on the bytes in memory first: a refused photo never touches the disk.
    const { photo, faces, enhanced } = await readAndEnhance(data);
    const all = [faces.chosen, ...faces.others];
    const draft: PhotoDraft = {
      version: 1,
      name,
      createdAt: new Date().toISOString(),
      width: photo.original.width,
      height: photo.original.height,
      faces: all.map((face) => ({ box: normalisedBox(face.box, photo), confidence: face.confidence })),
      chosenFace: 0,
      quality: { before: enhanced.before.score, after: enhanced.after.score },
    };
    // 144 bits: a draft's folder name is also its only key.
    const token = randomBytes(18).toString('base64url');
    const incoming = path.join(this.folder, `${INCOMING_PREFIX}${token}`);
    await mkdir(incoming, { recursive: true });
    try {
      await writeFile(path.join(incoming, DRAFT_FILES.upload), data);
      await writeJpeg(enhanced.rgb, enhanced.width, enhanced.height, path.join(incoming, DRAFT_FILES.enhanced));
      await writePreview(photo, path.join(incoming, DRAFT_FILES.preview));
      await writeFile(path.join(incoming, DRAFT_FILES.record), JSON.stringify(draft));
      // One rename: a draft folder either has every file or does not exist.
      await rename(incoming, path.join(this.folder, token));
    } catch (error) {
      await rm(incoming, { recursive: true, force: true });
      throw error;
    }
    return { token, draft };
  }
}

/**
 * The photo read, its faces found and the photo enhanced for the chosen one. The
 * enhancer's thread loads while the photo is read and the face found; its pixel work (half
 * a second or more) then stays off this process's main thread, which in the app also answers the window.
 */
async function readAndEnhance(data: Buffer): Promise<{ photo: IntakePhoto; faces: FaceAnalysis; enhanced: EnhanceResult }> {
  const enhancer = new EnhanceSession();
  try {
    const photo = await intakePhotoData(data);
    const faces = await withFaceSession((session) => analyzeFaces(photo, { session }));
    return { photo, faces, enhanced: await enhancer.enhance(photo, { faceBox: faces.chosen.box }) };
  } finally {
    await enhancer.close();
  }
}
