import { ProviderError, type ProviderErrorKind } from '../provider-error.js';
import type { AsyncVideoProvider, CallContext, VideoJobStatus, VideoRequest, VideoResult } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions } from './adapter-http.js';

/**
 * HeyGen API v3 (docs/providers.md §4; v1/v2 were supported only until 2026-10-31): the
 * photo and our voice track are uploaded as assets, then `POST /v3/videos` with
 * `type: "image"` animates the photo lip-synced to that audio, with no avatar to create
 * first. The job id is HeyGen's video id. Renders can take 20+ minutes.
 */

export const HEYGEN_BASE_URL = 'https://api.heygen.com';
/** v3 takes uploads on the API host itself; v2 used upload.heygen.com, hence the separate setting. */
export const HEYGEN_UPLOAD_BASE_URL = HEYGEN_BASE_URL;

/** `POST /v3/assets` takes at most 32 MB; decimal, so a file near the edge is refused here, not there. */
const ASSET_MAX_BYTES = 32_000_000;
/** The asset types HeyGen lists that we send (png, jpeg for the photo; mp3, wav for the voice). */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
};

export interface HeyGenOptions extends AdapterOptions {
  /** Where assets are uploaded; the API base URL (or HeyGen's own) unless set. */
  uploadBaseUrl?: string;
}

interface Video {
  id?: string;
  status?: string;
  video_url?: string | null;
  failure_code?: string | null;
  failure_message?: string | null;
}

export function createHeyGenVideoProvider(options: HeyGenOptions): AsyncVideoProvider {
  const http = new ProviderHttp('heygen', options, HEYGEN_BASE_URL);
  // A base-URL override (a gateway, a test) takes uploads too unless told otherwise.
  const uploadBaseUrl = (options.uploadBaseUrl ?? options.baseUrl ?? HEYGEN_UPLOAD_BASE_URL).replace(/\/+$/, '');
  const headers = { 'x-api-key': options.apiKey };

  const fail = (kind: ProviderErrorKind, detail: string): ProviderError => new ProviderError({ kind, provider: 'heygen', detail, secrets: [options.apiKey] });

  function checkAsset(data: Buffer, mime: string, what: string): void {
    if (!(mime in ASSET_TYPES)) throw fail('bad_request', `the ${what} is ${mime}; HeyGen takes JPEG or PNG photos and MP3 or WAV audio`);
    if (data.length > ASSET_MAX_BYTES) {
      throw fail('bad_request', `the ${what} is ${(data.length / 1_000_000).toFixed(1)} MB; HeyGen accepts files up to ${ASSET_MAX_BYTES / 1_000_000} MB`);
    }
  }

  async function uploadAsset(data: Buffer, mime: string, name: string, signal: AbortSignal): Promise<string> {
    const form = new FormData();
    // `audio/mp3` is a common but unregistered name; HeyGen lists the registered `audio/mpeg`.
    const type = mime === 'audio/mp3' ? 'audio/mpeg' : mime;
    form.append('file', new Blob([new Uint8Array(data)], { type }), `${name}.${ASSET_TYPES[mime] ?? 'bin'}`);
    const answer = await http.json<{ data?: { asset_id?: string } }>({ method: 'POST', path: `${uploadBaseUrl}/v3/assets`, headers, form, signal });
    const assetId = answer?.data?.asset_id;
    if (!assetId) throw http.unexpected('assets answered without an asset_id');
    return assetId;
  }

  async function getVideo(jobId: string, signal: AbortSignal): Promise<Video> {
    const answer = await http.json<{ data?: Video }>({ path: `/v3/videos/${encodeURIComponent(jobId)}`, headers, signal });
    if (typeof answer?.data?.status !== 'string') throw http.unexpected(`video ${jobId} has no status`);
    return answer.data;
  }

  return {
    id: 'heygen',
    capability: 'video_generation',
    mode: 'async',

    async submit(request: VideoRequest, { signal }: CallContext) {
      // Without our audio HeyGen would need one of its own voice ids, which we do not keep.
      if (!request.audio) throw fail('bad_request', 'the HeyGen route animates the photo to our voice track, and this request has none');
      // Both checked before either upload, so a refusal costs nothing.
      checkAsset(request.photo, request.mime, 'photo');
      checkAsset(request.audio.data, request.audio.mime, 'voice track');
      const photoAsset = await uploadAsset(request.photo, request.mime, 'photo', signal);
      const audioAsset = await uploadAsset(request.audio.data, request.audio.mime, 'voice', signal);
      const answer = await http.json<{ data?: { video_id?: string } }>({
        method: 'POST',
        path: '/v3/videos',
        headers,
        json: {
          type: 'image',
          image: { type: 'asset_id', asset_id: photoAsset },
          audio_asset_id: audioAsset,
          resolution: '720p',
          // Our three aspects are all in HeyGen's list, so no cropping choice is left to it.
          aspect_ratio: request.aspect,
          title: 'TalkingPhoto',
        },
        signal,
      });
      const jobId = answer?.data?.video_id;
      if (!jobId) throw http.unexpected('videos answered without a video_id');
      return { jobId };
    },

    async poll(jobId: string, { signal }: CallContext): Promise<VideoJobStatus> {
      const video = await getVideo(jobId, signal);
      switch (video.status) {
        // Create answers `waiting`; the bulk status list says `queued`.
        case 'waiting':
        case 'queued':
        case 'pending':
          return { state: 'queued' };
        case 'processing':
          return { state: 'running' };
        case 'completed':
          return { state: 'done' };
        case 'failed': {
          const detail = [video.failure_code, video.failure_message].filter(Boolean).join(': ') || 'video failed';
          return { state: 'failed', error: { kind: kindForFailure(`${video.failure_code ?? ''} ${video.failure_message ?? ''}`), detail } };
        }
        default:
          // docs/providers.md: treat any other value as still running.
          return { state: 'running' };
      }
    },

    async download(jobId: string, { signal }: CallContext): Promise<VideoResult> {
      // Read again for a fresh presigned URL: an earlier one may have expired.
      const video = await getVideo(jobId, signal);
      if (video.status !== 'completed') throw http.unexpected(`download asked for video ${jobId} in status ${String(video.status)}`);
      if (!video.video_url) throw http.unexpected(`video ${jobId} completed without a video_url`);
      // Presigned: no auth header, so our key never reaches the storage host.
      return http.downloadVideo(video.video_url, signal);
    },

    async cancel(jobId: string, { signal }: CallContext) {
      // v3 has no cancel; deleting the video is the only stop it offers (whether it halts a
      // running render is unconfirmed) and it also removes the creator's photo video from HeyGen.
      await http.stopQuietly({ method: 'DELETE', path: `/v3/videos/${encodeURIComponent(jobId)}`, headers, signal });
    },

    async verifyKey({ signal }: CallContext) {
      const answer = await http.json<{ data?: { billing_type?: unknown } }>({ path: '/v3/users/me', headers, signal });
      if (!answer?.data || typeof answer.data !== 'object') throw http.unexpected('users/me answered without data');
    },
  };
}

/**
 * HeyGen documents `failure_code` as machine-readable but lists no values (unconfirmed), so
 * the code and message are read for the families the router acts on.
 */
function kindForFailure(text: string): ProviderErrorKind {
  if (/moderat|safety|policy|nsfw|inappropriate|violat|celebrit/i.test(text)) return 'rejected';
  if (/credit|quota|balance|insufficient|payment/i.test(text)) return 'quota';
  if (/face|invalid|unsupported|format|too (large|long|short)/i.test(text)) return 'bad_request';
  return 'transient';
}
