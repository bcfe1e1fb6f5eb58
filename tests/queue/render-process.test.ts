import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTalkingPhotoError } from '../../src-shared/errors.js';
import type { RenderStage } from '../../src-shared/render.js';
import { renderInChildProcess } from '../../src-main/app/queue/render-process.js';
import { fixture, REPO_ROOT, tempDir } from '../support/fixtures.js';

const work = tempDir('tp-render-process-');
afterAll(() => work.cleanup());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('a render in its own process', () => {
  it('reports every stage and returns the report of a finished video', async () => {
    const stages = new Set<RenderStage>();
    const out = path.join(work.dir, 'ok');
    let childEnv = '';
    let childArgs: string[] = [];
    const report = await renderInChildProcess(
      { photoPath: fixture('portrait-obama.jpg'), script: 'Hello from a child process.', outDir: out, width: 256, height: 448, verify: false },
      {
        onProgress: (p) => stages.add(p.stage),
        // The render's allocator is lean (issue 15's memory, media/lean-malloc.ts): read the child's real environment.
        onStart: (pid) => {
          childEnv = process.platform === 'linux' ? readFileSync(`/proc/${pid}/environ`, 'utf8') : 'MALLOC_ARENA_MAX=2\0MALLOC_MMAP_THRESHOLD_=131072';
          childArgs = process.platform === 'linux' ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') : ['--warm-face'];
        },
      },
    );
    expect(childEnv.split('\0')).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']));
    // A local render's process boots the face model first (render-process-warm.ts).
    expect(childArgs).toContain('--warm-face');
    // verify is the quick file check here (the face-mesh check is off).
    expect([...stages].sort()).toEqual(['animate', 'enhance', 'face', 'intake', 'verify', 'voice']);
    expect(report.output.width).toBe(256);
    expect(existsSync(path.join(out, 'video.mp4'))).toBe(true);
    // It remembered what ffmpeg and ffprobe said of their versions in the data folder: the next render starts without asking them.
    const remembered = JSON.parse(readFileSync(path.join(process.env.TALKINGPHOTO_DATA_DIR!, 'cache', 'tool-versions.json'), 'utf8')) as Record<string, { line: string }>;
    expect(
      Object.values(remembered)
        .map((v) => v.line.split(' ')[0])
        .sort(),
    ).toEqual(['ffmpeg', 'ffprobe']);
  });

  it('keeps the typed error of refused input', async () => {
    const error = await renderInChildProcess({ photoPath: path.join(work.dir, 'missing.jpg'), script: 'Hi.', outDir: path.join(work.dir, 'missing') }).catch((e: unknown) => e);
    expect(isTalkingPhotoError(error) && error.code).toBe('FILE_NOT_FOUND');
  });

  it('cancels: the child and its ffmpeg stop and nothing is left behind', async () => {
    const controller = new AbortController();
    let child = 0;
    const out = path.join(work.dir, 'cancel');
    const result = renderInChildProcess(
      { photoPath: fixture('portrait-obama.jpg'), script: 'A sentence long enough to cancel in the middle of. '.repeat(5), outDir: out, verify: false },
      {
        signal: controller.signal,
        onStart: (pid) => (child = pid),
        onProgress: (p) => {
          if (p.stage === 'animate' && p.percent > 5) controller.abort();
        },
      },
    );
    const error = await result.catch((e: unknown) => e);
    expect(isTalkingPhotoError(error) && error.code).toBe('CANCELLED');
    expect(await waitUntil(() => !alive(child), 6000)).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work.dir).filter((f) => f.startsWith('.cancel.tp-staging'))).toEqual([]);
  });

  it('stops by itself when the app is killed with SIGKILL mid-render', async () => {
    const out = path.join(work.dir, 'orphan');
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/render-parent.ts'), fixture('portrait-obama.jpg'), out], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let child = 0;
    let stdout = '';
    await new Promise<void>((resolve) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /child (\d+)/.exec(stdout);
        if (match) child = Number(match[1]);
        if (stdout.includes('stage animate')) resolve();
      });
    });
    parent.kill('SIGKILL');
    expect(child).toBeGreaterThan(0);
    expect(await waitUntil(() => !alive(child), 8000)).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(await waitUntil(() => readdirSync(work.dir).filter((f) => f.startsWith('.orphan.tp-staging')).length === 0, 8000)).toBe(true);
  });
});
