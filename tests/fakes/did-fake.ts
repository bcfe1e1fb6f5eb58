import { FakeServer, header, type FakeRequest, type FakeResponse } from './fake-server.js';

/**
 * D-ID's talks API as docs/providers.md §5 describes it: Basic auth with the key verbatim,
 * multipart uploads to `/images` and `/audios` answering `s3://` URLs, `POST /talks`
 * (201, `created`), `GET /talks/{id}` moving through `created` → `started` → an end, a
 * presigned result URL, `GET /credits` and `DELETE /talks/{id}`. Errors use D-ID's
 * `{kind, description}` shape.
 */

export type DidTalkOutcome = 'done' | 'error' | 'rejected' | 'stuck';

export interface DidFakeOptions {
  /** The key the fake accepts, in Studio's `user:password` form. */
  apiKey: string;
  /** What `result_url` serves: the finished video. */
  video: Buffer;
  /** Polls a talk spends in `created`/`started` before it ends (default 2). */
  pollsBeforeEnd?: number;
  /** How each talk ends; `stuck` stays `started` forever. Changeable between tests via `fake.outcome`. */
  outcome?: DidTalkOutcome;
  /** Answer DELETE /talks/{id} with 405, as if D-ID had no such route. */
  noDelete?: boolean;
}

export interface DidUploadRecord {
  field: string;
  filename: string;
  mime: string;
  data: Buffer;
  url: string;
}

export interface DidTalkRecord {
  id: string;
  body: { source_url?: unknown; script?: { type?: unknown; audio_url?: unknown; input?: unknown; provider?: unknown }; config?: unknown };
  polls: number;
  outcome: DidTalkOutcome;
  deleted: boolean;
}

export interface DidFake {
  server: FakeServer;
  url: string;
  images: DidUploadRecord[];
  audios: DidUploadRecord[];
  talks: Map<string, DidTalkRecord>;
  outcome: DidTalkOutcome;
  close(): Promise<void>;
}

const FILENAME = /^[A-Za-z0-9._-]{1,50}$/;
const IMAGE_MIMES = new Set(['image/jpeg', 'image/png']);

const didError = (status: number, kind: string, description: string): FakeResponse => ({ status, json: { kind, description } });

async function formOf(request: FakeRequest): Promise<FormData | null> {
  const type = header(request, 'content-type');
  if (!type.startsWith('multipart/form-data')) return null;
  return new Response(new Uint8Array(request.body), { headers: { 'content-type': type } }).formData();
}

