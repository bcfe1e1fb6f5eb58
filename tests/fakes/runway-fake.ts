import { randomUUID } from 'node:crypto';
import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * Runway's API as docs/providers.md §3 describes it, on loopback: Bearer key and
 * `X-Runway-Version` on every call, data URIs (5 MB image, 16 MB audio, counted in
 * characters) or `/v1/uploads` + a presigned storage POST that yields a `runway://` URI,
 * custom avatars that process before use, `avatar_videos` and `image_to_video` tasks whose
 * status advances one step per `GET /v1/tasks/{id}`, `DELETE` to cancel, signed output URLs
 * that expire, and `GET /v1/organization`. Failures on purpose go through
 * `fake.server.failNext/hangNext` with `runwayError(...)` bodies.
 */

export const RUNWAY_FAKE_VERSION = '2024-11-06';
const DATA_URI_MAX_CHARS = { image: 5 * 1024 * 1024, audio: 16 * 1024 * 1024 } as const;
const GEN4_TURBO_RATIOS = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'];

/**
 * How a new task ends: `succeed`; `stuck` (never finishes); `moderated` (FAILED with a
 * `SAFETY.INPUT.*` code); `fail` (FAILED, `INTERNAL`); `low_quality` (succeeds with
 * `lowQualityVideo`, for the router's quality check).
 */
export type RunwayFakeOutcome = 'succeed' | 'stuck' | 'moderated' | 'fail' | 'low_quality';

export interface RunwayFakeOptions {
  apiKey: string;
  /** The MP4 a succeeded task serves. */
  video: Buffer;
  /** A tiny or one-frame MP4 served by the `low_quality` outcome. */
  lowQualityVideo?: Buffer;
  outcome?: RunwayFakeOutcome;
  /** Task polls before the end (PENDING, THROTTLED, then RUNNING with rising progress); default 5. */
  pollsUntilDone?: number;
  /** Avatar reads that still say PROCESSING; default 1. */
  avatarPollsUntilReady?: number;
  /** `failed`: the avatar ends FAILED (a photo without a usable face). */
  avatarOutcome?: 'ready' | 'failed';
  /** How long an output URL works; default a day. */
  outputTtlMs?: number;
}

export interface RunwayMedia {
  data: Buffer;
  mime: string;
  via: 'data_uri' | 'upload';
}

export interface RunwayFakeTask {
  id: string;
  endpoint: 'image_to_video' | 'avatar_videos';
  body: Record<string, unknown>;
  /** What the task was given, decoded: the photo (for an avatar video, the avatar's) and the audio. */
  image?: RunwayMedia;
  audio?: RunwayMedia;
  outcome: RunwayFakeOutcome;
  polls: number;
  status: 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  deleted: boolean;
}

export interface RunwayFakeAvatar {
  id: string;
  body: Record<string, unknown>;
  image: RunwayMedia;
  reads: number;
}

export interface RunwayFake {
  server: FakeServer;
  url: string;
  /** Mutable: a test may change the outcome for the next task. */
  settings: Required<Omit<RunwayFakeOptions, 'lowQualityVideo'>> & { lowQualityVideo?: Buffer };
  tasks: Map<string, RunwayFakeTask>;
  avatars: Map<string, RunwayFakeAvatar>;
  /** Files that reached storage, by `runway://` URI. */
  uploads: Map<string, { filename: string; media?: RunwayMedia }>;
  close(): Promise<void>;
}

/** An error in Runway's JSON shape (`{"error": …}`), for `failNext`. */
export function runwayError(status: number, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, json: { error: message } };
}

class Invalid extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startRunwayFake(options: RunwayFakeOptions): Promise<RunwayFake> {
  const settings = {
    outcome: 'succeed' as RunwayFakeOutcome,
    pollsUntilDone: 5,
    avatarPollsUntilReady: 1,
    avatarOutcome: 'ready' as const,
    outputTtlMs: 24 * 60 * 60 * 1000,
    ...options,
  };
  const tasks = new Map<string, RunwayFakeTask>();
  const avatars = new Map<string, RunwayFakeAvatar>();
  const uploads = new Map<string, { filename: string; fields: Record<string, string>; media?: RunwayMedia }>();
  const server = await FakeServer.start();

  /** Every API route: the key, then the version (Runway answers 400 without one). */
  const api =
    (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) =>
    async (request: FakeRequest): Promise<FakeResponse> => {
      const auth = header(request, 'authorization');
      // Echoes what it was sent, as some providers do, so a leak through an error body would show.
      if (auth !== `Bearer ${settings.apiKey}`) return runwayError(401, `Invalid API key: ${auth.replace(/^Bearer /, '') || '(none)'}`);
      if (header(request, 'x-runway-version') !== RUNWAY_FAKE_VERSION) return runwayError(400, 'X-Runway-Version header is missing or not a supported version');
      try {
        return await handler(request);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return { status: 400, json: { error: 'Validation of body failed', issues: [{ path: [error.path], message: error.message }] } };
      }
    };

