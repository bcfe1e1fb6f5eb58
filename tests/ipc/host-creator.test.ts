import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaRef } from '../../src-shared/ipc/media-ref.js';
import { probeMedia } from '../../src-main/engine/media/probe.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { HostSocket, startHostProcess, type HostProcess } from '../support/host.js';

/**
 * The Create form's channels through `npm run host`, the way a browser tab uses them:
 * bytes over the socket, files through the /media route, the autosave across a restart,
 * and a project made from the imported photo rendered with a kit and browsed offline.
 */

const work = tempDir('tp-host-creator-');
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const host of hosts) await host.stop();
  work.cleanup();
});

async function startHost(): Promise<HostProcess> {
  const host = await startHostProcess();
  hosts.push(host);
  return host;
}

function get(host: HostProcess, ref: MediaRef): Promise<{ status: number; type: unknown; body: Buffer }> {
  const target = `/media/${ref.root}/${ref.path.split('/').map(encodeURIComponent).join('/')}?token=${host.token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(host.url.port), path: target, headers: { host: host.url.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function value<T>(answer: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}

describe('the Create form over the host', () => {
  let photoToken = '';

  it('imports a dropped photo several MB large and serves its preview and enhanced photo as JPEGs', async () => {
    const host = await startHost();
    const socket = await HostSocket.open(host);
    try {
      // Larger than the socket's old 1 MiB frame, and larger than the 1600 px preview.
      const big = await sharp(fixture('portrait-obama.jpg')).resize(2400).jpeg({ quality: 100 }).toBuffer();
      expect(big.length).toBeGreaterThan(1024 * 1024);
      const photo = value(await socket.request('photos:import', { name: 'C:\\Users\\me\\Desktop\\obama.jpg', bytesBase64: big.toString('base64') }));
      photoToken = photo.photoToken;
      expect(photo).toMatchObject({ width: 2400, chosenFace: 0, faces: [{ confidence: expect.any(Number) }] });
      for (const ref of [photo.preview, photo.enhanced]) {
        const file = await get(host, ref);
        expect(file.status).toBe(200);
        expect(file.type).toBe('image/jpeg');
        expect((await sharp(file.body).metadata()).format).toBe('jpeg');
      }
      const shown = await sharp((await get(host, photo.preview)).body).metadata();
      expect(Math.max(shown.width!, shown.height!)).toBe(1600);
      expect((await get(host, { root: photo.preview.root, path: 'upload' })).status).toBe(404);

      const text = await socket.request('photos:import', { name: 'notes.jpg', bytesBase64: Buffer.from('just words').toString('base64') });
      expect(text).toMatchObject({ ok: false, error: { code: 'NOT_AN_IMAGE', message: expect.stringMatching(/^This file is not a photo/) } });
    } finally {
      socket.close();
    }
  });

  it('plays a voice preview through the media route: a WAV that ffprobe reads', async () => {
    const host = hosts.at(-1)!;
    const socket = await HostSocket.open(host);
    try {
      const preview = value(await socket.request('voices:preview', { language: 'fr', voice: 'fr-fr+f3' }));
      const clip = await get(host, preview.audio);
      expect(clip.status).toBe(200);
      expect(clip.type).toBe('audio/wav');
      const saved = path.join(work.dir, 'preview.wav');
      writeFileSync(saved, clip.body);
      const probed = await probeMedia(saved);
      expect(probed.streams[0]).toMatchObject({ codecType: 'audio', sampleRate: 48000 });
      expect(probed.durationS).toBeCloseTo(preview.durationS, 1);
    } finally {
      socket.close();
    }
  });

  it('keeps the autosaved form, photo included, across a restart of the host', async () => {
    const first = hosts.at(-1)!;
    const socket = await HostSocket.open(first);
    const draft = { photoToken, script: 'Meet our new trail shoe.', language: 'en' as const, voice: 'en-gb', platforms: ['whatsapp-status' as const], title: 'Trail shoe', trim: true };
    value(await socket.request('drafts:save', { draft }));
    socket.close();
    expect(await first.stop()).toBe(0);

    const second = await startHost();
    const again = await HostSocket.open(second);
    try {
      const restored = value(await again.request('drafts:get'));
      expect(restored.draft).toEqual({ ...draft, workflowType: 'avatar_presentation', burnCaptions: false, coverTitle: false });
      expect(restored.photo?.photoToken).toBe(photoToken);
      expect((await get(second, restored.photo!.preview)).status).toBe(200);
    } finally {
      again.close();
    }
  });

  it('makes a project from the imported photo, renders it with a kit, and shares its files for offline browsing', { timeout: 300_000 }, async () => {
    const host = hosts.at(-1)!;
    const socket = await HostSocket.open(host);
    try {
      const { projectId } = value(
        await socket.request('projects:create', { type: 'product_demo', photoToken, script: 'Meet our new trail shoe.', platforms: ['whatsapp-status'], title: 'Trail shoe' }),
      );
      const { jobId } = value(await socket.request('jobs:enqueue', { projectId, width: 256, height: 448, verify: false }));
      const finished = await socket.waitForEvent('job:finished', (e) => e.jobId === jobId && e.state !== 'retrying', 280_000);
      expect(finished).toMatchObject({ state: 'completed' });

      const media = value(await socket.request('projects:media', { projectId }));
      expect((await get(host, media.photo)).type).toBe('image/jpeg');
      expect((await get(host, media.enhanced!)).type).toBe('image/jpeg');
      const video = await get(host, media.video!);
      expect([video.status, video.type]).toEqual([200, 'video/mp4']);
      expect(media.kit?.manifest).toMatchObject({ renditions: [{ platform: 'whatsapp-status' }] });
      const names = media.kit!.files.map((f) => f.name);
      expect(names).toContain('manifest.json');
      const rendition = media.kit!.files.find((f) => f.platform === 'whatsapp-status' && f.name.endsWith('.mp4'));
      expect(rendition).toBeDefined();
      for (const file of media.kit!.files) {
        const served = await get(host, file.file);
        expect(served.status, file.name).toBe(200);
        if (file.name.endsWith('.vtt')) expect(served.type).toBe('text/vtt; charset=utf-8');
        if (file.name.endsWith('.mp4')) expect(served.type).toBe('video/mp4');
      }
    } finally {
      socket.close();
    }
  });
});
