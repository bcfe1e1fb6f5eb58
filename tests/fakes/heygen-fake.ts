import { randomUUID } from 'node:crypto';
import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * HeyGen's v3 API as docs/providers.md §4 describes it, on loopback: `X-Api-Key` on every
 * call, `POST /v3/assets` (multipart `file`, 32 MB, png/jpeg/mp4/webm/mp3/wav/pdf/srt),
 * `POST /v3/videos` with `type: "image"` and an audio asset, `GET /v3/videos/{id}` moving
 * pending → processing → completed (or failed) one step per read, `DELETE` to remove,
 * `GET /v3/users/me`, and presigned `video_url`s that expire. Assets may live on a second
 * host (`uploadHost: true`) so a test can prove the adapter's upload URL is its own setting.
 * Failures on purpose go through `fake.server.failNext/hangNext` with `heygenError(...)`.
 */

const ASSET_MAX_BYTES = 32 * 1024 * 1024;
const ASSET_TYPES = ['image/png', 'image/jpeg', 'video/mp4', 'video/webm', 'audio/mpeg', 'audio/wav', 'audio/x-wav', 'audio/wave', 'application/pdf', 'application/x-subrip'];
const ASPECTS = ['16:9', '9:16', '4:5', '5:4', '1:1', 'auto'];
const RESOLUTIONS = ['4k', '1080p', '720p'];

/**
 * How a new video ends: `succeed`; `stuck` (processing forever); `moderated` (failed with a
 * moderation code); `fail` (failed, internal); `low_quality` (completes with `lowQualityVideo`).
 */
export type HeyGenFakeOutcome = 'succeed' | 'stuck' | 'moderated' | 'fail' | 'low_quality';

export interface HeyGenFakeOptions {
  apiKey: string;
  /** The MP4 a completed video serves. */
  video: Buffer;
  lowQualityVideo?: Buffer;
  outcome?: HeyGenFakeOutcome;
  /** Video reads before the end (pending, then processing); default 3. */
  pollsUntilDone?: number;
  /** Serve `/v3/assets` from a second server (`fake.uploadUrl`) instead of the API host. */
  uploadHost?: boolean;
  /** How long a `video_url` works; default a day. */
  videoUrlTtlMs?: number;
}

export interface HeyGenFakeAsset {
  id: string;
  data: Buffer;
  mime: string;
  filename: string;
}

export interface HeyGenFakeVideo {
  id: string;
  body: Record<string, unknown>;
  image: HeyGenFakeAsset;
  audio: HeyGenFakeAsset;
  outcome: HeyGenFakeOutcome;
  reads: number;
  status: 'waiting' | 'pending' | 'processing' | 'completed' | 'failed';
  deleted: boolean;
}

export interface HeyGenFake {
  server: FakeServer;
  /** The server holding `/v3/assets`: `server` itself unless `uploadHost`. */
  uploadServer: FakeServer;
  url: string;
  uploadUrl: string;
  settings: Required<Omit<HeyGenFakeOptions, 'lowQualityVideo' | 'uploadHost'>> & { lowQualityVideo?: Buffer };
  assets: Map<string, HeyGenFakeAsset>;
  videos: Map<string, HeyGenFakeVideo>;
  close(): Promise<void>;
}

/** An error in HeyGen's envelope (`{"error":{code,message,param,doc_url}}`), for `failNext`. */
export function heygenError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, json: { error: { code, message, param: null, doc_url: null } } };
}

class Invalid extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startHeyGenFake(options: HeyGenFakeOptions): Promise<HeyGenFake> {
  const settings = { outcome: 'succeed' as HeyGenFakeOutcome, pollsUntilDone: 3, videoUrlTtlMs: 24 * 60 * 60 * 1000, ...options };
  const assets = new Map<string, HeyGenFakeAsset>();
  const videos = new Map<string, HeyGenFakeVideo>();
  const server = await FakeServer.start();
  const uploadServer = options.uploadHost ? await FakeServer.start() : server;

  const api =
    (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) =>
    async (request: FakeRequest): Promise<FakeResponse> => {
      const key = header(request, 'x-api-key');
      // Echoes what it was sent, so a leak through an error body would show.
      if (key !== settings.apiKey) return heygenError(401, 'unauthorized', `Invalid API key provided: ${key || '(none)'}`);
      try {
        return await handler(request);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return { status: 400, json: { error: { code: 'invalid_parameter', message: error.message, param: error.param, doc_url: null } } };
      }
    };

  function asset(id: unknown, kind: 'image' | 'audio', param: string): HeyGenFakeAsset {
    const found = typeof id === 'string' ? assets.get(id) : undefined;
    if (!found) throw new Invalid(param, 'Asset not found');
    if (!found.mime.startsWith(`${kind}/`)) throw new Invalid(param, `Asset is not an ${kind}`);
    return found;
  }

  function advance(video: HeyGenFakeVideo): void {
    if (video.status === 'completed' || video.status === 'failed') return;
    video.reads += 1;
    if (video.outcome === 'stuck' || video.reads < settings.pollsUntilDone) video.status = video.reads === 1 ? 'pending' : 'processing';
    else video.status = video.outcome === 'moderated' || video.outcome === 'fail' ? 'failed' : 'completed';
  }

