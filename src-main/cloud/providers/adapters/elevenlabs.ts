import { ProviderError } from '../provider-error.js';
import type { CallContext, SpeechProvider, SpeechRequest, SpeechResult, WordTiming } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions } from './adapter-http.js';

/**
 * ElevenLabs speech with timings (docs/providers.md §6): one synchronous
 * `POST /v1/text-to-speech/{voice_id}/with-timestamps` answers the audio as base64 and a
 * time for every character, which we join into the words captions need.
 */

const ELEVENLABS_BASE_URL = 'https://api.elevenlabs.io';

/**
 * "George", the voice ElevenLabs' own quick starts use. It is a premade voice every
 * account has, and with the multilingual model it speaks any language we ship, so the
 * request's language needs no voice of its own.
 */
export const ELEVENLABS_DEFAULT_VOICE = 'JBFqnCBsd6RMkjVDRZzb';
/** Unconfirmed from SDK source as the API's default (docs/providers.md §6); sent explicitly so a change of default cannot change our voice. */
export const ELEVENLABS_DEFAULT_MODEL = 'eleven_multilingual_v2';
/** MP3 at 128 kbps: every plan may ask for it (192 kbps needs Creator, PCM needs Pro). */
const OUTPUT_FORMAT = 'mp3_44100_128';

interface Alignment {
  characters?: string[];
  character_start_times_seconds?: number[];
  character_end_times_seconds?: number[];
}

interface WithTimestampsAnswer {
  audio_base64?: string;
  alignment?: Alignment | null;
  normalized_alignment?: Alignment | null;
}

export interface ElevenLabsVoice {
  id: string;
  name: string;
  /** `premade`, `cloned`, `generated`, `professional`… */
  category?: string;
  /** A short sample the settings screen may play. */
  previewUrl?: string;
  labels?: Record<string, string>;
}

const WHITESPACE = /\s/u;
/** Scripts written without spaces between words. */
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const OPENING_PUNCTUATION = /[\p{Ps}\p{Pi}]/u;
const PUNCTUATION = /\p{P}/u;
/** `3.5` in a Chinese sentence is one number, not a sentence end. */
const DIGIT = /^\p{Nd}$/u;

/**
 * Per-character times joined into words. Words are split on whitespace, with any
 * punctuation kept on the word it touches, so the words read back as the script did.
 * Chinese and Japanese put no spaces between words, and telling words apart there needs
 * a dictionary; a caption line only needs units it can break between, so a run of such
 * text becomes one "word" per stretch between punctuation marks (`你好，世界。` →
 * `你好，`, `世界。`).
 */
function wordsFromAlignment(alignment: Alignment): WordTiming[] {
  const characters = alignment.characters ?? [];
  const starts = alignment.character_start_times_seconds ?? [];
  const ends = alignment.character_end_times_seconds ?? [];
  const count = Math.min(characters.length, starts.length, ends.length);
  const words: WordTiming[] = [];
  let run: (WordTiming & { noSpaceScript: boolean }) | null = null;
  const finish = (done: WordTiming): WordTiming => ({ word: done.word, startS: done.startS, endS: Math.max(done.startS, done.endS) });
  for (let i = 0; i < count; i += 1) {
    const character = characters[i] as string;
    if (WHITESPACE.test(character)) {
      if (run) words.push(finish(run));
      run = null;
      continue;
    }
    if (run?.noSpaceScript && OPENING_PUNCTUATION.test(character)) {
      words.push(finish(run));
      run = null;
    }
    run ??= { word: '', startS: starts[i] as number, endS: ends[i] as number, noSpaceScript: false };
    run.word += character;
    run.endS = ends[i] as number;
    if (NO_SPACE_SCRIPT.test(character)) run.noSpaceScript = true;
    const inNumber = DIGIT.test(characters[i - 1] ?? '') && DIGIT.test(characters[i + 1] ?? '');
    if (run.noSpaceScript && PUNCTUATION.test(character) && !OPENING_PUNCTUATION.test(character) && !inNumber) {
      words.push(finish(run));
      run = null;
    }
  }
  if (run) words.push(finish(run));
  return words;
}

export function createElevenLabsSpeech(options: AdapterOptions & { model?: string }): SpeechProvider {
  // quota_exceeded arrives as a 401; reported as a bad key, the creator would be told to fix the wrong thing.
  const http = new ProviderHttp('elevenlabs', options, ELEVENLABS_BASE_URL, (_status, body) => (body.includes('quota_exceeded') ? 'quota' : undefined));
  const auth = { 'xi-api-key': options.apiKey };
  const model = options.model ?? ELEVENLABS_DEFAULT_MODEL;

  return {
    id: 'elevenlabs',
    capability: 'speech',

    async speak(request: SpeechRequest, context: CallContext): Promise<SpeechResult> {
      const voice = request.voice ?? ELEVENLABS_DEFAULT_VOICE;
      // Too many requests in flight for the plan (429 too_many_concurrent_requests) stays
      // 'rate_limited' as its status says: the router waits and tries again.
      const answer = await http.json<WithTimestampsAnswer>({
        method: 'POST',
        path: `/v1/text-to-speech/${encodeURIComponent(voice)}/with-timestamps?output_format=${OUTPUT_FORMAT}`,
        headers: auth,
        // No language_code: the multilingual model reads the language from the text, and
        // not every model accepts the field.
        json: { text: request.text, model_id: model },
        signal: context.signal,
      });
      if (typeof answer.audio_base64 !== 'string' || answer.audio_base64 === '') throw http.unexpected('with-timestamps answered without audio_base64');
      const audio = Buffer.from(answer.audio_base64, 'base64');
      // The plain alignment follows the script as written; the normalized one follows what
      // was spoken ("3" as "three"), so it is only the fallback for captions.
      const alignment = answer.alignment ?? answer.normalized_alignment;
      return { audio, mime: 'audio/mpeg', words: alignment ? wordsFromAlignment(alignment) : [] };
    },

    async verifyKey(context: CallContext): Promise<void> {
      // GET /v1/user reads the subscription and spends no characters. A key restricted to
      // speech may lack the permission to read the user (unconfirmed, docs/providers.md §6);
      // /v1/models is the documented fallback.
      try {
        await http.json({ path: '/v1/user', headers: auth, signal: context.signal });
      } catch (error) {
        if (!(error instanceof ProviderError && error.kind === 'auth' && error.detail?.includes('missing_permissions'))) throw error;
        await http.json({ path: '/v1/models', headers: auth, signal: context.signal });
      }
    },
  };
}

/** The voices the key may use, for the settings screen's voice picker. */
export async function listElevenLabsVoices(options: AdapterOptions, context: CallContext): Promise<ElevenLabsVoice[]> {
  const http = new ProviderHttp('elevenlabs', options, ELEVENLABS_BASE_URL);
  const answer = await http.json<{ voices?: Array<{ voice_id?: string; name?: string; category?: string; preview_url?: string | null; labels?: Record<string, string> | null }> }>({
    path: '/v1/voices',
    headers: { 'xi-api-key': options.apiKey },
    signal: context.signal,
  });
  if (!Array.isArray(answer.voices)) throw http.unexpected('/v1/voices answered without voices');
  return answer.voices
    .filter((voice) => typeof voice.voice_id === 'string' && voice.voice_id !== '')
    .map((voice) => ({
      id: voice.voice_id as string,
      name: voice.name ?? (voice.voice_id as string),
      ...(voice.category ? { category: voice.category } : {}),
      ...(voice.preview_url ? { previewUrl: voice.preview_url } : {}),
      ...(voice.labels ? { labels: voice.labels } : {}),
    }));
}
