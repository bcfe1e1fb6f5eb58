import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { createHeyGenVideoProvider } from '../../src-main/cloud/providers/adapters/heygen.js';
import { createRunwayVideoProvider } from '../../src-main/cloud/providers/adapters/runway.js';
import { ProviderError } from '../../src-main/cloud/providers/provider-error.js';
import type { AsyncVideoProvider, VideoJobStatus, VideoRequest } from '../../src-main/cloud/providers/provider-types.js';
import { header, HTTP_DATE_IN, type FakeResponse, type FakeServer } from '../fakes/fake-server.js';
import { heygenError, startHeyGenFake, type HeyGenFake, type HeyGenFakeOptions } from '../fakes/heygen-fake.js';
import { runwayError, startRunwayFake, type RunwayFake, type RunwayFakeOptions } from '../fakes/runway-fake.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { makeWav } from '../support/media.js';

// Key-shaped (long, letters and digits) so redaction is tested against what real keys look like.
const RUNWAY_KEY = 'key_7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e2b4d6f0a9c7e5b3d';
const HEYGEN_KEY = 'sk_V1_hgen_4b8d2f6a0c9e7b5d3f1a8c6e4b2d0f9a7c5e3b1d';
const WRONG_KEY = 'key_0000wrong1111wrong2222wrong3333wrong4444';

let photo: Buffer;
let voice: Buffer;
let mp4: Buffer;
let tinyMp4: Buffer;
const media = tempDir('tp-adapters-');

async function ffmpeg(args: string[]): Promise<void> {
  const result = await runProcess(mediaTools().ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

beforeAll(async () => {
  photo = readFileSync(fixture('portrait-obama.jpg'));
  const wav = path.join(media.dir, 'voice.wav');
  await makeWav(wav, 1, 'tone');
  voice = readFileSync(wav);
  // The shared fixtures hold no MP4: a 1 s test card, and a 1-frame 16×16 one for "low quality".
  const video = path.join(media.dir, 'result.mp4');
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '1', '-pix_fmt', 'yuv420p', '-y', video]);
  mp4 = readFileSync(video);
  const tiny = path.join(media.dir, 'tiny.mp4');
  await ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:size=16x16:rate=1', '-frames:v', '1', '-pix_fmt', 'yuv420p', '-y', tiny]);
  tinyMp4 = readFileSync(tiny);
});
afterAll(() => media.cleanup());

const request = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  photo,
  mime: 'image/jpeg',
  audio: { data: voice, mime: 'audio/wav' },
  script: 'Hello from TalkingPhoto.',
  language: 'en',
  durationS: 5,
  aspect: '9:16',
  ...overrides,
});
const call = () => ({ signal: new AbortController().signal });

async function pollUntilSettled(adapter: AsyncVideoProvider, jobId: string, limit = 20): Promise<VideoJobStatus[]> {
  const seen: VideoJobStatus[] = [];
  while (seen.length < limit) {
    const status = await adapter.poll(jobId, call());
    seen.push(status);
    if (status.state === 'done' || status.state === 'failed') return seen;
  }
  return seen;
}

async function failure(work: Promise<unknown>): Promise<ProviderError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

function expectKeyAbsent(error: ProviderError, key: string): void {
  for (const text of [String(error), error.message, error.detail ?? '', JSON.stringify(error)]) expect(text).not.toContain(key);
}

/** What the shared tests need of either provider. */
interface Subject {
  name: string;
  key: string;
  start(options?: Record<string, unknown>): Promise<{ server: FakeServer; adapter(key?: string): AsyncVideoProvider; close(): Promise<void> }>;
  error(status: number, message: string, headers?: Record<string, string>): FakeResponse;
}

const subjects: Subject[] = [
  {
    name: 'Runway',
    key: RUNWAY_KEY,
    async start(options = {}) {
      const fake = await startRunwayFake({ apiKey: RUNWAY_KEY, video: mp4, lowQualityVideo: tinyMp4, avatarPollsUntilReady: 0, pollsUntilDone: 2, ...options });
      return { server: fake.server, close: fake.close, adapter: (apiKey = RUNWAY_KEY) => createRunwayVideoProvider({ apiKey, baseUrl: fake.url, avatarPollMs: 1 }) };
    },
    error: (status, message, headers) => runwayError(status, message, headers),
  },
  {
    name: 'HeyGen',
    key: HEYGEN_KEY,
    async start(options = {}) {
      const fake = await startHeyGenFake({ apiKey: HEYGEN_KEY, video: mp4, lowQualityVideo: tinyMp4, pollsUntilDone: 2, ...options });
      return { server: fake.server, close: fake.close, adapter: (apiKey = HEYGEN_KEY) => createHeyGenVideoProvider({ apiKey, baseUrl: fake.url, uploadBaseUrl: fake.uploadUrl }) };
    },
    error: (status, message, headers) => heygenError(status, status === 429 ? 'rate_limit_exceeded' : 'internal_error', message, headers),
  },
];

