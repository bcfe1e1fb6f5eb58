import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices, type MainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { applyPendingMove, createProject, libraryFolder, listProjects, openLibrary, recordKit } from '../../src-main/app/library/index.js';
import { LOCATION_FILE } from '../../src-main/app/library/library-location.js';
import { fixture } from '../support/fixtures.js';
import { filesUnder, tempLibrary, type TempLibrary } from './library-fixtures.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };

let t: TempLibrary;
let services: MainServices;
beforeEach(() => {
  t = tempLibrary();
  services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
});
afterEach(async () => {
  await services.shutdown();
  t.cleanup();
});

type Channel = Parameters<MainServices['dispatcher']['call']>[0];
const call = (channel: Channel, payload: unknown) => services.dispatcher.call(channel, payload as never, SENDER);

describe('preferences kept by main', () => {
  it('starts from the defaults, keeps a change through a restart, and answers the whole record', async () => {
    expect(await call('settings:get', {})).toMatchObject({
      ok: true,
      value: { preferences: { theme: 'system', language: 'en', voice: null, platforms: [], size: 'auto' }, library: { folder: t.dataDir, movingTo: null } },
    });
    const changed = await call('settings:set', { theme: 'dark', language: 'de', platforms: ['tiktok', 'instagram-reels'], size: '720x1280' });
    // Platforms come back in the catalogue's order, whatever order they were ticked in.
    expect(changed).toMatchObject({ ok: true, value: { preferences: { theme: 'dark', language: 'de', platforms: ['instagram-reels', 'tiktok'], size: '720x1280' } } });

    await services.shutdown();
    t.library.close();
    t.library = openLibrary({ dataDir: t.dataDir });
    services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
    expect(await call('settings:get', {})).toMatchObject({ ok: true, value: { preferences: { theme: 'dark', language: 'de', size: '720x1280' } } });
  });

  it("refuses a voice the language does not have with the engine's sentence, and a new language forgets the old voice", async () => {
    const refused = await call('settings:set', { language: 'fr', voice: 'en-us' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VOICE_UNKNOWN' } });
    expect((await call('settings:get', {})).ok && (await call('settings:get', {}))).toMatchObject({ value: { preferences: { language: 'en' } } });

    const voices = await call('voices:list', { language: 'en' });
    const other = voices.ok ? (voices.value as { voices: Array<{ id: string; isDefault: boolean }> }).voices.find((v) => !v.isDefault)?.id : undefined;
    expect(other).toBeDefined();
    expect(await call('settings:set', { voice: other })).toMatchObject({ ok: true, value: { preferences: { voice: other } } });
    expect(await call('settings:set', { language: 'es' })).toMatchObject({ ok: true, value: { preferences: { language: 'es', voice: null } } });
  });

  it('remembers a voice per language, a system voice included, merging one language at a time and forgetting on null', async () => {
    expect(await call('settings:set', { voiceByLanguage: { en: 'system:linux:flite:kal16' } })).toMatchObject({
      ok: true,
      value: { preferences: { voiceByLanguage: { en: 'system:linux:flite:kal16' } } },
    });
    const both = await call('settings:set', { voiceByLanguage: { ja: 'ja+f3' } });
    expect(both).toMatchObject({ ok: true, value: { preferences: { voiceByLanguage: { en: 'system:linux:flite:kal16', ja: 'ja+f3' } } } });
    expect(await call('settings:set', { voiceByLanguage: { de: 'en-us' } })).toMatchObject({ ok: false, error: { code: 'VOICE_UNKNOWN' } });
    const forgot = await call('settings:set', { voiceByLanguage: { en: null } });
    expect(forgot).toMatchObject({ ok: true, value: { preferences: { voiceByLanguage: { ja: 'ja+f3' } } } });
    expect(forgot).not.toMatchObject({ value: { preferences: { voiceByLanguage: { en: expect.anything() } } } });
  });

  it('refuses a value it does not know, keeping what was saved', async () => {
    await call('settings:set', { size: '1080x1920' });
    expect(await call('settings:set', { size: '4k' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('settings:get', {})).toMatchObject({ value: { preferences: { size: '1080x1920' } } });
  });
});

describe('moving the library', () => {
  it('refuses a relative path, a folder that is not empty, and one inside the library, each with a sentence', async () => {
    expect(await call('library:move', { folder: 'videos/lib' })).toMatchObject({ ok: false, error: { code: 'BAD_OPTION', message: expect.stringMatching(/full path/) } });
    const full = path.join(t.scratch, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'holiday.jpg'), 'x');
    expect(await call('library:move', { folder: full })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not empty: choose an empty folder/) } });
    expect(await call('library:move', { folder: path.join(t.dataDir, 'assets', 'new') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/inside the current library/) } });
    expect(existsSync(path.join(t.dataDir, LOCATION_FILE))).toBe(false);
  });

  it('moves at the next start: the projects open from the new folder and the old one keeps only the pointer', async () => {
    const made = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.' });
    const target = path.join(t.scratch, 'Videos', 'TalkingPhoto');
    const asked = await call('library:move', { folder: target });
    expect(asked).toMatchObject({ ok: true, value: { chosen: true, library: { folder: t.dataDir, movingTo: target } } });
    // Until the restart, the library stays where it is.
    expect(libraryFolder(t.dataDir)).toBe(t.dataDir);

    await services.shutdown();
    t.library.close();
    const state = await applyPendingMove(t.dataDir);
    expect(state).toEqual({ folder: target, movingTo: null, problem: null });
    expect(libraryFolder(t.dataDir)).toBe(target);
    expect(filesUnder(t.dataDir)).toEqual([LOCATION_FILE]);

    t.library = openLibrary({ dataDir: libraryFolder(t.dataDir) });
    services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
    expect(listProjects(t.library, {}).items.map((p) => p.id)).toEqual([made.id]);
    expect(await call('settings:get', {})).toMatchObject({ value: { library: { folder: target, movingTo: null } } });
  });

  it('a move that cannot finish leaves the library where it was, removes the copy and says why', async () => {
    await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price this week.' });
    const target = path.join(t.scratch, 'locked');
    await call('library:move', { folder: target });
    await services.shutdown();
    t.library.close();
    // Something else writes into the target after the move was asked for.
    writeFileSync(path.join(target, 'library.db'), 'not ours');
    const state = await applyPendingMove(t.dataDir);
    expect(state.folder).toBe(t.dataDir);
    expect(state.movingTo).toBeNull();
    expect(state.problem).toMatch(/did not work .* so it stays where it was/);
    expect(existsSync(path.join(target, 'assets'))).toBe(false);
    t.library = openLibrary({ dataDir: libraryFolder(t.dataDir) });
    expect(listProjects(t.library, {}).total).toBe(1);
    services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog, library: t.library, home: t.dataDir });
  });
});

