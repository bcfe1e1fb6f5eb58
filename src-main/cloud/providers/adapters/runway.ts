import { setTimeout as delay } from 'node:timers/promises';
import { ProviderError, type ProviderErrorKind } from '../provider-error.js';
import type { AsyncVideoProvider, CallContext, VideoAspect, VideoJobStatus, VideoRequest, VideoResult } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions } from './adapter-http.js';

/**
 * Runway (docs/providers.md §3). With our voice track the photo becomes a custom avatar
 * that speaks it (`/v1/avatar_videos`, the only Runway route driven by audio); without one,
 * `/v1/image_to_video` animates the photo with the script as the prompt (no lip sync).
 *
 * Runway updates a task no more often than every 5 s, so polling faster only spends rate
 * limit: the router must not poll a Runway job faster than that (the catalog's
 * `pollIntervalMs` for 'runway' is 6 s, as the SDK polls).
 */

export const RUNWAY_BASE_URL = 'https://api.dev.runwayml.com';
/** The version the official SDK sends (runwayml/sdk-node `src/client.ts`). */
export const RUNWAY_API_VERSION = '2024-11-06';

/**
 * Data-URI limits, counted in characters of the whole URI (Runway's uploads guide: 5 MB for
 * images, 16 MB for audio); decimal megabytes, so a URI near the edge goes through an upload
 * rather than risk a 400. Uploads take files up to 200 MB.
 */
const DATA_URI_MAX_CHARS = { image: 5_000_000, audio: 16_000_000 } as const;
const UPLOAD_MAX_BYTES = 200_000_000;
/** `promptText` is at most 1000 UTF-16 code units. */
const PROMPT_MAX = 1000;

const IMAGE_MODEL = 'gen4_turbo';
const AVATAR_MODEL = 'gwm1_avatars';
/** gen4_turbo ratios nearest to each of our aspects. */
const RATIOS: Readonly<Record<VideoAspect, string>> = { '9:16': '720:1280', '16:9': '1280:720', '1:1': '960:960' };

export interface RunwayOptions extends AdapterOptions {
  /** How often submit asks whether the new avatar is ready; Runway's own cadence is 5 s. */
  avatarPollMs?: number;
  /** How long submit waits for the avatar before giving up with 'timeout'. */
  avatarReadyTimeoutMs?: number;
}

type TaskStatus =
  | { id: string; status: 'PENDING' | 'THROTTLED' }
  | { id: string; status: 'RUNNING'; progress?: number }
  | { id: string; status: 'SUCCEEDED'; output?: string[] }
  | { id: string; status: 'FAILED'; failure?: string; failureCode?: string }
  | { id: string; status: 'CANCELLED' };

interface Avatar {
  id: string;
  status: 'PROCESSING' | 'READY' | 'FAILED';
  failureReason?: string;
}

