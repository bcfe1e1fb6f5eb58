import { redactSecrets, kindForStatus, ProviderError, type ProviderErrorKind } from '../provider-error.js';
import type { AsyncVideoProvider, CallContext, VideoJobStatus, VideoRequest, VideoResult } from '../provider-types.js';
import type { AdapterOptions } from './adapter-http.js';
import { GeminiApi } from './gemini-image.js';

/**
 * Veo through the Gemini API, docs/providers.md §2: image-to-video as a long-running
 * operation (`predictLongRunning`), polled by its name until `done`, the video then fetched
 * from a Files API URI that needs the key. Veo speaks the script itself: it has no audio
 * input, so our voice track is not sent, and its catalog entry says `speaksItself`: the
 * master keeps the clips' own speech and the captions are aligned to it (cloud-video.ts).
 */

/**
 * docs/providers.md §2 lists the Veo 3.1 ids (Veo 3.0 is retired on Vertex). Fast, because
 * its price ($0.12/s, unconfirmed) is the one within the catalogue's seed estimate of
 * $0.15/s; standard Veo 3.1 ($0.40/s) would overspend every estimate the creator approved.
 * A setting, since preview models retire.
 */
export const DEFAULT_VEO_MODEL = 'veo-3.1-fast-generate-preview';

/**
 * docs/providers.md §2: the docs say `allow_adult` for image-to-video; a 2026 forum report
 * has veo-3.1-generate-preview refusing it (400). Unconfirmed which is right: we send the
 * documented value, and a refusal surfaces as bad_request, never retried.
 */
const PERSON_GENERATION = 'allow_adult';

/**
 * 720p: the cheapest resolution, and docs/providers.md §2 leaves unconfirmed whether 1080p
 * and 4k allow clips shorter than 8 s. The export step scales anyway.
 */
const RESOLUTION = '720p';

/** Veo makes audio with every clip; these would compete with the words or repeat our captions. */
const NEGATIVE_PROMPT = 'subtitles, captions, on-screen text, background music, camera movement';

/** An operation name as Veo returns it; anything else (an absolute URL above all) is refused. */
const OPERATION_NAME = /^models\/[A-Za-z0-9._-]+\/operations\/[A-Za-z0-9._-]+$/;

interface OperationError {
  code?: number;
  message?: string;
  status?: string;
}

interface VeoOperation {
  name?: string;
  done?: boolean;
  error?: OperationError;
  response?: {
    generateVideoResponse?: {
      generatedSamples?: Array<{ video?: { uri?: string; mimeType?: string } }>;
      raiMediaFilteredCount?: number;
      raiMediaFilteredReasons?: string[];
    };
  };
}