describe.each(subjects)('$name adapter against its fake', (subject) => {
  let world: Awaited<ReturnType<Subject['start']>>;
  afterEach(() => world.close());

  it('turns a wrong key into kind auth, with the key nowhere in the error', async () => {
    world = await subject.start();
    const error = await failure(world.adapter(WRONG_KEY).submit(request(), call()));
    expect(error).toMatchObject({ kind: 'auth', status: 401, provider: subject.name.toLowerCase() });
    // The fake echoes the key it was sent: it reached the adapter, which must not pass it on.
    expect(error.detail).toContain('Invalid API key');
    expect(error.detail).toContain('[redacted]');
    expectKeyAbsent(error, WRONG_KEY);
  });

  it('verifies a good key and refuses a bad one with kind auth', async () => {
    world = await subject.start();
    await expect(world.adapter().verifyKey(call())).resolves.toBeUndefined();
    const error = await failure(world.adapter(WRONG_KEY).verifyKey(call()));
    expect(error.kind).toBe('auth');
    expectKeyAbsent(error, WRONG_KEY);
  });

  it('reports a 429 as rate_limited with its Retry-After in ms, in both forms', async () => {
    world = await subject.start();
    world.server.failNext(1, subject.error(429, 'Too many requests', { 'retry-after': '7' }));
    const seconds = await failure(world.adapter().submit(request(), call()));
    expect(seconds).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 7000 });
    world.server.failNext(1, subject.error(429, 'Too many requests', { 'retry-after': HTTP_DATE_IN(30) }));
    const date = await failure(world.adapter().verifyKey(call()));
    expect(date.retryAfterMs).toBeGreaterThan(25_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('reports a 500 as transient without repeating a key the body echoed', async () => {
    world = await subject.start();
    world.server.failNext(1, subject.error(500, `internal error while serving key ${subject.key}`));
    const error = await failure(world.adapter().submit(request(), call()));
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
    expect(error.detail).toContain('internal error');
    expectKeyAbsent(error, subject.key);
  });

  it('stops a call the provider never answers when its signal is aborted', async () => {
    world = await subject.start();
    world.server.hangNext(1);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(world.adapter().submit(request(), { signal: controller.signal })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('hands over a low-quality result exactly as served, for the router to score', async () => {
    world = await subject.start({ outcome: 'low_quality' });
    const adapter = world.adapter();
    const { jobId } = await adapter.submit(request(), call());
    expect((await pollUntilSettled(adapter, jobId)).at(-1)?.state).toBe('done');
    const result = await adapter.download(jobId, call());
    expect(Buffer.compare(result.video as Buffer, tinyMp4)).toBe(0);
  });
});

describe('Runway adapter', () => {
  let fake: RunwayFake;
  const start = async (options: Partial<RunwayFakeOptions> = {}) => {
    fake = await startRunwayFake({ apiKey: RUNWAY_KEY, video: mp4, ...options });
    return createRunwayVideoProvider({ apiKey: RUNWAY_KEY, baseUrl: fake.url, avatarPollMs: 1 });
  };
  afterEach(() => fake.close());

  it('speaks our audio through a custom avatar, polls PENDING to SUCCEEDED and downloads the exact MP4', async () => {
    const runway = await start({ pollsUntilDone: 5, avatarPollsUntilReady: 1 });
    const { jobId } = await runway.submit(request(), call());
    const statuses = await pollUntilSettled(runway, jobId);
    expect(statuses.map((s) => s.state)).toEqual(['queued', 'queued', 'running', 'running', 'done']);
    expect(statuses.filter((s) => s.state === 'running').map((s) => s.progress)).toEqual([60, 80]);
    const result = await runway.download(jobId, call());
    expect(Buffer.compare(result.video as Buffer, mp4)).toBe(0);
    expect(result.mime).toBe('video/mp4');

    const task = fake.tasks.get(jobId);
    expect(task?.endpoint).toBe('avatar_videos');
    expect(Buffer.compare(task?.image?.data ?? Buffer.alloc(0), photo)).toBe(0);
    expect(Buffer.compare(task?.audio?.data ?? Buffer.alloc(0), voice)).toBe(0);
    expect([task?.image?.mime, task?.audio?.mime]).toEqual(['image/jpeg', 'audio/wav']);
    // The avatar was waited for (one PROCESSING read) before the video was asked for.
    expect(fake.server.sent('GET', /^\/v1\/avatars\//)).toHaveLength(2);
    expect(fake.server.sent('POST', '/v1/image_to_video')).toHaveLength(0);
  });

  it('sends exactly Authorization: Bearer and X-Runway-Version 2024-11-06 to the API and no key to the output URL', async () => {
    const runway = await start({ pollsUntilDone: 1 });
    const { jobId } = await runway.submit(request(), call());
    await pollUntilSettled(runway, jobId);
    await runway.download(jobId, call());
    const apiCalls = fake.server.requests.filter((r) => r.path.startsWith('/v1/'));
    expect(apiCalls.length).toBeGreaterThanOrEqual(4);
    for (const r of apiCalls) {
      expect(header(r, 'authorization')).toBe(`Bearer ${RUNWAY_KEY}`);
      expect(header(r, 'x-runway-version')).toBe('2024-11-06');
    }
    const downloads = fake.server.sent('GET', /^\/_outputs\//);
    expect(downloads).toHaveLength(1);
    expect(JSON.stringify(downloads[0]?.headers)).not.toContain(RUNWAY_KEY);
  });

  it('without audio animates the photo with image_to_video, the script in its prompt', async () => {
    const runway = await start({ pollsUntilDone: 1 });
    const { jobId } = await runway.submit(request({ audio: undefined, aspect: '16:9', durationS: 6.4 }), call());
    const task = fake.tasks.get(jobId);
    expect(task?.endpoint).toBe('image_to_video');
    expect(task?.body).toMatchObject({ model: 'gen4_turbo', ratio: '1280:720', duration: 6 });
    expect(String(task?.body.promptText)).toContain('Hello from TalkingPhoto.');
    expect(Buffer.compare(task?.image?.data ?? Buffer.alloc(0), photo)).toBe(0);
    expect(fake.server.sent('POST', '/v1/avatars')).toHaveLength(0);
  });

  it('sends a photo too large for a data URI through /v1/uploads and storage, the key never reaching storage', async () => {
    const runway = await start({ pollsUntilDone: 1 });
    // 4 MB of bytes is 5.3 MB of base64: past the 5 MB data-URI limit.
    const bigPhoto = Buffer.concat([photo, Buffer.alloc(4_000_000, 7)]);
    const { jobId } = await runway.submit(request({ photo: bigPhoto, audio: undefined }), call());
    const task = fake.tasks.get(jobId);
    expect(task?.image?.via).toBe('upload');
    expect(Buffer.compare(task?.image?.data ?? Buffer.alloc(0), bigPhoto)).toBe(0);
    expect(String(task?.body.promptImage)).toMatch(/^runway:\/\//);
    const storage = fake.server.sent('POST', /^\/_storage\//);
    expect(storage).toHaveLength(1);
    expect(header(storage[0]!, 'authorization')).toBe('');
    expect(storage[0]!.body.includes(RUNWAY_KEY)).toBe(false);
  });

  it('refuses a file over the 200 MB upload limit with bad_request before calling Runway', async () => {
    const runway = await start();
    const error = await failure(runway.submit(request({ audio: { data: Buffer.alloc(200_000_001), mime: 'audio/wav' } }), call()));
    expect(error.kind).toBe('bad_request');
    expect(error.detail).toMatch(/voice track is 200\.0 MB; Runway accepts files up to 200\.0 MB/);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('fails a task that content moderation stopped with kind rejected', async () => {
    const runway = await start({ outcome: 'moderated', pollsUntilDone: 2 });
    const { jobId } = await runway.submit(request(), call());
    const last = (await pollUntilSettled(runway, jobId)).at(-1);
    expect(last).toMatchObject({ state: 'failed', error: { kind: 'rejected' } });
    expect(last?.error?.detail).toContain('SAFETY.INPUT.IMAGE');
  });

  it('fails submit with bad_request when Runway cannot make an avatar of the photo', async () => {
    const runway = await start({ avatarOutcome: 'failed' });
    const error = await failure(runway.submit(request(), call()));
    expect(error.kind).toBe('bad_request');
    expect(error.detail).toContain('No face');
    expect(fake.tasks.size).toBe(0);
  });

  it('cancels with DELETE /v1/tasks/{id}; the task then reads as failed with kind cancelled', async () => {
    const runway = await start({ outcome: 'stuck' });
    const { jobId } = await runway.submit(request(), call());
    expect((await runway.poll(jobId, call())).state).toBe('queued');
    await runway.cancel(jobId, call());
    expect(fake.server.sent('DELETE', `/v1/tasks/${jobId}`)).toHaveLength(1);
    expect(await runway.poll(jobId, call())).toMatchObject({ state: 'failed', error: { kind: 'cancelled' } });
    // A second cancel deletes it; a third finds nothing and still resolves.
    await runway.cancel(jobId, call());
    await expect(runway.cancel(jobId, call())).resolves.toBeUndefined();
  });

  it('reads the task again at download, so an output URL that has since expired is never used', async () => {
    const runway = await start({ pollsUntilDone: 1, outputTtlMs: 150 });
    const { jobId } = await runway.submit(request(), call());
    expect((await pollUntilSettled(runway, jobId)).at(-1)?.state).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await runway.download(jobId, call());
    expect(Buffer.compare(result.video as Buffer, mp4)).toBe(0);
  });
});

describe('HeyGen adapter', () => {
  let fake: HeyGenFake;
  const start = async (options: Partial<HeyGenFakeOptions> = {}) => {
    fake = await startHeyGenFake({ apiKey: HEYGEN_KEY, video: mp4, uploadHost: true, ...options });
    return createHeyGenVideoProvider({ apiKey: HEYGEN_KEY, baseUrl: fake.url, uploadBaseUrl: fake.uploadUrl });
  };
  afterEach(() => fake.close());

  it('uploads the photo and our audio as assets, renders them as an image video, polls to completed and downloads the exact MP4', async () => {
    const heygen = await start({ pollsUntilDone: 3 });
    const { jobId } = await heygen.submit(request(), call());
    const statuses = await pollUntilSettled(heygen, jobId);
    expect(statuses.map((s) => s.state)).toEqual(['queued', 'running', 'done']);
    const result = await heygen.download(jobId, call());
    expect(Buffer.compare(result.video as Buffer, mp4)).toBe(0);
    expect(result.mime).toBe('video/mp4');

    const video = fake.videos.get(jobId);
    expect(Buffer.compare(video?.image.data ?? Buffer.alloc(0), photo)).toBe(0);
    expect(Buffer.compare(video?.audio.data ?? Buffer.alloc(0), voice)).toBe(0);
    expect(video?.body).toMatchObject({ type: 'image', image: { type: 'asset_id', asset_id: video?.image.id }, audio_asset_id: video?.audio.id, aspect_ratio: '9:16' });
    expect(video?.body.script).toBeUndefined();
  });

  it('sends exactly X-Api-Key to the API and the upload host, and no key to the video URL', async () => {
    const heygen = await start({ pollsUntilDone: 1 });
    const { jobId } = await heygen.submit(request(), call());
    await pollUntilSettled(heygen, jobId);
    await heygen.download(jobId, call());
    const uploads = fake.uploadServer.sent('POST', '/v3/assets');
    expect(uploads).toHaveLength(2);
    // The uploads went to the upload host, not the API host.
    expect(fake.server.sent('POST', '/v3/assets')).toHaveLength(0);
    const apiCalls = [...uploads, ...fake.server.requests.filter((r) => r.path.startsWith('/v3/'))];
    for (const r of apiCalls) {
      expect(header(r, 'x-api-key')).toBe(HEYGEN_KEY);
      expect(header(r, 'authorization')).toBe('');
    }
    const downloads = fake.server.sent('GET', /^\/_videos\//);
    expect(downloads).toHaveLength(1);
    expect(JSON.stringify(downloads[0]?.headers)).not.toContain(HEYGEN_KEY);
  });

  it('fails a video that moderation stopped with kind rejected', async () => {
    const heygen = await start({ outcome: 'moderated', pollsUntilDone: 2 });
    const { jobId } = await heygen.submit(request(), call());
    const last = (await pollUntilSettled(heygen, jobId)).at(-1);
    expect(last).toMatchObject({ state: 'failed', error: { kind: 'rejected' } });
    expect(last?.error?.detail).toContain('content_moderation');
  });

  it('cancels by deleting the video, and resolves quietly once it is gone', async () => {
    const heygen = await start({ outcome: 'stuck' });
    const { jobId } = await heygen.submit(request(), call());
    expect((await heygen.poll(jobId, call())).state).toBe('queued');
    await heygen.cancel(jobId, call());
    expect(fake.server.sent('DELETE', `/v3/videos/${jobId}`)).toHaveLength(1);
    expect(fake.videos.get(jobId)?.deleted).toBe(true);
    await expect(heygen.cancel(jobId, call())).resolves.toBeUndefined();
  });

  it('refuses, before any upload, a request without audio, a photo over 32 MB and a WebP photo', async () => {
    const heygen = await start();
    const cases: VideoRequest[] = [request({ audio: undefined }), request({ photo: Buffer.alloc(32_000_001) }), request({ mime: 'image/webp' })];
    const details: string[] = [];
    for (const r of cases) {
      const error = await failure(heygen.submit(r, call()));
      expect(error.kind).toBe('bad_request');
      details.push(error.detail ?? '');
    }
    expect(details[0]).toContain('has none');
    expect(details[1]).toContain('32 MB');
    expect(details[2]).toContain('image/webp');
    expect(fake.uploadServer.requests).toHaveLength(0);
    expect(fake.server.requests).toHaveLength(0);
  });
});
