import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import { MOTION_PREVIEW } from '../../src-shared/motion-controls.js';
import type { SenderContext } from '../../src-main/app/ipc/dispatcher.js';
import { silentLog } from '../../src-main/app/log/logger.js';
import { createMainServices } from '../../src-main/app/ipc/main-services.js';
import { previewWords } from '../../src-main/app/ipc/motion-preview.js';
import { HostShell } from '../../src-main/doors/host/host-shell.js';
import { listProjects } from '../../src-main/app/library/index.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { fixture, tempDir } from '../support/fixtures.js';

const SENDER: SenderContext = { transport: 'in-process', id: 'test', trusted: true };
const services = createMainServices({ shell: new HostShell(), appVersion: '0.0.0-test', log: silentLog });
const { dispatcher, library, media } = services;
const work = tempDir('tp-motion-preview-');
afterAll(async () => {
  await services.shutdown();
  work.cleanup();
});

const SCRIPT = 'Hello everyone, welcome back to the channel. Today I will show you three quick ways to make your mornings calmer and more productive.';

async function fileOf(ref: MediaRef): Promise<string> {
  const found = await media.lookup(`${ref.root}/${ref.path}`);
  if (!found.ok) throw new Error(`not shared: ${ref.path} (${found.reason})`);
  return found.file;
}

async function importedPhoto(): Promise<string> {
  const answer = await dispatcher.call('photos:import', { name: 'portrait-obama.jpg', bytesBase64: readFileSync(fixture('portrait-obama.jpg')).toString('base64') }, SENDER);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value.photoToken;
}

/** What would show that a preview entered the library or counted against the plan. */
function libraryState() {
  const count = (sql: string): number => (library.sqlite.prepare(sql).get() as { n: number }).n;
  const files = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder, { recursive: true }).map(String).sort() : []);
  return {
    projects: listProjects(library, {}).total,
    jobs: count('SELECT count(*) AS n FROM jobs'),
    usage: count('SELECT count(*) AS n FROM usage_events'),
    assets: files(library.paths.assets),
    tmp: files(library.paths.tmp),
  };
}

const previewsFolder = (): string => path.join(library.paths.cache, 'motion-previews');

describe('previewWords', () => {
  it('takes the first words that fill about three seconds, whole words only', () => {
    const words = previewWords(SCRIPT);
    expect(SCRIPT.startsWith(words)).toBe(true);
    expect(words).toBe('Hello everyone, welcome back to the channel.');
    expect(previewWords('Hi.')).toBe('Hi.');
  });

  it('takes characters where the script has no spaces (Chinese, Japanese)', () => {
    expect(previewWords('大家好，欢迎回到我的频道。今天我想给大家介绍三种让早晨更平静的方法。')).toBe('大家好，欢迎回到我的频道。今天我想给');
  });
});

describe('motion:preview', () => {
  it('renders a short, small MP4 of the photo saying the script’s first words, and nothing enters the library or the plan’s count', { timeout: 120_000 }, async () => {
    const photoToken = await importedPhoto();
    const before = libraryState();
    const answer = await dispatcher.call('motion:preview', { photoToken, language: 'en', text: SCRIPT.slice(0, 200), motion: { headMotion: 0, mood: 'warm' } }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value).toMatchObject({ width: MOTION_PREVIEW.width, height: MOTION_PREVIEW.height });

    const probe = await probeMedia(await fileOf(answer.value.video));
    const video = probe.streams.find((s) => s.codecType === 'video');
    expect(video).toMatchObject({ codecName: 'h264', width: 360, height: 640 });
    expect(video?.fps).toBe(MOTION_PREVIEW.fps);
    expect(probe.streams.some((s) => s.codecType === 'audio')).toBe(true);
    expect(probe.durationS).toBeGreaterThan(2.2);
    expect(probe.durationS).toBeLessThan(3.8);
    expect(Math.abs(probe.durationS - answer.value.durationS)).toBeLessThan(0.1);

    expect(libraryState()).toEqual(before);
    // Only the video is kept, beside nothing else of the render's.
    expect(readdirSync(previewsFolder())).toEqual([answer.value.video.path]);
  });

  it('a second preview replaces the first: the first answers CANCELLED with a sentence, and only the second is kept', { timeout: 120_000 }, async () => {
    const photoToken = await importedPhoto();
    const first = dispatcher.call('motion:preview', { photoToken, language: 'en', text: 'First take of the preview.' }, SENDER);
    // Long enough for the first render process to be under way.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await dispatcher.call('motion:preview', { photoToken, language: 'en', text: 'Second take, which stays.', motion: { expressiveness: 1.5 } }, SENDER);
    expect(await first).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'The preview was stopped.' } });
    if (!second.ok) throw new Error(second.error.message);
    expect(readdirSync(previewsFolder())).toEqual([second.value.video.path]);
  });

  it('stops on motion:cancelPreview, leaving no work files behind', { timeout: 60_000 }, async () => {
    const photoToken = await importedPhoto();
    const running = dispatcher.call('motion:preview', { photoToken, language: 'en', text: 'This one is stopped.' }, SENDER);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await dispatcher.call('motion:cancelPreview', {}, SENDER)).toEqual({ ok: true, value: {} });
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(previewsFolder()).filter((name) => name.startsWith('work-'))).toEqual([]);
  });

  it('plays the first three seconds of the form’s recording', { timeout: 120_000 }, async () => {
    const voice = await synthesizeSpeech({ text: SCRIPT, language: 'en', workDir: path.join(work.dir, 'tts') });
    const recording = await dispatcher.call('recordings:import', { name: 'take.wav', bytesBase64: readFileSync(voice.audioPath).toString('base64') }, SENDER);
    if (!recording.ok) throw new Error(recording.error.message);
    expect(recording.value.durationS).toBeGreaterThan(6);
    const answer = await dispatcher.call('motion:preview', { photoToken: await importedPhoto(), language: 'en', recordingToken: recording.value.recordingToken, motion: { blinkRate: 30 } }, SENDER);
    if (!answer.ok) throw new Error(answer.error.message);
    const probe = await probeMedia(await fileOf(answer.value.video));
    expect(probe.durationS).toBeGreaterThan(2.8);
    expect(probe.durationS).toBeLessThan(3.3);
  });

  it('answers a photo that is gone, and a motion value out of range, with one sentence', async () => {
    expect(await dispatcher.call('motion:preview', { photoToken: 'gone_123', language: 'en', text: 'Hello.' }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: expect.stringMatching(/^[^\n]+\.$/) },
    });
    expect(await dispatcher.call('motion:preview', { photoToken: 'tok_123', language: 'en', text: 'Hello.', motion: { headMotion: 5 } }, SENDER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});
