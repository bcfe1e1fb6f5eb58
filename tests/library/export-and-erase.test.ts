import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allSettings,
  createProject,
  deleteEverything,
  exportAllData,
  getProject,
  importRender,
  listProjects,
  openLibrary,
  recordKit,
  setSetting,
  thumbnailFor,
  type Project,
} from '../../src-main/app/library/index.js';
import { fixture } from '../support/fixtures.js';
import { filesUnder, isLeaseFile, makeRenderOutput, sha256, tempLibrary, type TempLibrary } from './library-fixtures.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

/** Every entry of a zip, read back with yauzl, as name → bytes. */
async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

async function fillLibrary(): Promise<Project[]> {
  const a = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Our new running shoe.', platforms: ['tiktok'] });
  const b = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-biden-tall.jpg'), script: 'Lesson one: fractions.' });
  await createProject(t.library, { type: 'lifestyle_content', photoPath: fixture('portrait-obama.jpg'), script: 'Same photo, other idea.' });
  await importRender(t.library, a.id, await makeRenderOutput(path.join(t.scratch, 'render'), { photo: fixture('portrait-obama.jpg') }));
  const srt = path.join(t.scratch, 'captions.srt');
  writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nOur new running shoe.\n');
  await recordKit(t.library, a.id, { platforms: ['tiktok'], manifest: { version: 1 }, files: [{ name: 'tiktok/captions.srt', file: srt, platform: 'tiktok' }] });
  await thumbnailFor(t.library, b.photo.hash);
  setSetting(t.library, 'defaultPlatforms', ['tiktok', 'youtube-shorts']);
  setSetting(t.library, 'voice.en', 'en-us');
  t.library.sqlite.prepare("INSERT INTO usage_events (kind, provider, cost_usd, created_at) VALUES ('render', 'local', 0, ?)").run(Date.now());
  return listProjects(t.library, { sort: 'created', order: 'asc' }).items.map((p) => getProject(t.library, p.id));
}

describe('export all my data', () => {
  it('writes one zip whose projects, files and settings equal the library', async () => {
    const projects = await fillLibrary();
    const target = path.join(t.scratch, 'my-talkingphoto.zip');
    const summary = await exportAllData(t.library, target);
    expect(summary).toMatchObject({ file: target, projects: 3, missingFiles: [] });

    const zip = await readZip(target);
    const json = (name: string): unknown => JSON.parse(zip.get(name)!.toString('utf8'));
    expect(json('projects.json')).toEqual(projects);
    expect(json('settings.json')).toEqual(allSettings(t.library));
    expect(json('settings.json')).toEqual({ defaultPlatforms: ['tiktok', 'youtube-shorts'], 'voice.en': 'en-us' });
    expect((json('activity.json') as { usageEvents: unknown[] }).usageEvents).toHaveLength(1);
    expect(json('export.json')).toMatchObject({ format: 'talkingphoto-export', version: 1, projects: 3, files: summary.files });

    // Every library file is in the archive under the path projects.json gives it, byte for byte.
    const libraryFiles = filesUnder(path.join(t.dataDir, 'assets')).map((f) => `assets/${f}`);
    expect([...zip.keys()].filter((name) => name.startsWith('assets/')).sort()).toEqual(libraryFiles);
    for (const name of libraryFiles) expect(sha256(zip.get(name)!)).toBe(path.basename(name).split('.')[0]);
    const referenced = projects.flatMap((p) => [p.photo, p.audio, p.video, p.enhancedPhoto, ...(p.kit?.files.map((f) => f.asset) ?? [])]);
    for (const asset of referenced) if (asset) expect(zip.has(asset.path)).toBe(true);
    // Thumbnails can be made again; they are not the creator's data.
    expect([...zip.keys()].some((name) => name.startsWith('derived/'))).toBe(false);
    // Nothing half-written is left beside the archive.
    expect(readdirSync(t.scratch).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('refuses a destination folder that does not exist', async () => {
    await expect(exportAllData(t.library, path.join(t.scratch, 'nope', 'export.zip'))).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE' });
  });
});

describe('delete everything', () => {
  it('leaves an empty library that still works', async () => {
    await fillLibrary();
    await t.library.backup();
    await deleteEverything(t.library);

    expect(listProjects(t.library)).toEqual({ items: [], total: 0, nextCursor: null });
    expect(allSettings(t.library)).toEqual({});
    for (const table of ['assets', 'projects', 'kits', 'kit_files', 'jobs', 'usage_events', 'provider_health', 'provider_jobs', 'provider_cache', 'settings', 'file_removals']) {
      expect(t.library.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(filesUnder(t.dataDir).filter((f) => !/^library\.db(-wal|-shm)?$/.test(f) && !isLeaseFile(f))).toEqual([]);
    expect(listProjects(t.library, { search: 'running' }).total).toBe(0);

    // Still a working library, and still one after reopening.
    const again = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Starting over.' });
    expect(listProjects(t.library, { search: 'over' }).items.map((p) => p.id)).toEqual([again.id]);
    t.library.close();
    const reopened = openLibrary({ dataDir: t.dataDir });
    expect(listProjects(reopened).total).toBe(1);
    reopened.close();
    expect(existsSync(path.join(t.dataDir, 'backups'))).toBe(false);
  });
});