export function createVeoVideoProvider(options: AdapterOptions & { model?: string }): AsyncVideoProvider {
  const api = new GeminiApi('veo', options);
  const model = (options.model ?? DEFAULT_VEO_MODEL).replace(/^models\//, '');
  const secrets = [api.http.apiKey];

  function operationPath(jobId: string): string {
    if (!OPERATION_NAME.test(jobId)) throw api.http.unexpected(`not a Veo operation name: ${jobId.slice(0, 120)}`);
    return `/${jobId}`;
  }

  async function fetchOperation(jobId: string, context: CallContext): Promise<VeoOperation> {
    return api.json<VeoOperation>({ path: operationPath(jobId), signal: context.signal });
  }

  async function submit(request: VideoRequest, context: CallContext): Promise<{ jobId: string }> {
    const operation = await api.json<VeoOperation>({
      method: 'POST',
      path: `/models/${encodeURIComponent(model)}:predictLongRunning`,
      json: {
        instances: [{ prompt: veoPrompt(request), image: { bytesBase64Encoded: request.photo.toString('base64'), mimeType: request.mime } }],
        parameters: {
          // Veo makes 16:9 and 9:16 only; a square video is cut from the portrait clip later,
          // which keeps the whole face where a landscape clip would shrink it.
          aspectRatio: request.aspect === '16:9' ? '16:9' : '9:16',
          // The router picks one of Veo's fixed lengths (catalog `clips`); sent as given.
          durationSeconds: request.durationS,
          resolution: RESOLUTION,
          negativePrompt: NEGATIVE_PROMPT,
          personGeneration: PERSON_GENERATION,
          sampleCount: 1,
        },
      },
      signal: context.signal,
    });
    if (typeof operation.name !== 'string' || !OPERATION_NAME.test(operation.name)) throw api.http.unexpected('predictLongRunning answered without an operation name');
    return { jobId: operation.name };
  }

  async function poll(jobId: string, context: CallContext): Promise<VideoJobStatus> {
    const operation = await fetchOperation(jobId, context);
    // Veo reports no progress and no queued state: an unfinished operation is running.
    if (operation.done !== true) return { state: 'running' };
    if (operation.error) return { state: 'failed', error: { kind: kindForOperationError(operation.error), detail: redactSecrets(describe(operation.error), secrets) } };
    const outcome = videoOutcome(operation);
    if ('uri' in outcome) return { state: 'done' };
    return { state: 'failed', error: { kind: outcome.kind, detail: redactSecrets(outcome.detail, secrets) } };
  }

  async function download(jobId: string, context: CallContext): Promise<VideoResult> {
    const operation = await fetchOperation(jobId, context);
    if (operation.done !== true) throw api.http.unexpected(`operation ${jobId} is not finished`);
    if (operation.error) throw new ProviderError({ kind: kindForOperationError(operation.error), provider: 'veo', detail: describe(operation.error), secrets });
    const outcome = videoOutcome(operation);
    if (!('uri' in outcome)) throw new ProviderError({ kind: outcome.kind, provider: 'veo', detail: outcome.detail, secrets });
    const file = await api.download(outcome.uri, context.signal);
    // The Files API may answer a generic type; the bytes are MP4 whatever the header says.
    return { video: file.data, mime: file.mime.startsWith('video/') ? file.mime : 'video/mp4' };
  }

  /**
   * docs/providers.md §2 found no cancel for Gemini API operations (unconfirmed). Google's
   * long-running operations define `POST {name}:cancel` (AIP-151), answered UNIMPLEMENTED or
   * not found where a service lacks it: so we ask, and a "no such method" answer resolves
   * quietly, since there is nothing more we can stop remotely.
   */
  async function cancel(jobId: string, context: CallContext): Promise<void> {
    try {
      await api.json<unknown>({ method: 'POST', path: `${operationPath(jobId)}:cancel`, json: {}, signal: context.signal });
    } catch (error) {
      if (error instanceof ProviderError && (error.status === 404 || error.status === 405 || error.status === 501)) return;
      throw error;
    }
  }

  return {
    id: 'veo',
    capability: 'video_generation',
    mode: 'async',
    submit,
    poll,
    download,
    cancel,
    verifyKey: (context) => api.verifyKey(context),
  };
}

/**
 * What Veo is asked to film. Veo 3 speaks dialogue written in quotes in the prompt (the
 * cookbook's examples), so the script goes there; the rest keeps the photo's person still
 * enough that the clip looks like the photo talking, not a new scene.
 */
function veoPrompt(request: VideoRequest): string {
  const words = request.script.trim().replace(/\s+/g, ' ').replace(/"/g, "'");
  const language = languageName(request.language);
  const lines = [
    `The person in this photo looks into the camera and says${language ? ` in ${language}` : ''}: "${words}"`,
    `They speak calmly and clearly at an unhurried pace, with natural lip movement, gentle head motion and blinks, for the whole ${request.durationS}-second clip.`,
    'The camera is fixed: no zoom, pan or cuts. Keep their face, hair, clothes, background and lighting exactly as in the photo.',
  ];
  if (request.clip && request.clip.count > 1) {
    lines.push(`This is part ${request.clip.index + 1} of ${request.clip.count} of one continuous talk: start and end in a calm, neutral pose facing the camera so the parts join smoothly.`);
  }
  return lines.join(' ');
}

function languageName(code: string): string | null {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? null;
  } catch {
    // Not a BCP 47 tag: Veo still hears the words, just without a language named.
    return null;
  }
}

type VideoOutcome = { uri: string } | { kind: ProviderErrorKind; detail: string };

function videoOutcome(operation: VeoOperation): VideoOutcome {
  const answer = operation.response?.generateVideoResponse;
  const uri = answer?.generatedSamples?.[0]?.video?.uri;
  if (typeof uri === 'string' && uri.length > 0) return { uri };
  // docs/providers.md §2: a safety-filtered result is `done` with no samples and a filtered count.
  if ((answer?.raiMediaFilteredCount ?? 0) > 0) {
    return { kind: 'rejected', detail: `filtered by Veo's safety rules: ${(answer?.raiMediaFilteredReasons ?? []).join('; ') || 'no reason given'}` };
  }
  return { kind: 'unexpected', detail: 'the finished operation has neither a video nor an error' };
}

/** google.rpc.Code by number and by name, as the kind the router acts on. */
const RPC_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  '1': 'cancelled',
  CANCELLED: 'cancelled',
  '2': 'transient',
  UNKNOWN: 'transient',
  '3': 'bad_request',
  INVALID_ARGUMENT: 'bad_request',
  '4': 'timeout',
  DEADLINE_EXCEEDED: 'timeout',
  '5': 'bad_request',
  NOT_FOUND: 'bad_request',
  '7': 'auth',
  PERMISSION_DENIED: 'auth',
  '8': 'rate_limited',
  RESOURCE_EXHAUSTED: 'rate_limited',
  '9': 'bad_request',
  FAILED_PRECONDITION: 'bad_request',
  '10': 'transient',
  ABORTED: 'transient',
  '13': 'transient',
  INTERNAL: 'transient',
  '14': 'transient',
  UNAVAILABLE: 'transient',
  '16': 'auth',
  UNAUTHENTICATED: 'auth',
};

/**
 * Content refusals arrive as an ordinary INVALID_ARGUMENT with words about safety or usage
 * guidelines (docs/providers.md: the exact shape is unconfirmed), and must not be retried
 * or blamed on our request.
 */
const SAFETY_WORDS = /safety|responsible ai|\brai\b|filtered|blocked|usage guidelines|policy|prohibited|sensitive|celebrit/i;

function kindForOperationError(error: OperationError): ProviderErrorKind {
  if (SAFETY_WORDS.test(error.message ?? '')) return 'rejected';
  if (error.status && RPC_KINDS[error.status]) return RPC_KINDS[error.status]!;
  // Some Google surfaces put the HTTP status in `code` instead of the RPC code.
  if (typeof error.code === 'number' && error.code >= 100) return kindForStatus(error.code);
  if (typeof error.code === 'number' && RPC_KINDS[String(error.code)]) return RPC_KINDS[String(error.code)]!;
  return 'unexpected';
}

function describe(error: OperationError): string {
  return `operation failed: ${[error.code, error.status, error.message].filter((part) => part !== undefined && part !== '').join(' ')}`;
}
