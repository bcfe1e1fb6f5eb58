import type { ProviderId } from '../../../../src-shared/providers.js';
import { errorForResponse, ProviderError, type ProviderErrorKind } from '../provider-error.js';

/**
 * What every HTTP adapter shares: how it is made (key and base URL read once, from the
 * keychain or the environment, by whoever makes it) and how it calls, so each adapter is
 * only its provider's paths and shapes. Failures become ProviderErrors the router acts
 * on; the key is passed as a secret so no detail can carry it.
 */

export interface AdapterOptions {
  apiKey: string;
  /** `TALKINGPHOTO_<PROVIDER>_BASE_URL`, or the provider's own. */
  baseUrl?: string;
  /** Node's fetch unless a test passes another. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface HttpCall {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Appended to the base URL; an absolute URL (a result download) is used as is. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** multipart/form-data (uploads); fetch sets the boundary. */
  form?: FormData;
  /** Raw bytes (an upload endpoint that takes the file as the body). */
  bytes?: { data: Buffer; contentType: string };
  signal: AbortSignal;
}

/** The most of an error body kept for the log (after secrets are removed). */
const DETAIL_CHARS = 300;

export class ProviderHttp {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  readonly baseUrl: string;

  /**
   * `kindOf` reads a refusal's whole body (before it is cut short and stripped of secrets
   * for the log) where a provider's status code alone says the wrong thing, e.g. a quota
   * answered as 401 or a bad key answered as 400.
   */
  constructor(
    readonly provider: ProviderId,
    private readonly options: AdapterOptions,
    defaultBaseUrl: string,
    private readonly kindOf?: (status: number, body: string) => ProviderErrorKind | undefined,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  }

  get apiKey(): string {
    return this.options.apiKey;
  }

  urlOf(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** Any answer, checked: a non-2xx status throws the ProviderError its status means. */
  async send(call: HttpCall): Promise<Response> {
    const headers: Record<string, string> = { ...call.headers };
    let body: BodyInit | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form) body = call.form;
    else if (call.bytes) {
      headers['content-type'] = call.bytes.contentType;
      body = new Uint8Array(call.bytes.data);
    }
    let response: Response;
    try {
      response = await this.fetch(this.urlOf(call.path), { method: call.method ?? (body ? 'POST' : 'GET'), headers, body, signal: call.signal });
    } catch (error) {
      if (call.signal.aborted) throw error;
      throw new ProviderError({ kind: 'transient', provider: this.provider, detail: `network: ${(error as Error).message}`, secrets: [this.apiKey] });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw errorForResponse(this.provider, response, {
        now: this.now(),
        detail: `HTTP ${response.status} ${call.method ?? ''} ${call.path.split('?')[0]}: ${text.slice(0, DETAIL_CHARS)}`,
        secrets: [this.apiKey],
        kind: this.kindOf?.(response.status, text),
      });
    }
    return response;
  }

  async json<T = unknown>(call: HttpCall): Promise<T> {
    const response = await this.send(call);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ProviderError({ kind: 'transient', provider: this.provider, detail: `answer was not JSON: ${(error as Error).message}`, secrets: [this.apiKey] });
    }
  }

  /** A result file's bytes; signed result URLs expire, so this runs as soon as a job is done. */
  async download(url: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<{ data: Buffer; mime: string }> {
    const response = await this.send({ path: url, headers, signal });
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length === 0) throw new ProviderError({ kind: 'transient', provider: this.provider, detail: 'empty download', secrets: [this.apiKey] });
    return { data, mime: response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream' };
  }

  /** A finished video from its signed URL, fetched with no key; storage that names no type serves MP4. */
  async downloadVideo(url: string, signal: AbortSignal): Promise<{ video: Buffer; mime: string }> {
    const file = await this.download(url, signal);
    return { video: file.data, mime: file.mime.startsWith('video/') ? file.mime : 'video/mp4' };
  }

  /**
   * A stop or delete request where "no such job" or "no such route" (`gone`, by default
   * 404) means there is nothing left to stop remotely: it resolves quietly then.
   */
  async stopQuietly(call: HttpCall, gone: readonly number[] = [404]): Promise<void> {
    try {
      await this.send(call);
    } catch (error) {
      if (error instanceof ProviderError && error.status !== undefined && gone.includes(error.status)) return;
      throw error;
    }
  }

  /** An answer that lacks what the docs promise: the provider changed, or broke. */
  unexpected(detail: string): ProviderError {
    return new ProviderError({ kind: 'unexpected', provider: this.provider, detail, secrets: [this.apiKey] });
  }
}
