import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../../src-shared/content-security-policy.js';
import { HOST_MEDIA_PREFIX, HOST_SOCKET_PATH } from '../../../src-shared/ipc/wire.js';
import { MAX_AUDIO_UPLOAD_BASE64_CHARS, MAX_PHOTO_UPLOAD_BASE64_CHARS } from '../../../src-shared/limits.js';
import type { RendererStatus } from './renderer-build.js';
import type { Log } from '../../app/log/logger.js';
import type { MainServices } from '../../app/ipc/main-services.js';
import { fileResponse } from '../../app/media-access/media-response.js';
import { resolveInside, splitRelativeUrlPath, type SafeLookup } from '../../app/media-access/safe-path.js';
import { hostAndOriginAllowed, requestTarget, tokenMatches } from './request-guard.js';
import { bridgeSocket } from './socket-bridge.js';

/**
 * The headless host's HTTP side on 127.0.0.1: the built renderer, finished media under
 * `/media/`, and the IPC WebSocket at `/ipc`. Every response carries the window's CSP.
 */

/** `/deep-link?url=talkingphoto://…`: the host's stand-in for the OS's protocol handler. */
export const HOST_DEEP_LINK_PATH = '/deep-link';

export interface HostOptions {
  /** 0 picks a free port. */
  port: number;
  token: string;
  rendererDir: string;
  /** Where a build of the window the host started is (renderer-build.ts); ready when absent. */
  rendererStatus?: () => RendererStatus;
  services: MainServices;
  log: Log;
}

export interface RunningHost {
  port: number;
  /** The page to open, token included. */
  url: string;
  close(): Promise<void>;
}

/**
 * Most requests are small JSON frames (a script is ≤ 5000 characters), but `photos:import`
 * carries a dropped photo as base64, so a frame may hold the largest photo upload plus
 * 1 MiB for the rest of the request (or the largest recording, `recordings:import`). Only a socket that presented the token gets this far.
 */
const MAX_FRAME_BYTES = Math.max(MAX_PHOTO_UPLOAD_BASE64_CHARS, MAX_AUDIO_UPLOAD_BASE64_CHARS) + 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // The page URL holds the token: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Other sites may not embed our media or scripts even if they learn a URL.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function answer(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

/** A plain page that reloads itself (no script: the CSP allows none) until the window is built. */
function answerBuilding(response: ServerResponse): void {
  response.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '3' });
  response.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>TalkingPhoto</title></head>' +
      '<body><p>TalkingPhoto is building its window (the first start after an update takes a minute). This page reloads by itself.</p></body></html>\n',
  );
}

async function sendFile(request: IncomingMessage, response: ServerResponse, found: SafeLookup): Promise<void> {
  if (!found.ok) {
    answer(response, found.status, found.status === 404 ? 'Not found.' : 'Refused.');
    return;
  }
  const range = typeof request.headers.range === 'string' ? request.headers.range : undefined;
  const file = fileResponse(found.file, found.size, { range, head: request.method === 'HEAD' });
  response.writeHead(file.status, { ...SECURITY_HEADERS, ...file.headers });
  if (file.body) await pipeline(file.body, response);
  else response.end();
}

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { token, services, log } = options;
  const rendererStatus = options.rendererStatus ?? ((): RendererStatus => ({ state: 'ready' }));
  let rendererReal: string | undefined;
  /** The built window's folder, looked up once it exists (a build may still be running). */
  const rendererRoot = async (): Promise<string | undefined> => {
    if (rendererReal === undefined && existsSync(path.join(options.rendererDir, 'index.html'))) rendererReal = await realpath(options.rendererDir);
    return rendererReal;
  };
  if (rendererStatus().state === 'ready' && !(await rendererRoot())) {
    log.warn('the renderer is not built: run `npm run build:renderer`, then reload the page', { rendererDir: options.rendererDir });
  }
  let port = options.port;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log.error('http request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) answer(response, 500, 'Something went wrong.');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAndOriginAllowed(request, port)) return answer(response, 403, 'Open the address the host printed (127.0.0.1).');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(response, 405, 'Only GET and HEAD.');
    const { rawPath, query } = requestTarget(request);
    if (rawPath.startsWith(HOST_MEDIA_PREFIX)) {
      // A <video> cannot send headers, so the media URL carries the token like the socket's.
      if (!tokenMatches(query.get('token'), token)) return answer(response, 401, 'Missing or wrong token.');
      return sendFile(request, response, await services.media.lookup(rawPath.slice(HOST_MEDIA_PREFIX.length)));
    }
    if (rawPath === HOST_DEEP_LINK_PATH) {
      // Where a browser lands after Stripe Checkout (the app registers talkingphoto:// with
      // the OS instead). No token: all it can do is make main ask the service again.
      const handled = await services.handleDeepLink(query.get('url') ?? '');
      return answer(response, handled ? 200 : 400, handled ? 'Back to TalkingPhoto: your plan is updated there. You can close this tab.' : 'Not a TalkingPhoto link.');
    }
    const relative = rawPath === '/' ? 'index.html' : rawPath.slice(1);
    // A traversal attempt is refused as such, whether or not the window is built.
    const checked = splitRelativeUrlPath(relative);
    if (!checked.ok) return answer(response, checked.status, 'Not allowed.');
    const status = rendererStatus();
    if (status.state === 'building') return answerBuilding(response);
    if (status.state === 'failed') return answer(response, 500, `The window could not be built: ${status.reason}`);
    const root = await rendererRoot();
    if (!root) return answer(response, 503, 'The window is not built yet: run `npm run build:renderer`, then reload this page.');
    return sendFile(request, response, await resolveInside(root, relative));
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => undefined);
    if (!hostAndOriginAllowed(request, port)) return refuseUpgrade(socket, 403);
    const { rawPath, query } = requestTarget(request);
    if (rawPath !== HOST_SOCKET_PATH) return refuseUpgrade(socket, 404);
    if (!tokenMatches(query.get('token'), token)) {
      log.warn('refused a socket without the right token');
      return refuseUpgrade(socket, 401);
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bridgeSocket(ws, services, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never reachable from another machine.
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
