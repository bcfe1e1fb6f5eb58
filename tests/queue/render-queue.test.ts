import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { TalkingPhotoError } from '../../src-shared/errors.js';
import type { RenderRequest } from '../../src-shared/render.js';
import { assetFile, createProject, getProject, type Library } from '../../src-main/app/library/index.js';
import { derivedRelativePath } from '../../src-main/app/library/assets.js';
import { JobStore } from '../../src-main/app/queue/job-store.js';
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';
import { RenderQueue, type QueueFinished, type RenderRunner } from '../../src-main/app/queue/render-queue.js';
import { fixture } from '../support/fixtures.js';
import { makeWav } from '../support/media.js';
import { tempLibrary, type TempLibrary } from '../library/library-fixtures.js';

const SMALL = { width: 256, height: 448, verify: false } as const;
let current: TempLibrary | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

function newLibrary(): Library {
  current = tempLibrary();
  return current.library;
}

function idle(queue: RenderQueue): Promise<void> {
  return new Promise((resolve) => queue.once('idle', resolve));
}

function project(library: Library, title: string, photo = fixture('portrait-obama.jpg')) {
  return createProject(library, { type: 'avatar_presentation', title, photoPath: photo, script: `This is ${title}.` });
}

describe('the render queue', () => {
  it('runs jobs by tier (enterprise, pro, free) and records each video in the library', async () => {
    const library = newLibrary();
    const order: string[] = [];
    const run: RenderRunner = (request, hooks) => {
      order.push(request.script ?? '');
      return renderInChildProcess(request, hooks);
    };
    const queue = new RenderQueue({ library, run });
    const free = await project(library, 'free');
    const pro = await project(library, 'pro');
    const enterprise = await project(library, 'enterprise');
    queue.enqueue(free.id, { ...SMALL, tier: 'free' });
    queue.enqueue(pro.id, { ...SMALL, tier: 'pro' });
    queue.enqueue(enterprise.id, { ...SMALL, tier: 'enterprise' });
    const etas: number[] = [];
    queue.on('progress', (p) => etas.push(p.etaMs));
    const done = idle(queue);
    await queue.start();
    await done;
    expect(order).toEqual(['This is enterprise.', 'This is pro.', 'This is free.']);
    for (const p of [free, pro, enterprise]) {
      const stored = getProject(library, p.id);
      expect(stored.status).toBe('completed');
      expect(stored.video).not.toBeNull();
      // The Result screen's poster, the video's first frame, is there as soon as the render is.
      const poster = path.join(library.dataDir, ...derivedRelativePath(stored.video!.hash, 'poster').split('/'));
      expect((await sharp(poster).metadata()).width).toBe(SMALL.width);
    }
    expect(etas.length).toBeGreaterThan(3);
    expect(readdirSync(library.paths.tmp)).toEqual([]);

    // A new queue (the app's next start) learns this machine's speed from the library.
    const shape = { voiceSeconds: 2, width: 256, height: 448, verify: false };
    const fresh = new RenderQueue({ library, run });
    const prior = fresh.estimateMs(shape);
    await fresh.start();
    expect(fresh.estimateMs(shape)).not.toBeCloseTo(prior, 0);
    await fresh.stop();
  });

  it('retries a transient failure with backoff and never retries bad input', async () => {
    const library = newLibrary();
    let calls = 0;
    const flaky: RenderRunner = (request, hooks) => {
      if (request.script === 'This is flaky.') calls++;
      if (request.script === 'This is flaky.' && calls <= 2) return Promise.reject(new TalkingPhotoError('RENDER_FAILED', 'ffmpeg crashed.'));
      return renderInChildProcess(request, hooks);
    };
    const delays: number[] = [];
    const queue = new RenderQueue({ library, run: flaky, backoffMs: (n) => (delays.push(n), 20) });
    const ok = await project(library, 'flaky');
    const sky = path.join(current!.scratch, 'sky.png');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#6a8fc0' } })
      .png()
      .toFile(sky);
    const faceless = await project(library, 'faceless', sky);
    const finished: QueueFinished[] = [];
    queue.on('finished', (f) => finished.push(f));
    const job = queue.enqueue(ok.id, SMALL);
    const noFace = queue.enqueue(faceless.id, SMALL);
    const done = idle(queue);
    await queue.start();
    await done;
    const jobs = new JobStore(library);
    expect(jobs.get(job.id)).toMatchObject({ state: 'completed', attempts: 3 });
    expect(delays).toEqual([1, 2]);
    expect(jobs.get(noFace.id)).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'NO_FACE' });
    expect(getProject(library, faceless.id)).toMatchObject({ status: 'failed', error: { code: 'NO_FACE' } });
  });

  it('gives up after three retries of a failure that keeps coming back', async () => {
    const library = newLibrary();
    const broken: RenderRunner = () => Promise.reject(new TalkingPhotoError('RENDER_FAILED', 'ffmpeg crashed.'));
    const queue = new RenderQueue({ library, run: broken, backoffMs: () => 5 });
    const p = await project(library, 'broken');
    const job = queue.enqueue(p.id, SMALL);
    const done = idle(queue);
    await queue.start();
    await done;
    expect(new JobStore(library).get(job.id)).toMatchObject({ state: 'failed', attempts: 4, lastErrorCode: 'RENDER_FAILED' });
    expect(getProject(library, p.id).status).toBe('failed');
  });

  it("builds the project's export kit for its platforms and keeps it in the library for offline browsing", async () => {
    const library = newLibrary();
    const queue = new RenderQueue({ library });
    const p = await createProject(library, {
      type: 'product_demo',
      title: 'Trail shoe',
      photoPath: fixture('portrait-obama.jpg'),
      script: 'Meet the lightest trail shoe we have made.',
      platforms: ['tiktok', 'linkedin'],
    });
    queue.enqueue(p.id, { ...SMALL, burnCaptions: true });
    const done = idle(queue);
    await queue.start();
    await done;
    const stored = getProject(library, p.id);
    expect(stored.status, JSON.stringify(stored.error)).toBe('completed');
    const kit = stored.kit!;
    expect(kit.platforms).toEqual(['tiktok', 'linkedin']);
    expect(stored.qualityScores?.overall).toBeGreaterThanOrEqual(0);
    const names = kit.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'video/tiktok.mp4', 'video/linkedin.mp4', 'captions/captions.srt', 'covers/tiktok.jpg']));
    expect(kit.files.find((f) => f.name === 'video/linkedin.mp4')?.platform).toBe('linkedin');
    expect(kit.files.find((f) => f.name === 'captions/captions.srt')?.platform).toBeNull();
    const manifest = kit.manifest as { project: { title: string; workflowType: string }; renditions: Array<{ burnedCaptions: boolean }> };
    expect(manifest.project).toMatchObject({ title: 'Trail shoe', workflowType: 'product_demo' });
    expect(manifest.renditions.every((r) => r.burnedCaptions)).toBe(true);
    // Every kit file is a stored asset that opens without the render's work folder.
    for (const file of kit.files) expect(existsSync(assetFile(library, file.asset)), file.name).toBe(true);
    expect(readdirSync(library.paths.tmp)).toEqual([]);
  });

  it('speaks the script with the project’s voice, and report.json names it', async () => {
    const library = newLibrary();
    const queue = new RenderQueue({ library });
    const p = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Good morning from London.', language: 'en', voice: 'en-gb' });
    queue.enqueue(p.id, SMALL);
    const done = idle(queue);
    await queue.start();
    await done;
    const stored = getProject(library, p.id);
    expect(stored.status, JSON.stringify(stored.error)).toBe('completed');
    expect(stored.renderReport?.input.script).toMatchObject({ language: 'en', voice: 'en-gb' });
    expect(stored.renderReport?.tools.tts?.voice).toBe('en-gb');
  });

  it('passes the voice only with a script, and the default voice when the project has none', async () => {
    const library = newLibrary();
    const seen: Array<{ script?: string; voice?: string; audio: boolean }> = [];
    const run: RenderRunner = (request) => {
      seen.push({ script: request.script, voice: request.voice, audio: request.audioPath !== undefined });
      return Promise.reject(new TalkingPhotoError('NO_FACE', 'No face was found.'));
    };
    const queue = new RenderQueue({ library, run });
    const wav = path.join(current!.scratch, 'me.wav');
    await makeWav(wav, 0.5, 'tone');
    const spoken = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hola.', language: 'es', voice: 'es+f3' });
    const plain = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'Hello.' });
    const recorded = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), audioPath: wav, voice: 'en-gb' });
    for (const p of [spoken, plain, recorded]) queue.enqueue(p.id, SMALL);
    const done = idle(queue);
    await queue.start();
    await done;
    expect(seen).toEqual(
      expect.arrayContaining([
        { script: 'Hola.', voice: 'es+f3', audio: false },
        { script: 'Hello.', voice: undefined, audio: false },
        { script: undefined, voice: undefined, audio: true },
      ]),
    );
    expect(seen).toHaveLength(3);
  });

  it('keeps the motion the creator chose when the project is rendered again without asking for any', async () => {
    const library = newLibrary();
    const seen: Array<RenderRequest['motion']> = [];
    const run: RenderRunner = (request) => {
      seen.push(request.motion);
      return Promise.reject(new TalkingPhotoError('NO_FACE', 'No face was found.'));
    };
    const queue = new RenderQueue({ library, run });
    const chosen = await project(library, 'chosen');
    const untouched = await project(library, 'untouched');
    queue.enqueue(chosen.id, { ...SMALL, motion: { headMotion: 0, mood: 'warm' } });
    queue.enqueue(untouched.id, SMALL);
    let done = idle(queue);
    await queue.start();
    await done;
    // Retry from the Library or the Result: only the project is named.
    done = idle(queue);
    queue.enqueue(chosen.id, SMALL);
    queue.enqueue(untouched.id, SMALL);
    await done;
    // A new choice wins over the last one.
    done = idle(queue);
    queue.enqueue(chosen.id, { ...SMALL, motion: { blinkRate: 30 } });
    await done;
    await queue.stop();
    expect(seen).toEqual([{ headMotion: 0, mood: 'warm' }, undefined, { headMotion: 0, mood: 'warm' }, undefined, { blinkRate: 30 }]);
  });

  it('renders a recording as recorded when the project kept its raw take, and cleaned up otherwise', async () => {
    const library = newLibrary();
    const seen = new Map<string, boolean | undefined>();
    const run: RenderRunner = (request) => {
      seen.set(request.projectId!, request.rawVoice);
      return Promise.reject(new TalkingPhotoError('NO_FACE', 'No face was found.'));
    };
    const queue = new RenderQueue({ library, run });
    const wav = path.join(current!.scratch, 'me.wav');
    await makeWav(wav, 0.5, 'tone');
    const raw = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), audioPath: wav, rawVoice: true });
    const cleaned = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), audioPath: wav });
    // A render queued without the option (a retry from the Result screen) still follows the project.
    queue.enqueue(raw.id, SMALL);
    queue.enqueue(cleaned.id, SMALL);
    const done = idle(queue);
    await queue.start();
    await done;
    expect(seen.get(raw.id)).toBe(true);
    expect(seen.get(cleaned.id)).toBeUndefined();
  });

  it('cancels a running render and leaves no files behind', async () => {
    const library = newLibrary();
    const queue = new RenderQueue({ library });
    const p = await createProject(library, { type: 'educational', photoPath: fixture('portrait-obama.jpg'), script: 'A long sentence to cancel midway. '.repeat(6) });
    const job = queue.enqueue(p.id, { ...SMALL });
    queue.on('progress', (progress) => {
      if (progress.stage === 'animate') queue.cancel(job.id);
    });
    const finished = new Promise<QueueFinished>((resolve) => queue.once('finished', resolve));
    await queue.start();
    expect((await finished).state).toBe('cancelled');
    expect(getProject(library, p.id).status).toBe('cancelled');
    expect(readdirSync(library.paths.tmp)).toEqual([]);
  });

  it('picks up a job a crashed app left running, finishes it once and clears its half-written files', async () => {
    const library = newLibrary();
    const p = await project(library, 'crashed');
    const store = new JobStore(library);
    const job = store.add(p.id, SMALL, 0);
    store.claim(job.id, 'a-process-that-died');
    const leftovers = path.join(library.paths.tmp, `render-${job.id}`);
    mkdirSync(leftovers, { recursive: true });
    writeFileSync(path.join(leftovers, 'video.mp4'), 'half a video');
    const queue = new RenderQueue({ library });
    const finished: QueueFinished[] = [];
    queue.on('finished', (f) => finished.push(f));
    const done = idle(queue);
    await queue.start();
    await done;
    expect(finished).toEqual([{ jobId: job.id, projectId: p.id, state: 'completed' }]);
    expect(store.get(job.id)).toMatchObject({ state: 'completed', attempts: 2 });
    expect(existsSync(leftovers)).toBe(false);
  });
});
