import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * The Gemini API as the Google adapters meet it (docs/providers.md §1, §2, "What our fake
 * servers must imitate"): `x-goog-api-key` on every call, `generateContent` answering an
 * edited image as a base64 part, `models` listing, Veo's `predictLongRunning` operations
 * polled by name, a Files API download that needs the key and redirects to the bytes, and
 * the `:cancel` of Google's long-running operations. Errors use Google's envelope
 * `{"error":{"code","message","status"}}`.
 */

/** What `generateContent` answers. */
export type ImageAnswer =
  /** A real JPEG: the sent photo re-encoded a little brighter, or `editedImage`. */
  | 'edited'
  /** A 64×64 flat grey JPEG, the kind of result the router's quality check must refuse. */
  | 'low_quality'
  /** A candidate with only words and `finishReason: IMAGE_SAFETY`. */
  | 'finish_blocked'
  /** No candidates; `promptFeedback.blockReason: SAFETY`. */
  | 'prompt_blocked';

/** How a Veo operation ends. */
export type OperationOutcome =
  /** Done with a video URI on the fake's own Files route. */
  | 'video'
  /** Never done. */
  | 'stuck'
  /** Done with no samples and `raiMediaFilteredCount: 1`. */
  | 'filtered'
  /** Done with `error` (`operationError`). */
  | 'failed';

export interface GoogleFakeOptions {
  apiKey: string;
  /** Model ids the fake knows; any other gets 404 NOT_FOUND, like a retired model. */
  models?: string[];
  image?: ImageAnswer;
  editedImage?: Buffer;
  /** The MP4 a finished operation's URI serves. */
  video?: Buffer;
  operation?: OperationOutcome;
  /** Polls that answer "not done" before the outcome shows. */
  pollsBeforeDone?: number;
  operationError?: { code: number; message: string; status?: string };
  /** `personGeneration` values accepted; others get the 400 the 2026 forum report shows. */
  personGeneration?: string[];
  /** False: `:cancel` answers 404, as a service without the method does. */
  cancelSupported?: boolean;
  /** Where a finished video lives; default the fake's own Files download route. */
  videoUri?: (fileId: string) => string;
}

type Settings = Required<Omit<GoogleFakeOptions, 'editedImage' | 'video' | 'videoUri'>> & Pick<GoogleFakeOptions, 'editedImage' | 'video' | 'videoUri'>;

export interface FakeOperation {
  name: string;
  fileId: string;
  outcome: OperationOutcome;
  pollsBeforeDone: number;
  polls: number;
  cancelled: boolean;
  /** The request body `predictLongRunning` was sent. */
  body: unknown;
}

export const GOOGLE_DEFAULT_MODELS = ['gemini-3.1-flash-image', 'gemini-2.5-flash-image', 'veo-3.1-fast-generate-preview', 'veo-3.1-generate-preview'];

const RPC_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's error envelope for an HTTP status. */
export function googleError(code: number, message: string, extra: { headers?: Record<string, string>; details?: unknown[] } = {}): FakeResponse {
  return { status: code, headers: extra.headers, json: { error: { code, message, status: RPC_STATUS[code] ?? 'UNKNOWN', ...(extra.details ? { details: extra.details } : {}) } } };
}

export class GoogleFake {
  /** The API base as the adapters take it (`…/v1beta`). */
  readonly url: string;
  readonly operations = new Map<string, FakeOperation>();

  constructor(
    readonly server: FakeServer,
    readonly settings: Settings,
  ) {
    this.url = `${server.url}/v1beta`;
  }

  /** Every request, to check where the key went. */
  get requests(): FakeRequest[] {
    return this.server.requests;
  }

  /** 401 UNAUTHENTICATED, as Google answers a bad OAuth token. */
  unauthorizedNext(times = 1): this {
    this.server.failNext(times, googleError(401, 'Request had invalid authentication credentials.'));
    return this;
  }

  rateLimitNext(retryAfterS: number, times = 1): this {
    this.server.failNext(times, googleError(429, 'Resource has been exhausted (e.g. check quota).', { headers: { 'retry-after': String(retryAfterS) } }));
    return this;
  }

  serverErrorNext(times = 1): this {
    this.server.failNext(times, googleError(500, 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'));
    return this;
  }

  /** Never answers: the caller's timeout or cancel must end the call. */
  hangNext(times = 1): this {
    this.server.hangNext(times);
    return this;
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}

export async function startGoogleFake(options: GoogleFakeOptions): Promise<GoogleFake> {
  const settings: Settings = {
    apiKey: options.apiKey,
    models: options.models ?? GOOGLE_DEFAULT_MODELS,
    image: options.image ?? 'edited',
    editedImage: options.editedImage,
    video: options.video,
    operation: options.operation ?? 'video',
    pollsBeforeDone: options.pollsBeforeDone ?? 2,
    operationError: options.operationError ?? { code: 3, status: 'INVALID_ARGUMENT', message: "The video could not be generated because it violates Gemini API's usage guidelines (safety)." },
    personGeneration: options.personGeneration ?? ['allow_adult', 'allow_all'],
    cancelSupported: options.cancelSupported ?? true,
    videoUri: options.videoUri,
  };
  const server = await FakeServer.start();
  const fake = new GoogleFake(server, settings);
  const withKey = (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) => (request: FakeRequest) => keyRefusal(request, settings.apiKey) ?? handler(request);

  server.route(
    'GET',
    '/v1beta/models',
    withKey(() => ({
      json: { models: settings.models.map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: id.startsWith('veo') ? ['predictLongRunning'] : ['generateContent'] })) },
    })),
  );

  server.route(
    'POST',
    '/v1beta/models/:call',
    withKey(async (request) => {
      const [model = '', method = ''] = request.params.call!.split(':');
      if (!settings.models.includes(model)) return googleError(404, `models/${model} is not found for API version v1beta, or is not supported for ${method}.`);
      if (method === 'generateContent') return generateContent(request, settings);
      if (method === 'predictLongRunning') return predictLongRunning(request, model, fake);
      return googleError(404, `Method ${method} not found.`);
    }),
  );

  server.route(
    'GET',
    '/v1beta/models/:model/operations/:id',
    withKey((request) => {
      const operation = fake.operations.get(request.params.id!);
      if (!operation || !operation.name.startsWith(`models/${request.params.model}/`)) return googleError(404, 'Operation not found.');
      operation.polls += 1;
      return { json: operationJson(operation, fake) };
    }),
  );

  server.route(
    'POST',
    '/v1beta/models/:model/operations/:call',
    withKey((request) => {
      const [id = '', method = ''] = request.params.call!.split(':');
      const operation = fake.operations.get(id);
      if (method !== 'cancel' || !settings.cancelSupported) return googleError(404, `Method ${method} not found.`);
      if (!operation) return googleError(404, 'Operation not found.');
      operation.cancelled = true;
      return { json: {} };
    }),
  );

  // The SDK downloads `files/{id}:download?alt=media` with the key; Google redirects to storage.
  server.route(
    'GET',
    '/v1beta/files/:call',
    withKey((request) => {
      const [fileId = '', method = ''] = request.params.call!.split(':');
      if (method !== 'download' || request.query.get('alt') !== 'media') return googleError(400, 'Use files/{id}:download?alt=media.');
      if (![...fake.operations.values()].some((op) => op.fileId === fileId)) return googleError(404, 'File not found.');
      return { status: 302, headers: { location: `${server.url}/storage/${fileId}.mp4` } };
    }),
  );

  server.route('GET', '/storage/:file', (request) => {
    const fileId = request.params.file!.replace(/\.mp4$/, '');
    if (!settings.video || ![...fake.operations.values()].some((op) => op.fileId === fileId)) return { status: 404, body: 'not found' };
    return { headers: { 'content-type': 'video/mp4' }, body: settings.video };
  });

  return fake;
}

/**
 * Google answers a missing key with 403 PERMISSION_DENIED and a wrong one with 400
 * INVALID_ARGUMENT, reason API_KEY_INVALID (not 401): the adapters must know both.
 */
function keyRefusal(request: FakeRequest, apiKey: string): FakeResponse | undefined {
  const sent = header(request, 'x-goog-api-key');
  if (sent === apiKey) return undefined;
  if (sent === '')
    return googleError(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
  return googleError(400, 'API key not valid. Please pass a valid API key.', {
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
  });
}

interface SentPart {
  text?: string;
  inlineData?: { mimeType?: string; data?: string };
  inline_data?: { mime_type?: string; data?: string };
}

async function generateContent(request: FakeRequest, settings: Settings): Promise<FakeResponse> {
  const body = request.json as { contents?: Array<{ parts?: SentPart[] }> } | undefined;
  const parts = body?.contents?.[0]?.parts ?? [];
  // The API takes the REST samples' snake_case and the SDK's camelCase alike.
  const photo = parts.map((part) => part.inlineData?.data ?? part.inline_data?.data).find((data) => typeof data === 'string');
  const prompt = parts.find((part) => typeof part.text === 'string')?.text;
  if (!photo || !prompt) return googleError(400, 'Request contains an invalid argument: an image part and a text part are required.');
  let input: Buffer;
  try {
    input = Buffer.from(photo, 'base64');
    await sharp(input).metadata();
  } catch {
    return googleError(400, 'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
  }
  if (settings.image === 'prompt_blocked') return { json: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 1290 } } };
  if (settings.image === 'finish_blocked') {
    return { json: { candidates: [{ content: { role: 'model', parts: [{ text: "I can't edit this image." }] }, finishReason: 'IMAGE_SAFETY', index: 0 }] } };
  }
  const image =
    settings.image === 'low_quality'
      ? await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 128, g: 128, b: 128 } } })
          .jpeg({ quality: 40 })
          .toBuffer()
      : (settings.editedImage ?? (await sharp(input).rotate().modulate({ brightness: 1.05 }).jpeg({ quality: 90 }).toBuffer()));
  return {
    json: {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Here is the relit portrait.' }, { inlineData: { mimeType: imageMime(image), data: image.toString('base64') } }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { candidatesTokenCount: 1290 },
    },
  };
}

