import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing every fake provider shares: a real HTTP server on 127.0.0.1 that routes
 * by method and path (`:name` segments become params), keeps every request it was sent
 * (so a test can check headers, bodies and that a key never travelled where it should
 * not), and can be told to misbehave on purpose: answer an error, never answer, or
 * answer slowly. Each provider's fake (tests/fakes/<provider>-fake.ts) adds that
 * provider's paths, JSON shapes and job states on top.
 */

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  params: Record<string, string>;
  /** The body parsed as JSON when it is JSON; undefined otherwise. */
  json: unknown;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: Buffer | string;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Misbehaviour {
  times: number;
  match: (request: FakeRequest) => boolean;
  /** `hang`: never answers (the client's timeout fires); otherwise this response. */
  act: 'hang' | FakeResponse;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: FakeHandler;
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly misbehaviours: Misbehaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(setup?: (server: FakeServer) => void): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeServer(server, `http://127.0.0.1:${port}`);
    setup?.(fake);
    return fake;
  }

  route(method: string, path: string, handler: FakeHandler): this {
    this.routes.push({ method: method.toUpperCase(), ...compile(path), handler });
    return this;
  }

  /** The next `times` requests matching `match` (all, by default) get `response` instead. */
  failNext(times: number, response: FakeResponse, match: (request: FakeRequest) => boolean = () => true): this {
    this.misbehaviours.push({ times, match, act: response });
    return this;
  }

  /** The next `times` matching requests are never answered. */
  hangNext(times: number, match: (request: FakeRequest) => boolean = () => true): this {
    this.misbehaviours.push({ times, match, act: 'hang' });
    return this;
  }

  /** Forgets every error and hang still waiting to happen. */
  calm(): this {
    this.misbehaviours.length = 0;
    return this;
  }

  /** Requests sent to a path matching `path` (a string is an exact path). */
  sent(method: string, path: string | RegExp): FakeRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    let json: unknown;
    if (String(req.headers['content-type'] ?? '').includes('json') && body.length > 0) {
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
    }
    const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, params: {}, json };
    this.requests.push(request);

    const trouble = this.misbehaviours.find((m) => m.times > 0 && m.match(request));
    if (trouble) {
      trouble.times -= 1;
      if (trouble.act === 'hang') {
        this.hanging.add(res);
        return;
      }
      return this.send(res, trouble.act);
    }
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const found = route.pattern.exec(request.path);
      if (!found) continue;
      route.names.forEach((name, i) => (request.params[name] = decodeURIComponent(found[i + 1]!)));
      try {
        return this.send(res, await route.handler(request));
      } catch (error) {
        return this.send(res, { status: 500, json: { error: { message: (error as Error).message } } });
      }
    }
    this.send(res, { status: 404, json: { error: { message: `no route for ${request.method} ${request.path}` } } });
  }

  private send(res: ServerResponse, response: FakeResponse): void {
    const headers = { ...response.headers };
    let body: Buffer | string = response.body ?? '';
    if (response.json !== undefined) {
      body = JSON.stringify(response.json);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(response.status ?? 200, headers);
    res.end(body);
  }
}

/** The `Authorization`, `x-api-key`… header a request carried, as one string. */
export function header(request: FakeRequest, name: string): string {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** A Retry-After in its HTTP-date form, `seconds` from now. */
export const HTTP_DATE_IN = (seconds: number, now = Date.now()): string => new Date(now + seconds * 1000).toUTCString();
