import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allSettings,
  assetFile,
  createProject,
  deleteProject,
  duplicateProject,
  getProject,
  getSetting,
  importAsset,
  importRender,
  openLibrary,
  recordKit,
  setSetting,
  sweepStrayFiles,
  thumbnailFor,
  updateProject,
} from '../../src-main/app/library/index.js';
import { OUTPUT_FILES } from '../../src-main/engine/pipeline/render-project.js';
import { makeWav } from '../support/media.js';
import { fixture } from '../support/fixtures.js';
import { filesUnder, isLeaseFile, makeRenderOutput, sha256, tempLibrary, type TempLibrary } from './library-fixtures.js';

let t: TempLibrary;
beforeEach(() => {
  t = tempLibrary();
});
afterEach(() => t.cleanup());

const SCRIPT = 'Hi, I am Maya. Here is our new running shoe, light enough to forget you are wearing it.';

describe('projects in the library', () => {
  it('stores a photo imported twice only once, under its sha256', async () => {
    const photo = fixture('portrait-obama.jpg');
    // The same bytes under another name are still the same photo.
    const renamed = path.join(t.scratch, 'holiday.jpg');
    copyFileSync(photo, renamed);
    const a = await createProject(t.library, { type: 'product_demo', photoPath: photo, script: SCRIPT, platforms: ['tiktok'] });
    const b = await createProject(t.library, { type: 'educational', photoPath: renamed, script: 'Lesson one.' });

    // Stored under the hash of the clean (metadata-free) picture, the same for both.
    const hash = a.photo.hash;
    expect(b.photo).toEqual(a.photo);
    expect(filesUnder(path.join(t.dataDir, 'assets'))).toEqual([`${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}.jpg`]);
    expect(sha256(assetFile(t.library, a.photo))).toBe(hash);
    expect(a.photoMetadata).toMatchObject({ name: 'portrait-obama.jpg', format: 'jpeg' });
    expect(b.photoMetadata?.name).toBe('holiday.jpg');
  });

  it('stores the photo upright and without GPS or camera metadata', async () => {
    const sharp = (await import('sharp')).default;
    const tagged = path.join(t.scratch, 'phone.jpg');
    await sharp(fixture('low-res-240p.jpg'))
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'P1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toFile(tagged);
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const project = await createProject(t.library, { type: 'lifestyle_content', photoPath: tagged, script: SCRIPT });
    const stored = await sharp(assetFile(t.library, project.photo)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.orientation).toBeUndefined();
    // 427×240 turned a quarter: stored upright as 240×427.
    expect([stored.width, stored.height]).toEqual([240, 427]);
  });

  it('fills the spec defaults and derives a title from the script', async () => {
    const p = await createProject(t.library, { type: 'avatar_presentation', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    expect(p).toMatchObject({ status: 'pending', language: 'en', targetDurationS: null, platforms: [], description: '', video: null, kit: null, error: null });
    expect(p.title.length).toBeLessThanOrEqual(60);
    expect(p.title.startsWith('Hi, I am Maya.')).toBe(true);
    expect(getProject(t.library, p.id)).toEqual(p);
  });

  it('refuses a text file as the photo with NOT_AN_IMAGE and stores nothing', async () => {
    const fake = path.join(t.scratch, 'notes.jpg');
    writeFileSync(fake, 'Remember to buy milk.\n'.repeat(50));
    await expect(createProject(t.library, { type: 'educational', photoPath: fake, script: 'x' })).rejects.toMatchObject({ code: 'NOT_AN_IMAGE' });
    await expect(createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), targetDurationS: 61 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    expect(filesUnder(t.dataDir).filter((f) => !f.startsWith('library.db') && !isLeaseFile(f))).toEqual([]);
  });

  it('keeps a recording as the project audio', async () => {
    const wav = path.join(t.scratch, 'voice.wav');
    await makeWav(wav, 0.5, 'tone');
    const p = await createProject(t.library, { type: 'lifestyle_content', photoPath: fixture('portrait-obama.jpg'), audioPath: wav });
    expect(p.audio).toMatchObject({ hash: sha256(wav), mime: 'audio/wav' });
    expect(p.script).toBeNull();
    expect(p.title).toBe('portrait-obama');
  });

  it('keeps "keep my raw take" with a recording, after the library is reopened and in a duplicate; a script has no raw take', async () => {
    const wav = path.join(t.scratch, 'voice.wav');
    await makeWav(wav, 0.5, 'tone');
    const raw = await createProject(t.library, { type: 'lifestyle_content', photoPath: fixture('portrait-obama.jpg'), audioPath: wav, rawVoice: true });
    const cleaned = await createProject(t.library, { type: 'lifestyle_content', photoPath: fixture('portrait-obama.jpg'), audioPath: wav });
    const scripted = await createProject(t.library, { type: 'lifestyle_content', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, rawVoice: true });
    expect([raw.rawVoice, cleaned.rawVoice, scripted.rawVoice]).toEqual([true, false, false]);
    t.library.close();
    t.library = openLibrary({ dataDir: t.dataDir });
    expect(getProject(t.library, raw.id).rawVoice).toBe(true);
    expect(getProject(t.library, cleaned.id).rawVoice).toBe(false);
    expect(duplicateProject(t.library, raw.id).rawVoice).toBe(true);
    expect((t.library.sqlite.prepare('SELECT raw_voice FROM projects WHERE id = ?').get(raw.id) as { raw_voice: number }).raw_voice).toBe(1);
  });

  it('updates fields and stamps status times', async () => {
    const p = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT }, { now: 1_000 });
    const running = updateProject(t.library, p.id, { status: 'processing', title: 'Shoe launch' }, { now: 2_000 });
    expect(running).toMatchObject({ status: 'processing', title: 'Shoe launch', startedAt: new Date(2_000).toISOString(), updatedAt: new Date(2_000).toISOString() });
    const failed = updateProject(t.library, p.id, { status: 'failed', error: { code: 'NO_FACE', message: 'No face was found.' } }, { now: 3_000 });
    expect(failed.error).toEqual({ code: 'NO_FACE', message: 'No face was found.' });
    expect(updateProject(t.library, p.id, { status: 'processing' }).error).toBeNull();
    expect(() => updateProject(t.library, p.id, { status: 'done' as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => updateProject(t.library, 'nope', { title: 'x' })).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
  });

  it('records a finished render: video, enhanced photo, scores, timings and tools', async () => {
    const p = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    const out = await makeRenderOutput(path.join(t.scratch, 'render'), { photo: fixture('portrait-obama.jpg') });
    const done = await importRender(t.library, p.id, out);
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    expect(done.video).toMatchObject({ hash: sha256(path.join(out, 'video.mp4')), mime: 'video/mp4' });
    expect(done.enhancedPhoto?.hash).toBe(sha256(path.join(out, 'enhanced.jpg')));
    expect(done.qualityScores?.image).toEqual({ before: 6.1, after: 8.4 });
    expect(done.stageTimings?.totalMs).toBe(3900);
    expect(done.stageTimings?.stages.map((s) => s.stage)).toEqual(['intake', 'face', 'enhance', 'voice', 'animate']);
    expect(done.providersUsed?.map((u) => u.capability)).toEqual(['image_enhancement', 'speech', 'video_generation']);
    expect(done.renderReport?.voice.words[0]?.text).toBe('Hello');
    // The output folder is read, never changed.
    expect(filesUnder(out)).toEqual(['enhanced.jpg', 'report.json', 'video.mp4']);
  });

  it('uses the same output file names as renderProject', () => {
    expect(OUTPUT_FILES).toEqual({ video: 'video.mp4', enhancedPhoto: 'enhanced.jpg', report: 'report.json' });
  });

  it('refuses an incomplete render folder with RENDER_OUTPUT_INVALID and changes nothing', async () => {
    const p = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    const out = await makeRenderOutput(path.join(t.scratch, 'render'), { photo: fixture('portrait-obama.jpg') });
    writeFileSync(path.join(out, 'report.json'), '{"version": 1');
    await expect(importRender(t.library, p.id, out)).rejects.toMatchObject({ code: 'RENDER_OUTPUT_INVALID' });
    expect(getProject(t.library, p.id)).toEqual(p);
    expect(filesUnder(path.join(t.dataDir, 'assets'))).toHaveLength(1);
  });

  it('duplicates a project with its inputs and shares the files', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, platforms: ['youtube-shorts', 'tiktok'], targetDurationS: 30 });
    await importRender(t.library, p.id, await makeRenderOutput(path.join(t.scratch, 'r'), { photo: fixture('portrait-obama.jpg') }));
    const copy = duplicateProject(t.library, p.id);
    expect(copy.id).not.toBe(p.id);
    expect(copy).toMatchObject({ title: `${p.title} (copy)`, status: 'pending', script: SCRIPT, platforms: ['youtube-shorts', 'tiktok'], targetDurationS: 30, video: null });
    expect(copy.photo).toEqual(p.photo);
    expect(filesUnder(path.join(t.dataDir, 'assets'))).toHaveLength(3);
  });

  it('stores the voice picked for the script, keeps it in a duplicate, and has none for the default', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, language: 'en', voice: 'EN-GB' });
    // Stored as the catalog spells it, whatever the case it was picked in.
    expect(p.voice).toBe('en-gb');
    expect(getProject(t.library, p.id).voice).toBe('en-gb');
    expect(duplicateProject(t.library, p.id).voice).toBe('en-gb');
    const plain = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    expect(plain.voice).toBeNull();
    expect(duplicateProject(t.library, plain.id).voice).toBeNull();
  });

  it('refuses a voice its language does not have, with the engine’s sentence, and stores nothing', async () => {
    const refused = createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hola a todos.', language: 'es', voice: 'en-gb' });
    await expect(refused).rejects.toMatchObject({
      code: 'VOICE_UNKNOWN',
      message: 'There is no voice "en-gb" for this language: choose one of es, es+f3, es-419, es-419+f3.',
    });
    expect(filesUnder(t.dataDir).filter((f) => !f.startsWith('library.db') && !isLeaseFile(f))).toEqual([]);
  });

  it('checks the voice again when the language changes, and a new voice against the language', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT, voice: 'en-gb' });
    expect(() => updateProject(t.library, p.id, { language: 'fr' })).toThrow(expect.objectContaining({ code: 'VOICE_UNKNOWN' }));
    expect(getProject(t.library, p.id)).toMatchObject({ language: 'en', voice: 'en-gb' });
    expect(updateProject(t.library, p.id, { language: 'fr', voice: 'fr-fr+f3' })).toMatchObject({ language: 'fr', voice: 'fr-fr+f3' });
    expect(updateProject(t.library, p.id, { voice: null })).toMatchObject({ language: 'fr', voice: null });
    expect(updateProject(t.library, p.id, { language: 'de' })).toMatchObject({ language: 'de', voice: null });
  });

  it('deletes a project with its files, keeping files another project still uses', async () => {
    const shared = fixture('portrait-obama.jpg');
    const keep = await createProject(t.library, { type: 'educational', photoPath: shared, script: 'Keep me.' });
    const drop = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-biden-tall.jpg'), script: SCRIPT });
    const alsoShared = await createProject(t.library, { type: 'educational', photoPath: shared, script: 'Me too.' });
    await importRender(t.library, drop.id, await makeRenderOutput(path.join(t.scratch, 'r1'), { photo: shared, hue: 10 }));
    await thumbnailFor(t.library, drop.photo.hash);
    const kitFile = path.join(t.scratch, 'captions.srt');
    writeFileSync(kitFile, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
    await recordKit(t.library, drop.id, { platforms: ['tiktok'], manifest: { version: 1 }, files: [{ name: 'tiktok/captions.srt', file: kitFile, platform: 'tiktok' }] });

    await deleteProject(t.library, drop.id);
    await deleteProject(t.library, alsoShared.id);

    expect(() => getProject(t.library, drop.id)).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
    // Only the photo the remaining project uses is left, and nothing else anywhere.
    const hash = keep.photo.hash;
    expect(filesUnder(path.join(t.dataDir, 'assets'))).toEqual([`${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}.jpg`]);
    expect(filesUnder(path.join(t.dataDir, 'derived'))).toEqual([]);
    expect(t.library.sqlite.prepare('SELECT count(*) AS n FROM assets').get()).toEqual({ n: 1 });
    expect(t.library.sqlite.prepare('SELECT count(*) AS n FROM kits').get()).toEqual({ n: 0 });
    expect(await sweepStrayFiles(t.library)).toEqual([]);
    await expect(deleteProject(t.library, drop.id)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('replaces the video on a re-render and removes the old one', async () => {
    const p = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    const first = await importRender(t.library, p.id, await makeRenderOutput(path.join(t.scratch, 'a'), { photo: fixture('portrait-obama.jpg'), hue: 0 }));
    const second = await importRender(t.library, p.id, await makeRenderOutput(path.join(t.scratch, 'b'), { photo: fixture('portrait-obama.jpg'), hue: 40, imageAfter: 9 }));
    expect(second.video?.hash).not.toBe(first.video?.hash);
    expect(second.qualityScores?.image?.after).toBe(9);
    const onDisk = filesUnder(path.join(t.dataDir, 'assets')).map((f) => path.basename(f).split('.')[0]);
    expect(onDisk.sort()).toEqual([p.photo.hash, second.video!.hash, second.enhancedPhoto!.hash].sort());
  });

  it('keeps the export kit with the project and replaces it when a new kit is made', async () => {
    const p = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    const srt = path.join(t.scratch, 'captions.srt');
    const post = path.join(t.scratch, 'post.txt');
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHi\n');
    writeFileSync(post, 'New shoe! #running');
    await recordKit(t.library, p.id, { platforms: ['tiktok'], manifest: { first: true }, files: [{ name: 'tiktok/captions.srt', file: srt, platform: 'tiktok' }] });
    const kit = await recordKit(t.library, p.id, {
      platforms: ['tiktok', 'linkedin'],
      manifest: { first: false },
      files: [
        { name: 'linkedin/post.txt', file: post, platform: 'linkedin' },
        { name: 'tiktok/captions.srt', file: srt, platform: 'tiktok' },
      ],
    });
    const opened = getProject(t.library, p.id).kit;
    expect(opened).toEqual(kit);
    expect(opened?.manifest).toEqual({ first: false });
    expect(opened?.files.map((f) => [f.name, f.asset.mime])).toEqual([
      ['linkedin/post.txt', 'text/plain'],
      ['tiktok/captions.srt', 'application/x-subrip'],
    ]);
    expect(t.library.sqlite.prepare('SELECT count(*) AS n FROM kits').get()).toEqual({ n: 1 });
    await expect(recordKit(t.library, p.id, { platforms: [], manifest: {}, files: [{ name: '../escape.txt', file: post }] })).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});

describe('after a crash', () => {
  it('finishes removing files whose rows were already deleted, on the next open', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    const file = assetFile(t.library, p.photo);
    // What a crash right after the delete transaction committed leaves behind.
    t.library.transaction(() => {
      t.library.sqlite.prepare('DELETE FROM projects WHERE id = ?').run(p.id);
      t.library.sqlite.prepare('DELETE FROM assets WHERE hash = ?').run(p.photo.hash);
      t.library.sqlite.prepare('INSERT INTO file_removals (path, queued_at) VALUES (?, 0)').run(p.photo.path);
    });
    t.library.close();
    expect(existsSync(file)).toBe(true);
    t.library = openLibrary({ dataDir: t.dataDir });
    expect(existsSync(file)).toBe(false);
    expect(t.library.sqlite.prepare('SELECT count(*) AS n FROM file_removals').get()).toEqual({ n: 0 });
  });

  it('sweeps files no row accounts for, and keeps every file that is used', async () => {
    const p = await createProject(t.library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: SCRIPT });
    await thumbnailFor(t.library, p.photo.hash);
    const stray = path.join(t.dataDir, 'assets', '00', '00', `${'0'.repeat(64)}.jpg`);
    mkdirSync(path.dirname(stray), { recursive: true });
    copyFileSync(fixture('portrait-biden-tall.jpg'), stray);
    // Imported, but the project that was to use it never came.
    const unused = await importAsset(t.library, fixture('two-faces.jpg'));
    expect((await sweepStrayFiles(t.library)).sort()).toEqual([unused.path, `assets/00/00/${'0'.repeat(64)}.jpg`].sort());
    expect(filesUnder(path.join(t.dataDir, 'assets'))).toEqual([p.photo.path.slice('assets/'.length)]);
    expect(existsSync(assetFile(t.library, p.photo))).toBe(true);
    expect(filesUnder(path.join(t.dataDir, 'derived'))).toHaveLength(1);
  });
});

describe('settings', () => {
  it('keeps JSON values by name and forgets one set to undefined', () => {
    setSetting(t.library, 'budget.perProjectUsd', 0.5);
    setSetting(t.library, 'defaultPlatforms', ['tiktok']);
    expect(getSetting(t.library, 'budget.perProjectUsd')).toBe(0.5);
    expect(allSettings(t.library)).toEqual({ 'budget.perProjectUsd': 0.5, defaultPlatforms: ['tiktok'] });
    setSetting(t.library, 'defaultPlatforms', undefined);
    expect(getSetting(t.library, 'defaultPlatforms')).toBeUndefined();
    expect(() => setSetting(t.library, '../etc', 1)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