export async function startDidFake(options: DidFakeOptions): Promise<DidFake> {
  const images: DidUploadRecord[] = [];
  const audios: DidUploadRecord[] = [];
  const talks = new Map<string, DidTalkRecord>();
  const pollsBeforeEnd = options.pollsBeforeEnd ?? 2;
  let next = 1;

  const server = await FakeServer.start();
  const fake: DidFake = { server, url: server.url, images, audios, talks, outcome: options.outcome ?? 'done', close: () => server.close() };

  /** Every API route checks the key first; the result URL is presigned and checks nothing of ours. */
  const authed =
    (handler: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) =>
    (request: FakeRequest): FakeResponse | Promise<FakeResponse> => {
      const sent = header(request, 'authorization');
      // API Gateway answers a header it cannot parse before D-ID sees it.
      if (!sent.startsWith('Basic ')) return { status: 403, json: { message: 'Invalid key=value pair (missing equal-sign) in Authorization header' } };
      // The key is echoed on purpose: the adapter must keep it out of its errors even so.
      if (sent !== `Basic ${options.apiKey}`) return didError(401, 'AuthorizationError', `Unauthorized: ${sent.slice('Basic '.length)} is not a valid key`);
      return handler(request);
    };

  const upload = (field: 'image' | 'audio', list: DidUploadRecord[], bucket: string) =>
    authed(async (request) => {
      const form = await formOf(request);
      const file = form?.get(field);
      if (!form || !(file instanceof File)) return didError(400, 'ValidationError', `a multipart field "${field}" holding a file is required`);
      if (!FILENAME.test(file.name)) return didError(400, 'ValidationError', `file name must be at most 50 characters of [A-Za-z0-9._-]`);
      if (field === 'image' && !IMAGE_MIMES.has(file.type)) return didError(400, 'ValidationError', 'image must be jpeg or png');
      if (field === 'audio' && !/^(audio|video)\//.test(file.type)) return didError(400, 'ValidationError', 'audio must be audio/* or video/*');
      const id = `${field === 'image' ? 'img' : 'aud'}_${next++}`;
      const record = { field, filename: file.name, mime: file.type, data: Buffer.from(await file.arrayBuffer()), url: `s3://${bucket}/auth0|fake/${id}/${file.name}` };
      list.push(record);
      return { status: 201, json: field === 'image' ? { id, url: record.url } : { id, url: record.url, duration: 1, moderation_metadata: {} } };
    });

  const statusOf = (talk: DidTalkRecord): string => {
    if (talk.outcome === 'stuck') return talk.polls <= 1 ? 'created' : 'started';
    if (talk.polls <= pollsBeforeEnd) return talk.polls <= 1 ? 'created' : 'started';
    return talk.outcome;
  };

  const talkJson = (talk: DidTalkRecord, status: string): Record<string, unknown> => {
    const answer: Record<string, unknown> = { id: talk.id, object: 'talk', status, created_at: '2026-11-25T12:00:00.000Z', source_url: talk.body.source_url, config: { result_format: 'mp4' } };
    if (status === 'done') {
      answer.result_url = `${server.url}/results/${talk.id}.mp4?AWSAccessKeyId=FAKE&Expires=${Math.floor(Date.now() / 1000) + 3600}&Signature=fake%2Bsig`;
      answer.duration = 1;
    }
    if (status === 'error') answer.error = { kind: 'InternalServerError', description: 'rendering failed' };
    if (status === 'rejected') answer.error = { kind: 'ContentModerationError', description: 'the image was rejected by moderation' };
    return answer;
  };

  server
    .route('POST', '/images', upload('image', images, 'd-id-images-prod'))
    .route('POST', '/audios', upload('audio', audios, 'd-id-audios-prod'))
    .route(
      'POST',
      '/talks',
      authed((request) => {
        const body = (request.json ?? {}) as DidTalkRecord['body'];
        const known = (url: unknown, list: DidUploadRecord[]): boolean => typeof url === 'string' && (url.startsWith('https://') || list.some((u) => u.url === url));
        if (!known(body.source_url, images))
          return { status: 400, json: { kind: 'ValidationError', description: 'validation failed', details: { 'body.source_url': { message: 'not a valid image url' } } } };
        const script = body.script;
        const scriptOk = script?.type === 'audio' ? known(script.audio_url, audios) : script?.type === 'text' && typeof script.input === 'string' && script.input.length > 0;
        if (!scriptOk) return { status: 400, json: { kind: 'ValidationError', description: 'validation failed', details: { 'body.script': { message: 'invalid script' } } } };
        const id = `tlk_${next++}`;
        talks.set(id, { id, body, polls: 0, outcome: fake.outcome, deleted: false });
        return { status: 201, json: { id, object: 'talk', created_at: '2026-11-25T12:00:00.000Z', created_by: 'auth0|fake', status: 'created' } };
      }),
    )
    .route(
      'GET',
      '/talks/:id',
      authed((request) => {
        const talk = talks.get(request.params.id ?? '');
        if (!talk || talk.deleted) return didError(404, 'NotFoundError', 'talk not found');
        talk.polls += 1;
        return { json: talkJson(talk, statusOf(talk)) };
      }),
    )
    .route(
      'DELETE',
      '/talks/:id',
      authed((request) => {
        if (options.noDelete) return { status: 405, json: { message: 'Method Not Allowed' } };
        const talk = talks.get(request.params.id ?? '');
        if (!talk || talk.deleted) return didError(404, 'NotFoundError', 'talk not found');
        talk.deleted = true;
        return { json: { deleted: true } };
      }),
    )
    .route(
      'GET',
      '/credits',
      authed(() => ({ json: { credits: [{ owner_id: 'auth0|fake', remaining: 20, total: 20, expire_at: '2027-01-01T00:00:00.000Z' }], remaining: 20, total: 20 } })),
    )
    .route('GET', '/results/:file', (request) => {
      // S3 refuses a presigned request that also carries an Authorization header.
      if (header(request, 'authorization'))
        return { status: 400, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>' };
      if (!request.query.get('Signature')) return { status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code></Error>' };
      const talk = talks.get((request.params.file ?? '').replace(/\.mp4$/, ''));
      if (!talk || statusOf(talk) !== 'done') return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code></Error>' };
      return { headers: { 'content-type': 'video/mp4' }, body: options.video };
    });
  return fake;
}
