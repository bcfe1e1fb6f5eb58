import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      expect(await socket.sendRaw(JSON.stringify({ type: 'request', id: 9, channel: 'render:start', payload: { photoPath: 3 } }), 9)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST' },
      });
    } finally {
      socket.close();
    }
  });

  it('renders over the socket: progress events, then render:finished, then the video through the media route', async () => {
    const socket = await HostSocket.open(host);
    const outDir = path.join(work.dir, 'out');
    try {
      const started = await socket.request('render:start', {
        photoPath: fixture('portrait-obama.jpg'),
        script: 'Hello there. I am talking.',
        outDir,
        width: 256,
        height: 448,
        verify: false,
      });
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      const { renderId } = started.value;
      expect(await socket.request('render:start', { photoPath: fixture('portrait-obama.jpg'), script: 'Again.', outDir })).toMatchObject({
        ok: false,
        error: { code: 'RENDER_BUSY' },
      });

      const finished = await socket.waitForEvent('render:finished', (e) => e.renderId === renderId);
      const progress = socket.events.filter((e) => e.event === 'render:progress').map((e) => e.payload as EventPayload<'render:progress'>);
      expect(progress.length).toBeGreaterThan(3);
      expect(progress.every((p) => p.renderId === renderId)).toBe(true);
      expect(new Set(progress.map((p) => p.stage))).toEqual(new Set(['intake', 'face', 'enhance', 'voice', 'animate', 'verify']));
      // Every progress event came before the outcome.
      expect(socket.events.findIndex((e) => e.event === 'render:finished')).toBe(socket.events.length - 1);

      expect(finished.ok).toBe(true);
      if (!finished.ok) return;
      expect(finished.report.output).toMatchObject({ width: 256, height: 448 });
      expect(finished.outDir).toBe(outDir);
      const base = `/media/${finished.video.root}`;
      const video = await get(`${base}/${finished.video.path}?token=${host.token}`);
      expect(video.status).toBe(200);
      expect(video.headers['content-type']).toBe('video/mp4');
      expect(video.body.equals(readFileSync(path.join(outDir, 'video.mp4')))).toBe(true);

      const range = await get(`${base}/video.mp4?token=${host.token}`, { range: 'bytes=0-99' });
      expect(range.status).toBe(206);
      expect(range.body.length).toBe(100);

      // Only what the render wrote is shared, not the rest of the folder the creator chose.
      writeFileSync(path.join(outDir, 'private.txt'), 'mine');
      expect((await get(`${base}/private.txt?token=${host.token}`)).status).toBe(404);
      expect((await get(`${base}/enhanced.jpg?token=${host.token}`)).status).toBe(200);
      expect((await get(`${base}/video.mp4`)).status).toBe(401);
      for (const attempt of ['../../package.json', '%2e%2e/%2e%2e/package.json', '..%2f..%2fpackage.json', '%2fetc%2fpasswd']) {
        expect([403, 404], attempt).toContain((await get(`${base}/${attempt}?token=${host.token}`)).status);
      }
    } finally {
      socket.close();
    }
  });

  it('cancels a render it was asked to, leaving the output folder untouched', async () => {
    const socket = await HostSocket.open(host);
    const outDir = path.join(work.dir, 'cancelled');
    try {
      const started = await socket.request('render:start', { photoPath: fixture('portrait-obama.jpg'), script: 'This one is cancelled.', outDir, width: 256, height: 448 });
      if (!started.ok) throw new Error(started.error.message);
      await socket.waitForEvent('render:progress', (e) => e.renderId === started.value.renderId);
      expect(await socket.request('render:cancel', { renderId: started.value.renderId })).toEqual({ ok: true, value: { cancelled: true } });
      const finished = await socket.waitForEvent('render:finished', (e) => e.renderId === started.value.renderId);
      expect(finished).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
    } finally {
      socket.close();
    }
  });
});
