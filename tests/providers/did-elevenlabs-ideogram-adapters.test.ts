import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { createDidVideoProvider } from '../../src-main/cloud/providers/adapters/d-id.js';
import { createElevenLabsSpeech, listElevenLabsVoices } from '../../src-main/cloud/providers/adapters/elevenlabs.js';
import { createIdeogramEditor } from '../../src-main/cloud/providers/adapters/ideogram.js';
import { ProviderError } from '../../src-main/cloud/providers/provider-error.js';
import type { CallContext, VideoRequest } from '../../src-main/cloud/providers/provider-types.js';
import { startDidFake, type DidFake } from '../fakes/did-fake.js';
import { startElevenLabsFake, type ElevenLabsFake } from '../fakes/elevenlabs-fake.js';
import { header, type FakeServer } from '../fakes/fake-server.js';
import { LOW_QUALITY_WIDTH, startIdeogramFake, type IdeogramFake } from '../fakes/ideogram-fake.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { makeWav } from '../support/media.js';

// Fake keys shaped like real ones (long, letters and digits) so that redaction is really tested.
const DID_KEY = 'dGFsa2luZ3Bob3RvQGV4YW1wbGUuY29t:Qz7xK2mP9vL4nR8tY3wB';
const ELEVEN_KEY = 'sk_3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e2b4d6f0a9c7e';
const IDEOGRAM_KEY = 'kX9mP2vL7nR4tY8wB3qZ6sD1fG5hJ0cVaE7uI9oK2lN4';
const WRONG_KEY = 'wr0ng-K3y-7h1s1sN0tTh3R1ghtOn3-99aa77bb55cc';

const photo = readFileSync(fixture('portrait-obama.jpg'));
const png = readFileSync(fixture('rgba-speaker.png'));
const context = (): CallContext => ({ signal: new AbortController().signal });

let video: Buffer;
let wav: Buffer;
const media = tempDir('tp-adapters-');

beforeAll(async () => {
  const { ffmpeg } = mediaTools();
  const mp4 = path.join(media.dir, 'talk.mp4');
  const made = await runProcess(ffmpeg.path, [...SAFE_INPUT_FLAGS, '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-t', '0.5', '-c:v', 'mpeg4', '-y', mp4]);
  if (made.code !== 0) throw new Error(made.stderr);
  video = readFileSync(mp4);
  const voice = path.join(media.dir, 'voice.wav');
  await makeWav(voice, 0.5, 'tone');
  wav = readFileSync(voice);
});
afterAll(() => media.cleanup());

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Neither the key nor either half of a `user:password` key may appear anywhere a log or the creator could read. */
function expectKeyless(error: unknown, key: string): void {
  const texts = [String(error), (error as Error).message, (error as ProviderError).detail ?? ''];
  for (const text of texts) for (const part of [key, ...key.split(':')]) expect(text).not.toContain(part);
}

const talkRequest = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  photo,
  mime: 'image/jpeg',
  audio: { data: wav, mime: 'audio/wav' },
  script: 'Hello from TalkingPhoto.',
  language: 'en',
  durationS: 2,
  aspect: '9:16',
  ...overrides,
});

interface AdapterCase {
  name: string;
  key: string;
  start(): Promise<{ server: FakeServer; url: string; close(): Promise<void> }>;
  /** One paid call of the adapter, made with `key`. */
  call(url: string, key: string, signal: AbortSignal): Promise<unknown>;
  verify(url: string, key: string, signal: AbortSignal): Promise<void>;
  /** The provider's own 5xx body, echoing the key as a careless server might. */
  serverError: unknown;
}

const CASES: AdapterCase[] = [
  {
    name: 'D-ID',
    key: DID_KEY,
    start: () => startDidFake({ apiKey: DID_KEY, video }),
    call: (url, key, signal) => createDidVideoProvider({ apiKey: key, baseUrl: url }).submit(talkRequest(), { signal }),
    verify: (url, key, signal) => createDidVideoProvider({ apiKey: key, baseUrl: url }).verifyKey({ signal }),
    serverError: { kind: 'InternalServerError', description: `failed for Basic ${DID_KEY}` },
  },
  {
    name: 'ElevenLabs',
    key: ELEVEN_KEY,
    start: () => startElevenLabsFake({ apiKey: ELEVEN_KEY }),
    call: (url, key, signal) => createElevenLabsSpeech({ apiKey: key, baseUrl: url }).speak({ text: 'Hello there.', language: 'en', voice: null }, { signal }),
    verify: (url, key, signal) => createElevenLabsSpeech({ apiKey: key, baseUrl: url }).verifyKey!({ signal }),
    serverError: { detail: { status: 'internal_error', message: `xi-api-key ${ELEVEN_KEY} failed` } },
  },
  {
    name: 'Ideogram',
    key: IDEOGRAM_KEY,
    start: () => startIdeogramFake({ apiKey: IDEOGRAM_KEY }),
    call: (url, key, signal) => createIdeogramEditor({ apiKey: key, baseUrl: url }).enhance({ photo, mime: 'image/jpeg', prompt: 'soft studio light' }, { signal }),
    verify: (url, key, signal) => createIdeogramEditor({ apiKey: key, baseUrl: url }).verifyKey!({ signal }),
    serverError: { error: `internal error for ${IDEOGRAM_KEY}` },
  },
];

