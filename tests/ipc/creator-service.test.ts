import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import { photoTooLargeMessage, MAX_PHOTO_BYTES } from '../../src-shared/limits.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices } from '../../src-main/app/ipc/main-services.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { PhotoDrafts, DRAFT_MAX_AGE_MS } from '../../src-main/app/drafts/photo-drafts.js';
import { getProject, importRender, listProjects, recordKit } from '../../src-main/app/library/index.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { makeRenderOutput } from '../library/library-fixtures.js';
import { grantPlan } from '../support/plans.js';
import { zipEntryNames } from '../support/zip.js';
import { makeWav } from '../support/media.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog });
const { dispatcher, library, media } = services;
// More projects than the free plan's three a month are made here.
grantPlan(library, 'pro');
const work = tempDir('tp-creator-');
afterAll(async () => {
  await services.shutdown();
  work.cleanup();
});

const base64Of = (file: string): string => readFileSync(file).toString('base64');

async function fileOf(ref: MediaRef): Promise<string> {
  const found = await media.lookup(`${ref.root}/${ref.path}`);
  if (!found.ok) throw new Error(`not shared: ${ref.path} (${found.reason})`);
  return found.file;
}

async function imported(name: Parameters<typeof fixture>[0]) {
  const answer = await dispatcher.call('photos:import', { name, bytesBase64: base64Of(fixture(name)) }, SENDER);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

const draftsDir = (): string => library.paths.drafts;
const listProjectIds = (): string[] => listProjects(library, { limit: 200 }).items.map((p) => p.id);
const draftFolders = (): string[] => (existsSync(draftsDir()) ? readdirSync(draftsDir()) : []);

describe('photos:import', () => {
  it("imports a dropped photo's bytes: faces found, quality measured, the preview and the enhanced photo shared and nothing else", async () => {
    const photo = await imported('portrait-obama.jpg');
    expect(photo.width).toBeGreaterThan(0);
    expect(photo.faces).toHaveLength(1);
    expect(photo.chosenFace).toBe(0);
    const { box, confidence } = photo.faces[0]!;
    expect(confidence).toBeGreaterThan(0.5);
    // The face sits in the upper middle of the portrait, as fractions of the photo.
    expect(box.x).toBeGreaterThan(0.2);
    expect(box.x + box.width).toBeLessThan(0.8);
    expect(box.y).toBeLessThan(0.5);
    expect(photo.quality.after).toBeGreaterThanOrEqual(photo.quality.before);

    const preview = await sharp(await fileOf(photo.preview)).metadata();
    expect(preview.format).toBe('jpeg');
    expect(Math.max(preview.width!, preview.height!)).toBeLessThanOrEqual(1600);
    expect(preview.exif).toBeUndefined();
    expect((await sharp(await fileOf(photo.enhanced)).metadata()).format).toBe('jpeg');
    // The bytes as sent and the draft's record stay private.
    for (const hidden of ['upload', 'draft.json']) expect((await media.lookup(`${photo.preview.root}/${hidden}`)).ok).toBe(false);
  });

  it('refuses a text file named .jpg with NOT_AN_IMAGE and leaves no draft behind', async () => {
    const before = draftFolders();
    const answer = await dispatcher.call('photos:import', { name: 'holiday.jpg', bytesBase64: Buffer.from('Dear diary, today I went to the beach.\n').toString('base64') }, SENDER);
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_AN_IMAGE', message: 'This file is not a photo: choose a JPEG, PNG or WebP image.' } });
    expect(draftFolders()).toEqual(before);
  });

  it('refuses a photo without a face with NO_FACE, before anything is written', async () => {
    const before = draftFolders();
    const landscape = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 150, b: 210 } } })
      .composite([{ input: { create: { width: 640, height: 160, channels: 3, background: { r: 60, g: 120, b: 40 } } }, top: 320, left: 0 }])
      .jpeg()
      .toBuffer();
    const answer = await dispatcher.call('photos:import', { name: 'field.jpg', bytesBase64: landscape.toString('base64') }, SENDER);
    expect(answer).toMatchObject({ ok: false, error: { code: 'NO_FACE', message: expect.stringMatching(/^No face was found/) } });
    expect(draftFolders()).toEqual(before);
  });

  it("refuses bytes over the photo limit with intake's own sentence, and an empty file with FILE_EMPTY", async () => {
    const size = MAX_PHOTO_BYTES + 1024 * 1024;
    const tooLarge = await dispatcher.call('photos:import', { name: 'huge.jpg', bytesBase64: Buffer.alloc(size).toString('base64') }, SENDER);
    expect(tooLarge).toEqual({ ok: false, error: { code: 'FILE_TOO_LARGE', message: photoTooLargeMessage(size) } });
    expect(await dispatcher.call('photos:import', { name: 'empty.jpg', bytesBase64: '' }, SENDER)).toMatchObject({ ok: false, error: { code: 'FILE_EMPTY' } });
    expect(await dispatcher.call('photos:import', { name: 'x.jpg', bytesBase64: 'not base64!' }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('imports by path where the front door allows it (the host: full paths only)', async () => {
    expect(await dispatcher.call('photos:importPath', { path: 'portrait-obama.jpg' }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_OPTION' } });
    expect(await dispatcher.call('photos:importPath', { path: path.join(work.dir, 'gone.jpg') }, SENDER)).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    const answer = await dispatcher.call('photos:importPath', { path: fixture('two-faces.jpg') }, SENDER);
    expect(answer.ok && answer.value.faces.length).toBe(2);
  });
});

describe('projects:create from an imported photo', () => {
  it("makes the project from the token, with the photo's own name and the face the creator picked", async () => {
    const photo = await imported('two-faces.jpg');
    expect(photo.faces.length).toBe(2);
    const created = await dispatcher.call('projects:create', { type: 'avatar_presentation', photoToken: photo.photoToken, faceIndex: 1, script: 'Hello from the left.' }, SENDER);
    if (!created.ok) throw new Error(created.error.message);
    const project = getProject(library, created.value.projectId);
    expect(project.photoMetadata).toMatchObject({ name: 'two-faces.jpg', format: 'jpeg', faceIndex: 1 });
    expect(project.title).toBe('Hello from the left.');
    expect(project.photo.mime).toBe('image/jpeg');

    // The render animates the face the creator picked, not the largest.
    const finished = new Promise<unknown>((resolve) => {
      const stop = services.events.subscribe((event, payload) => {
        if (event !== 'job:finished' || (payload as { state: string }).state === 'retrying') return;
        stop();
        resolve(payload);
      });
    });
    const job = await dispatcher.call('jobs:enqueue', { projectId: project.id, width: 256, height: 448, verify: false }, SENDER);
    expect(job.ok).toBe(true);
    expect(await finished).toMatchObject({ state: 'completed' });
    const face = getProject(library, project.id).renderReport!.face.box;
    const picked = photo.faces[1]!.box;
    const { width, height } = project.photoMetadata!;
    expect((face.x + face.width / 2) / width).toBeCloseTo(picked.x + picked.width / 2, 1);
    expect((face.y + face.height / 2) / height).toBeCloseTo(picked.y + picked.height / 2, 1);

    expect(await dispatcher.call('projects:create', { type: 'educational', photoToken: photo.photoToken, faceIndex: 2, script: 'Hi.' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_OPTION', message: 'This photo has 2 faces: pick a face number from 1 to 2.' },
    });
    expect(await dispatcher.call('projects:create', { type: 'educational', photoToken: 'no-such-draft', script: 'Hi.' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'FILE_NOT_FOUND' },
    });
    // Exactly one of the two.
    for (const payload of [
      { type: 'educational', photoToken: photo.photoToken, photoPath: fixture('two-faces.jpg'), script: 'Hi.' },
      { type: 'educational', script: 'Hi.' },
    ]) {
      expect(await dispatcher.call('projects:create', payload, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('keeps the voice picked, shows it in projects:get, and refuses one the language lacks with the engine’s sentence', async () => {
    const photo = await imported('portrait-obama.jpg');
    const created = await dispatcher.call('projects:create', { type: 'educational', photoToken: photo.photoToken, script: 'Good morning.', language: 'en', voice: 'en-gb' }, SENDER);
    if (!created.ok) throw new Error(created.error.message);
    expect(getProject(library, created.value.projectId).voice).toBe('en-gb');
    const detail = await dispatcher.call('projects:get', { projectId: created.value.projectId }, SENDER);
    expect(detail.ok && detail.value.voice).toBe('en-gb');

    const before = listProjectIds();
    expect(await dispatcher.call('projects:create', { type: 'educational', photoToken: photo.photoToken, script: 'Guten Morgen.', language: 'de', voice: 'en-gb' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'VOICE_UNKNOWN', message: 'There is no voice "en-gb" for this language: choose one of de, de+f3.' },
    });
    expect(listProjectIds()).toEqual(before);
  });

  it('keeps working for callers that send a photo path', async () => {
    const created = await dispatcher.call('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Still works.' }, SENDER);
    expect(created.ok).toBe(true);
  });
});

describe('drafts', () => {
  it('saves and reads back the form, its photo shared again; null forgets it', async () => {
    expect(await dispatcher.call('drafts:save', { draft: null }, SENDER)).toEqual({ ok: true, value: { savedAt: null } });
    expect(await dispatcher.call('drafts:get', undefined, SENDER)).toEqual({ ok: true, value: { draft: null, photo: null, recording: null, savedAt: null } });
    const photo = await imported('portrait-obama.jpg');
    const draft = { photoToken: photo.photoToken, script: 'Half a thought', language: 'de' as const, platforms: ['tiktok' as const], burnCaptions: true };
    const saved = await dispatcher.call('drafts:save', { draft }, SENDER);
    expect(saved.ok && saved.value.savedAt).toMatch(/^\d{4}-/);
    const read = await dispatcher.call('drafts:get', undefined, SENDER);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.draft).toEqual({ ...draft, workflowType: 'avatar_presentation', coverTitle: false, trim: false });
    expect(read.value.photo).toMatchObject({ photoToken: photo.photoToken, faces: photo.faces, quality: photo.quality });
    expect(existsSync(await fileOf(read.value.photo!.preview))).toBe(true);
    expect(await dispatcher.call('drafts:save', { draft: { ...draft, language: 'xx' } }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('gives the form back without its photo once the photo was swept', async () => {
    const { dir, cleanup } = tempDir('tp-drafts-');
    try {
      const drafts = new PhotoDrafts(dir);
      const old = await drafts.importBytes('old.jpg', readFileSync(fixture('portrait-obama.jpg')));
      const kept = await drafts.importBytes('kept.jpg', readFileSync(fixture('portrait-obama.jpg')));
      const weekAgo = (Date.now() - DRAFT_MAX_AGE_MS - 60_000) / 1000;
      for (const token of [old.token, kept.token]) utimesSync(path.join(dir, token), weekAgo, weekAgo);
      writeFileSync(path.join(dir, 'stray'), '');
      expect(await drafts.sweep({ keep: kept.token })).toEqual([old.token]);
      expect(readdirSync(dir).sort()).toEqual([kept.token, 'stray'].sort());
      await expect(drafts.read(old.token)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    } finally {
      cleanup();
    }
    const photo = await imported('portrait-obama.jpg');
    await dispatcher.call('drafts:save', { draft: { photoToken: photo.photoToken, faceIndex: 0, script: 'Keep me' } }, SENDER);
    rmSync(path.join(draftsDir(), photo.photoToken), { recursive: true });
    const read = await dispatcher.call('drafts:get', undefined, SENDER);
    expect(read.ok && read.value).toMatchObject({ photo: null, draft: { script: 'Keep me' } });
    expect(read.ok && read.value.draft).not.toHaveProperty('photoToken');
  });
});

describe('voices:preview', () => {
  it('speaks a short clip once, playable as a 48 kHz WAV, and plays the same file when asked again', async () => {
    const first = await dispatcher.call('voices:preview', { language: 'es' }, SENDER);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.durationS).toBeGreaterThan(0.5);
    expect(first.value.durationS).toBeLessThan(10);
    const file = await fileOf(first.value.audio);
    expect(first.value.audio.path).toMatch(/\.wav$/);
    const probed = await probeMedia(file);
    expect(probed.streams[0]).toMatchObject({ codecType: 'audio', codecName: 'pcm_s16le', sampleRate: 48000, channels: 1 });
    expect(probed.durationS).toBeCloseTo(first.value.durationS, 1);

    const modified = statSync(file).mtimeMs;
    // The default voice and no voice are the same clip.
    const again = await dispatcher.call('voices:preview', { language: 'es', voice: 'ES' }, SENDER);
    expect(again.ok && again.value).toEqual(first.value);
    expect(readFileSync(file).length).toBeGreaterThan(44);
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(modified);

    const other = await dispatcher.call('voices:preview', { language: 'es', voice: 'es+f3', text: 'Otra voz.' }, SENDER);
    expect(other.ok && other.value.audio.path).not.toBe(first.value.audio.path);
    expect(await dispatcher.call('voices:preview', { language: 'es', voice: 'klingon' }, SENDER)).toMatchObject({ ok: false, error: { code: 'VOICE_UNKNOWN' } });
    expect(await dispatcher.call('voices:preview', { language: 'en', text: 'x'.repeat(201) }, SENDER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('projects:media', () => {
  it("shares a past project's photo, enhanced photo, video and kit files, and only those", async () => {
    const created = await dispatcher.call('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Kit.', platforms: ['tiktok'] }, SENDER);
    if (!created.ok) throw new Error(created.error.message);
    const projectId = created.value.projectId;
    const bare = await dispatcher.call('projects:media', { projectId }, SENDER);
    expect(bare.ok && bare.value).toMatchObject({ enhanced: null, video: null, kit: null });

    const out = await makeRenderOutput(path.join(work.dir, 'render'), { photo: fixture('portrait-obama.jpg') });
    await importRender(library, projectId, out);
    writeFileSync(path.join(work.dir, 'captions.vtt'), 'WEBVTT\n\n00:00.000 --> 00:00.200\nKit.\n');
    writeFileSync(path.join(work.dir, 'post.txt'), 'Kit. #shoes');
    const manifest = { version: 1, renditions: [{ platform: 'tiktok', video: 'tiktok/video.mp4' }] };
    await recordKit(library, projectId, {
      platforms: ['tiktok'],
      manifest,
      files: [
        { name: 'tiktok/video.mp4', file: path.join(out, 'video.mp4'), platform: 'tiktok' },
        { name: 'tiktok/post.txt', file: path.join(work.dir, 'post.txt'), platform: 'tiktok' },
        { name: 'captions.vtt', file: path.join(work.dir, 'captions.vtt') },
      ],
    });

    const answer = await dispatcher.call('projects:media', { projectId }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    const { photo, enhanced, video, kit } = answer.value;
    expect(kit?.manifest).toEqual(manifest);
    expect(kit?.files.map((f) => [f.name, f.platform])).toEqual([
      ['captions.vtt', null],
      ['tiktok/post.txt', 'tiktok'],
      ['tiktok/video.mp4', 'tiktok'],
    ]);
    expect(readFileSync(await fileOf(kit!.files[0]!.file), 'utf8')).toMatch(/^WEBVTT/);
    for (const ref of [photo, enhanced!, video!, ...kit!.files.map((f) => f.file)]) expect(existsSync(await fileOf(ref))).toBe(true);
    expect((await media.lookup(`${photo.root}/library.db`)).ok).toBe(false);
    expect(await dispatcher.call('projects:media', { projectId: '3f2b9a4e-8c1d-4e5f-9a6b-7c8d9e0f1a2b' }, SENDER)).toMatchObject({ ok: false, error: { code: 'PROJECT_NOT_FOUND' } });

    // "Save kit as zip": made once from the library's copies, holding exactly the kit's files.
    const zipped = await dispatcher.call('projects:kitZip', { projectId }, SENDER);
    if (!zipped.ok) throw new Error(zipped.error.message);
    const zipFile = await fileOf(zipped.value.zip);
    expect(zipped.value.bytes).toBeGreaterThan(0);
    expect(await zipEntryNames(zipFile)).toEqual(['captions.vtt', 'tiktok/post.txt', 'tiktok/video.mp4']);
    const again = await dispatcher.call('projects:kitZip', { projectId }, SENDER);
    expect(again.ok && (await fileOf(again.value.zip))).toBe(zipFile);
  });

  it('says a project without a kit has no zip to save', async () => {
    const created = await dispatcher.call('projects:create', { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'No kit.' }, SENDER);
    if (!created.ok) throw new Error(created.error.message);
    const answer = await dispatcher.call('projects:kitZip', { projectId: created.value.projectId }, SENDER);
    expect(answer).toMatchObject({ ok: false, error: { code: 'KIT_NOT_FOUND', message: expect.stringMatching(/no export kit yet/) } });
  });
});

describe('recordings:import', () => {
  let speech = '';
  const speechBase64 = async (): Promise<string> => {
    if (!speech) {
      // A real voice, as a creator would record it: eSpeak's speech, as a WAV.
      const voice = await synthesizeSpeech({ text: 'Hello, this is my own voice, recorded this morning.', language: 'en', workDir: path.join(work.dir, 'tts') });
      speech = voice.audioPath;
    }
    return base64Of(speech);
  };

  it('imports a recording: its duration, the normalised WAV shared and nothing else, and a project made from the token with its words', async () => {
    const answer = await dispatcher.call('recordings:import', { name: 'C:\\Users\\me\\take2.wav', bytesBase64: await speechBase64() }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    const recording = answer.value;
    expect(recording.name).toBe('take2.wav');
    expect(recording.durationS).toBeGreaterThan(1);
    expect(recording.durationS).toBeLessThan(10);
    const preview = await probeMedia(await fileOf(recording.preview));
    expect(preview.formatName).toBe('wav');
    expect(Math.abs(preview.durationS - recording.durationS)).toBeLessThan(0.1);
    // The raw take (only normalised) is shared too, for the before/after.
    const raw = await probeMedia(await fileOf(recording.rawPreview!));
    expect(raw.formatName).toBe('wav');
    expect(Math.abs(raw.durationS - recording.durationS)).toBeLessThan(0.1);
    for (const hidden of ['upload', 'recording.json']) expect((await media.lookup(`${recording.preview.root}/${hidden}`)).ok).toBe(false);

    const created = await dispatcher.call(
      'projects:create',
      { type: 'avatar_presentation', photoPath: fixture('portrait-obama.jpg'), recordingToken: recording.recordingToken, script: 'Hello, this is my own voice.' },
      SENDER,
    );
    if (!created.ok) throw new Error(created.error.message);
    const project = getProject(library, created.value.projectId);
    expect(project.audio).not.toBeNull();
    expect(project.script).toBe('Hello, this is my own voice.');

    // One audio source only; a photo's token is not a recording's.
    expect(
      await dispatcher.call('projects:create', { type: 'educational', photoPath: fixture('portrait-obama.jpg'), recordingToken: recording.recordingToken, audioPath: speech }, SENDER),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatcher.call('projects:create', { type: 'educational', photoPath: fixture('portrait-obama.jpg'), recordingToken: 'no-such-recording' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'FILE_NOT_FOUND' },
    });
  });

  it('refuses a text file named .wav with NOT_AN_AUDIO_FILE and leaves no draft behind', async () => {
    const before = draftFolders();
    const answer = await dispatcher.call('recordings:import', { name: 'take.wav', bytesBase64: Buffer.from('Dear diary, today I recorded nothing.\n').toString('base64') }, SENDER);
    expect(answer).toEqual({ ok: false, error: { code: 'NOT_AN_AUDIO_FILE', message: 'This file is not an audio recording: use WAV, MP3, M4A, OGG/Opus or WebM.' } });
    expect(draftFolders()).toEqual(before);
  });

  it('refuses a silent recording with AUDIO_SILENT, leaving no draft', async () => {
    const wav = path.join(work.dir, 'silence.wav');
    await makeWav(wav, 2, 'silence');
    const before = draftFolders();
    expect(await dispatcher.call('recordings:import', { name: 'silence.wav', bytesBase64: base64Of(wav) }, SENDER)).toMatchObject({ ok: false, error: { code: 'AUDIO_SILENT' } });
    expect(draftFolders()).toEqual(before);
  });

  it('keeps the recording in the autosaved form and shares it again from drafts:get', async () => {
    const answer = await dispatcher.call('recordings:import', { name: 'take3.wav', bytesBase64: await speechBase64() }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    const saved = await dispatcher.call('drafts:save', { draft: { recordingToken: answer.value.recordingToken, script: 'My words.' } }, SENDER);
    expect(saved.ok).toBe(true);
    const read = await dispatcher.call('drafts:get', undefined, SENDER);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.draft).toMatchObject({ recordingToken: answer.value.recordingToken, script: 'My words.' });
    expect(read.value.recording).toMatchObject({ recordingToken: answer.value.recordingToken, name: 'take3.wav' });
    await dispatcher.call('drafts:save', { draft: null }, SENDER);
  });
});
