import sharp from 'sharp';
import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * Ideogram 3.0 remix as docs/providers.md §7 describes it: `Api-Key`, a multipart
 * `POST /v1/ideogram-v3/remix` whose required parts and field ranges are checked, a
 * synchronous answer whose `data[0].url` points at an ephemeral image on the fake, and
 * `GET /models` (the key check). Errors use `{"error": "…"}`.
 */

export interface IdeogramFakeOptions {
  apiKey: string;
  /** What `data[0].url` serves; the uploaded photo itself when absent. */
  result?: { data: Buffer; mime: string };
  /** `low`: serve a 48-pixel-wide, heavily compressed JPEG of the upload, a result a quality scorer should turn down. */
  quality?: 'good' | 'low';
  /** Mark every result unsafe: `is_image_safe: false` and an empty `url`. */
  unsafe?: boolean;
}

export interface IdeogramRemix {
  image: { filename: string; mime: string; data: Buffer };
  fields: Record<string, string>;
  /** The bytes its URL serves. */
  served: { data: Buffer; mime: string };
}

export interface IdeogramFake {
  server: FakeServer;
  url: string;
  remixes: IdeogramRemix[];
  quality: 'good' | 'low';
  unsafe: boolean;
  close(): Promise<void>;
}

/** The OpenAPI spec's limit per image. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_MIMES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const RENDERING_SPEEDS = new Set(['FLASH', 'TURBO', 'BALANCED', 'DEFAULT', 'QUALITY']);
const MAGIC_PROMPT = new Set(['AUTO', 'ON', 'OFF']);
export const LOW_QUALITY_WIDTH = 48;

const ideogramError = (status: number, error: string): FakeResponse => ({ status, json: { error } });

/** Everything wrong with a remix request, or null. */
function invalid(fields: Record<string, string>, image: File | null): string | null {
  if (!image) return 'image is required';
  if (!IMAGE_MIMES.has(image.type)) return 'only JPEG, WebP and PNG formats are supported';
  if (image.size > MAX_IMAGE_BYTES) return 'image must be at most 10MB';
  if (!fields.prompt) return 'prompt is required';
  if (fields.image_weight !== undefined && !(/^\d+$/.test(fields.image_weight) && Number(fields.image_weight) >= 1 && Number(fields.image_weight) <= 100))
    return 'image_weight must be an integer from 1 to 100';
  if (fields.rendering_speed !== undefined && !RENDERING_SPEEDS.has(fields.rendering_speed)) return `unknown rendering_speed ${fields.rendering_speed}`;
  if (fields.magic_prompt !== undefined && !MAGIC_PROMPT.has(fields.magic_prompt)) return `unknown magic_prompt ${fields.magic_prompt}`;
  if (fields.num_images !== undefined && !(Number(fields.num_images) >= 1 && Number(fields.num_images) <= 8)) return 'num_images must be from 1 to 8';
  return null;
}

export async function startIdeogramFake(options: IdeogramFakeOptions): Promise<IdeogramFake> {
  const remixes: IdeogramRemix[] = [];
  const server = await FakeServer.start();
  const fake: IdeogramFake = { server, url: server.url, remixes, quality: options.quality ?? 'good', unsafe: options.unsafe ?? false, close: () => server.close() };

  const authed =
    (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) =>
    (request: FakeRequest): FakeResponse | Promise<FakeResponse> => {
      const sent = header(request, 'api-key');
      // The key is echoed on purpose: the adapter must keep it out of its errors even so.
      if (sent !== options.apiKey) return ideogramError(401, `Invalid Api-Key '${sent}'`);
      return handler(request);
    };

  server
    .route(
      'POST',
      '/v1/ideogram-v3/remix',
      authed(async (request) => {
        const type = header(request, 'content-type');
        if (!type.startsWith('multipart/form-data')) return ideogramError(400, 'multipart/form-data is required');
        const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': type } }).formData();
        const fields: Record<string, string> = {};
        form.forEach((value, name) => {
          if (typeof value === 'string') fields[name] = value;
        });
        const image = form.get('image');
        const file = image instanceof File ? image : null;
        const problem = invalid(fields, file);
        if (problem || !file) return ideogramError(400, problem ?? 'image is required');
        const upload = { filename: file.name, mime: file.type, data: Buffer.from(await file.arrayBuffer()) };
        const served =
          fake.quality === 'low'
            ? { data: await sharp(upload.data).resize({ width: LOW_QUALITY_WIDTH }).jpeg({ quality: 5 }).toBuffer(), mime: 'image/jpeg' }
            : (options.result ?? { data: upload.data, mime: upload.mime });
        const index = remixes.push({ image: upload, fields, served }) - 1;
        const safe = !fake.unsafe;
        return {
          json: {
            created: '2026-11-25T12:00:00Z',
            data: [
              {
                url: safe ? `${server.url}/api/images/ephemeral/${index}.img?exp=1764072000&signature=fake` : '',
                prompt: fields.prompt,
                resolution: '1024x1024',
                is_image_safe: safe,
                seed: 12345,
                style_type: 'REALISTIC',
              },
            ],
          },
        };
      }),
    )
    .route(
      'GET',
      '/models',
      authed(() => ({ json: { models: [] } })),
    )
    .route('GET', '/api/images/ephemeral/:file', (request) => {
      const remix = remixes[Number((request.params.file ?? '').replace(/\.img$/, ''))];
      if (!remix) return ideogramError(404, 'image expired or not found');
      return { headers: { 'content-type': remix.served.mime }, body: remix.served.data };
    });
  return fake;
}
