import type { ProviderId } from '../../../../src-shared/providers.js';
import { ProviderError } from '../provider-error.js';
import type { CallContext, ImageEditor, ImageEnhanceRequest, ImageEnhanceResult } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions, type HttpCall } from './adapter-http.js';

/**
 * Gemini image editing ("Nano Banana"), docs/providers.md §1: one synchronous
 * `generateContent` call with the photo inline; the edited image comes back as a base64
 * part. Also the Gemini API conventions Veo (§2) shares: base URL, key header, and how a
 * bad key is recognised.
 */

/** The Gemini API's own base (googleapis/js-genai `src/_api_client.ts`, API version v1beta). */
export const GEMINI_API_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/**
 * docs/providers.md §1: `gemini-2.5-flash-image` had a listed shutdown on 2026-10-02 and the
 * `-preview` ids are gone; `gemini-3.1-flash-image` is GA. A setting, since models retire.
 */
export const DEFAULT_GEMINI_IMAGE_MODEL = 'gemini-3.1-flash-image';

/**
 * Google answers a key it does not know with HTTP 400 INVALID_ARGUMENT ("API key not valid",
 * reason API_KEY_INVALID), not 401, so the status alone would call it a bad request and the
 * creator would never be told to fix the key.
 */
const BAD_KEY_ANSWER = /API_KEY_INVALID|API key not valid|API key expired/i;

/**
 * The Gemini API as both Google adapters call it: the key travels only in `x-goog-api-key`
 * (the `?key=` form of Google's REST samples lands in proxy and server logs).
 */
export class GeminiApi {
  readonly http: ProviderHttp;

  constructor(
    readonly provider: ProviderId,
    options: AdapterOptions,
  ) {
    this.http = new ProviderHttp(provider, options, GEMINI_API_BASE_URL, (status, body) => (status === 400 && BAD_KEY_ANSWER.test(body) ? 'auth' : undefined));
  }

  json<T>(call: Omit<HttpCall, 'headers'>): Promise<T> {
    return this.http.json<T>({ ...call, headers: this.keyHeader() });
  }

  /**
   * A result file. Veo's video URI is an API URL that needs the key (it is not a signed
   * link); the key goes only to the API's own origin, so a URI naming any other host can
   * never be handed the creator's key.
   */
  async download(uri: string, signal: AbortSignal): Promise<{ data: Buffer; mime: string }> {
    const url = this.http.urlOf(uri);
    const headers = new URL(url).origin === new URL(this.http.baseUrl).origin ? this.keyHeader() : {};
    return this.http.download(url, signal, headers);
  }

  /** models.list: costs no tokens (docs/providers.md §1). */
  async verifyKey(context: CallContext): Promise<void> {
    await this.json<unknown>({ path: '/models', signal: context.signal });
  }

  private keyHeader(): Record<string, string> {
    return { 'x-goog-api-key': this.http.apiKey };
  }
}

interface InlineData {
  mimeType?: string;
  data?: string;
}

interface ContentPart {
  text?: string;
  inlineData?: InlineData;
  /** Gemini 3 image models may show draft "thought" images before the final one. */
  thought?: boolean;
}

interface GenerateContentResponse {
  candidates?: Array<{ content?: { parts?: ContentPart[] }; finishReason?: string; finishMessage?: string }>;
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
}

/** The most of the model's own words kept in a rejection's detail. */
const REPLY_CHARS = 200;

export function createGeminiImageEditor(options: AdapterOptions & { model?: string }): ImageEditor {
  const api = new GeminiApi('gemini-image', options);
  // models.list names models `models/<id>`; either form may be pasted into Settings.
  const model = (options.model ?? DEFAULT_GEMINI_IMAGE_MODEL).replace(/^models\//, '');

  async function enhance(request: ImageEnhanceRequest, context: CallContext): Promise<ImageEnhanceResult> {
    const answer = await api.json<GenerateContentResponse>({
      method: 'POST',
      path: `/models/${encodeURIComponent(model)}:generateContent`,
      json: {
        contents: [
          {
            role: 'user',
            parts: [{ inline_data: { mime_type: request.mime, data: request.photo.toString('base64') } }, { text: request.prompt }],
          },
        ],
        // No imageConfig.aspectRatio: without it the edit keeps the input photo's framing.
        generationConfig: { responseModalities: ['IMAGE'] },
      },
      signal: context.signal,
    });
    const candidate = answer.candidates?.[0];
    const parts = candidate?.content?.parts ?? [];
    const image = parts.find((part) => part.thought !== true && part.inlineData?.data && (part.inlineData.mimeType ?? 'image/').startsWith('image/'));
    if (!image?.inlineData?.data) {
      // No image is how Gemini says no: a safety block, or a reply in words instead.
      const said = parts
        .map((part) => part.text ?? '')
        .join(' ')
        .trim()
        .slice(0, REPLY_CHARS);
      const why = [
        candidate?.finishReason && `finishReason ${candidate.finishReason}`,
        candidate?.finishMessage,
        answer.promptFeedback?.blockReason && `blockReason ${answer.promptFeedback.blockReason}`,
        answer.promptFeedback?.blockReasonMessage,
        said && `model said: ${said}`,
      ].filter(Boolean);
      throw new ProviderError({
        kind: 'rejected',
        provider: 'gemini-image',
        detail: `no image in the answer${why.length > 0 ? `: ${why.join('; ')}` : ''}`,
        secrets: [api.http.apiKey],
      });
    }
    const data = Buffer.from(image.inlineData.data, 'base64');
    if (data.length === 0) throw api.http.unexpected('the image part was empty');
    return { image: data, mime: image.inlineData.mimeType ?? 'image/png' };
  }

  return {
    id: 'gemini-image',
    capability: 'image_enhancement',
    enhance,
    verifyKey: (context) => api.verifyKey(context),
  };
}