describe.each(CASES)('$name adapter, failures every adapter shares', (adapter) => {
  let fake: { server: FakeServer; url: string; close(): Promise<void> };
  beforeEach(async () => {
    fake = await adapter.start();
  });
  afterEach(() => fake.close());

  it('reports a wrong key as kind auth, with the key in neither message nor detail', async () => {
    const error = await failure(adapter.call(fake.url, WRONG_KEY, new AbortController().signal));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expectKeyless(error, WRONG_KEY);
  });

  it('reports a 500 as transient without the key the server echoed', async () => {
    fake.server.failNext(1, { status: 500, json: adapter.serverError });
    const error = await failure(adapter.call(fake.url, adapter.key, new AbortController().signal));
    expect(error.kind).toBe('transient');
    expectKeyless(error, adapter.key);
  });

  it('reports a 429 as rate_limited with its Retry-After', async () => {
    fake.server.failNext(1, { status: 429, headers: { 'retry-after': '7' }, json: {} });
    const error = await failure(adapter.call(fake.url, adapter.key, new AbortController().signal));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('stops a call the server never answers when its signal is aborted', async () => {
    fake.server.hangNext(1);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await adapter.call(fake.url, adapter.key, controller.signal).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(5000);
  }, 10_000);

  it('verifies a good key and reports a wrong one as auth', async () => {
    await expect(adapter.verify(fake.url, adapter.key, new AbortController().signal)).resolves.toBeUndefined();
    const error = await failure(adapter.verify(fake.url, WRONG_KEY, new AbortController().signal));
    expect(error.kind).toBe('auth');
    expectKeyless(error, WRONG_KEY);
  });
});

describe('D-ID adapter', () => {
  let fake: DidFake;
  afterEach(() => fake.close());

  it('uploads the photo and our audio, polls created → started → done, and returns the exact MP4', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const { jobId } = await did.submit(talkRequest(), context());
    const states = [];
    for (let i = 0; i < 3; i += 1) states.push((await did.poll(jobId, context())).state);
    const result = await did.download(jobId, context());

    expect(states).toEqual(['queued', 'running', 'done']);
    expect(Buffer.isBuffer(result.video) && result.video.equals(video)).toBe(true);
    expect(result.mime).toBe('video/mp4');
    expect(fake.images).toHaveLength(1);
    expect(fake.images[0]!.data.equals(photo)).toBe(true);
    expect(fake.audios).toHaveLength(1);
    expect(fake.audios[0]!.data.equals(wav)).toBe(true);
    expect(fake.talks.get(jobId)!.body).toMatchObject({ source_url: fake.images[0]!.url, script: { type: 'audio', audio_url: fake.audios[0]!.url } });
    const apiCalls = fake.server.requests.filter((r) => !r.path.startsWith('/results/'));
    expect(apiCalls.map((r) => header(r, 'authorization'))).toEqual(apiCalls.map(() => `Basic ${DID_KEY}`));
    expect(fake.server.sent('GET', /^\/results\//).map((r) => header(r, 'authorization'))).toEqual(['']);
  });

  it('sends the script as text with a voice for its language when there is no audio of ours', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const { jobId } = await did.submit(talkRequest({ audio: undefined, script: 'Bonjour à tous.', language: 'fr-FR' }), context());
    expect(fake.audios).toHaveLength(0);
    expect(fake.talks.get(jobId)!.body.script).toEqual({ type: 'text', input: 'Bonjour à tous.', provider: { type: 'microsoft', voice_id: 'fr-FR-DeniseNeural' } });
  });

  it('polls a rejected talk as failed with kind rejected, and an errored one as transient', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video, pollsBeforeEnd: 0, outcome: 'rejected' });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const rejected = await did.poll((await did.submit(talkRequest(), context())).jobId, context());
    fake.outcome = 'error';
    const errored = await did.poll((await did.submit(talkRequest(), context())).jobId, context());
    expect(rejected).toMatchObject({ state: 'failed', error: { kind: 'rejected' } });
    expect(rejected.error?.detail).toContain('ContentModerationError');
    expect(errored).toMatchObject({ state: 'failed', error: { kind: 'transient' } });
  });

  it('keeps a stuck talk running and refuses to download it', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video, outcome: 'stuck' });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const { jobId } = await did.submit(talkRequest(), context());
    const states = [];
    for (let i = 0; i < 6; i += 1) states.push((await did.poll(jobId, context())).state);
    expect(states).toEqual(['queued', 'running', 'running', 'running', 'running', 'running']);
    expect((await failure(did.download(jobId, context()))).kind).toBe('unexpected');
  });

  it('cancels a talk with DELETE, and resolves quietly where D-ID has no such route', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video, outcome: 'stuck' });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const { jobId } = await did.submit(talkRequest(), context());
    await did.cancel(jobId, context());
    expect(fake.talks.get(jobId)!.deleted).toBe(true);
    await fake.close();

    fake = await startDidFake({ apiKey: DID_KEY, video, noDelete: true });
    const without = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    const second = await without.submit(talkRequest(), context());
    await expect(without.cancel(second.jobId, context())).resolves.toBeUndefined();
    expect(fake.server.sent('DELETE', `/talks/${second.jobId}`)).toHaveLength(1);
  });

  it('refuses a photo D-ID cannot take before uploading anything', async () => {
    fake = await startDidFake({ apiKey: DID_KEY, video });
    const did = createDidVideoProvider({ apiKey: DID_KEY, baseUrl: fake.url });
    expect((await failure(did.submit(talkRequest({ mime: 'image/webp' }), context()))).kind).toBe('bad_request');
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('ElevenLabs adapter', () => {
  let fake: ElevenLabsFake;
  afterEach(() => fake.close());

  it('returns the MP3 and the script as written (not as normalized) as words, in order, with rising times', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY });
    const script = 'Hello there, this is TalkingPhoto   speaking 2 times.';
    const result = await createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url }).speak({ text: script, language: 'en', voice: null }, context());

    expect(result.audio.equals(fake.audio)).toBe(true);
    expect(result.mime).toBe('audio/mpeg');
    expect(result.words.map((w) => w.word)).toEqual(script.split(/\s+/));
    for (const [i, word] of result.words.entries()) {
      expect(word.endS).toBeGreaterThan(word.startS);
      if (i > 0) expect(word.startS).toBeGreaterThanOrEqual(result.words[i - 1]!.endS);
    }
    // The fake gives each character 0.06 s: "there," spans characters 6–11.
    expect(result.words[1]).toEqual({ word: 'there,', startS: 0.36, endS: 0.72 });
    const [sent] = fake.server.sent('POST', /with-timestamps$/);
    expect(header(sent!, 'xi-api-key')).toBe(ELEVEN_KEY);
    expect(fake.syntheses[0]).toMatchObject({ voiceId: 'JBFqnCBsd6RMkjVDRZzb', outputFormat: 'mp3_44100_128', body: { text: script, model_id: 'eleven_multilingual_v2' } });
  });

  it('uses the voice the request names and the model it was made with', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY, voices: [{ voice_id: 'voice-of-ada', name: 'Ada' }] });
    const speech = createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url, model: 'eleven_flash_v2_5' });
    await speech.speak({ text: 'Hi.', language: 'en', voice: 'voice-of-ada' }, context());
    expect(fake.syntheses[0]).toMatchObject({ voiceId: 'voice-of-ada', body: { model_id: 'eleven_flash_v2_5' } });
  });

  it('splits Chinese and Japanese, written without spaces, into runs between punctuation', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY });
    const speech = createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url });
    const chinese = await speech.speak({ text: '你好，世界。价格是3.5元！', language: 'zh', voice: null }, context());
    const japanese = await speech.speak({ text: 'こんにちは、「世界」です。', language: 'ja', voice: null }, context());
    expect(chinese.words.map((w) => w.word)).toEqual(['你好，', '世界。', '价格是3.5元！']);
    expect(japanese.words.map((w) => w.word)).toEqual(['こんにちは、', '「世界」', 'です。']);
    expect(chinese.words[1]).toMatchObject({ startS: 0.18, endS: 0.36 });
  });

  it('falls back to the normalized alignment, and answers no words when there is none', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY, alignment: 'normalized-only' });
    const normalized = await createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url }).speak({ text: '2 words', language: 'en', voice: null }, context());
    await fake.close();
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY, alignment: 'none' });
    const bare = await createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url }).speak({ text: 'Two words', language: 'en', voice: null }, context());
    expect(normalized.words.map((w) => w.word)).toEqual(['two', 'words']);
    expect(bare.words).toEqual([]);
    expect(bare.audio.equals(fake.audio)).toBe(true);
  });

  it('reports more requests in flight than the plan allows as rate_limited with retryAfterMs', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY, maxConcurrent: 2, latencyMs: 300, concurrencyRetryAfterS: 2 });
    const speech = createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => speech.speak({ text: `Line ${n}.`, language: 'en', voice: null }, context())));
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as ProviderError);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(ProviderError);
    expect(refused[0]).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000 });
    expect(refused[0]!.detail).toContain('too_many_concurrent_requests');
  });

  it('reports quota_exceeded, which ElevenLabs sends as a 401, as quota rather than a bad key', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY });
    fake.server.failNext(1, { status: 401, json: { detail: { status: 'quota_exceeded', message: 'This request exceeds your quota.' } } });
    const error = await failure(createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url }).speak({ text: 'Hi.', language: 'en', voice: null }, context()));
    expect(error.kind).toBe('quota');
  });

  it('verifies a key restricted to speech through /v1/models when /v1/user is not allowed', async () => {
    fake = await startElevenLabsFake({ apiKey: ELEVEN_KEY, userReadForbidden: true });
    await createElevenLabsSpeech({ apiKey: ELEVEN_KEY, baseUrl: fake.url }).verifyKey!(context());
    expect(fake.server.sent('GET', '/v1/models')).toHaveLength(1);
  });

  it('lists the voices for the settings screen', async () => {
    fake = await startElevenLabsFake({
      apiKey: ELEVEN_KEY,
      voices: [
        { voice_id: 'v1', name: 'Ada', category: 'cloned' },
        { voice_id: 'v2', name: 'Bo' },
      ],
    });
    const voices = await listElevenLabsVoices({ apiKey: ELEVEN_KEY, baseUrl: fake.url }, context());
    expect(voices.map((v) => [v.id, v.name, v.category])).toEqual([
      ['v1', 'Ada', 'cloned'],
      ['v2', 'Bo', undefined],
    ]);
    expect(voices[0]!.previewUrl).toBe(`${fake.url}/previews/v1.mp3`);
    expect((await failure(listElevenLabsVoices({ apiKey: WRONG_KEY, baseUrl: fake.url }, context()))).kind).toBe('auth');
  });
});

