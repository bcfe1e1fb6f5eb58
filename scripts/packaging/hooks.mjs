// @ts-check
/**
 * electron-builder's hooks (electron-builder.yml names this file): before packing, refuse
 * without a current ffmpeg/ffprobe pair; after packing, check what was packed and flip
 * the Electron fuses.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { flipFuses } from '@electron/fuses';
import { flipAppFuses } from './electron-fuses.mjs';
import { beforePack, packedMediaProblems } from './media-bundle.mjs';

export { beforePack };

/**
 * @param {string} archive
 * @returns {string[] | undefined}
 */
function asarListing(archive) {
  try {
    const asar = /** @type {{ listPackage(file: string, options: object): string[] }} */ (createRequire(import.meta.url)('@electron/asar'));
    return asar.listPackage(archive, { isPack: false });
  } catch {
    return undefined;
  }
}

/** @param {import('./electron-fuses.mjs').FuseContext & { packager: { getResourcesDir(appOutDir: string): string } }} context */
export async function afterPack(context) {
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir);
  const problems = packedMediaProblems({ resourcesDir, platform: context.electronPlatformName, asarFiles: asarListing(path.join(resourcesDir, 'app.asar')) });
  if (problems.length > 0) throw new Error(`The packed app is missing its ffmpeg/ffprobe pair or carries the old one:\n- ${problems.join('\n- ')}`);
  await flipAppFuses(context, flipFuses);
}
