import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimLibrary, openLibrary, requestLibraryMove } from '../../src-main/app/library/index.js';
import { REPO_ROOT, tempDir } from '../support/fixtures.js';

/** One library, one owner: a second process is told, and never sweeps the owner's work. */

const work = tempDir('tp-owner-');
afterAll(() => work.cleanup());
let n = 0;
const freshFolder = (): string => path.join(work.dir, `data-${++n}`);

interface Opened {
  ok: boolean;
  code?: string;
  message?: string;
  access?: string;
  tmp?: string[];
}

function openerProcess(dataDir: string, access: 'owner' | 'shared', hold = false): { child: ChildProcess; first: Promise<Opened>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/open-library-process.ts'), dataDir, access, ...(hold ? ['hold'] : [])], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const first = new Promise<Opened>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line!) as Opened);
    });
    child.once('exit', (code) => (out.includes('\n') ? undefined : reject(new Error(`the opener exited (${code}) without a line`))));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, first, exited };
}

/** A file a running render is writing, as the owner's queue leaves it in tmp/. */
function renderWork(dataDir: string): string {
  const file = path.join(dataDir, 'tmp', 'render-job-1', 'frames.partial');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'half a render');
  return file;
}

describe('the library has one owner', () => {
  it('refuses a second process with LIBRARY_IN_USE naming the owner, and leaves the owner’s tmp/ alone', async () => {
    const dataDir = freshFolder();
    const owner = openLibrary({ dataDir, startFresh: true, holder: 'app' });
    try {
      const inProgress = renderWork(dataDir);
      const second = openerProcess(dataDir, 'owner');
      const answer = await second.first;
      expect(await second.exited).toBe(3);
      expect(answer).toMatchObject({ ok: false, code: 'LIBRARY_IN_USE' });
      expect(answer.message).toBe(`The project library in ${dataDir} is open in the TalkingPhoto app, process ${process.pid}: close it first, then try again.`);
      expect(existsSync(inProgress)).toBe(true);
      // The owner's connection still works.
      expect(owner.sqlite.prepare('SELECT count(*) AS n FROM projects').get()).toEqual({ n: 0 });
    } finally {
      owner.close();
    }
  });

  it('refuses a second opener in the same process too, until the first closes', () => {
    const dataDir = freshFolder();
    const first = openLibrary({ dataDir, startFresh: true, holder: 'batch' });
    expect(() => openLibrary({ dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_IN_USE', message: expect.stringContaining('a batch render (tp batch)') }));
    first.close();
    openLibrary({ dataDir }).close();
  });

  it('lets a shared opener read beside the owner without sweeping tmp/', async () => {
    const dataDir = freshFolder();
    const owner = openLibrary({ dataDir, startFresh: true, holder: 'host' });
    try {
      const inProgress = renderWork(dataDir);
      const guest = openerProcess(dataDir, 'shared');
      expect(await guest.first).toEqual({ ok: true, access: 'shared', tmp: ['render-job-1'] });
      expect(await guest.exited).toBe(0);
      expect(existsSync(inProgress)).toBe(true);
    } finally {
      owner.close();
    }
  });

  it('loses the lease with its process: after a kill -9 the next opener owns the library and sweeps tmp/', async () => {
    const dataDir = freshFolder();
    openLibrary({ dataDir, startFresh: true }).close();
    const holder = openerProcess(dataDir, 'owner', true);
    expect(await holder.first).toMatchObject({ ok: true, access: 'owner' });
    const leftover = renderWork(dataDir);
    expect(() => openLibrary({ dataDir })).toThrow(
      expect.objectContaining({ code: 'LIBRARY_IN_USE', message: expect.stringContaining(`the TalkingPhoto host (npm run host), process ${holder.child.pid}`) }),
    );
    holder.child.kill('SIGKILL');
    await holder.exited;
    // No stale lock to clear by hand: the OS let go of it with the process.
    const next = openLibrary({ dataDir });
    expect(next.access).toBe('owner');
    expect(existsSync(leftover)).toBe(false);
    next.close();
  });

  it('claims the lease before a pending move, so a second process never moves the library from under its owner', async () => {
    const home = freshFolder();
    openLibrary({ dataDir: home, startFresh: true }).close();
    const claimed = await claimLibrary({ home, holder: 'app' });
    try {
      requestLibraryMove(path.join(work.dir, `moved-${n}`), home);
      await expect(claimLibrary({ home, holder: 'host' })).rejects.toMatchObject({ code: 'LIBRARY_IN_USE' });
      // Still where it was, whole: the second claim neither copied nor emptied anything.
      expect(existsSync(path.join(home, 'library.db'))).toBe(true);
      expect(existsSync(path.join(work.dir, `moved-${n}`, 'library.db'))).toBe(false);
    } finally {
      claimed.library.close();
    }
    // The owner's next start carries the move out, and owns the library where it went.
    const after = await claimLibrary({ home, holder: 'app' });
    expect(after.library.dataDir).toBe(path.join(work.dir, `moved-${n}`));
    expect(() => openLibrary({ dataDir: after.library.dataDir })).toThrow(expect.objectContaining({ code: 'LIBRARY_IN_USE' }));
    after.library.close();
  });
});
