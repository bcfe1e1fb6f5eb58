import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { findAssets, flushFileRemovals, removeUnusedAssets, stageFile, withPlacedAssets, type AssetRef, type StagedFile } from './assets.js';
import type { Library } from './open-library.js';
import { PlatformIdSchema, parseInput } from './project-input.js';
import { kitFiles, kits, projects } from './schema.js';

/**
 * A project's export kit as the library keeps it: the manifest plus every file in it,
 * stored as assets, so a past project's kit opens with no network and no output folder.
 */

export interface KitFile {
  /** Path inside the kit, forward slashes, e.g. `tiktok/captions.srt`. */
  name: string;
  platform: string | null;
  asset: AssetRef;
}

export interface Kit {
  id: string;
  platforms: string[];
  manifest: unknown;
  files: KitFile[];
  createdAt: string;
}

const KitFileNameSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((name) => !name.startsWith('/') && !name.includes('\\') && name.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), 'a kit file name is a relative path without ..');

export const NewKitSchema = z.object({
  platforms: z.array(PlatformIdSchema).max(32),
  manifest: z.unknown(),
  files: z
    .array(z.object({ name: KitFileNameSchema, file: z.string().min(1), platform: PlatformIdSchema.optional() }))
    .max(2000)
    .refine((files) => new Set(files.map((f) => f.name)).size === files.length, 'kit file names must be unique'),
});
export type NewKit = z.input<typeof NewKitSchema>;

export function readKit(library: Library, kitId: string): Kit | null {
  const kit = library.db.select().from(kits).where(eq(kits.id, kitId)).get();
  if (!kit) return null;
  const files = library.db.select().from(kitFiles).where(eq(kitFiles.kitId, kitId)).all();
  const refs = findAssets(
    library,
    files.map((f) => f.assetHash),
  );
  return {
    id: kit.id,
    platforms: kit.platforms,
    manifest: kit.manifest,
    files: files
      .map((f) => ({ name: f.name, platform: f.platform, asset: refs.get(f.assetHash) }))
      .filter((f): f is KitFile => f.asset !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: new Date(kit.createdAt).toISOString(),
  };
}

/**
 * Stores a freshly made kit as the project's kit. The previous kit is replaced, and its
 * files go unless something else still uses the same bytes.
 */
export async function recordKit(library: Library, projectId: string, input: NewKit): Promise<Kit> {
  const kit = parseInput(NewKitSchema, input, 'export kit');
  return library.exclusive(async () => {
    const exists = library.db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).get();
    if (!exists) {
      throw new TalkingPhotoError('PROJECT_NOT_FOUND', 'This project is no longer in your library: it may have been deleted, so refresh the list.', {
        detail: `project ${projectId}`,
      });
    }
    const staged: StagedFile[] = [];
    try {
      for (const file of kit.files) staged.push(await stageFile(library, path.resolve(file.file)));
    } catch (error) {
      await Promise.all(staged.map((s) => rm(s.tmpFile, { force: true })));
      throw error;
    }
    const kitId = randomUUID();
    withPlacedAssets(library, staged, (refs) => {
      const previous = library.db.select({ id: kits.id }).from(kits).where(eq(kits.projectId, projectId)).all();
      const previousHashes = previous.flatMap((k) =>
        library.db
          .select({ hash: kitFiles.assetHash })
          .from(kitFiles)
          .where(eq(kitFiles.kitId, k.id))
          .all()
          .map((f) => f.hash),
      );
      for (const k of previous) library.db.delete(kits).where(eq(kits.id, k.id)).run();
      library.db
        .insert(kits)
        .values({ id: kitId, projectId, platforms: kit.platforms, manifest: kit.manifest ?? {}, createdAt: Date.now() })
        .run();
      kit.files.forEach((file, i) => {
        const ref = refs[i];
        if (!ref) throw new Error(`kit file ${file.name} was not placed`);
        library.db
          .insert(kitFiles)
          .values({ kitId, name: file.name, platform: file.platform ?? null, assetHash: ref.hash })
          .run();
      });
      library.db.update(projects).set({ kitId, updatedAt: Date.now() }).where(eq(projects.id, projectId)).run();
      removeUnusedAssets(library, previousHashes);
    });
    flushFileRemovals(library);
    const saved = readKit(library, kitId);
    if (!saved) throw new Error(`kit ${kitId} vanished after it was recorded`);
    return saved;
  });
}
