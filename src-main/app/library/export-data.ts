import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { yazl } from '../../engine/kit/yazl.js';
import { TalkingPhotoError } from '../../../src-shared/errors.js';
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

export interface ExportProgress {
  percent: number;
  bytesWritten: number;
  /** What the archive is expected to weigh: the files' sizes plus the JSON (media is stored, not deflated). */
  bytesTotal: number;
  files: number;
}

/** A JSON file the caller adds (the plan and purchases, which the library does not own), with its README line. */
export interface ExtraExportFile {
  name: string;
  value: unknown;
  describe: string;
}

export interface ExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  extraFiles?: ExtraExportFile[];
}

/** A progress bar needs no more than ten updates a second; every chunk would flood the IPC. */
const PROGRESS_EVERY_MS = 100;
/** yazl's local header, data descriptor and central directory entry, plus a name: about this much a file. */
const ZIP_BYTES_PER_ENTRY = 200;

/**
 * What the library counts about its use, and why. None of it is analytics: each count is
 * needed by a feature the creator sees, and nothing is ever sent anywhere (there is no
 * telemetry in TalkingPhoto), so there is nothing to opt into; the export lists them all.
 */
const USAGE_PURPOSES: Record<string, string> = {
  project_created:
    'Each video made, counted against your plan’s videos a month (Settings, Account). Delete everything keeps this month’s count, as dates alone: it is your plan’s allowance, not your content.',
  provider_attempt:
    'Each call to a cloud provider and what it cost, for your budgets and the daily spending cap. Delete everything keeps what today’s calls cost, as sums alone: your providers charged for them, and today’s cap counts them.',
};

const README = `TalkingPhoto data export

export.json     what this archive holds and when it was made
projects.json   every project: its settings, script, scores, costs, timings and export kit
settings.json   your preferences
activity.json   the local usage and provider log (never sent anywhere)
usage.json      what TalkingPhoto counts about your use, and why (nothing is sent anywhere)
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

function usageSummary(events: unknown[]): unknown {
  const byKind = new Map<string, { kind: string; purpose: string; events: number; first: string; last: string }>();
  for (const event of events as Array<{ kind: string; createdAt: number }>) {
    const at = new Date(event.createdAt).toISOString();
    const seen = byKind.get(event.kind);
    if (seen) {
      seen.events += 1;
      seen.last = at;
    } else byKind.set(event.kind, { kind: event.kind, purpose: USAGE_PURPOSES[event.kind] ?? 'Kept for your own records.', events: 1, first: at, last: at });
  }
  return {
    telemetry:
      'None: TalkingPhoto sends nothing about how you use it to anyone. The counts below stay on this computer and are deleted by Delete everything, except this month’s count of videos made (dates alone, with no project or content), which your plan’s videos a month are counted from, and what today’s cloud calls cost (sums alone), which today’s spending cap is counted from.',
    counters: [...byKind.values()],
    everyEvent: 'activity.json',
  };
}

export async function exportAllData(library: Library, destination: string, options: ExportOptions = {}): Promise<ExportSummary> {
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

    const extras = options.extraFiles ?? [];
    const readme = README + extras.map((f) => `${f.name.padEnd(15)} ${f.describe}\n`).join('');
    const buffers: Array<[string, Buffer]> = [
      ['README.txt', Buffer.from(readme)],
      ['export.json', json(manifest)],
      ['projects.json', json(data.projects)],
      ['settings.json', json(data.settings)],
      ['activity.json', json(data.activity)],
      ['usage.json', json(usageSummary(data.activity.usageEvents))],
      ...extras.map((f): [string, Buffer] => [f.name, json(f.value)]),
    ];
    const zip = new yazl.ZipFile();
    for (const [name, bytes] of buffers) zip.addBuffer(bytes, name);
    for (const asset of present) zip.addFile(assetFile(library, asset), asset.path, { compress: !storeAsIs(asset.mime) });
    zip.end();

    const files = buffers.length + present.length;
    const bytesTotal = buffers.reduce((sum, [, b]) => sum + b.length, 0) + present.reduce((sum, a) => sum + a.size, 0) + files * ZIP_BYTES_PER_ENTRY;
    let bytesWritten = 0;
    let lastSent = 0;
    const report = (final: boolean): void => {
      const at = Date.now();
      if (!final && at - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = at;
      // The estimate can fall short (deflated JSON is smaller, headers larger): 99 % until the file is in place.
      const percent = final ? 100 : Math.min(99, Math.floor((bytesWritten / bytesTotal) * 100));
      options.onProgress?.({ percent, bytesWritten, bytesTotal: final ? bytesWritten : bytesTotal, files });
    };
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesWritten += chunk.length;
        report(false);
        done(null, chunk);
      },
    });
    options.onProgress?.({ percent: 0, bytesWritten: 0, bytesTotal, files });

    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
    try {
      await new Promise<void>((resolve, reject) => {
        // yazl reports a file it cannot read on the ZipFile, not on its output stream.
        zip.once('error', reject);
        pipeline(zip.outputStream, counter, createWriteStream(partial, { flags: 'wx' })).then(resolve, reject);
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
    report(true);
    return { ...manifest, file: target, bytes: size };
  });
}
