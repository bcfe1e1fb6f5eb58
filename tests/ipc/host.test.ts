import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.js';
import type { EventPayload } from '../../src-shared/ipc/contract.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { HostSocket, startHostProcess, type HostProcess } from '../support/host.js';

const work = tempDir('tp-host-');
let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess();
});
afterAll(async () => {
  const code = await host?.stop();
  work.cleanup();
  // SIGTERM is a clean stop, not a crash.
  expect(code).toBe(0);
});

/** A raw HTTP GET, so the test controls Host and Origin (fetch may not set Host). */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(host.url.port), path: pathAndQuery, headers: { host: host.url.host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function value<T>(answer: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}

async function refusal(options: { token?: string; origin?: string }): Promise<number | undefined> {
  try {
    (await HostSocket.open(host, options)).close();
    return undefined;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

describe('npm run host', () => {
  it('prints exactly the URL to open as its first stdout line, on 127.0.0.1 with a 256-bit token', () => {
    expect(host.firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the socket without the token or with a wrong one (401)', async () => {
    expect(await refusal({ token: '' })).toBe(401);
    expect(await refusal({ token: host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A') })).toBe(401);
    expect(await refusal({ token: `${host.token}x` })).toBe(401);
  });

  it('refuses other hosts and origins: DNS rebinding and cross-site pages (403)', async () => {
    expect((await get('/', { host: `evil.example:${host.url.port}` })).status).toBe(403);
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { host: `localhost:${host.url.port}` })).status).not.toBe(403);
    expect(await refusal({ origin: 'http://evil.example' })).toBe(403);
    expect(await refusal({ origin: `http://localhost:${host.url.port}` })).toBeUndefined();
  });

  it('serves the page with the strict CSP header', async () => {
    const page = await get('/');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // This host was given an empty renderer folder of its own (a folder the caller names is never built for it).
    expect(page.status).toBe(503);
    expect(page.body.toString()).toMatch(/not built yet/);
    expect((await get('/../package.json')).status).toBe(403);
    expect((await get('/%2e%2e/package.json')).status).toBe(403);
  });

  it('answers engine:status and voices:list over the socket', async () => {
    const socket = await HostSocket.open(host);
    try {
      const status = await socket.request('engine:status');
      expect(status.ok).toBe(true);
      if (!status.ok) return;
      expect(status.value).toMatchObject({ frontDoor: 'host', capabilities: { nativeDialogs: false }, ffmpeg: { found: true }, tts: { name: 'espeak-ng' } });
      expect(status.value.tts.version).toMatch(/^\d+\.\d+/);
      const voices = await socket.request('voices:list', { language: 'es' });
      expect(voices.ok && voices.value.voices.map((v) => v.id)).toContain('es-419');
      expect(await socket.request('dialog:pickPhoto')).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    } finally {
      socket.close();
    }
  });

  it('answers broken frames, unknown channels and malformed payloads with typed errors', async () => {
    const socket = await HostSocket.open(host);
    try {
      expect(await socket.sendRaw('not json', null)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await socket.sendRaw(JSON.stringify({ type: 'request', id: 7 }), 7)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await socket.sendRaw(JSON.stringify({ type: 'request', id: 8, channel: 'video:lastVideo' }), 8)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
      expect(await socket.sendRaw(JSON.stringify({ type: 'request', id: 9, channel: 'jobs:enqueue', payload: { projectId: 3 } }), 9)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
      // The one-off render outside the plan is gone.
      expect(await socket.sendRaw(JSON.stringify({ type: 'request', id: 10, channel: 'render:start', payload: { watermark: false } }), 10)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      });
    } finally {
      socket.close();
    }
  });

  it('renders a queued project over the socket: progress events, then job:finished, then the video through the media route', async () => {
    const socket = await HostSocket.open(host);
    try {
      const { projectId } = value(await socket.request('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'Hello there. I am talking.' }));
      const { jobId } = value(await socket.request('jobs:enqueue', { projectId, width: 256, height: 448, verify: false }));
      const finished = await socket.waitForEvent('job:finished', (e) => e.jobId === jobId && e.state !== 'retrying', 110_000);
      expect(finished.state).toBe('completed');
      // One log for the host and the job's render process, in the data folder: the queue's
      // outcome and every stage's timing, all under the job's id.
      const logged = readFileSync(path.join(process.env.TALKINGPHOTO_DATA_DIR!, 'logs', 'talkingphoto.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(expect.objectContaining({ proc: 'host', module: 'host', msg: 'listening' }));
      expect(logged).toContainEqual(expect.objectContaining({ proc: 'host', module: 'queue', msg: 'job finished', jobId, state: 'completed' }));
      const stages = logged.filter((line) => line.jobId === jobId && line.msg === 'stage finished');
      expect(stages.every((line) => line.proc === 'render' && typeof line.durationMs === 'number')).toBe(true);
      expect(stages.map((line) => line.stage)).toEqual(expect.arrayContaining(['intake', 'face', 'enhance', 'voice', 'animate', 'verify']));
      const progress = socket.events.filter((e) => e.event === 'job:progress').map((e) => e.payload as EventPayload<'job:progress'>);
      expect(progress.length).toBeGreaterThan(3);
      expect(progress.every((p) => p.jobId === jobId && p.projectId === projectId)).toBe(true);
      expect([...new Set(progress.map((p) => p.stage))]).toEqual(expect.arrayContaining(['intake', 'face', 'voice', 'animate']));
      // Every progress event came before the outcome.
      const lastProgress = socket.events.map((e) => e.event).lastIndexOf('job:progress');
      expect(lastProgress).toBeLessThan(socket.events.findIndex((e) => e.event === 'job:finished' && (e.payload as EventPayload<'job:finished'>).state === 'completed'));

      const media = value(await socket.request('projects:media', { projectId }));
      const base = `/media/${media.video!.root}`;
      const video = await get(`${base}/${media.video!.path}?token=${host.token}`);
      expect(video.status).toBe(200);
      expect(video.headers['content-type']).toBe('video/mp4');
      expect(video.body.equals(readFileSync(path.join(process.env.TALKINGPHOTO_DATA_DIR!, ...media.video!.path.split('/'))))).toBe(true);

      const range = await get(`${base}/${media.video!.path}?token=${host.token}`, { range: 'bytes=0-99' });
      expect(range.status).toBe(206);
      expect(range.body.length).toBe(100);

      // Only the project's own files are shared, not the rest of the data folder.
      expect((await get(`${base}/library.db?token=${host.token}`)).status).toBe(404);
      expect((await get(`${base}/${media.video!.path}`)).status).toBe(401);
      for (const attempt of ['../../package.json', '%2e%2e/%2e%2e/package.json', '..%2f..%2fpackage.json', '%2fetc%2fpasswd']) {
        expect([403, 404], attempt).toContain((await get(`${base}/${attempt}?token=${host.token}`)).status);
      }
    } finally {
      socket.close();
    }
  });

  it('cancels a queued render it was asked to: the job ends cancelled and the project has no video', async () => {
    const socket = await HostSocket.open(host);
    try {
      const { projectId } = value(await socket.request('projects:create', { type: 'product_demo', photoPath: fixture('portrait-obama.jpg'), script: 'This one is cancelled.' }));
      const { jobId } = value(await socket.request('jobs:enqueue', { projectId, width: 256, height: 448 }));
      await socket.waitForEvent('job:progress', (e) => e.jobId === jobId);
      expect(await socket.request('jobs:cancel', { jobId })).toEqual({ ok: true, value: {} });
      const finished = await socket.waitForEvent('job:finished', (e) => e.jobId === jobId && e.state !== 'retrying');
      expect(finished.state).toBe('cancelled');
      expect(value(await socket.request('projects:media', { projectId })).video).toBeNull();
    } finally {
      socket.close();
    }
  });
});
