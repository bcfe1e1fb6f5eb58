import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderReport } from '../../src-shared/report.js';
import { createProject, getProject, openLibrary } from '../../src-main/app/library/index.js';
import { JobStore } from '../../src-main/app/queue/job-store.js';
import { RenderQueue, type QueueFinished, type RenderRunner } from '../../src-main/app/queue/render-queue.js';
import { fixture, REPO_ROOT } from '../support/fixtures.js';
import { makeRenderOutput, tempLibrary, type TempLibrary } from '../library/library-fixtures.js';

/**
 * Issue 13 §2: while one process renders on a data folder, a second one opening the same
 * folder used to empty tmp/ (the running render's files) and requeue the running job.
 */

let current: TempLibrary | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

function openFromAnotherProcess(dataDir: string, access: 'owner' | 'shared'): Promise<{ exit: number | null; answer: { ok: boolean; code?: string; message?: string; tmp?: string[] } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/open-library-process.ts'), dataDir, access], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('close', (exit) => resolve({ exit, answer: JSON.parse(out.split('\n')[0]!) })));
}

describe('a second process on a library that is rendering', () => {
  it('is refused with a sentence, and the running render keeps its files and completes once', async () => {
    current = tempLibrary();
    const { library, dataDir } = current;
    const p = await createProject(library, { type: 'avatar_presentation', title: 'running', photoPath: fixture('portrait-obama.jpg'), script: 'Still rendering.' });

    let reached!: () => void;
    const midRender = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A render part-way through: its output is on disk in tmp/, and it has not returned yet.
    const run: RenderRunner = async (request) => {
      await makeRenderOutput(request.outDir, { photo: fixture('portrait-obama.jpg') });
      reached();
      await gate;
      const report = JSON.parse(readFileSync(path.join(request.outDir, 'report.json'), 'utf8')) as RenderReport;
      return { ...report, output: { ...report.output, width: 64, height: 64 } };
    };
    const queue = new RenderQueue({ library, run });
    const finished: QueueFinished[] = [];
    queue.on('finished', (f) => finished.push(f));
    const job = queue.enqueue(p.id, { width: 64, height: 64, verify: false });
    await queue.start();
    await midRender;
    const work = path.join(library.paths.tmp, `render-${job.id}`);
    const before = readdirSync(work).sort();
    expect(before).toEqual(['enhanced.jpg', 'report.json', 'video.mp4']);

    // A second host (or the app, or tp batch) on the same folder.
    const second = await openFromAnotherProcess(dataDir, 'owner');
    expect(second.exit).toBe(3);
    expect(second.answer).toEqual({
      ok: false,
      code: 'LIBRARY_IN_USE',
      message: `The project library in ${dataDir} is open in a TalkingPhoto command (tp), process ${process.pid}: close it first, then try again.`,
    });
    // A reader beside it (a render process's ledger, tp providers) sees the work and leaves it.
    expect((await openFromAnotherProcess(dataDir, 'shared')).answer).toEqual({ ok: true, access: 'shared', tmp: [`render-${job.id}`] });
    // And a queue on a guest connection may not recover (requeue) the owner's running job.
    const guest = openLibrary({ dataDir, access: 'shared' });
    await expect(new RenderQueue({ library: guest }).start()).rejects.toMatchObject({ code: 'LIBRARY_IN_USE' });
    guest.close();

    expect(readdirSync(work).sort()).toEqual(before);
    expect(new JobStore(library).get(job.id)).toMatchObject({ state: 'running', attempts: 1 });

    const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
    release();
    await idle;
    expect(finished).toEqual([{ jobId: job.id, projectId: p.id, state: 'completed' }]);
    expect(new JobStore(library).get(job.id)).toMatchObject({ state: 'completed', attempts: 1 });
    expect(getProject(library, p.id)).toMatchObject({ status: 'completed', video: expect.anything() });
    expect(existsSync(work)).toBe(false);
  });
});

describe('a data folder that fills up or turns read-only', () => {
  async function failOnce(error: () => Promise<never>) {
    current = tempLibrary();
    const { library } = current;
    const p = await createProject(library, { type: 'educational', title: 'disk', photoPath: fixture('portrait-obama.jpg'), script: 'Disk trouble.' });
    // Were it retried, the tiny backoff would run all four attempts before idle.
    const queue = new RenderQueue({ library, run: error, backoffMs: () => 5 });
    const finished: QueueFinished[] = [];
    queue.on('finished', (f) => finished.push(f));
    const job = queue.enqueue(p.id, { width: 64, height: 64, verify: false });
    const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
    await queue.start();
    await idle;
    return { finished, row: new JobStore(library).get(job.id), project: getProject(library, p.id), dataDir: library.dataDir };
  }

  it('fails a render that hits a full disk once, with DISK_FULL and a sentence', async () => {
    // /dev/full answers every write with the kernel's real ENOSPC (a write names no path:
    // the sentence names the data folder the render writes to).
    const { finished, row, project, dataDir } = await failOnce(async () => {
      writeFileSync('/dev/full', Buffer.alloc(4096));
      throw new Error('unreachable');
    });
    expect(row).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'DISK_FULL' });
    expect(finished).toEqual([expect.objectContaining({ state: 'failed', error: { code: 'DISK_FULL', message: `The disk holding ${dataDir} is full: free some space on it, then try again.` } })]);
    expect(project).toMatchObject({ status: 'failed', error: { code: 'DISK_FULL' } });
  });

  it('reads a full disk in the words a render process sends it back in', async () => {
    const { row, finished, dataDir } = await failOnce(() => Promise.reject(new Error('render process failed: Error: ENOSPC: no space left on device, write\n    at writeSync (node:fs:927:3)')));
    expect(row).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'DISK_FULL' });
    expect(finished[0]!.error!.message).toBe(`The disk holding ${dataDir} is full: free some space on it, then try again.`);
  });

  it('fails a render whose folder turned read-only once, with DATA_FOLDER_READ_ONLY', async () => {
    // Root writes through chmod, so the errno a read-only mount gives is made at the fs boundary.
    const { row, finished } = await failOnce(() =>
      Promise.reject(
        Object.assign(new Error("EROFS: read-only file system, open '/media/usb/TalkingPhoto/tmp/render-1/video.mp4'"), {
          code: 'EROFS',
          errno: -30,
          syscall: 'open',
          path: '/media/usb/TalkingPhoto/tmp/render-1/video.mp4',
        }),
      ),
    );
    expect(row).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: 'DATA_FOLDER_READ_ONLY' });
    expect(finished[0]!.error!.message).toBe(
      'TalkingPhoto may no longer write to /media/usb/TalkingPhoto/tmp/render-1 (the disk became read-only, or its permissions changed): make it writable again, then try again.',
    );
  });
});