export function createRunwayVideoProvider(options: RunwayOptions): AsyncVideoProvider {
  const http = new ProviderHttp('runway', options, RUNWAY_BASE_URL);
  const now = options.now ?? Date.now;
  const avatarPollMs = options.avatarPollMs ?? 5_000;
  const avatarReadyTimeoutMs = options.avatarReadyTimeoutMs ?? 10 * 60_000;
  const headers = { authorization: `Bearer ${options.apiKey}`, 'x-runway-version': RUNWAY_API_VERSION };

  const fail = (kind: ProviderErrorKind, detail: string): ProviderError => new ProviderError({ kind, provider: 'runway', detail, secrets: [options.apiKey] });

  async function getTask(jobId: string, signal: AbortSignal): Promise<TaskStatus> {
    const task = await http.json<TaskStatus>({ path: `/v1/tasks/${encodeURIComponent(jobId)}`, headers, signal });
    if (typeof task?.status !== 'string') throw http.unexpected(`task ${jobId} has no status`);
    return task;
  }

  /** A `runway://` URI for a file too large for a data URI (valid 24 h; plenty for one render). */
  async function upload(data: Buffer, mime: string, filename: string, signal: AbortSignal): Promise<string> {
    const started = await http.json<{ runwayUri?: string; uploadUrl?: string; fields?: Record<string, string> }>({
      method: 'POST',
      path: '/v1/uploads',
      headers,
      json: { filename, type: 'ephemeral' },
      signal,
    });
    if (!started.runwayUri || !started.uploadUrl) throw http.unexpected('uploads answered without runwayUri or uploadUrl');
    const form = new FormData();
    for (const [name, value] of Object.entries(started.fields ?? {})) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(data)], { type: mime }), filename);
    try {
      // A presigned storage POST: our key must never travel there, and storage refuses a second credential anyway.
      await http.send({ method: 'POST', path: started.uploadUrl, form, signal });
    } catch (error) {
      // Storage's 403 is an expired upload policy, not a bad API key.
      if (error instanceof ProviderError && error.kind === 'auth') throw fail('transient', `upload storage refused the file: ${error.detail ?? ''}`);
      throw error;
    }
    return started.runwayUri;
  }

  /** A local file as Runway takes it: inline when small enough, else through an upload. */
  async function mediaRef(data: Buffer, mime: string, kind: 'image' | 'audio', signal: AbortSignal): Promise<string> {
    const prefix = `data:${mime};base64,`;
    // Measured before encoding so an oversized file costs no memory twice over.
    if (prefix.length + 4 * Math.ceil(data.length / 3) <= DATA_URI_MAX_CHARS[kind]) return prefix + data.toString('base64');
    return upload(data, mime, `${kind === 'image' ? 'photo' : 'voice'}.${extensionOf(mime)}`, signal);
  }

  async function createReadyAvatar(referenceImage: string, signal: AbortSignal): Promise<string> {
    let avatar = await http.json<Avatar>({
      method: 'POST',
      path: '/v1/avatars',
      headers,
      // `voice` and `personality` are required by the API but unused: the video speaks our audio.
      json: {
        name: 'TalkingPhoto',
        referenceImage,
        voice: { type: 'runway-live-preset', presetId: 'clara' },
        personality: 'Speaks the recorded voice track it is given, nothing else.',
      },
      signal,
    });
    if (!avatar?.id) throw http.unexpected('avatars answered without an id');
    const deadline = now() + avatarReadyTimeoutMs;
    // Unconfirmed whether avatar_videos accepts an avatar still PROCESSING: waiting is the safe reading.
    while (avatar.status === 'PROCESSING') {
      if (now() >= deadline) throw fail('timeout', `avatar ${avatar.id} still processing`);
      await delay(avatarPollMs, undefined, { signal });
      avatar = await http.json<Avatar>({ path: `/v1/avatars/${encodeURIComponent(avatar.id)}`, headers, signal });
    }
    if (avatar.status === 'FAILED') {
      const reason = avatar.failureReason ?? 'avatar processing failed';
      // Runway fails an avatar whose photo shows no usable face: this photo, not the service.
      throw fail(looksModerated(reason) ? 'rejected' : 'bad_request', `avatar ${avatar.id} failed: ${reason}`);
    }
    if (avatar.status !== 'READY') throw http.unexpected(`avatar ${avatar.id} has status ${String(avatar.status)}`);
    return avatar.id;
  }

  async function submitAvatarVideo(request: VideoRequest, audio: NonNullable<VideoRequest['audio']>, signal: AbortSignal): Promise<string> {
    checkUploadable(request.photo, 'photo');
    checkUploadable(audio.data, 'voice track');
    const referenceImage = await mediaRef(request.photo, request.mime, 'image', signal);
    // Unconfirmed: the SDK types `speech.audio` as an HTTPS URL; the uploads guide says data and
    // runway:// URIs work in "any generation request", which is what we rely on.
    const speech = await mediaRef(audio.data, audio.mime, 'audio', signal);
    const avatarId = await createReadyAvatar(referenceImage, signal);
    const task = await http.json<{ id?: string }>({
      method: 'POST',
      path: '/v1/avatar_videos',
      headers,
      json: { model: AVATAR_MODEL, avatar: { type: 'custom', avatarId }, speech: { type: 'audio', audio: speech } },
      signal,
    });
    if (!task?.id) throw http.unexpected('avatar_videos answered without a task id');
    return task.id;
  }

  async function submitImageToVideo(request: VideoRequest, signal: AbortSignal): Promise<string> {
    checkUploadable(request.photo, 'photo');
    const promptImage = await mediaRef(request.photo, request.mime, 'image', signal);
    const task = await http.json<{ id?: string }>({
      method: 'POST',
      path: '/v1/image_to_video',
      headers,
      json: {
        model: IMAGE_MODEL,
        promptImage,
        promptText: promptFor(request.script),
        ratio: RATIOS[request.aspect],
        // Runway takes whole seconds, 2–10 (rw-api-reference; the exact gen4_turbo set is unconfirmed).
        duration: Math.min(10, Math.max(2, Math.round(request.durationS))),
      },
      signal,
    });
    if (!task?.id) throw http.unexpected('image_to_video answered without a task id');
    return task.id;
  }

  function checkUploadable(data: Buffer, what: string): void {
    if (data.length > UPLOAD_MAX_BYTES) {
      throw fail('bad_request', `the ${what} is ${megabytes(data.length)} MB; Runway accepts files up to ${megabytes(UPLOAD_MAX_BYTES)} MB`);
    }
  }

  return {
    id: 'runway',
    capability: 'video_generation',
    mode: 'async',

    async submit(request: VideoRequest, { signal }: CallContext) {
      const jobId = request.audio ? await submitAvatarVideo(request, request.audio, signal) : await submitImageToVideo(request, signal);
      return { jobId };
    },

    async poll(jobId: string, { signal }: CallContext): Promise<VideoJobStatus> {
      const task = await getTask(jobId, signal);
      switch (task.status) {
        // THROTTLED is over the account's concurrency: queued, not refused (docs/providers.md).
        case 'PENDING':
        case 'THROTTLED':
          return { state: 'queued' };
        case 'RUNNING':
          return typeof task.progress === 'number' ? { state: 'running', progress: percent(task.progress) } : { state: 'running' };
        case 'SUCCEEDED':
          return { state: 'done' };
        case 'FAILED': {
          const detail = [task.failureCode, task.failure].filter(Boolean).join(': ') || 'task failed';
          return { state: 'failed', error: { kind: kindForFailure(task.failureCode, task.failure), detail } };
        }
        case 'CANCELLED':
          return { state: 'failed', error: { kind: 'cancelled', detail: 'task was cancelled' } };
        default:
          // An unknown status is most likely a new intermediate one: keep polling.
          return { state: 'running' };
      }
    },

    async download(jobId: string, { signal }: CallContext): Promise<VideoResult> {
      // The task is read again here because its output URLs expire; a fresh read gives fresh ones.
      const task = await getTask(jobId, signal);
      if (task.status !== 'SUCCEEDED') throw http.unexpected(`download asked for task ${jobId} in status ${task.status}`);
      const url = task.output?.[0];
      if (!url) throw http.unexpected(`task ${jobId} succeeded without an output`);
      // Signed URL: no auth header (our key must not reach the CDN).
      return http.downloadVideo(url, signal);
    },

    async cancel(jobId: string, { signal }: CallContext) {
      // Cancels a pending, throttled or running task; deletes any other. Gone: nothing to stop.
      await http.stopQuietly({ method: 'DELETE', path: `/v1/tasks/${encodeURIComponent(jobId)}`, headers, signal });
    },

    async verifyKey({ signal }: CallContext) {
      const organization = await http.json<{ creditBalance?: unknown }>({ path: '/v1/organization', headers, signal });
      if (typeof organization?.creditBalance !== 'number') throw http.unexpected('organization answered without a creditBalance');
    },
  };
}

