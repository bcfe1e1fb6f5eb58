import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import { assetFile, type AssetRef } from './assets.js';
import type { Library } from './open-library.js';
import { toProject, type Project } from './project-record.js';
import { assets, projects, providerHealth, usageEvents } from './schema.js';
import { allSettings } from './settings.js';

/**
 * "Export all my data" (SPEC §6): one zip with every project, its files, the settings and
 * the local activity log, readable without TalkingPhoto. Written to a temporary name
 * beside the destination and renamed, so a half-written archive never looks finished.
 */

export const EXPORT_FORMAT = 'talkingphoto-export';
export const EXPORT_VERSION = 1;

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  projects: number;
  files: number;
  /** Library files that were missing from disk and so are not in the archive. */
  missingFiles: string[];
}

export interface ExportSummary extends ExportManifest {
  file: string;
  bytes: number;
}

const README = `TalkingPhoto data export

export.json     what this archive holds and when it was made
projects.json   every project: its settings, script, scores, costs, timings and export kit
settings.json   your preferences
activity.json   the local usage and provider log (never sent anywhere)
assets/         the photos, recordings, videos and kit files; projects.json names each
                one by its "path", and the file name is its SHA-256
`;

/** JPEG, MP4, PNG, WebP and the like are compressed already; deflating them only costs time. */
const storeAsIs = (mime: string): boolean => /^(image|video|audio)\//.test(mime) || mime === 'application/zip';

interface Snapshot {
  projects: Project[];
  settings: Record<string, unknown>;
  activity: { usageEvents: unknown[]; providerHealth: unknown[] };
  assets: AssetRef[];
}

function snapshot(library: Library): Snapshot {
  // One read transaction: projects, files and settings all as of the same moment.
  return library.sqlite.transaction(() => ({
    projects: library.db
      .select()
      .from(projects)
      .orderBy(projects.createdAt, projects.id)
      .all()
      .map((row) => toProject(library, row)),
    settings: allSettings(library),
    activity: {
      usageEvents: library.db.select().from(usageEvents).orderBy(usageEvents.id).all(),
      providerHealth: library.db.select().from(providerHealth).orderBy(providerHealth.id).all(),
    },
    assets: library.db.select({ hash: assets.hash, path: assets.path, mime: assets.mime, size: assets.size }).from(assets).orderBy(assets.path).all(),
  }))();
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

export async function exportAllData(library: Library, destination: string): Promise<ExportSummary> {
  const target = path.resolve(destination);
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `The folder ${path.dirname(target)} does not exist: choose another place for the export.`);
  }
  // Exclusive: no project (and so no file) can be deleted while the archive reads them.
  return library.exclusive(async () => {
    const data = snapshot(library);
    const present: AssetRef[] = [];
    const missingFiles: string[] = [];
    for (const asset of data.assets) {
      const found = await stat(assetFile(library, asset)).catch(() => undefined);
      if (found?.isFile()) present.push(asset);
      else missingFiles.push(asset.path);
    }
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      projects: data.projects.length,
      files: present.length,
      missingFiles,
    };

    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(README), 'README.txt');
    zip.addBuffer(json(manifest), 'export.json');
    zip.addBuffer(json(data.projects), 'projects.json');
    zip.addBuffer(json(data.settings), 'settings.json');
    zip.addBuffer(json(data.activity), 'activity.json');
    for (const asset of present) zip.addFile(assetFile(library, asset), asset.path, { compress: !storeAsIs(asset.mime) });
    zip.end();

    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
    try {
      await new Promise<void>((resolve, reject) => {
        // yazl reports a file it cannot read on the ZipFile, not on its output stream.
        zip.once('error', reject);
        pipeline(zip.outputStream, createWriteStream(partial, { flags: 'wx' })).then(resolve, reject);
      });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new TalkingPhotoError('OUTPUT_NOT_WRITABLE', `The export could not be written to ${path.dirname(target)}: check there is enough free space and that you may write there.`, {
        detail: (error as Error).message,
        cause: error,
      });
    }
    const { size } = await stat(target);
    return { ...manifest, file: target, bytes: size };
  });
}
