import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryPaths } from '../../src-main/app/library/index.js';
import { fixture, tempDir } from '../support/fixtures.js';
import { HostSocket, startHostProcess, type HostProcess } from '../support/host.js';

const work = tempDir('tp-kill-restart-');
let host: HostProcess | undefined;
afterAll(async () => {
  await host?.stop();
  work.cleanup();
});

/** Processes (the host, its render process, ffmpeg, eSpeak) started with this data folder. */
function processesUsing(dataDir: string): number[] {
  const marker = `TALKINGPHOTO_DATA_DIR=${dataDir}`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 100));
  return check();
}

function fetchMedia(ref: { root: string; path: string }, token: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: Number(host!.url.port), path: `/media/${ref.root}/${ref.path.split('/').map(encodeURIComponent).join('/')}?token=${token}`, headers: { host: host!.url.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('a render that survives the app being killed', () => {
  it('completes exactly once after a SIGKILL mid-animation and a restart, leaving no temp files', async () => {
    const dataDir = path.join(work.dir, 'data');
    host = await startHostProcess({ TALKINGPHOTO_DATA_DIR: dataDir });
    let socket = await HostSocket.open(host);
    const created = await socket.request('projects:create', {
      type: 'avatar_presentation',
      photoPath: fixture('portrait-obama.jpg'),
      script: 'This render is interrupted on purpose, and it must still finish once the app comes back. '.repeat(2),
    });
    if (!created.ok) throw new Error(created.error.message);
    const queued = await socket.request('jobs:enqueue', { projectId: created.value.projectId, width: 256, height: 448, verify: false });
    if (!queued.ok) throw new Error(queued.error.message);
    const jobId = queued.value.jobId;
    await socket.waitForEvent('job:progress', (p) => p.jobId === jobId && p.stage === 'animate' && p.percent > 0);

    host.child.kill('SIGKILL');
    socket.close();
    // The render process and its ffmpeg notice the app is gone and stop by themselves.
    expect(await until(() => processesUsing(dataDir).length === 0, 10_000)).toBe(true);

    host = await startHostProcess({ TALKINGPHOTO_DATA_DIR: dataDir });
    socket = await HostSocket.open(host);
    const finished = await socket.waitForEvent('job:finished', (f) => f.jobId === jobId && f.state !== 'retrying', 90_000);
    expect(finished.state).toBe('completed');

    const jobs = await socket.request('jobs:list');
    if (!jobs.ok) throw new Error(jobs.error.message);
    expect(jobs.value.jobs).toHaveLength(1);
    expect(jobs.value.jobs[0]).toMatchObject({ id: jobId, state: 'completed', attempts: 2 });
    // One video, one enhanced photo, one original: nothing rendered twice, nothing half-written.
    const videos = filesUnder(libraryPaths(dataDir).assets).filter((f) => f.endsWith('.mp4'));
    expect(videos).toHaveLength(1);
    expect(filesUnder(libraryPaths(dataDir).tmp)).toEqual([]);
    const projects = await socket.request('projects:list');
    if (!projects.ok) throw new Error(projects.error.message);
    expect(projects.value.items).toMatchObject([{ id: created.value.projectId, status: 'completed', hasVideo: true }]);

    // Opened again from the library, offline: the video and thumbnail play through the media route.
    const opened = await socket.request('projects:get', { projectId: created.value.projectId });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.report?.output).toMatchObject({ width: 256, height: 448 });
    const video = await fetchMedia(opened.value.video!, host.token);
    expect(video.status).toBe(200);
    expect(video.body.subarray(4, 8).toString()).toBe('ftyp');
    expect((await fetchMedia(opened.value.thumbnail, host.token)).status).toBe(200);
    // The folder is shared file by file: the database next to them is never served.
    expect((await fetchMedia({ root: opened.value.video!.root, path: 'library.db' }, host.token)).status).toBe(404);

    // "Export all my data", then "delete everything" (which must be confirmed in words).
    const exported = await socket.request('library:export', { destination: path.join(work.dir, 'my-data.zip') });
    expect(exported).toMatchObject({ ok: true, value: { written: true, projects: 1 } });
    expect(existsSync(path.join(work.dir, 'my-data.zip'))).toBe(true);
    expect(await socket.request('library:deleteEverything', { confirm: 'yes' } as never)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await socket.request('projects:list')).ok).toBe(true);
    expect(await socket.request('library:deleteEverything', { confirm: 'delete everything' })).toMatchObject({ ok: true });
    expect(await socket.request('projects:list')).toMatchObject({ ok: true, value: { items: [], total: 0 } });
    socket.close();

    const paths = libraryPaths(dataDir);
    expect(filesUnder(paths.assets)).toEqual([]);
    expect(filesUnder(paths.tmp)).toEqual([]);
    expect(readdirSync(dataDir).filter((f) => f.includes('staging'))).toEqual([]);
  });
});
