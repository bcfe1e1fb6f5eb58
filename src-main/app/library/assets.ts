import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq, inArray } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import type { Library } from './open-library.js';
import { assets, fileRemovals } from './schema.js';

/**
 * Content-addressed files: a file lives at `assets/ab/cd/<sha256>.<ext>`, so the same
 * photo imported twice is stored once. Whether a file may go is asked of the rows that
 * use it (projects, kit files), never of a counter that could drift.
 */

export interface AssetRef {
  /** sha256 of the bytes, lowercase hex. */
  hash: string;
  /** Relative to the data folder, forward slashes. */
  path: string;
  mime: string;
  size: number;
}

/** A file copied into tmp/ and hashed, not yet part of the library. */
export interface StagedFile {
  tmpFile: string;
  hash: string;
  size: number;
  mime: string;
  ext: string;
}

/** Types file-type cannot tell from bytes: the text files an export kit is made of. */
const MIME_BY_EXTENSION: Record<string, string> = {
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  csv: 'text/csv',
};

/** The two-level fan-out keeps any one folder small (65,536 buckets) on every file system. */
function assetRelativePath(hash: string, ext: string): string {
  return `assets/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}.${ext}`;
}

/** `poster`: a video's first frame (video-poster.ts); the others are of photos (derived-images.ts). */
export type DerivedKind = 'thumbnail' | 'preview' | 'poster';
export const DERIVED_KINDS: readonly DerivedKind[] = ['thumbnail', 'preview', 'poster'];

export function derivedRelativePath(hash: string, kind: DerivedKind): string {
  return `derived/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}.${kind}.jpg`;
}

/**
 * Whether `relative` is one of the images derived from the asset `hash`: its thumbnail,
 * preview or (a video's) poster, or a thumbnail cut around the face (`<hash>.thumbnail.<left>-<top>-<size>.jpg`).
 */
export function isDerivedOf(hash: string, relative: string): boolean {
  const folder = path.posix.dirname(derivedRelativePath(hash, 'thumbnail'));
  if (path.posix.dirname(relative) !== folder) return false;
  const name = path.posix.basename(relative);
  return name.startsWith(`${hash}.`) && /^[0-9a-f]+\.(thumbnail|preview|poster)(\.\d+-\d+-\d+)?\.jpg$/u.test(name);
}

export function absolutePath(library: Library, relative: string): string {
  return path.join(library.dataDir, ...relative.split('/'));
}

export function assetFile(library: Library, asset: Pick<AssetRef, 'path'>): string {
  return absolutePath(library, asset.path);
}

export function findAssets(library: Library, hashes: readonly string[]): Map<string, AssetRef> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  // json_each rather than `IN (?, ?, …)`: a folder sweep may ask about more hashes than
  // SQLite allows bound parameters.
  const rows = library.sqlite.prepare('SELECT hash, path, mime, size FROM assets WHERE hash IN (SELECT value FROM json_each(?))').all(JSON.stringify(unique)) as AssetRef[];
  return new Map(rows.map((row) => [row.hash, row]));
}

function safeExtension(file: string): string | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : undefined;
}

function sourceFailure(error: unknown, file: string): TalkingPhotoError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TalkingPhotoError('FILE_NOT_FOUND', `${path.basename(file)} could not be found: pick the file again.`, { detail: file, cause: error });
  return new TalkingPhotoError('FILE_UNREADABLE', `${path.basename(file)} could not be read: check that you may open it, then pick it again.`, {
    detail: file,
    cause: error,
  });
}

/** Copies `file` into the library's tmp/ folder, hashing it on the way. Nothing is recorded yet. */
export async function stageFile(library: Library, file: string, options: { mime?: string } = {}): Promise<StagedFile> {
  await mkdir(library.paths.tmp, { recursive: true });
  const tmpFile = path.join(library.paths.tmp, `${randomUUID()}.partial`);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(file), tap, createWriteStream(tmpFile, { flags: 'wx' }));
  } catch (error) {
    await rm(tmpFile, { force: true });
    // The source, not the library, is the usual culprit (moved, unplugged, no permission).
    if ((error as NodeJS.ErrnoException).path === file) throw sourceFailure(error, file);
    throw error;
  }
  const detected = await fileTypeFromFile(tmpFile);
  const ext = detected?.ext ?? safeExtension(file) ?? 'bin';
  const mime = options.mime ?? detected?.mime ?? MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
  return { tmpFile, hash: hash.digest('hex'), size, mime, ext };
}

/**
 * Moves staged files to their content addresses and records them, then runs `record`
 * (which makes rows refer to them) in the same transaction. If anything throws, the
 * rows roll back and files this call put in place are removed again: nothing orphaned.
 * Callers hold `library.exclusive`.
 */
export function withPlacedAssets<T>(library: Library, staged: ReadonlyArray<StagedFile | undefined>, record: (refs: Array<AssetRef | undefined>) => T): T {
  const placed: string[] = [];
  try {
    return library.transaction(() => {
      const refs = staged.map((file) => (file === undefined ? undefined : placeAsset(library, file, placed)));
      return record(refs);
    });
  } catch (error) {
    for (const file of placed) rmSync(file, { force: true });
    throw error;
  } finally {
    for (const file of staged) if (file) rmSync(file.tmpFile, { force: true });
  }
}

