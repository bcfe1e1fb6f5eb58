import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { isPlatformId, type PlatformId } from '../../../src-shared/platforms.js';
import { filesUnder } from '../../engine/kit/zip-files.js';
import { KIT_FOLDER } from '../../engine/pipeline/output-files.js';
import { recordKit, type Kit } from './kits.js';
import type { Library } from './open-library.js';

/**
 * How a render's export kit enters the library: every file under `kit/` is stored as an
 * asset, named by its path inside the kit, and tagged with the platform whose rendition
 * lists it (shared files such as the captions and guides have none), so a past kit can be
 * browsed and exported again offline. The folder is read, never changed.
 */

interface ManifestLike {
  renditions?: Array<{ platform?: unknown } & Record<string, unknown>>;
}

/** The kit-relative paths a rendition entry names (video, thumbnail, captions, texts). */
function pathsOf(entry: Record<string, unknown>): string[] {
  return Object.values(entry).flatMap((value) =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' && !Array.isArray(value) ? Object.values(value).filter((v): v is string => typeof v === 'string') : [],
  );
}

export async function importKit(library: Library, projectId: string, outputDir: string): Promise<Kit> {
  const kitDir = path.join(outputDir, KIT_FOLDER);
  let manifest: ManifestLike;
  try {
    manifest = JSON.parse(await readFile(path.join(kitDir, 'manifest.json'), 'utf8')) as ManifestLike;
  } catch (error) {
    throw new TalkingPhotoError('RENDER_OUTPUT_INVALID', 'The export kit could not be added to your library because its manifest is missing or damaged: render the project again.', {
      detail: `${kitDir}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const renditions = Array.isArray(manifest.renditions) ? manifest.renditions : [];
  const platformOf = new Map<string, PlatformId | null>();
  const platforms: PlatformId[] = [];
  for (const entry of renditions) {
    if (typeof entry.platform !== 'string' || !isPlatformId(entry.platform)) continue;
    platforms.push(entry.platform);
    // A file several renditions share (the common captions) belongs to none of them.
    for (const name of pathsOf(entry)) {
      platformOf.set(name, platformOf.has(name) && platformOf.get(name) !== entry.platform ? null : entry.platform);
    }
  }
  const files = (await filesUnder(kitDir)).map((name) => {
    const platform = platformOf.get(name);
    return { name, file: path.join(kitDir, ...name.split('/')), ...(platform ? { platform } : {}) };
  });
  return recordKit(library, projectId, { platforms, manifest, files });
}
