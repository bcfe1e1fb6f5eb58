import { mediaTools, SAFE_INPUT_FLAGS } from '../../src-main/engine/media/ffmpeg.js';
import { runProcess } from '../../src-main/engine/media/run-process.js';
import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * ElevenLabs as docs/providers.md §6 describes it: `xi-api-key`, the synchronous
 * `/with-timestamps` call answering base64 MP3 and one time per character of the text it
 * was sent (so a test can check the word timings the adapter builds), the plan's
 * concurrency limit as a 429 `too_many_concurrent_requests`, and `GET /v1/voices`,
 * `/v1/user`, `/v1/models`. Errors use `{"detail":{"status","message"}}`.
 */

export interface ElevenLabsFakeOptions {
  apiKey: string;
  /** MP3 bytes every synthesis answers; one second of tone made with ffmpeg when absent. */
  audio?: Buffer;
  /** Seconds each character of the text takes in the alignment (default 0.06). */
  secondsPerCharacter?: number;
  /** Which alignments the answer carries (default both). */
  alignment?: 'both' | 'normalized-only' | 'none';
  /** Requests the plan allows in flight at once (Free: 2); one more is answered 429. */
  maxConcurrent?: number;
  /** Retry-After (seconds) on that 429; ElevenLabs' docs do not promise one, so absent by default. */
  concurrencyRetryAfterS?: number;
  /** How long each synthesis takes, so that requests overlap (default 0). */
  latencyMs?: number;
  /** The account's voices; the premade "George" when absent. */
  voices?: Array<{ voice_id: string; name: string; category?: string }>;
  /** Restricted key: `/v1/user` answers 401 missing_permissions while other routes work. */
  userReadForbidden?: boolean;
}

export interface ElevenLabsSynthesis {
  voiceId: string;
  outputFormat: string | null;
  body: { text?: unknown; model_id?: unknown; [field: string]: unknown };
}

export interface ElevenLabsFake {
  server: FakeServer;
  url: string;
  /** The MP3 every synthesis answers. */
  audio: Buffer;
  syntheses: ElevenLabsSynthesis[];
  /** The most requests that were in flight at once. */
  peakConcurrency: number;
  close(): Promise<void>;
}

const GEORGE = { voice_id: 'JBFqnCBsd6RMkjVDRZzb', name: 'George', category: 'premade' };

/** A real, small MP3: a 220 Hz tone, mono, 32 kbps. */
export async function makeMp3(seconds = 1): Promise<Buffer> {
  const { ffmpeg } = mediaTools();
  const result = await runProcess(ffmpeg.path, [
    ...SAFE_INPUT_FLAGS,
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=220:sample_rate=22050:duration=${seconds}`,
    '-ac',
    '1',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '32k',
    '-f',
    'mp3',
    'pipe:1',
  ]);
  if (result.code !== 0 || result.stdout.length === 0) throw new Error(`could not make an MP3: ${result.stderr}`);
  return result.stdout;
}

const detailError = (status: number, code: string, message: string): FakeResponse => ({ status, json: { detail: { status: code, message } } });

/** One entry per character as JavaScript iterates them (code points), as ElevenLabs' arrays do. */
function alignmentFor(text: string, secondsPerCharacter: number): Record<string, unknown> {
  const characters = Array.from(text);
  const round = (s: number): number => Math.round(s * 1000) / 1000;
  return {
    characters,
    character_start_times_seconds: characters.map((_, i) => round(i * secondsPerCharacter)),
    character_end_times_seconds: characters.map((_, i) => round((i + 1) * secondsPerCharacter)),
  };
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** ElevenLabs' normalization spells numbers out; digits as words are enough to tell the two alignments apart. */
const normalized = (text: string): string => text.replace(/\d/g, (digit) => DIGIT_WORDS[Number(digit)]!);

export async function startElevenLabsFake(options: ElevenLabsFakeOptions): Promise<ElevenLabsFake> {
  const audio = options.audio ?? (await makeMp3());
  const voices = options.voices ?? [GEORGE];
  const syntheses: ElevenLabsSynthesis[] = [];
  let inFlight = 0;

  const server = await FakeServer.start();
  const fake: ElevenLabsFake = { server, url: server.url, audio, syntheses, peakConcurrency: 0, close: () => server.close() };

  const authed =
    (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) =>
    (request: FakeRequest): FakeResponse | Promise<FakeResponse> => {
      const sent = header(request, 'xi-api-key');
      // The key is echoed on purpose: the adapter must keep it out of its errors even so.
      if (sent !== options.apiKey) return detailError(401, 'invalid_api_key', `Invalid API key: '${sent}'`);
      return handler(request);
    };

  const synthesise = async (request: FakeRequest): Promise<FakeResponse> => {
    const voiceId = request.params.voice ?? '';
    if (!voices.some((v) => v.voice_id === voiceId)) return detailError(404, 'voice_not_found', `A voice with the voice_id ${voiceId} was not found.`);
    const body = (request.json ?? {}) as ElevenLabsSynthesis['body'];
    if (typeof body.text !== 'string' || body.text.trim() === '') {
      return { status: 422, json: { detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] } };
    }
    syntheses.push({ voiceId, outputFormat: request.query.get('output_format'), body });
    const text = body.text;
    const perCharacter = options.secondsPerCharacter ?? 0.06;
    const answer: Record<string, unknown> = { audio_base64: audio.toString('base64') };
    const which = options.alignment ?? 'both';
    if (which === 'both') answer.alignment = alignmentFor(text, perCharacter);
    if (which !== 'none') answer.normalized_alignment = alignmentFor(normalized(text), perCharacter);
    return { json: answer };
  };

  server
    .route(
      'POST',
      '/v1/text-to-speech/:voice/with-timestamps',
      authed(async (request) => {
        if (options.maxConcurrent !== undefined && inFlight >= options.maxConcurrent) {
          const headers: Record<string, string> = options.concurrencyRetryAfterS === undefined ? {} : { 'retry-after': String(options.concurrencyRetryAfterS) };
          return { ...detailError(429, 'too_many_concurrent_requests', 'Too many concurrent requests for your plan.'), headers };
        }
        inFlight += 1;
        fake.peakConcurrency = Math.max(fake.peakConcurrency, inFlight);
        try {
          if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
          return await synthesise(request);
        } finally {
          inFlight -= 1;
        }
      }),
    )
    .route(
      'GET',
      '/v1/voices',
      authed(() => ({ json: { voices: voices.map((v) => ({ ...v, labels: { accent: 'british' }, preview_url: `${server.url}/previews/${v.voice_id}.mp3` })) } })),
    )
    .route(
      'GET',
      '/v1/user',
      authed(() =>
        options.userReadForbidden
          ? detailError(401, 'missing_permissions', 'The API key you used is missing the permission user_read to execute this operation.')
          : { json: { subscription: { tier: 'creator', character_count: 1200, character_limit: 100000 }, is_new_user: false } },
      ),
    )
    .route(
      'GET',
      '/v1/models',
      authed(() => ({ json: [{ model_id: 'eleven_multilingual_v2', can_do_text_to_speech: true }] })),
    );
  return fake;
}