  function media(value: unknown, kind: 'image' | 'audio', path: string): RunwayMedia {
    if (typeof value !== 'string') throw new Invalid(path, 'Expected a URI');
    const inline = /^data:([^;,]+);base64,(.*)$/s.exec(value);
    if (inline) {
      if (value.length > DATA_URI_MAX_CHARS[kind]) throw new Invalid(path, `Data URI exceeds the ${kind} size limit`);
      return { data: Buffer.from(inline[2] ?? '', 'base64'), mime: inline[1] ?? '', via: 'data_uri' };
    }
    if (value.startsWith('runway://')) {
      const uploaded = uploads.get(value)?.media;
      if (!uploaded) throw new Invalid(path, 'Unknown or incomplete upload');
      return uploaded;
    }
    // The fake cannot reach the internet, so an HTTPS URL is refused rather than faked.
    throw new Invalid(path, 'Only data URIs and runway:// URIs are accepted by the fake');
  }

  function newTask(endpoint: RunwayFakeTask['endpoint'], body: Record<string, unknown>, image: RunwayMedia, audio?: RunwayMedia): FakeResponse {
    const id = randomUUID();
    tasks.set(id, { id, endpoint, body, image, audio, outcome: settings.outcome, polls: 0, status: 'PENDING', deleted: false });
    return { json: { id } };
  }

  function taskView(task: RunwayFakeTask): Record<string, unknown> {
    const base = { id: task.id, createdAt: new Date().toISOString(), status: task.status };
    if (task.status === 'RUNNING') return { ...base, progress: Math.min(0.99, task.polls / settings.pollsUntilDone) };
    if (task.status === 'SUCCEEDED') {
      const expires = Date.now() + settings.outputTtlMs;
      return { ...base, output: [`${server.url}/_outputs/${task.id}/${randomUUID()}.mp4?_jwt=signed&expires=${expires}`] };
    }
    if (task.status === 'FAILED') {
      return task.outcome === 'moderated'
        ? { ...base, failure: 'Input image flagged by content moderation.', failureCode: 'SAFETY.INPUT.IMAGE' }
        : { ...base, failure: 'An unexpected error occurred.', failureCode: 'INTERNAL' };
    }
    return base;
  }

  function advance(task: RunwayFakeTask): void {
    if (task.status === 'SUCCEEDED' || task.status === 'FAILED' || task.status === 'CANCELLED') return;
    task.polls += 1;
    if (task.outcome === 'stuck') {
      task.status = task.polls === 1 ? 'PENDING' : 'RUNNING';
      return;
    }
    if (task.polls >= settings.pollsUntilDone) task.status = task.outcome === 'moderated' || task.outcome === 'fail' ? 'FAILED' : 'SUCCEEDED';
    else task.status = task.polls === 1 ? 'PENDING' : task.polls === 2 ? 'THROTTLED' : 'RUNNING';
  }

