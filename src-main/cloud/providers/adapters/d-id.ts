import { ProviderError, redactSecrets } from '../provider-error.js';
import type { AsyncVideoProvider, CallContext, VideoJobStatus, VideoRequest } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions } from './adapter-http.js';

/**
 * D-ID talks (docs/providers.md §5): upload the photo (`POST /images`) and our voice
 * (`POST /audios`), `POST /talks` with the `s3://` URLs they return, poll
 * `GET /talks/{id}` until `done`, `error` or `rejected`, then fetch `result_url`, a
 * presigned S3 link, before it expires.
 */

const DID_BASE_URL = 'https://api.d-id.com';

/** d-id.com/faqs: a source image may be at most 10 MB, JPEG or PNG. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_EXTENSIONS: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png' };

/**
 * Used only when the router sends no audio of ours. D-ID's text scripts are spoken by a
 * TTS provider; these are Microsoft neural voices (the doc's example is
 * en-US-JennyNeural), one per language we ship, so a French script is not read by an
 * English voice.
 */
const MICROSOFT_VOICES: Readonly<Record<string, string>> = {
  en: 'en-US-JennyNeural',
  es: 'es-ES-ElviraNeural',
  fr: 'fr-FR-DeniseNeural',
  de: 'de-DE-KatjaNeural',
  it: 'it-IT-ElsaNeural',
  pt: 'pt-BR-FranciscaNeural',
  ja: 'ja-JP-NanamiNeural',
  zh: 'zh-CN-XiaoxiaoNeural',
};

interface DidUpload {
  id?: string;
  url?: string;
}

interface DidTalk {
  id?: string;
  status?: string;
  result_url?: string;
  error?: { kind?: string; description?: string } | string;
}

function audioExtension(mime: string): string {
  const subtype = mime.split('/')[1]?.split(';')[0]?.toLowerCase() ?? '';
  if (subtype === 'mpeg' || subtype === 'mp3') return 'mp3';
  if (subtype === 'wav' || subtype === 'x-wav' || subtype === 'wave') return 'wav';
  if (subtype === 'mp4' || subtype === 'm4a' || subtype === 'x-m4a') return 'm4a';
  if (subtype === 'ogg' || subtype === 'webm' || subtype === 'flac') return subtype;
  return 'audio';
}

export function createDidVideoProvider(options: AdapterOptions): AsyncVideoProvider {
  const http = new ProviderHttp('d-id', options, DID_BASE_URL);
  // The docs say to send the key exactly as Studio shows it (`user:password`) after
  // `Basic `, not base64-encoded again as some client code does (docs/providers.md §5).
  const auth = { authorization: `Basic ${options.apiKey}` };

  const upload = async (path: '/images' | '/audios', field: 'image' | 'audio', file: { data: Buffer; mime: string; name: string }, context: CallContext): Promise<string> => {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(file.data)], { type: file.mime }), file.name);
    const answer = await http.json<DidUpload>({ method: 'POST', path, headers: auth, form, signal: context.signal });
    if (typeof answer.url !== 'string' || answer.url === '') throw http.unexpected(`${path} answered without a url`);
    return answer.url;
  };

  const talk = async (jobId: string, context: CallContext): Promise<DidTalk> => http.json<DidTalk>({ path: `/talks/${encodeURIComponent(jobId)}`, headers: auth, signal: context.signal });

  const failureDetail = (talkAnswer: DidTalk): string => {
    const error = talkAnswer.error;
    const said = typeof error === 'string' ? error : [error?.kind, error?.description].filter(Boolean).join(': ');
    return redactSecrets(`talk ${talkAnswer.status}${said ? `: ${said}` : ''}`, [options.apiKey]);
  };

  return {
    id: 'd-id',
    capability: 'video_generation',
    mode: 'async',

    async submit(request: VideoRequest, context: CallContext): Promise<{ jobId: string }> {
      const extension = PHOTO_EXTENSIONS[request.mime.toLowerCase()];
      if (!extension || request.photo.length > MAX_PHOTO_BYTES) {
        throw new ProviderError({ kind: 'bad_request', provider: 'd-id', detail: `D-ID takes a JPEG or PNG photo of at most 10 MB, not ${request.mime} of ${request.photo.length} bytes` });
      }
      // File names must be ≤ 50 characters of [A-Za-z0-9._-] (docs/providers.md §5).
      const sourceUrl = await upload('/images', 'image', { data: request.photo, mime: request.mime, name: `photo.${extension}` }, context);
      let script: Record<string, unknown>;
      if (request.audio) {
        const audioUrl = await upload('/audios', 'audio', { data: request.audio.data, mime: request.audio.mime, name: `voice.${audioExtension(request.audio.mime)}` }, context);
        script = { type: 'audio', audio_url: audioUrl };
      } else {
        const language = request.language.toLowerCase().split(/[-_]/)[0] ?? 'en';
        script = { type: 'text', input: request.script, provider: { type: 'microsoft', voice_id: MICROSOFT_VOICES[language] ?? 'en-US-JennyNeural' } };
      }
      const created = await http.json<DidTalk>({
        method: 'POST',
        path: '/talks',
        headers: auth,
        json: { source_url: sourceUrl, script, config: { result_format: 'mp4' } },
        signal: context.signal,
      });
      if (typeof created.id !== 'string' || created.id === '') throw http.unexpected('POST /talks answered without an id');
      return { jobId: created.id };
    },

    async poll(jobId: string, context: CallContext): Promise<VideoJobStatus> {
      const answer = await talk(jobId, context);
      switch (answer.status) {
        case 'created':
          return { state: 'queued' };
        case 'done':
          return { state: 'done' };
        case 'rejected':
          // D-ID's moderation refused the photo or the script: another try would be refused too.
          return { state: 'failed', error: { kind: 'rejected', detail: failureDetail(answer) } };
        case 'error':
          return { state: 'failed', error: { kind: 'transient', detail: failureDetail(answer) } };
        default:
          // `started`, and any state D-ID adds later: still working; the router's job timeout bounds it.
          return { state: 'running' };
      }
    },

    async download(jobId: string, context: CallContext) {
      // Asked afresh rather than remembered from the last poll: after a restart there is no
      // last poll, and a presigned URL is only good for a while.
      const answer = await talk(jobId, context);
      if (answer.status !== 'done' || typeof answer.result_url !== 'string' || answer.result_url === '') {
        throw http.unexpected(`talk ${jobId} is ${answer.status ?? 'without a status'} and has no result_url`);
      }
      // No Authorization: the URL is presigned S3, which refuses a second credential, and
      // our key has no business travelling to another host.
      return http.downloadVideo(answer.result_url, context.signal);
    },

    async cancel(jobId: string, context: CallContext): Promise<void> {
      // DELETE /talks/{id} is unconfirmed in D-ID's docs (docs/providers.md §5): where the
      // API does not know it (404/405), there is nothing more we can do remotely.
      await http.stopQuietly({ method: 'DELETE', path: `/talks/${encodeURIComponent(jobId)}`, headers: auth, signal: context.signal }, [404, 405]);
    },

    async verifyKey(context: CallContext): Promise<void> {
      // GET /credits reads the balance: free, and it needs a valid key.
      await http.json({ path: '/credits', headers: auth, signal: context.signal });
    },
  };
}