describe('Ideogram adapter', () => {
  let fake: IdeogramFake;
  afterEach(() => fake.close());

  it('remixes the photo and returns the image its URL serves', async () => {
    fake = await startIdeogramFake({ apiKey: IDEOGRAM_KEY, result: { data: png, mime: 'image/png' } });
    const result = await createIdeogramEditor({ apiKey: IDEOGRAM_KEY, baseUrl: fake.url }).enhance({ photo, mime: 'image/jpeg', prompt: 'Keep the face identical; soft studio light' }, context());

    expect(result.image.equals(png)).toBe(true);
    expect(result.mime).toBe('image/png');
    expect(fake.remixes).toHaveLength(1);
    expect(fake.remixes[0]!.image.data.equals(photo)).toBe(true);
    expect(fake.remixes[0]!.fields).toMatchObject({ prompt: 'Keep the face identical; soft studio light', image_weight: '80', rendering_speed: 'QUALITY', magic_prompt: 'OFF' });
    expect(header(fake.server.sent('POST', '/v1/ideogram-v3/remix')[0]!, 'api-key')).toBe(IDEOGRAM_KEY);
    expect(fake.server.sent('GET', /^\/api\/images\/ephemeral\//).map((r) => header(r, 'api-key'))).toEqual(['']);
  });

  it('hands back a low-quality result as served, for the router to score', async () => {
    fake = await startIdeogramFake({ apiKey: IDEOGRAM_KEY, quality: 'low' });
    const result = await createIdeogramEditor({ apiKey: IDEOGRAM_KEY, baseUrl: fake.url }).enhance({ photo, mime: 'image/jpeg', prompt: 'relight' }, context());
    expect(result.image.equals(fake.remixes[0]!.served.data)).toBe(true);
    expect((await sharp(result.image).metadata()).width).toBe(LOW_QUALITY_WIDTH);
  });

  it('reports an unsafe result and a 422 safety failure as rejected', async () => {
    fake = await startIdeogramFake({ apiKey: IDEOGRAM_KEY, unsafe: true });
    const editor = createIdeogramEditor({ apiKey: IDEOGRAM_KEY, baseUrl: fake.url });
    const unsafe = await failure(editor.enhance({ photo, mime: 'image/jpeg', prompt: 'relight' }, context()));
    fake.unsafe = false;
    fake.server.failNext(1, { status: 422, json: { error: 'Prompt or image failed the safety check' } });
    const refused = await failure(editor.enhance({ photo, mime: 'image/jpeg', prompt: 'relight' }, context()));
    expect(unsafe.kind).toBe('rejected');
    expect(refused).toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('refuses a format Ideogram cannot take before calling it', async () => {
    fake = await startIdeogramFake({ apiKey: IDEOGRAM_KEY });
    const error = await failure(createIdeogramEditor({ apiKey: IDEOGRAM_KEY, baseUrl: fake.url }).enhance({ photo, mime: 'image/gif', prompt: 'relight' }, context()));
    expect(error.kind).toBe('bad_request');
    expect(fake.server.requests).toHaveLength(0);
  });
});