  server
    .route(
      'POST',
      '/v1/uploads',
      api((request) => {
        const body = (request.json ?? {}) as { filename?: unknown; type?: unknown };
        if (typeof body.filename !== 'string' || body.filename.length === 0) throw new Invalid('filename', 'Required');
        if (body.type !== 'ephemeral') throw new Invalid('type', 'Expected "ephemeral"');
        const id = randomUUID();
        const runwayUri = `runway://uploads/${id}/${body.filename}`;
        const fields = { key: `uploads/${id}/${body.filename}`, policy: 'cG9saWN5', 'x-amz-signature': 'c2lnbmF0dXJl' };
        uploads.set(runwayUri, { filename: body.filename, fields });
        return { json: { runwayUri, uploadUrl: `${server.url}/_storage/${id}`, fields } };
      }),
    )
    // The presigned storage POST: S3 refuses a request that carries a second credential.
    .route('POST', '/_storage/:id', async (request) => {
      if (header(request, 'authorization')) return { status: 400, body: '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>' };
      const entry = [...uploads.entries()].find(([uri]) => uri.startsWith(`runway://uploads/${request.params.id}/`));
      if (!entry) return { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };
      const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': header(request, 'content-type') } }).formData();
      for (const [name, value] of Object.entries(entry[1].fields)) {
        if (form.get(name) !== value) return { status: 403, body: `<Error><Code>AccessDenied</Code><Message>field ${name} does not match the policy</Message></Error>` };
      }
      const file = form.get('file');
      if (!(file instanceof Blob)) return { status: 400, body: '<Error><Code>InvalidArgument</Code><Message>file is missing</Message></Error>' };
      entry[1].media = { data: Buffer.from(await file.arrayBuffer()), mime: file.type, via: 'upload' };
      return { status: 204 };
    })
    .route(
      'POST',
      '/v1/avatars',
      api((request) => {
        const body = (request.json ?? {}) as Record<string, unknown>;
        for (const field of ['name', 'personality']) if (typeof body[field] !== 'string' || body[field] === '') throw new Invalid(field, 'Required');
        const voice = body.voice as { type?: unknown } | undefined;
        if (voice?.type !== 'runway-live-preset' && voice?.type !== 'custom') throw new Invalid('voice', 'Required');
        const image = media(body.referenceImage, 'image', 'referenceImage');
        const id = randomUUID();
        avatars.set(id, { id, body, image, reads: 0 });
        return { status: 201, json: { id, name: body.name, status: 'PROCESSING', createdAt: new Date().toISOString() } };
      }),
    )
    .route(
      'GET',
      '/v1/avatars/:id',
      api((request) => {
        const avatar = avatars.get(request.params.id ?? '');
        if (!avatar) return runwayError(404, 'Avatar not found');
        avatar.reads += 1;
        return { json: { id: avatar.id, name: avatar.body.name, ...avatarState(avatar) } };
      }),
    )
    .route(
      'POST',
      '/v1/avatar_videos',
      api((request) => {
        const body = (request.json ?? {}) as { model?: unknown; avatar?: { type?: unknown; avatarId?: unknown }; speech?: { type?: unknown; audio?: unknown } };
        if (body.model !== 'gwm1_avatars') throw new Invalid('model', 'Expected "gwm1_avatars"');
        const avatar = body.avatar?.type === 'custom' ? avatars.get(String(body.avatar.avatarId)) : undefined;
        if (!avatar) throw new Invalid('avatar', 'Unknown avatar');
        if (avatarState(avatar).status !== 'READY') throw new Invalid('avatar', 'Avatar is not ready');
        if (body.speech?.type !== 'audio') throw new Invalid('speech', 'Expected an audio speech source');
        return newTask('avatar_videos', body as Record<string, unknown>, avatar.image, media(body.speech.audio, 'audio', 'speech.audio'));
      }),
    )
    .route(
      'POST',
      '/v1/image_to_video',
      api((request) => {
        const body = (request.json ?? {}) as Record<string, unknown>;
        if (body.model !== 'gen4_turbo') throw new Invalid('model', 'The fake speaks gen4_turbo');
        if (!GEN4_TURBO_RATIOS.includes(String(body.ratio))) throw new Invalid('ratio', 'Invalid ratio');
        if (body.duration !== undefined && !(Number.isInteger(body.duration) && (body.duration as number) >= 2 && (body.duration as number) <= 10))
          throw new Invalid('duration', 'Expected an integer 2–10');
        if (body.promptText !== undefined && (typeof body.promptText !== 'string' || body.promptText.length > 1000)) throw new Invalid('promptText', 'At most 1000 characters');
        return newTask('image_to_video', body, media(body.promptImage, 'image', 'promptImage'));
      }),
    )
    .route(
      'GET',
      '/v1/tasks/:id',
      api((request) => {
        const task = tasks.get(request.params.id ?? '');
        if (!task || task.deleted) return runwayError(404, 'Task not found');
        advance(task);
        return { json: taskView(task) };
      }),
    )
    .route(
      'DELETE',
      '/v1/tasks/:id',
      api((request) => {
        const task = tasks.get(request.params.id ?? '');
        if (!task || task.deleted) return runwayError(404, 'Task not found');
        if (task.status === 'PENDING' || task.status === 'THROTTLED' || task.status === 'RUNNING') task.status = 'CANCELLED';
        else task.deleted = true;
        return { status: 204 };
      }),
    )
    .route(
      'GET',
      '/v1/organization',
      api(() => ({
        json: {
          creditBalance: 1250,
          tier: {
            maxMonthlyCreditSpend: 10_000,
            models: { gen4_turbo: { maxConcurrentGenerations: 1, maxDailyGenerations: 50 }, gwm1_avatars: { maxConcurrentGenerations: 1, maxDailyGenerations: 50 } },
          },
          usage: { models: {} },
        },
      })),
    )
    // The signed CDN URL: no key wanted, and it stops working after its TTL.
    .route('GET', '/_outputs/:taskId/:file', (request) => {
      const task = tasks.get(request.params.taskId ?? '');
      if (!task || task.deleted || task.status !== 'SUCCEEDED') return { status: 404, body: 'Not Found' };
      if (Date.now() > Number(request.query.get('expires'))) return { status: 404, body: 'Expired' };
      if (task.outcome === 'low_quality') {
        if (!settings.lowQualityVideo) throw new Error('the low_quality outcome needs lowQualityVideo');
        return { headers: { 'content-type': 'video/mp4' }, body: settings.lowQualityVideo };
      }
      return { headers: { 'content-type': 'video/mp4' }, body: settings.video };
    });

  function avatarState(avatar: RunwayFakeAvatar): { status: string; failureReason?: string } {
    if (avatar.reads <= settings.avatarPollsUntilReady) return { status: 'PROCESSING' };
    return settings.avatarOutcome === 'failed' ? { status: 'FAILED', failureReason: 'No face was found in the reference image.' } : { status: 'READY' };
  }

  return {
    server,
    url: server.url,
    settings,
    tasks,
    avatars,
    uploads,
    close: () => server.close(),
  };
}
