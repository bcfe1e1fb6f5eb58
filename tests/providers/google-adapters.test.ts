import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { createGeminiImageEditor, DEFAULT_GEMINI_IMAGE_MODEL } from '../../src-main/cloud/providers/adapters/gemini-image.js';
import { createVeoVideoProvider, DEFAULT_VEO_MODEL } from '../../src-main/cloud/providers/adapters/veo.js';
import { ProviderError } from '../../src-main/cloud/providers/provider-error.js';
import type { AsyncVideoProvider, CallContext, VideoRequest } from '../../src-main/cloud/providers/provider-types.js';
import { FakeServer, header } from '../fakes/fake-server.js';
import { googleError, startGoogleFake, type GoogleFake, type GoogleFakeOptions } from '../fakes/google-fake.js';
import { fixture, tempDir } from '../support/fixtures.js';

/** Shaped like a real Gemini API key (AIza + 35), so the generic redaction is exercised too. */
const KEY = 'AIzaSyD4fk9Kq2mZt7Xw3Lp0Rv8Ns6Bj1Hc5Ue2';
const WRONG_KEY = 'AIzaSyWR0NG7xx9Kq2mZt7Xw3Lp0Rv8Ns6Bj1Hc';

const photo = readFileSync(fixture('portrait-obama.jpg'));
let mp4: Buffer;
const media = tempDir('tp-google-');

beforeAll(async () => {
  // No MP4 among the shared fixtures: a real 1 s H.264 + AAC file stands in for Veo's.
  const file = path.join(media.dir, 'veo.mp4');
  const made = await runProcess(mediaTools().ffmpeg.path, [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=180x320:rate=24:duration=1',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:sample_rate=48000:duration=1',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    '-movflags',
    '+faststart',
    '-y',
    file,
  ]);
  if (made.code !== 0) throw new Error(made.stderr);
  mp4 = readFileSync(file);
});
afterAll(() => media.cleanup());

let fake: GoogleFake;
const extras: FakeServer[] = [];
const seen: unknown[] = [];

async function start(options: Partial<GoogleFakeOptions> = {}): Promise<GoogleFake> {
  fake = await startGoogleFake({ apiKey: KEY, video: mp4, ...options });
  return fake;
}

afterEach(async () => {
  // Wherever a test sent the key, it went in the header and nowhere else.
  for (const request of fake?.requests ?? []) {
    expect(request.query.has('key')).toBe(false);
    expect(`${request.path}?${request.query.toString()}`).not.toContain(KEY);
  }
  await fake?.close();
  for (const server of extras.splice(0)) await server.close();
});

const ctx = (): CallContext => ({ signal: new AbortController().signal });

/** The rejection, kept so the last test can check that no error anywhere carried the key. */
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  seen.push(error);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const editor = (options: { apiKey?: string; model?: string } = {}) => createGeminiImageEditor({ apiKey: KEY, baseUrl: fake.url, ...options });
const veo = (options: { apiKey?: string; model?: string } = {}): AsyncVideoProvider => createVeoVideoProvider({ apiKey: KEY, baseUrl: fake.url, ...options });

const videoRequest = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  photo,
  mime: 'image/jpeg',
  script: 'Hello, I am glad you are here. Let me tell you about our new bakery.',
  language: 'en',
  durationS: 6,
  aspect: '9:16',
  ...overrides,
});

interface SentVeoBody {
  instances: Array<{ prompt: string; image: { bytesBase64Encoded: string; mimeType: string } }>;
  parameters: Record<string, unknown>;
}

