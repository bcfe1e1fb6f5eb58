import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
import { assetFile } from './assets.js';
import type { Library } from './open-library.js';
import { getProject } from './project-record.js';

/**
 * A project's export kit written out as an ordinary folder the creator can open, upload
 * from and share: `<parent>/<title> kit/` with the kit's own layout. Written beside the
 * target under a hidden name and renamed into place, so a full disk never leaves half a
 * kit that looks whole.
 */

/** Characters no file system takes in a name, and ones that confuse a shell or a URL. */
// eslint-disable-next-line no-control-regex -- control characters are among what no file system takes
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f]+/g;

export function kitFolderName(title: string, projectId: string): string {
  const cleaned = title.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 80).trim();
  return `${cleaned || `TalkingPhoto ${projectId.slice(0, 8)}`} kit`;
}

/** "Name kit", then "Name kit 2", "Name kit 3"…: never writes into a folder that exists. */
function freeName(parent: string, base: string): string {
  for (let n = 1; ; n += 1) {
    const candidate = path.join(parent, n === 1 ? base : `${base} ${n}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export async function saveKitFolder(library: Library, projectId: string, parent: string): Promise<{ folder: string; files: number }> {
  const project = getProject(library, projectId);
  if (!project.kit) throw new TalkingPhotoError('KIT_NOT_FOUND', 'This project has no export kit yet: pick platforms and render it again.', { detail: `project ${projectId}` });
  const folder = freeName(parent, kitFolderName(project.title, projectId));
  const partial = path.join(parent, `.${path.basename(folder)}.partial-${process.pid}`);
  try {
    for (const file of project.kit.files) {
      const target = path.join(partial, ...file.name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(assetFile(library, file.asset), target);
    }
    await rename(partial, folder);
  } catch (error) {
    // Where the folder could not even be made, there is nothing to remove (and rm says ENOTDIR).
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof TalkingPhotoError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).path?.startsWith(library.dataDir);
    if (missing) throw new TalkingPhotoError('ASSET_MISSING', 'A file of this kit is missing from the library: render the project again to make a new kit.', { cause: error });
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `The kit could not be saved in ${parent}: choose a folder you may write to, on a disk with free space.`, {
      detail: (error as Error).message,
      cause: error,
    });
  }
  return { folder, files: project.kit.files.length };
}
