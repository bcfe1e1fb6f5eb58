import { ProviderError } from '../provider-error.js';
import type { CallContext, ImageEditor, ImageEnhanceRequest, ImageEnhanceResult } from '../provider-types.js';
import { ProviderHttp, type AdapterOptions } from './adapter-http.js';

/**
 * Ideogram 3.0 remix (docs/providers.md §7): one synchronous multipart request with the
 * photo and the prompt; the answer links to the new image, which is fetched at once since
 * the link is only "available for a limited period of time".
 *
 * Remix rather than edit: edit repaints only a masked area, and an enhancement touches the
 * whole photo. `/v1/ideogram-v3/remix` is labelled "(legacy)" beside the newer
 * `/v2/image/remix/{model}`; it is the one whose fields the doc could confirm from
 * Ideogram's OpenAPI, and no shutdown date is announced.
 */

const IDEOGRAM_BASE_URL = 'https://api.ideogram.ai';

/** The OpenAPI spec allows 10 MB per image (the docs pages say 25 MB; the lower figure is safe). */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Remix takes "only JPEG, WebP and PNG formats" (Ideogram's OpenAPI). */
const ACCEPTED_MIMES = new Set(['image/jpeg', 'image/jpg', 'image/png', 'image/webp']);

/**
 * How much of the input survives, 1–100 (default 50). Ours: the creator's face must stay
 * recognisable, so the photo outweighs the prompt; the prompt only relights and cleans up.
 */
const IMAGE_WEIGHT = 80;
/**
 * QUALITY costs $0.09 an image against DEFAULT's $0.06 (ideogram.ai/features/api-pricing);
 * a result must score 7.0 or the router pays for the next editor anyway.
 */
const RENDERING_SPEED = 'QUALITY';

interface RemixAnswer {
  data?: Array<{ url?: string | null; is_image_safe?: boolean }>;
}

function sniffImageMime(data: Buffer, fallback: string): string {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return fallback;
}

export function createIdeogramEditor(options: AdapterOptions): ImageEditor {
  const http = new ProviderHttp('ideogram', options, IDEOGRAM_BASE_URL);
  const auth = { 'Api-Key': options.apiKey };

  return {
    id: 'ideogram',
    capability: 'image_enhancement',

    async enhance(request: ImageEnhanceRequest, context: CallContext): Promise<ImageEnhanceResult> {
      const mime = request.mime.toLowerCase();
      if (!ACCEPTED_MIMES.has(mime) || request.photo.length > MAX_PHOTO_BYTES) {
        throw new ProviderError({
          kind: 'bad_request',
          provider: 'ideogram',
          detail: `Ideogram takes a JPEG, PNG or WebP photo of at most 10 MB, not ${request.mime} of ${request.photo.length} bytes`,
        });
      }
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(request.photo)], { type: mime }), `photo.${mime.split('/')[1] === 'jpeg' ? 'jpg' : mime.split('/')[1]}`);
      form.append('prompt', request.prompt);
      form.append('image_weight', String(IMAGE_WEIGHT));
      form.append('rendering_speed', RENDERING_SPEED);
      // Magic prompt rewrites the prompt; ours asks to keep the face identical and must reach the model as written.
      form.append('magic_prompt', 'OFF');
      form.append('num_images', '1');
      // No aspect_ratio: the input would be cropped to it.
      let answer: RemixAnswer;
      try {
        answer = await http.json<RemixAnswer>({ method: 'POST', path: '/v1/ideogram-v3/remix', headers: auth, form, signal: context.signal });
      } catch (error) {
        // 422 is Ideogram's safety check failing on the input (docs/providers.md §7).
        if (error instanceof ProviderError && error.status === 422) {
          throw new ProviderError({ kind: 'rejected', provider: 'ideogram', status: 422, detail: error.detail, secrets: [options.apiKey], cause: error });
        }
        throw error;
      }
      const image = answer.data?.[0];
      if (!image) throw http.unexpected('remix answered without data[0]');
      if (image.is_image_safe === false || !image.url) {
        throw new ProviderError({ kind: 'rejected', provider: 'ideogram', detail: 'remix result marked unsafe (is_image_safe false, no url)' });
      }
      // No Api-Key on the download: the link is a public ephemeral URL, possibly on another host.
      const file = await http.download(image.url, context.signal);
      return { image: file.data, mime: file.mime.startsWith('image/') ? file.mime : sniffImageMime(file.data, 'image/png') };
    },

    async verifyKey(context: CallContext): Promise<void> {
      // Ideogram has no free "whoami" for API keys, and every edit is charged. GET /models
      // lists the account's custom models: it takes the API key, answers 401 to a bad one,
      // and generates nothing (that it is free is unconfirmed, docs/providers.md §7). The
      // other option, a v2 `?dry_run=true` request, depends on v2 shapes the doc lacks.
      await http.json({ path: '/models', headers: auth, signal: context.signal });
    },
  };
}