function placeAsset(library: Library, staged: StagedFile, placed: string[]): AssetRef {
  const existing = findAssets(library, [staged.hash]).get(staged.hash);
  const ref = existing ?? { hash: staged.hash, path: assetRelativePath(staged.hash, staged.ext), mime: staged.mime, size: staged.size };
  const target = assetFile(library, ref);
  // Also heals a library whose file went missing: the same bytes are back.
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(staged.tmpFile, target);
    placed.push(target);
  }
  if (!existing)
    library.db
      .insert(assets)
      .values({ ...ref, createdAt: Date.now() })
      .run();
  return ref;
}

/** Stages and records one file that nothing refers to yet (tests, tools). */
export async function importAsset(library: Library, file: string, options: { mime?: string } = {}): Promise<AssetRef> {
  return library.exclusive(async () => {
    const staged = await stageFile(library, file, options);
    const [ref] = withPlacedAssets(library, [staged], (refs) => refs);
    if (!ref) throw new Error('asset was not placed');
    return ref;
  });
}

/**
 * Of `hashes`, drops the assets no project or kit file refers to any more and queues
 * their files (and thumbnails, previews) for removal. Call inside the transaction that
 * removed the references; then `flushFileRemovals` after it commits.
 */
export function removeUnusedAssets(library: Library, hashes: ReadonlyArray<string | null | undefined>): string[] {
  const candidates = [...new Set(hashes.filter((h): h is string => typeof h === 'string'))];
  if (candidates.length === 0) return [];
  const unused = library.sqlite
    .prepare(
      `SELECT hash, path FROM assets a
       WHERE hash IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM projects WHERE photo_asset = a.hash)
         AND NOT EXISTS (SELECT 1 FROM projects WHERE audio_asset = a.hash)
         AND NOT EXISTS (SELECT 1 FROM projects WHERE enhanced_asset = a.hash)
         AND NOT EXISTS (SELECT 1 FROM projects WHERE video_asset = a.hash)
         AND NOT EXISTS (SELECT 1 FROM kit_files WHERE asset_hash = a.hash)`,
    )
    .all(JSON.stringify(candidates)) as Array<{ hash: string; path: string }>;
  if (unused.length === 0) return [];
  const now = Date.now();
  const files = unused.flatMap((a) => [a.path, ...DERIVED_KINDS.map((kind) => derivedRelativePath(a.hash, kind))]);
  library.db
    .delete(assets)
    .where(
      inArray(
        assets.hash,
        unused.map((a) => a.hash),
      ),
    )
    .run();
  library.db
    .insert(fileRemovals)
    .values(files.map((p) => ({ path: p, queuedAt: now })))
    .onConflictDoNothing()
    .run();
  return unused.map((a) => a.hash);
}

/**
 * Unlinks the files queued by `removeUnusedAssets`. A file whose content was imported
 * again meanwhile is kept. Runs on every open too, finishing what a crash interrupted.
 */
export function flushFileRemovals(library: Library): void {
  const queued = library.db.select({ path: fileRemovals.path }).from(fileRemovals).all();
  for (const { path: relative } of queued) {
    const hash = path.posix.basename(relative).split('.')[0] ?? '';
    if (findAssets(library, [hash]).size === 0) {
      const file = absolutePath(library, relative);
      rmSync(file, { force: true });
      // Thumbnails cut around a face carry the crop in their names: they go with the rest.
      if (relative.startsWith('derived/')) {
        for (const name of readdirSafe(path.dirname(file))) if (isDerivedOf(hash, path.posix.join(path.posix.dirname(relative), name))) rmSync(path.join(path.dirname(file), name), { force: true });
      }
      removeEmptyParents(path.dirname(file), 2);
    }
    library.db.delete(fileRemovals).where(eq(fileRemovals.path, relative)).run();
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function removeEmptyParents(dir: string, levels: number): void {
  for (let i = 0; i < levels; i += 1, dir = path.dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (or already gone): the fan-out folder is still in use
    }
  }
}

/**
 * Maintenance for idle time: removes assets nothing refers to (an `importAsset` whose
 * project never came) and files under assets/ or derived/ no row accounts for (a crash
 * between placing a file and committing its row). Returns the files removed, relative.
 */
export async function sweepStrayFiles(library: Library): Promise<string[]> {
  return library.exclusive(async () => {
    const removed: string[] = [];
    library.transaction(() => {
      const all = library.db.select({ hash: assets.hash, path: assets.path }).from(assets).all();
      const gone = new Set(
        removeUnusedAssets(
          library,
          all.map((a) => a.hash),
        ),
      );
      for (const asset of all) if (gone.has(asset.hash)) removed.push(asset.path);
    });
    flushFileRemovals(library);
    for (const top of ['assets', 'derived'] as const) {
      const root = path.join(library.dataDir, top);
      if (!existsSync(root)) continue;
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile());
      const known = findAssets(
        library,
        files.map((e) => e.name.split('.')[0] ?? ''),
      );
      for (const entry of files) {
        const hash = entry.name.split('.')[0] ?? '';
        const ref = known.get(hash);
        const file = path.join(entry.parentPath, entry.name);
        const relative = path.relative(library.dataDir, file).split(path.sep).join('/');
        const expected = top === 'assets' ? ref?.path === relative : ref !== undefined && isDerivedOf(hash, relative);
        if (!expected) {
          await rm(file, { force: true });
          removeEmptyParents(path.dirname(file), 2);
          removed.push(relative);
        }
      }
    }
    return removed;
  });
}