describe('the kit saved as a folder', () => {
  it('writes every kit file under "<title> kit", never into a folder that exists, and refuses a project with no kit', async () => {
    const project = await createProject(t.library, {
      type: 'product_demo',
      title: 'Spring sale: 50% off / today',
      photoPath: fixture('portrait-obama.jpg'),
      script: 'Half price.',
      platforms: ['tiktok'],
    });
    expect(await call('projects:saveKit', { projectId: project.id, destination: t.scratch })).toMatchObject({ ok: false, error: { code: 'KIT_NOT_FOUND' } });

    const srt = path.join(t.scratch, 'captions.srt');
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHalf price.\n');
    const manifest = path.join(t.scratch, 'manifest.json');
    writeFileSync(manifest, '{"version":1}');
    await recordKit(t.library, project.id, {
      platforms: ['tiktok'],
      manifest: { version: 1 },
      files: [
        { name: 'manifest.json', file: manifest, platform: 'tiktok' },
        { name: 'captions/captions.srt', file: srt, platform: 'tiktok' },
      ],
    });
    const out = path.join(t.scratch, 'exports');
    mkdirSync(out);
    const first = await call('projects:saveKit', { projectId: project.id, destination: out });
    expect(first).toEqual({ ok: true, value: { folder: path.join(out, 'Spring sale 50% off today kit'), files: 2 } });
    expect(filesUnder(path.join(out, 'Spring sale 50% off today kit'))).toEqual(['captions/captions.srt', 'manifest.json']);
    expect(readFileSync(path.join(out, 'Spring sale 50% off today kit', 'captions', 'captions.srt'), 'utf8')).toMatch(/Half price/);
    const second = await call('projects:saveKit', { projectId: project.id, destination: out });
    expect(second).toMatchObject({ value: { folder: path.join(out, 'Spring sale 50% off today kit 2') } });
    // Nothing half-written is left beside them.
    expect(filesUnder(out).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('a place it cannot write to is one sentence, and leaves nothing behind', async () => {
    const project = await createProject(t.library, { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Half price.', platforms: ['tiktok'] });
    const srt = path.join(t.scratch, 'captions.srt');
    writeFileSync(srt, '1\n00:00:00,000 --> 00:00:01,000\nHalf price.\n');
    await recordKit(t.library, project.id, { platforms: ['tiktok'], manifest: {}, files: [{ name: 'captions.srt', file: srt, platform: 'tiktok' }] });
    // A file where a folder should be fails the same way a read-only disk does, even for root.
    const notAFolder = path.join(t.scratch, 'notes.txt');
    writeFileSync(notAFolder, 'x');
    expect(await call('projects:saveKit', { projectId: project.id, destination: notAFolder })).toMatchObject({
      ok: false,
      error: { code: 'OUTPUT_NOT_WRITABLE', message: expect.stringMatching(/choose a folder you may write to/) },
    });
    expect(filesUnder(t.scratch).filter((name) => name.includes('.partial'))).toEqual([]);
  });
});

describe('the crash-report choice', () => {
  it('is off by default, kept when the creator ticks it, told to the door (the crash reporter) each time, and refused when not a yes or no', async () => {
    const heard: boolean[] = [];
    const own = tempLibrary();
    const door = createMainServices({
      shell: new HostShell(),
      appVersion: '0.0.0-test',
      log: silentLog,
      library: own.library,
      home: own.dataDir,
      onPreferences: (p) => heard.push(p.uploadCrashReports),
    });
    try {
      const call = (channel: Channel, payload: unknown) => door.dispatcher.call(channel, payload as never, SENDER);
      expect(await call('settings:get', {})).toMatchObject({ ok: true, value: { preferences: { uploadCrashReports: false } } });
      expect(await call('settings:set', { uploadCrashReports: true })).toMatchObject({ ok: true, value: { preferences: { uploadCrashReports: true } } });
      expect(await call('settings:set', { theme: 'dark' })).toMatchObject({ ok: true, value: { preferences: { uploadCrashReports: true } } });
      expect(await call('settings:set', { uploadCrashReports: 'yes' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await call('settings:set', { uploadCrashReports: false })).toMatchObject({ ok: true, value: { preferences: { uploadCrashReports: false } } });
      expect(heard).toEqual([true, true, false]);
    } finally {
      await door.shutdown();
      own.cleanup();
    }
  });
});