/** Runway's `failureCode` families (docs.dev.runwayml.com/errors/task-failures). */
function kindForFailure(code: string | undefined, failure: string | undefined): ProviderErrorKind {
  if (code?.startsWith('SAFETY.')) return 'rejected';
  // Rejected by Runway's own quality checks: another route may do better.
  if (code?.startsWith('INTERNAL.BAD_OUTPUT')) return 'low_quality';
  if (code?.startsWith('ASSET.')) return 'bad_request';
  if (!code && failure && looksModerated(failure)) return 'rejected';
  return 'transient';
}

function looksModerated(text: string): boolean {
  return /moderat|safety|policy|nsfw|inappropriate/i.test(text);
}

/** Progress is typed as a number without a range; the SDK's values are fractions 0–1. */
function percent(progress: number): number {
  const value = progress <= 1 ? progress * 100 : progress;
  return Math.round(Math.min(100, Math.max(0, value)));
}

function promptFor(script: string): string {
  const lead = 'The person in the photo looks into the camera and speaks naturally, with subtle head movement and blinking, saying: ';
  const prompt = `${lead}"${script.trim()}"`;
  return prompt.length <= PROMPT_MAX ? prompt : `${prompt.slice(0, PROMPT_MAX - 2)}…"`;
}

function extensionOf(mime: string): string {
  const known: Record<string, string> = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/webp': 'webp',
    'audio/mpeg': 'mp3',
    'audio/wav': 'wav',
    'audio/x-wav': 'wav',
    'audio/wave': 'wav',
    'audio/mp4': 'm4a',
  };
  return known[mime] ?? mime.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin';
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