/** Gemini's image models answer PNG or JPEG; the part's type says which the bytes are. */
function imageMime(image: Buffer): string {
  return image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? 'image/png' : 'image/jpeg';
}

function predictLongRunning(request: FakeRequest, model: string, fake: GoogleFake): FakeResponse {
  const settings = fake.settings;
  const body = request.json as { instances?: Array<{ prompt?: unknown; image?: { bytesBase64Encoded?: unknown; mimeType?: unknown } }>; parameters?: Record<string, unknown> } | undefined;
  const instance = body?.instances?.[0];
  const parameters = body?.parameters ?? {};
  if (typeof instance?.prompt !== 'string' || instance.prompt.length === 0) return googleError(400, 'instances[0].prompt is required.');
  if (instance.image && (typeof instance.image.bytesBase64Encoded !== 'string' || typeof instance.image.mimeType !== 'string')) {
    return googleError(400, 'instances[0].image needs bytesBase64Encoded and mimeType.');
  }
  if (parameters.aspectRatio !== undefined && parameters.aspectRatio !== '16:9' && parameters.aspectRatio !== '9:16')
    return googleError(400, `Aspect ratio ${String(parameters.aspectRatio)} is not supported.`);
  // Veo 3.1 makes 4, 6 or 8 s clips (docs/providers.md §2).
  if (parameters.durationSeconds !== undefined && ![4, 6, 8].includes(parameters.durationSeconds as number)) {
    return googleError(400, `The number value for durationSeconds is out of bound. Please provide a value between 4 and 8, inclusive.`);
  }
  if (parameters.personGeneration !== undefined && !settings.personGeneration.includes(parameters.personGeneration as string)) {
    return googleError(400, `${String(parameters.personGeneration)} for personGeneration is currently not supported.`);
  }
  const id = randomBytes(6).toString('hex');
  const operation: FakeOperation = {
    name: `models/${model}/operations/${id}`,
    fileId: randomBytes(6).toString('hex'),
    outcome: settings.operation,
    pollsBeforeDone: settings.pollsBeforeDone,
    polls: 0,
    cancelled: false,
    body: request.json,
  };
  fake.operations.set(id, operation);
  return { json: { name: operation.name } };
}

function operationJson(operation: FakeOperation, fake: GoogleFake): unknown {
  const { name } = operation;
  if (operation.cancelled) return { name, done: true, error: { code: 1, message: 'CANCELLED' } };
  if (operation.outcome === 'stuck' || operation.polls <= operation.pollsBeforeDone) return { name };
  if (operation.outcome === 'failed') return { name, done: true, error: fake.settings.operationError };
  const type = 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse';
  if (operation.outcome === 'filtered') {
    return {
      name,
      done: true,
      response: { '@type': type, generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: ['The input image contains content that violates our safety policy.'] } },
    };
  }
  const uri = fake.settings.videoUri?.(operation.fileId) ?? `${fake.url}/files/${operation.fileId}:download?alt=media`;
  return { name, done: true, response: { '@type': type, generateVideoResponse: { generatedSamples: [{ video: { uri } }], raiMediaFilteredCount: 0, raiMediaFilteredReasons: [] } } };
}