  function videoView(video: HeyGenFakeVideo): Record<string, unknown> {
    const view: Record<string, unknown> = { id: video.id, title: video.body.title ?? null, status: video.status, created_at: Math.floor(Date.now() / 1000) };
    if (video.status === 'completed') {
      const expires = Date.now() + settings.videoUrlTtlMs;
      return { ...view, duration: 1, video_url: `${server.url}/_videos/${video.id}.mp4?Expires=${expires}&Signature=c2lnbmVk`, thumbnail_url: null };
    }
    if (video.status === 'failed') {
      // HeyGen lists no failure codes (docs/providers.md): these are the fake's own.
      return video.outcome === 'moderated'
        ? { ...view, failure_code: 'content_moderation', failure_message: 'The image was rejected by content moderation.' }
        : { ...view, failure_code: 'internal_error', failure_message: 'Rendering failed.' };
    }
    return view;
  }

  uploadServer.route(
    'POST',
    '/v3/assets',
    api(async (request) => {
      if (!header(request, 'content-type').startsWith('multipart/form-data')) throw new Invalid('file', 'Expected multipart/form-data');
      if (request.body.length > ASSET_MAX_BYTES + 64 * 1024) throw new Invalid('file', 'File exceeds 32 MB');
      const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': header(request, 'content-type') } }).formData();
      const file = form.get('file');
      if (!(file instanceof File)) throw new Invalid('file', 'Field "file" is required');
      if (file.size > ASSET_MAX_BYTES) throw new Invalid('file', 'File exceeds 32 MB');
      if (!ASSET_TYPES.includes(file.type)) throw new Invalid('file', `Unsupported file type ${file.type}`);
      const id = randomUUID().replace(/-/g, '');
      const stored = { id, data: Buffer.from(await file.arrayBuffer()), mime: file.type, filename: file.name };
      assets.set(id, stored);
      return { json: { data: { asset_id: id, url: `${uploadServer.url}/_assets/${id}`, mime_type: stored.mime, size_bytes: stored.data.length } } };
    }),
  );

  server
    .route(
      'POST',
      '/v3/videos',
      api((request) => {
        const body = (request.json ?? {}) as Record<string, unknown>;
        if (body.type !== 'image') throw new Invalid('type', 'The fake speaks type "image"');
        const image = body.image as { type?: unknown; asset_id?: unknown } | undefined;
        if (image?.type !== 'asset_id') throw new Invalid('image', 'The fake takes the image as an asset_id');
        const photo = asset(image.asset_id, 'image', 'image.asset_id');
        if (body.script !== undefined && body.audio_asset_id !== undefined) throw new Invalid('script', 'script and audio_asset_id are mutually exclusive');
        const audio = asset(body.audio_asset_id, 'audio', 'audio_asset_id');
        if (body.aspect_ratio !== undefined && !ASPECTS.includes(String(body.aspect_ratio))) throw new Invalid('aspect_ratio', 'Unsupported aspect ratio');
        if (body.resolution !== undefined && !RESOLUTIONS.includes(String(body.resolution))) throw new Invalid('resolution', 'Unsupported resolution');
        const id = randomUUID().replace(/-/g, '');
        videos.set(id, { id, body, image: photo, audio, outcome: settings.outcome, reads: 0, status: 'waiting', deleted: false });
        return { json: { data: { video_id: id, status: 'waiting', output_format: 'mp4' } } };
      }),
    )
    .route(
      'GET',
      '/v3/videos/:id',
      api((request) => {
        const video = videos.get(request.params.id ?? '');
        if (!video || video.deleted) return heygenError(404, 'not_found', 'Video not found');
        advance(video);
        return { json: { data: videoView(video) } };
      }),
    )
    .route(
      'DELETE',
      '/v3/videos/:id',
      api((request) => {
        const video = videos.get(request.params.id ?? '');
        if (!video || video.deleted) return heygenError(404, 'not_found', 'Video not found');
        video.deleted = true;
        return { json: { data: { id: video.id, deleted: true } } };
      }),
    )
    .route(
      'GET',
      '/v3/users/me',
      api(() => ({
        json: { data: { email: 'creator@example.com', first_name: 'Test', last_name: 'Creator', billing_type: 'wallet', wallet: { currency: 'USD', remaining_balance: 25 } } },
      })),
    )
    // Presigned storage: no key wanted; expires like the real one.
    .route('GET', '/_videos/:file', (request) => {
      const video = videos.get((request.params.file ?? '').replace(/\.mp4$/, ''));
      if (!video || video.deleted || video.status !== 'completed') return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
      if (Date.now() > Number(request.query.get('Expires'))) return { status: 403, body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' };
      if (video.outcome === 'low_quality') {
        if (!settings.lowQualityVideo) throw new Error('the low_quality outcome needs lowQualityVideo');
        return { headers: { 'content-type': 'video/mp4' }, body: settings.lowQualityVideo };
      }
      return { headers: { 'content-type': 'video/mp4' }, body: settings.video };
    });

  return {
    server,
    uploadServer,
    url: server.url,
    uploadUrl: uploadServer.url,
    settings,
    assets,
    videos,
    close: async () => {
      await server.close();
      if (uploadServer !== server) await uploadServer.close();
    },
  };
}
