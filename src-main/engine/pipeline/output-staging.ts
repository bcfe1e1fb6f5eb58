import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';

/**
 * Renders are written into a staging folder beside the output folder and moved in only
 * when everything succeeded, so a failed or cancelled render leaves nothing half-written
 * in the folder the creator chose. Beside, not in /tmp: a rename across disks would copy.
 */
export interface OutputStaging {
  dir: string;
  /** Moves the named files into the output folder (created if needed) and removes staging. */
  commit(files: readonly string[]): Promise<void>;
  discard(): Promise<void>;
}

export async function openStaging(outDir: string): Promise<OutputStaging> {
  const target = path.resolve(outDir);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `The output path ${target} is a file: choose a folder for the video instead.`);
  }
  const parent = path.dirname(target);
  let dir: string;
  try {
    await mkdir(parent, { recursive: true });
    dir = await mkdtemp(path.join(parent, `.${path.basename(target)}.tp-staging-`));
  } catch (error) {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `Cannot write into ${parent}: choose a folder you are allowed to write to.`, {
      cause: error,
    });
  }
  return {
    dir,
    async commit(files) {
      await mkdir(target, { recursive: true });
      for (const file of files) {
        const destination = path.join(target, file);
        // A folder (the kit) from an earlier render here is replaced whole, like a file.
        if ((await stat(destination).catch(() => undefined))?.isDirectory()) await rm(destination, { recursive: true, force: true });
        await rename(path.join(dir, file), destination);
      }
      await rm(dir, { recursive: true, force: true });
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