describe('Gemini image editor', () => {
  it('returns the edited JPEG and sends the photo inline with the prompt, the key only in x-goog-api-key', async () => {
    await start();
    const result = await editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Relight as soft studio light; keep the face identical' }, ctx());

    const meta = await sharp(result.image).metadata();
    const original = await sharp(photo).metadata();
    expect(result.mime).toBe('image/jpeg');
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', original.width, original.height]);
    expect(result.image.equals(photo)).toBe(false);

    const [sent] = fake.server.sent('POST', `/v1beta/models/${DEFAULT_GEMINI_IMAGE_MODEL}:generateContent`);
    expect(sent).toBeDefined();
    expect(header(sent!, 'x-goog-api-key')).toBe(KEY);
    expect(sent!.json).toEqual({
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/jpeg', data: photo.toString('base64') } }, { text: 'Relight as soft studio light; keep the face identical' }] }],
      generationConfig: { responseModalities: ['IMAGE'] },
    });
  });

  it('calls the model the creator configured, since Google retires image models', async () => {
    await start({ models: ['gemini-2.5-flash-image'] });
    await editor({ model: 'models/gemini-2.5-flash-image' }).enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx());
    expect(fake.server.sent('POST', '/v1beta/models/gemini-2.5-flash-image:generateContent')).toHaveLength(1);

    const retired = await failure(editor({ model: 'gemini-2.5-flash-image-preview' }).enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect([retired.kind, retired.status]).toEqual(['bad_request', 404]);
  });

  it('passes a low-quality answer through untouched for the router to score (64×64 grey)', async () => {
    await start({ image: 'low_quality' });
    const result = await editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx());
    const stats = await sharp(result.image).stats();
    const meta = await sharp(result.image).metadata();
    expect([meta.width, meta.height]).toEqual([64, 64]);
    expect(stats.channels.every((channel) => channel.stdev < 2)).toBe(true);
  });

  it("is 'rejected' when the answer has no image, with finishReason in the detail", async () => {
    await start({ image: 'finish_blocked' });
    const error = await failure(editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect(error.kind).toBe('rejected');
    expect(error.detail).toContain('IMAGE_SAFETY');
    expect(error.detail).toContain("I can't edit this image.");
  });

  it("is 'rejected' when the prompt was blocked, with blockReason in the detail", async () => {
    await start({ image: 'prompt_blocked' });
    const error = await failure(editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect(error.kind).toBe('rejected');
    expect(error.detail).toContain('blockReason SAFETY');
  });

  it.each([
    ['401', 'auth', (f: GoogleFake) => f.unauthorizedNext()],
    ['500', 'transient', (f: GoogleFake) => f.serverErrorNext()],
  ] as const)('maps HTTP %s to %s', async (_status, kind, inject) => {
    inject(await start());
    const error = await failure(editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect(error.kind).toBe(kind);
  });

  it("maps 429 with Retry-After to 'rate_limited' with retryAfterMs", async () => {
    (await start()).rateLimitNext(7);
    const error = await failure(editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect([error.kind, error.status, error.retryAfterMs]).toEqual(['rate_limited', 429, 7000]);
  });

  it("is 'auth' for a key Google does not know, though Google answers it with 400 API_KEY_INVALID", async () => {
    await start();
    const error = await failure(editor({ apiKey: WRONG_KEY }).enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect([error.kind, error.status]).toEqual(['auth', 400]);
  });

  it('aborting the signal ends a call the server never answers', async () => {
    (await start()).hangNext();
    const controller = new AbortController();
    const began = Date.now();
    setTimeout(() => controller.abort(), 150);
    const error = await editor()
      .enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, { signal: controller.signal })
      .then(
        () => null,
        (reason: unknown) => reason,
      );
    expect((error as Error | null)?.name).toBe('AbortError');
    expect(Date.now() - began).toBeLessThan(5000);
    expect(fake.server.sent('POST', /:generateContent$/)).toHaveLength(1);
  });

  it('verifyKey lists models with the key, and a bad key throws auth', async () => {
    await start();
    await expect(editor().verifyKey!(ctx())).resolves.toBeUndefined();
    expect(fake.server.sent('GET', '/v1beta/models').map((r) => header(r, 'x-goog-api-key'))).toEqual([KEY]);
    const error = await failure(editor({ apiKey: WRONG_KEY }).verifyKey!(ctx()));
    expect(error.kind).toBe('auth');
  });
});

describe('Veo video provider', () => {
  it('submits the photo, a prompt speaking the script, the aspect and durationS as given; the job id is the operation name', async () => {
    await start();
    const { jobId } = await veo().submit(videoRequest({ durationS: 4, aspect: '16:9', language: 'fr' }), ctx());

    const [sent] = fake.server.sent('POST', `/v1beta/models/${DEFAULT_VEO_MODEL}:predictLongRunning`);
    const body = sent!.json as SentVeoBody;
    expect(header(sent!, 'x-goog-api-key')).toBe(KEY);
    expect(body.instances[0]!.image).toEqual({ bytesBase64Encoded: photo.toString('base64'), mimeType: 'image/jpeg' });
    expect(body.instances[0]!.prompt).toContain('"Hello, I am glad you are here. Let me tell you about our new bakery."');
    expect(body.instances[0]!.prompt).toContain('in French');
    expect(body.instances[0]!.prompt).toMatch(/camera is fixed/i);
    expect(body.parameters).toMatchObject({ aspectRatio: '16:9', durationSeconds: 4, personGeneration: 'allow_adult', sampleCount: 1 });
    expect(jobId).toBe([...fake.operations.values()][0]!.name);
    expect(jobId).toMatch(new RegExp(`^models/${DEFAULT_VEO_MODEL.replace(/\./g, '\\.')}/operations/`));
  });

  it('asks for 9:16 when the video is square (Veo has no 1:1) and names the clip among its parts', async () => {
    await start();
    await veo().submit(videoRequest({ aspect: '1:1', durationS: 8, clip: { index: 1, count: 2 } }), ctx());
    const body = fake.server.sent('POST', /:predictLongRunning$/)[0]!.json as SentVeoBody;
    expect(body.parameters.aspectRatio).toBe('9:16');
    expect(body.parameters.durationSeconds).toBe(8);
    expect(body.instances[0]!.prompt).toContain('part 2 of 2');
  });

  it('polls running until done, then downloads the exact MP4 bytes with the key, following the redirect', async () => {
    await start({ pollsBeforeDone: 2 });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    const states = [];
    for (let i = 0; i < 3; i += 1) states.push((await provider.poll(jobId, ctx())).state);
    expect(states).toEqual(['running', 'running', 'done']);

    const result = await provider.download(jobId, ctx());
    expect(result.mime).toBe('video/mp4');
    expect(Buffer.isBuffer(result.video) && result.video.equals(mp4)).toBe(true);
    const [fileRequest] = fake.server.sent('GET', /^\/v1beta\/files\/[0-9a-f]+:download$/);
    expect(header(fileRequest!, 'x-goog-api-key')).toBe(KEY);
    expect(fake.server.sent('GET', /^\/storage\//)).toHaveLength(1);
  });

  it('a stuck operation keeps reporting running', async () => {
    await start({ operation: 'stuck' });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    for (let i = 0; i < 5; i += 1) expect((await provider.poll(jobId, ctx())).state).toBe('running');
  });

  it("a safety-filtered result (raiMediaFilteredCount) is failed with kind 'rejected', and download refuses it", async () => {
    await start({ operation: 'filtered', pollsBeforeDone: 0 });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    const status = await provider.poll(jobId, ctx());
    expect(status.state).toBe('failed');
    expect(status.error?.kind).toBe('rejected');
    expect(status.error?.detail).toContain('safety policy');
    expect((await failure(provider.download(jobId, ctx()))).kind).toBe('rejected');
  });

  it.each([
    [{ code: 3, status: 'INVALID_ARGUMENT', message: "The video violates Gemini API's usage guidelines." }, 'rejected'],
    [{ code: 13, message: 'Internal error while generating the video.' }, 'transient'],
    [{ code: 8, message: 'Quota exceeded for video generation.' }, 'rate_limited'],
    [{ code: 3, message: 'durationSeconds must be 8 for 1080p.' }, 'bad_request'],
  ])('an operation that ends with error %j is failed with kind %s', async (operationError, kind) => {
    await start({ operation: 'failed', pollsBeforeDone: 0, operationError });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    const status = await provider.poll(jobId, ctx());
    expect(status).toMatchObject({ state: 'failed', error: { kind } });
    expect(status.error?.detail).toContain(operationError.message);
  });

  it("a refused personGeneration surfaces as bad_request (not retried) with Google's words", async () => {
    await start({ personGeneration: ['allow_all'] });
    const error = await failure(veo().submit(videoRequest(), ctx()));
    expect([error.kind, error.status]).toEqual(['bad_request', 400]);
    expect(error.detail).toContain('allow_adult for personGeneration is currently not supported');
  });

  it('cancel posts to the operation :cancel route and the operation then ends cancelled', async () => {
    await start({ operation: 'stuck' });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    await provider.cancel(jobId, ctx());
    const [sent] = fake.server.sent('POST', `/v1beta/${jobId}:cancel`);
    expect(header(sent!, 'x-goog-api-key')).toBe(KEY);
    expect(await provider.poll(jobId, ctx())).toMatchObject({ state: 'failed', error: { kind: 'cancelled' } });
  });

  it('cancel resolves quietly where the API has no cancel method (404), but not on a bad key', async () => {
    await start({ operation: 'stuck', cancelSupported: false });
    const { jobId } = await veo().submit(videoRequest(), ctx());
    await expect(veo().cancel(jobId, ctx())).resolves.toBeUndefined();
    expect(fake.server.sent('POST', /:cancel$/)).toHaveLength(1);
    expect((await failure(veo({ apiKey: WRONG_KEY }).cancel(jobId, ctx()))).kind).toBe('auth');
  });

  it('refuses a job id that is not an operation name rather than sending the key elsewhere', async () => {
    await start();
    const error = await failure(veo().poll('https://elsewhere.example/steal', ctx()));
    expect(error.kind).toBe('unexpected');
    expect(fake.requests).toHaveLength(0);
  });

  it("sends the key only to the API's own host: a video URI elsewhere is fetched without it", async () => {
    const elsewhere = await FakeServer.start((server) => server.route('GET', '/signed/:file', () => ({ headers: { 'content-type': 'video/mp4' }, body: mp4 })));
    extras.push(elsewhere);
    await start({ pollsBeforeDone: 0, videoUri: (id) => `${elsewhere.url}/signed/${id}.mp4` });
    const provider = veo();
    const { jobId } = await provider.submit(videoRequest(), ctx());
    expect((await provider.poll(jobId, ctx())).state).toBe('done');
    const result = await provider.download(jobId, ctx());
    expect(Buffer.isBuffer(result.video) && result.video.equals(mp4)).toBe(true);
    expect(elsewhere.requests).toHaveLength(1);
    expect(header(elsewhere.requests[0]!, 'x-goog-api-key')).toBe('');
  });

  it('verifyKey lists models, and a bad key throws auth', async () => {
    await start();
    await expect(veo().verifyKey(ctx())).resolves.toBeUndefined();
    expect((await failure(veo({ apiKey: WRONG_KEY }).verifyKey(ctx()))).kind).toBe('auth');
    expect(fake.server.sent('GET', '/v1beta/models')).toHaveLength(2);
  });

  it('429 on submit is rate_limited with retryAfterMs; 500 on poll is transient', async () => {
    await start();
    fake.rateLimitNext(3);
    const limited = await failure(veo().submit(videoRequest(), ctx()));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 3000]);
    const { jobId } = await veo().submit(videoRequest(), ctx());
    fake.serverErrorNext();
    expect((await failure(veo().poll(jobId, ctx()))).kind).toBe('transient');
  });
});

describe('the key stays secret', () => {
  it('no error message or detail carries the key, even when the server echoes it back', async () => {
    await start();
    fake.server.failNext(1, googleError(400, `API key not valid: ${KEY}. Please pass a valid API key.`));
    const echoed = await failure(editor().enhance({ photo, mime: 'image/jpeg', prompt: 'Sharpen' }, ctx()));
    expect(echoed.kind).toBe('auth');
    fake.server.failNext(1, googleError(500, `backend saw x-goog-api-key ${KEY}`));
    await failure(veo().submit(videoRequest(), ctx()));

    // Every failure the tests above saw as well, when the file runs whole.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const error of seen as ProviderError[]) {
      expect(String(error)).not.toContain(KEY);
      expect(error.message).not.toContain(KEY);
      expect(error.detail ?? '').not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
    }
  });
});
